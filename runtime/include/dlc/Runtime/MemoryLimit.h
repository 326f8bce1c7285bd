//===- MemoryLimit.h - The most one tensor may take --------------*- C++ -*-===//
//
// Sizes declared in a model file (an initializer's shape, a padding, a
// broadcast) are checked against a limit before anything is allocated, so
// a mistaken or hostile size is an error that names it rather than a
// failed allocation.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_MEMORYLIMIT_H
#define DLC_RUNTIME_MEMORYLIMIT_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

/// The most bytes one tensor may take: $DLC_MAX_TENSOR_BYTES where set (a
/// positive number), else this machine's physical memory.
uint64_t maxTensorBytes();

/// "the limit of N MiB (this machine's memory; ...)": how errors name the
/// limit.
std::string describeTensorLimit();

/// The bytes of a tensor of `shape` with elements of `elementBytes`, or
/// nullopt when a dimension is negative or the count overflows.
std::optional<uint64_t> tensorBytes(const std::vector<int64_t> &shape,
                                    uint64_t elementBytes);

} // namespace dlc

#endif // DLC_RUNTIME_MEMORYLIMIT_H
