//===- LowerFunction.h - A model function lowered to the LLVM dialect -*- C++ -*-===//
//
// The first of the two steps from a dlc module to running code: one
// function, its shapes bound, through the CPU pipeline to the LLVM dialect.
// The second loads it: into this process (JitFunction.h), or into an
// object file that a program links (ObjectFile.h).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_LOWERFUNCTION_H
#define DLC_COMPILER_LOWERFUNCTION_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"
#include "dlc/Target/CPU/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace dlc {

/// Element-type mapping between the IR and the runtime.
Result<DType> dtypeOf(mlir::Type elementType);
mlir::Type elementTypeOf(DType dtype, mlir::MLIRContext &context);

/// A function in the LLVM dialect, with the tensors it takes and returns:
/// its arguments are the inputs' data pointers, then the outputs'.
struct LoweredFunction {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<TensorSpec> inputs, outputs;
};

/// `entry` of a copy of `source` (other functions are left out), its input
/// shapes bound to `inputShapes`, through the CPU pipeline. Arguments and
/// results are named by their `dlc.name` attributes. MLIR's pass-manager
/// debugging flags apply from the environment variable DLC_MLIR_OPTIONS
/// (`--mlir-print-ir-after=PASS`, `--mlir-timing`, ...).
Result<LoweredFunction>
lowerFunction(mlir::ModuleOp source,
              const std::vector<std::vector<int64_t>> &inputShapes,
              const std::string &entry, const CpuPipelineOptions &options);

} // namespace dlc

#endif // DLC_COMPILER_LOWERFUNCTION_H
