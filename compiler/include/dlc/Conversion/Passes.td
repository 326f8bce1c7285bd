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

    Batch rows of a recurrent op never meet: with `recurrent-row-blocks` N >
    1 its time loop runs inside an scf.forall over up to N blocks of rows
    (whole multiples of 8), each block through every step, so that a
    target runs the sequence as one parallel loop rather than one a step.

    A gather or scatter index outside [-size, size) is an error in ONNX.
    By default it is clamped into range, so no access can leave its tensor;
    with `check-indices` (checked code, `--check-bounds`) it fails a
    cf.assert located at the node instead.
  }];
  let options = [
    Option<"recurrentRowBlocks", "recurrent-row-blocks", "int64_t",
           /*default=*/"1",
           "Blocks of batch rows whose recurrent time loops run in parallel">,
    Option<"checkIndices", "check-indices", "bool", /*default=*/"false",
           "Assert that gather and scatter indices are in range instead of "
           "clamping them">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::cf::ControlFlowDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect"
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
