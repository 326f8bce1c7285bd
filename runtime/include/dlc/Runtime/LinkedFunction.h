//===- LinkedFunction.h - Compiled functions linked into a program -*- C++ -*-===//
//
// A program built by `dlc compile` finds the functions compiled into it
// through a table (dlc/Compiler/ObjectFile.h, writeFunctionTable) of
// LinkedFunction rows, and calls them on Tensors through LinkedCall.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_LINKEDFUNCTION_H
#define DLC_RUNTIME_LINKEDFUNCTION_H

#include "dlc/Runtime/ModelSignature.h"

#include <cstdint>
#include <vector>

namespace dlc {

/// One row of a function table; the table ends with a null role.
struct LinkedFunction {
  const char *role;
  int64_t batch;
  void (*run)(void **buffers);
  const char *signature;
  /// The extensions the code may use (CpuFeatures.h).
  const char *cpuFeatures;
};

/// A linked function with its signature parsed, called on Tensors.
class LinkedCall {
public:
  /// An error if this processor lacks an extension the code uses.
  static Result<LinkedCall> create(const LinkedFunction &function);

  const std::vector<TensorSpec> &inputs() const { return inputs_; }
  const std::vector<TensorSpec> &outputs() const { return outputs_; }

  /// Runs on inputs matching inputs() exactly (an error names the one that
  /// does not). Output i is written into `reusable[i]` when that tensor
  /// matches outputs()[i] and owns its buffer alone; other outputs are
  /// allocated.
  Result<std::vector<Tensor>> run(const std::vector<Tensor> &inputs,
                                  std::vector<Tensor> reusable = {}) const;

private:
  void (*run_)(void **) = nullptr;
  std::vector<TensorSpec> inputs_, outputs_;
};

} // namespace dlc

#endif // DLC_RUNTIME_LINKEDFUNCTION_H
