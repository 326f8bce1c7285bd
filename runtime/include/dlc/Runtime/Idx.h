//===- Idx.h - Reading IDX files (the MNIST format) -----------------------===//
//
// IDX is the format of MNIST and Fashion-MNIST: a big-endian header giving
// the element type and the dimensions, followed by the elements in row-major
// order. Data sets usually ship the files gzip-compressed.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_IDX_H
#define DLC_RUNTIME_IDX_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <string>

namespace dlc {

/// Reads an IDX file, or a gzip-compressed one. Element types map to DTypes
/// as: unsigned byte -> UInt8, signed byte -> Int8, int -> Int32, float ->
/// Float32, double -> Float64; 16-bit shorts are widened to Int32, the
/// smallest DType that holds them. Every problem with the file, including
/// truncated content or bytes after the data, is returned as an error naming
/// `path`.
Result<Tensor> readIdx(const std::string &path);

} // namespace dlc

#endif // DLC_RUNTIME_IDX_H
