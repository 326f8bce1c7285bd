#!/usr/bin/env bash
# Builds dlc with AddressSanitizer and UndefinedBehaviorSanitizer (and the
# libFuzzer targets, which share this build) and runs the whole test suite
# in it: a memory error or undefined behaviour in dlc's code fails the test
# that hit it. Then builds the thread pool's tests with ThreadSanitizer and
# runs them.
#
#   scripts/sanitize.sh [BUILD_DIR]     (default: build-sanitize)
#
# Needs clang-22 and libclang-rt-22-dev (scripts/setup.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-sanitize}
jobs=$(nproc)

common_flags=(
  -G Ninja
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld
  # Line numbers in reports, without full debug information's build cost.
  -DCMAKE_C_FLAGS=-gline-tables-only -DCMAKE_CXX_FLAGS=-gline-tables-only
)

cmake "${common_flags[@]}" -B "$build_dir" \
  -DDLC_SANITIZERS=address,undefined -DDLC_BUILD_FUZZERS=ON .
ninja -C "$build_dir" -j "$jobs"
# LLVM's and protobuf's singletons live until exit by design; everything
# else must be freed. halt_on_error: the first report fails the test.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp:print_suppressions=0
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"

# ThreadSanitizer cannot be combined with AddressSanitizer: a build of its
# own, of the runtime's tests only (they hold the thread pool's).
tsan_dir="$build_dir-thread"
cmake "${common_flags[@]}" -B "$tsan_dir" -DDLC_SANITIZERS=thread .
ninja -C "$tsan_dir" -j "$jobs" DlcRuntimeTests
TSAN_OPTIONS=halt_on_error=1 "$tsan_dir/test/unit/runtime/DlcRuntimeTests" \
  --gtest_filter='ThreadPool*:*Parallel*'
