//===- TensorFileFuzzer.cpp - .npy, ONNX .pb and IDX tensor files ---------===//
//
// Built once per DLC_FUZZ_TENSOR_EXTENSION: .npy and .pb (the inputs of
// `dlc run`, the arrays of `dlc train --data DIR`) go through
// readTensorFile, .idx (Fashion-MNIST's files, gzip-compressed or not)
// through readIdx. An accepted tensor is read back in full, so a shape that
// promises more data than was allocated shows up as a sanitizer report.
//
//===----------------------------------------------------------------------===//
#include "ScratchFile.h"

#include "dlc/Runtime/Idx.h"
#include "dlc/Runtime/TensorFile.h"

#include <string_view>

using namespace dlc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  constexpr std::string_view extension = DLC_FUZZ_TENSOR_EXTENSION;
  static fuzz::ScratchFile file{std::string(extension)};
  const std::string &path = file.write(data, size);
  Result<Tensor> tensor =
      extension == ".idx" ? readIdx(path) : readTensorFile(path);
  if (tensor)
    (void)tensor->castTo(DType::Float64);
  return 0;
}
