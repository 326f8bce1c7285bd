#!/usr/bin/env bash
# Configures an instrumented build of dlc (scripts/sanitize.sh and
# scripts/fuzz.sh share the AddressSanitizer one).
#
#   scripts/configure_sanitized.sh BUILD_DIR SANITIZERS [CMAKE_ARG...]
#
# e.g. `build-sanitize address,undefined -DDLC_BUILD_FUZZERS=ON`.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$1
sanitizers=$2
shift 2
# -O1, as the sanitizers' authors advise: reports keep their frames, and the
# instrumented code compiles about twice as fast as at -O3. Line numbers in
# reports, without full debug information's build cost.
cmake -G Ninja -B "$build_dir" \
  -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG" \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS=-gline-tables-only -DCMAKE_CXX_FLAGS=-gline-tables-only \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
  -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
  -DDLC_SANITIZERS="$sanitizers" "$@" . > /dev/null
