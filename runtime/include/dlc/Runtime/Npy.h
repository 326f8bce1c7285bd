//===- Npy.h - Reading and writing NumPy .npy files -----------------------===//
//
// Model inputs and reference outputs are exchanged with Python as .npy files;
// these two functions are the runtime's only bridge to that format.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_NPY_H
#define DLC_RUNTIME_NPY_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <string>

namespace dlc {

/// Reads a C-ordered, little-endian array from a .npy file of format version
/// 1.0, 2.0 or 3.0. The dtype must be one Tensor supports (float32, float64,
/// float16, int8, uint8, int32, int64, bool). Every problem with the file, including
/// malformed or truncated content, is returned as an error naming `path`.
Result<Tensor> readNpy(const std::string &path);

/// Writes `tensor` as a .npy file (format 1.0, or 2.0 when the header does
/// not fit in 1.0), atomically as writeFileAtomically (FileIO.h) describes.
/// A bfloat16 tensor is an error: NumPy has no such dtype.
Status writeNpy(const std::string &path, const Tensor &tensor);

/// The file an output named `valueName` is written to: "NAME.npy", with
/// the '/' and '\\' that graph value names may hold replaced by '_'.
std::string npyFileNameFor(const std::string &valueName);

} // namespace dlc

#endif // DLC_RUNTIME_NPY_H
