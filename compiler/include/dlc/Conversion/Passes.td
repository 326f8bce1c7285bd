//===- Passes.td - dlc to upstream dialects ---------------*- tablegen -*-===//
#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDlcToLinalg : Pass<"convert-dlc-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower dlc operators to linalg, tensor, arith and math";
  let description = [{
    Every dlc op becomes linalg structured ops (generic, matmul, reduce,
    transpose) and tensor reshapes/slices on tensors of static shape; the
    recurrent ops (lstm, gru, rnn) become an scf.for over time steps. Shapes
    must be static: run `dlc-shape-inference` with `input-shapes` first. An op
    that cannot be lowered is reported at its location (the model node).
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect"
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
