//===- WeightsFile.h - A compiled model's weights beside it -------*- C++ -*-===//
//
// `dlc compile --weights FILE` keeps a program's or library's large
// constants (its weights) out of the binary: the binary reserves zeroed
// memory for each and a table of where each lies in FILE, and fills them
// when it starts. The file: a 64-byte header (magic, the digest of the
// weights the binary was compiled with, the size of the data), then the
// data, each constant at its offset (64-byte aligned).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_WEIGHTSFILE_H
#define DLC_RUNTIME_WEIGHTSFILE_H

#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlc {

/// One row of a binary's weights table (the layout
/// dlc/Compiler/ObjectFile.h writes); the table ends with a null `data`.
struct LinkedWeight {
  void *data;
  int64_t offset;
  int64_t size;
};

/// Where the data starts in a weights file.
constexpr int64_t kWeightsDataOffset = 64;

/// Writes `data` (each piece at its offset, relative to the data) as a
/// weights file with `digest`, atomically.
Status writeWeightsFile(
    const std::string &path, uint64_t digest,
    const std::vector<std::pair<int64_t, std::string_view>> &data);

/// Fills each row of `table` from the weights file at `path`; an error if
/// the file is missing, short, or not the one with `digest`.
Status loadWeightsFile(const LinkedWeight *table, uint64_t digest,
                       const std::string &path);

/// The weights of the binary (program or library) holding `anchor` (one
/// of its functions), when its table keeps them in `fileName` ("": inside
/// the binary, nothing to do): from `path` if not empty, else from
/// `fileName` beside the binary.
Status loadBinaryWeights(const LinkedWeight *table, const char *fileName,
                         uint64_t digest, const std::string &path,
                         const void *anchor);

} // namespace dlc

#endif // DLC_RUNTIME_WEIGHTSFILE_H
