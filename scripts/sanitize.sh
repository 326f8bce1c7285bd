#!/usr/bin/env bash
# Builds dlc with AddressSanitizer and UndefinedBehaviorSanitizer (and the
# libFuzzer targets, which share this build) and runs the whole test suite
# in it: a memory error, a leak or undefined behaviour in dlc's code fails
# the test that hit it. Then builds the runtime's tests with
# ThreadSanitizer and runs the thread pool's.
#
#   scripts/sanitize.sh [BUILD_DIR]     (default: build-sanitize)
#
# Needs clang-22 and libclang-rt-22-dev (scripts/setup.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-sanitize}
jobs=$(nproc)

scripts/configure_sanitized.sh "$build_dir" address,undefined \
  -DDLC_BUILD_FUZZERS=ON
ninja -C "$build_dir" -j "$jobs"
# halt_on_error: the first report fails the test.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"

# ThreadSanitizer cannot be combined with AddressSanitizer: a build of its
# own, of the runtime's tests only (they hold the thread pool's).
tsan_dir="$build_dir-thread"
scripts/configure_sanitized.sh "$tsan_dir" thread
ninja -C "$tsan_dir" -j "$jobs" DlcRuntimeTests
TSAN_OPTIONS=halt_on_error=1 "$tsan_dir/test/unit/runtime/DlcRuntimeTests" \
  --gtest_filter='ThreadPool*'
