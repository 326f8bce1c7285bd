#!/usr/bin/env bash
# Exports torchvision's NETWORK (scripts/export_torchvision.py) into DIR and
# runs it with DLC (the dlc binary) at both exported batch sizes from the one model file,
# comparing the logits with PyTorch's (rtol 1e-3, atol 1e-4: issue 13's
# tolerances).
#
#   check-network.sh DLC NETWORK DIR
set -euo pipefail
dlc=$1
network=$2
dir=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"
/usr/bin/python3 "$here/../../../scripts/export_torchvision.py" "$network" "$dir" \
  2> "$dir.export-log" || { cat "$dir.export-log" >&2; exit 1; }
for batch in 1 3; do
  "$dlc" run "$dir/$network.onnx" "$dir/${network}_input_b$batch.npy" \
    --expect "logits=$dir/${network}_expected_b$batch.npy" \
    --rtol 1e-3 --atol 1e-4
done
