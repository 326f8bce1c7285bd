//===- RecurrentActivations.h - Gate functions and their slopes -*- C++ -*-===//
//
// The activation functions of the recurrent ops (ONNX's list) as scalar
// arith/math code, with their derivatives for backpropagation through time.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CONVERSION_DLCTOLINALG_RECURRENTACTIVATIONS_H
#define DLC_CONVERSION_DLCTOLINALG_RECURRENTACTIVATIONS_H

#include "dlc/Dialect/DlcOps.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace dlc::lowering {

/// `fn(x)` for a scalar x.
mlir::Value activate(mlir::OpBuilder &b, mlir::Location loc,
                     const RecurrentActivation &fn, mlir::Value x);

/// `fn'(x)`, the derivative at x (at a kink, that of the side x >= kink).
mlir::Value activationSlope(mlir::OpBuilder &b, mlir::Location loc,
                            const RecurrentActivation &fn, mlir::Value x);

/// The functions of one direction, applied to gate pre-activations after
/// the clip, when there is one.
struct GateActivations {
  llvm::ArrayRef<RecurrentActivation> functions; // f, g (, h) in op order
  std::optional<float> clip;

  /// Function `index` of the pre-activation `x`, clipped first if asked.
  mlir::Value gate(mlir::OpBuilder &b, mlir::Location loc, unsigned index,
                   mlir::Value x) const;
  /// The derivative of gate(index, x) with respect to x: zero where the
  /// clip holds x at a bound.
  mlir::Value gateSlope(mlir::OpBuilder &b, mlir::Location loc, unsigned index,
                        mlir::Value x) const;

private:
  mlir::Value clipped(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::Value x) const;
};

} // namespace dlc::lowering

#endif // DLC_CONVERSION_DLCTOLINALG_RECURRENTACTIVATIONS_H
