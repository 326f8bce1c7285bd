//===- GradientRules.h - How gradient rules attach to dlc ops ----*- C++ -*-===//
//
// Each rule is a function `gradient(SomeOp op, DlcBuilder &b, ArrayRef<Value>
// resultGradients)` returning one gradient per operand (null for none). A
// single external model turns every such function into the op's
// GradientOpInterface, so a rule file lists only formulas.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_AUTODIFF_GRADIENTRULES_H
#define DLC_AUTODIFF_GRADIENTRULES_H

#include "dlc/Autodiff/GradientOpInterface.h"
#include "dlc/Dialect/DlcBuilder.h"

namespace dlc {

using Gradients = mlir::FailureOr<llvm::SmallVector<mlir::Value>>;

template <typename Op>
struct GradientModel
    : GradientOpInterface::ExternalModel<GradientModel<Op>, Op> {
  Gradients buildOperandGradients(mlir::Operation *op,
                                  mlir::OpBuilder &builder,
                                  llvm::ArrayRef<mlir::Value> results) const {
    DlcBuilder b(builder, op->getLoc());
    return gradient(mlir::cast<Op>(op), b, results);
  }
};

/// Attaches the rules of `Ops` (the `gradient` overloads must be declared
/// before the call).
template <typename... Ops>
void attachGradientRules(mlir::MLIRContext *context) {
  (Ops::template attachInterface<GradientModel<Ops>>(*context), ...);
}

// One registration function per rule file.
void registerElementwiseGradients(mlir::MLIRContext *context);
void registerContractionGradients(mlir::MLIRContext *context);
void registerReductionGradients(mlir::MLIRContext *context);
void registerShapeGradients(mlir::MLIRContext *context);
void registerRecurrentGradients(mlir::MLIRContext *context);
void registerWindowGradients(mlir::MLIRContext *context);

} // namespace dlc

#endif // DLC_AUTODIFF_GRADIENTRULES_H
