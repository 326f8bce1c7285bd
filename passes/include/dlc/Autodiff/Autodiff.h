//===- Autodiff.h - Reverse-mode differentiation of dlc graphs ---*- C++ -*-===//
#ifndef DLC_AUTODIFF_AUTODIFF_H
#define DLC_AUTODIFF_AUTODIFF_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Value.h"

#include "dlc/Autodiff/GradientOpInterface.h"

namespace dlc {

/// Attaches the gradient rules (GradientOpInterface) to the dlc ops they
/// cover. Passes that differentiate call it from getDependentDialects.
void registerGradientRules(mlir::DialectRegistry &registry);

/// Builds, at `builder`'s insertion point (after every op that `loss`
/// depends on, in the same block), the gradient of the scalar float `loss`
/// with respect to each of `wrt`. Only ops on a path from some `wrt` value to
/// the loss are differentiated; contributions of a value used several times
/// are summed. A `wrt` value the loss does not depend on gets zeros. Fails,
/// with an error on the op, at an op without a gradient rule.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
buildGradients(mlir::OpBuilder &builder, mlir::Value loss,
               mlir::ValueRange wrt);

/// Erases the pure ops of `block` whose results nobody uses, last first, so
/// gradients that were built but not needed leave no trace.
void eraseDeadPureOps(mlir::Block &block);

} // namespace dlc

#endif // DLC_AUTODIFF_AUTODIFF_H
