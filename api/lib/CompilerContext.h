//===- CompilerContext.h - The MLIR context models are compiled in --------===//
#ifndef DLC_API_COMPILERCONTEXT_H
#define DLC_API_COMPILERCONTEXT_H

#include "mlir/IR/MLIRContext.h"

#include <functional>
#include <memory>

namespace dlc {

/// A context with every upstream dialect and extension the pipeline uses
/// loaded, and the importer's; `extend` adds to the registry first (the
/// gradient rules of training).
std::unique_ptr<mlir::MLIRContext> createCompilerContext(
    const std::function<void(mlir::DialectRegistry &)> &extend = {});

} // namespace dlc

#endif // DLC_API_COMPILERCONTEXT_H
