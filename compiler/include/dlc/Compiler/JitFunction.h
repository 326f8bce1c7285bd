//===- JitFunction.h - A model function JIT-compiled for the host CPU -*- C++ -*-===//
#ifndef DLC_COMPILER_JITFUNCTION_H
#define DLC_COMPILER_JITFUNCTION_H

#include "dlc/Compiler/LowerFunction.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
}

namespace dlc {

class ExternalConstants;

/// A function of a dlc module (`@main` unless told otherwise), compiled
/// through the CPU pipeline for one set of input shapes and loaded into this
/// process (MLIR ExecutionEngine / ORC).
class JitFunction {
public:
  /// Compiles `entry` from a copy of `module` (other functions are left
  /// out); arguments/results are named by their `dlc.name` attributes.
  /// `vectorWidth` is the f32 lanes of the vectors the code uses (0: the
  /// host's widest); narrower vectors than the host's run on it too (8
  /// lanes, AVX2's, on an AVX-512 machine).
  static Result<std::unique_ptr<JitFunction>>
  compile(mlir::ModuleOp module,
          const std::vector<std::vector<int64_t>> &inputShapes,
          const std::string &entry = "main", int64_t vectorWidth = 0);
  ~JitFunction();

  const std::vector<TensorSpec> &inputs() const { return inputs_; }
  const std::vector<TensorSpec> &outputs() const { return outputs_; }

  /// Runs on inputs matching inputs() exactly. Output i is written into
  /// `reusable[i]` when that tensor matches outputs()[i] and owns its
  /// buffer alone (a training step writes the new weights over the
  /// previous step's, without allocating or zeroing them); other outputs
  /// are allocated.
  Result<std::vector<Tensor>> run(const std::vector<Tensor> &inputs,
                                  std::vector<Tensor> reusable = {}) const;

private:
  JitFunction() = default;
  /// The weights the compiled code reads (outlives the engine).
  std::unique_ptr<ExternalConstants> constants_;
  std::unique_ptr<mlir::ExecutionEngine> engine_;
  std::string entry_;
  std::vector<TensorSpec> inputs_, outputs_;
};

} // namespace dlc

#endif // DLC_COMPILER_JITFUNCTION_H
