//===- ModelSignature.h - The tensors of a compiled model -----------------===//
//
// A model compiled ahead of time describes its tensors in a C string,
// SYMBOL_signature (dlc/Compiler/ObjectFile.h): one line per tensor,
// "input|output NAME DTYPE D0,D1,... [batch]", inputs first; "batch" marks
// a tensor whose first dimension is the model's batch, so that a program
// may run any number of samples in pieces of the compiled sizes
// (BatchedFunction.h). The programs and
// libraries built around the object read it here.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_MODELSIGNATURE_H
#define DLC_RUNTIME_MODELSIGNATURE_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <string>
#include <vector>

namespace dlc {

struct TensorSlot {
  bool isInput;
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  bool batched = false;
};

/// The tensors of `signature`, in the order of the run function's buffers.
Result<std::vector<TensorSlot>> parseModelSignature(const char *signature);

} // namespace dlc

#endif // DLC_RUNTIME_MODELSIGNATURE_H
