#!/usr/bin/env bash
# Builds what changed and runs every test suite: GoogleTest, lit, and the ONNX
# backend conformance run.
#
#   scripts/test.sh [BUILD_DIR]         (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
ninja -C "$build_dir" -j "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
