//===- TensorFile.h - Tensors in .npy and ONNX .pb files ----------*- C++ -*-===//
//
// The tensor files `dlc run` and compiled programs read: NumPy's .npy
// (Npy.h) and ONNX TensorProto messages in .pb files, the form of ONNX's
// backend test data. The .pb reader decodes the protobuf wire format
// itself, so programs need no protobuf library.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TENSORFILE_H
#define DLC_RUNTIME_TENSORFILE_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <string>
#include <string_view>

namespace dlc {

/// A serialized onnx.TensorProto and its name; errors name `path`.
Result<NamedTensor> decodeOnnxTensor(std::string_view bytes,
                                     const std::string &path);

/// `tensor` as a serialized onnx.TensorProto named by it, in raw_data.
std::string encodeOnnxTensor(const NamedTensor &tensor);

/// The ONNX tensor in the .pb file at `path`.
Result<Tensor> readOnnxTensorFile(const std::string &path);

/// A .npy or ONNX .pb file, by extension.
Result<Tensor> readTensorFile(const std::string &path);

} // namespace dlc

#endif // DLC_RUNTIME_TENSORFILE_H
