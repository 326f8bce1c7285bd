//===- ExampleSupport.h - What the example drivers share ---------*- C++ -*-===//
//
// The examples read like the book's Keras scripts; this header keeps the
// few lines of error plumbing and flag reading out of them.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_EXAMPLES_EXAMPLESUPPORT_H
#define DLC_EXAMPLES_EXAMPLESUPPORT_H

#include "dlc/Runtime/Status.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace example {

/// The value of a successful Result, or exit(1) with its error.
template <typename T> T check(dlc::Result<T> result) {
  if (!result) {
    std::fprintf(stderr, "error: %s\n", result.status().message().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

inline void check(const dlc::Status &status) {
  if (!status) {
    std::fprintf(stderr, "error: %s\n", status.message().c_str());
    std::exit(1);
  }
}

/// `--epochs N` from the command line (tests shorten runs with it), else
/// `fallback`.
inline int64_t epochsFlag(int argc, char **argv, int64_t fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--epochs") == 0)
      return std::atoll(argv[i + 1]);
  return fallback;
}

} // namespace example

#endif // DLC_EXAMPLES_EXAMPLESUPPORT_H
