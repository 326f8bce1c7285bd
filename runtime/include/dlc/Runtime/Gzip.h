//===- Gzip.h - Files read whole, gzip data inflated ----------------------===//
//
// Data sets and models are often shipped gzip-compressed. This is the one
// reader that inflates them, in the data library (it links zlib), so that
// the runtime core that compiled models link needs no zlib.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_GZIP_H
#define DLC_RUNTIME_GZIP_H

#include "dlc/Runtime/Status.h"

#include <string>

namespace dlc {

/// Reads the whole file at `path` (readFile); gzip data (recognized by its
/// magic bytes, not its name) is inflated, so callers read "x.gz" and "x"
/// alike. Errors name `path`.
Result<std::string> readFileInflated(const std::string &path);

} // namespace dlc

#endif // DLC_RUNTIME_GZIP_H
