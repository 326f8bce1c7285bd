//===- FileIO.h - Whole-file reads and atomic writes ----------------------===//
//
// The runtime's file formats (.npy, IDX, CSV, training histories) share these
// two helpers, so that every writer replaces files the same way. (Gzip.h
// reads compressed files.)
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_FILEIO_H
#define DLC_RUNTIME_FILEIO_H

#include "dlc/Runtime/Status.h"

#include <string>
#include <string_view>
#include <vector>

namespace dlc {

/// Reads the whole file at `path`, as it is. Errors name `path`.
Result<std::string> readFile(const std::string &path);

/// Writes the concatenation of `pieces` to `path`. The bytes go to a
/// temporary file next to it ("<path>.tmp.<pid>.<n>"), synced, then renamed
/// over `path`, so readers never see a partial file and a failed write or a
/// kill leaves any previous file intact. Errors name `path`.
Status writeFileAtomically(const std::string &path,
                           const std::vector<std::string_view> &pieces);

} // namespace dlc

#endif // DLC_RUNTIME_FILEIO_H
