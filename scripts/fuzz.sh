#!/usr/bin/env bash
# Builds the libFuzzer targets (in the sanitizer build of scripts/sanitize.sh)
# and runs each for SECONDS (default 60) on its corpus, which starts from
# the project's own models and data files and grows from run to run.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (targets: dlc-fuzz-*)
#
# DLC_FUZZ_SEED=N fixes libFuzzer's random seed, so that a run on the seed
# corpus repeats (CI's does).
#
# Crashes, leaks and timeouts are written to BUILD/fuzz/artifacts and fail
# the script; each becomes a regression test once fixed. A line per run is
# appended to BUILD/fuzz/runs.csv (target, seconds, executions, corpus
# size), the record of how long each target has been fuzzed in total.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build_dir=${DLC_SANITIZE_BUILD_DIR:-build-sanitize}
all_targets=(dlc-fuzz-model-onnx dlc-fuzz-model-pbtxt dlc-fuzz-model-pb
             dlc-fuzz-tensor-npy dlc-fuzz-tensor-pb dlc-fuzz-tensor-idx
             dlc-fuzz-csv dlc-fuzz-text)
targets=("${@:-${all_targets[@]}}")

# One build at a time: runs of other targets may start beside this one.
mkdir -p "$build_dir"
(
  flock 9
  scripts/configure_sanitized.sh "$build_dir" address,undefined \
    -DDLC_BUILD_FUZZERS=ON
  ninja -C "$build_dir" -j "$(nproc)" "${targets[@]}" dlc-cli
) 9> "$build_dir/.build.lock"

fuzz_dir=$(realpath -m "$build_dir/fuzz")
mkdir -p "$fuzz_dir/artifacts"
onnx_data=/usr/share/libonnx-testdata/data/node

# Seeds: every file of the format that the repository and the data
# packages hold (small ones: libFuzzer keeps inputs under -max_len).
seed() {  # seed TARGET FILE...
  local corpus=$fuzz_dir/corpus/$1
  shift
  mkdir -p "$corpus"
  local file
  for file in "$@"; do
    [ -f "$file" ] || continue
    local name
    name=$corpus/$(sha1sum < "$file" | cut -c1-16)
    [ -e "$name" ] || cp "$file" "$name"
  done
}
seed_all() {
  mapfile -t pbtxt < <(git ls-files '*.pbtxt')
  seed dlc-fuzz-model-pbtxt "${pbtxt[@]}"
  local binary=$fuzz_dir/seed-binary
  mkdir -p "$binary"
  for model in "${pbtxt[@]}"; do
    "$build_dir/tools/dlc/dlc" convert "$model" \
      "$binary/$(basename "$model" .pbtxt).pb" 2> /dev/null || true
  done
  seed dlc-fuzz-model-pb "$binary"/*.pb
  seed dlc-fuzz-model-onnx $(git ls-files '*.onnx') \
    "$onnx_data"/test_*/model.onnx
  seed dlc-fuzz-tensor-npy $(git ls-files '*.npy')
  seed dlc-fuzz-tensor-pb "$onnx_data"/test_*/test_data_set_0/input_0.pb
  local idx=$fuzz_dir/seed-idx
  mkdir -p "$idx"
  # Fashion-MNIST's smallest file, and one IDX of each element type.
  cp -n /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz "$idx/" \
    2> /dev/null || true
  /usr/bin/python3 - "$idx" <<'PY'
import gzip, struct, sys
folder = sys.argv[1]
for code, fmt, values in [(0x08, 'B', [0, 255]), (0x09, 'b', [-1, 1]),
                          (0x0B, 'h', [-2, 3]), (0x0C, 'i', [1 << 20, -5]),
                          (0x0D, 'f', [1.5, -2.0]), (0x0E, 'd', [0.25, 4.0])]:
    data = bytes([0, 0, code, 2]) + struct.pack('>II', 1, 2) + \
        struct.pack('>' + fmt * 2, *values)
    open(f'{folder}/type-{code:02x}.idx', 'wb').write(data)
    open(f'{folder}/type-{code:02x}.idx.gz', 'wb').write(gzip.compress(data))
PY
  seed dlc-fuzz-tensor-idx "$idx"/*
  local sklearn
  sklearn=$(/usr/bin/python3 -c \
    'import os, sklearn; print(os.path.dirname(sklearn.__file__))' \
    2> /dev/null) || sklearn=/nonexistent
  seed dlc-fuzz-csv $(git ls-files '*.csv') "$sklearn"/datasets/data/*.csv
  local mail=$fuzz_dir/seed-text
  mkdir -p "$mail"
  # Two bytes of vectorizer settings, then an e-mail.
  local message='From: a@b.c\nSubject: hi\n\nWin a prize, now!\nhttp://x.y\n'
  for settings in '\x00\x00' '\x25\x31' '\x4e\xf3'; do
    printf "$settings$message" > "$mail/$(echo "$settings" | tr -d '\\').txt"
  done
  local spam=${DLC_DATA_HOME:-$HOME/.cache/dlc}/spam-assassin messages
  [ -d "$spam" ] && mapfile -t messages < <(find "$spam" -type f | sort | head -20)
  for file in "${messages[@]}"; do
    { printf '\x00\x20'; head -c 4000 "$file"; } > "$mail/$(basename "$file")"
  done
  seed dlc-fuzz-text "$mail"/*
}
seed_all

status=0
for target in "${targets[@]}"; do
  log=$fuzz_dir/$target.log
  echo "== $target: $seconds s"
  started=$SECONDS
  # Model inputs may be large graphs: a longer time and length per input.
  if ! "$build_dir/test/fuzz/$target" "$fuzz_dir/corpus/$target" \
      -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
      -max_len=65536 -print_final_stats=1 ${DLC_FUZZ_SEED:+-seed=$DLC_FUZZ_SEED} \
      -artifact_prefix="$fuzz_dir/artifacts/$target-" > "$log" 2>&1; then
    echo "$target failed: see $log and $fuzz_dir/artifacts"
    grep -E "ERROR|SUMMARY|runtime error" "$log" | head -5 || true
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  corpus=$(ls "$fuzz_dir/corpus/$target" | wc -l)
  echo "$target: ${runs:-0} executions, corpus of $corpus inputs"
  # The seconds it ran, which a crash cuts short.
  echo "$target,$((SECONDS - started)),${runs:-0},$corpus,$(date -u +%FT%TZ)" \
    >> "$fuzz_dir/runs.csv"
done
exit $status
