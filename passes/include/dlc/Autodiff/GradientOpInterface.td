//===- GradientOpInterface.td - Reverse-mode rule of an op -*- tablegen -*-===//
#ifndef DLC_AUTODIFF_GRADIENTOPINTERFACE_TD
#define DLC_AUTODIFF_GRADIENTOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::dlc";
  let description = [{
    An op that can be differentiated in reverse mode. Given the gradient of
    the loss with respect to each result, the op builds (at the builder's
    insertion point, in the dlc dialect) the gradient with respect to each
    operand. The rules live with the autodiff pass and are attached to the
    dlc ops as external models, so the dialect does not depend on autodiff.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds one gradient per operand, each of the operand's type, or a
        null Value for an operand that has no gradient (integer operands,
        indices, statistics). `resultGradients` has one non-null value per
        result. Fails with an error on the op for a form it cannot
        differentiate.
      }],
      "::mlir::FailureOr<::llvm::SmallVector<::mlir::Value>>",
      "buildOperandGradients",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ArrayRef<::mlir::Value>":$resultGradients)>
  ];
}

#endif // DLC_AUTODIFF_GRADIENTOPINTERFACE_TD
