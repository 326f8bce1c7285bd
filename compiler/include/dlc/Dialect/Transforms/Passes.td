//===- Passes.td - Passes of the dlc dialect itself --------*- tablegen -*-===//
//
// Passes that belong with the dialect and its shape rules: every layer above
// (training-step generation, the targets, the JIT) uses them.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECT_TRANSFORMS_PASSES_TD
#define DLC_DIALECT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ShapeInference : Pass<"dlc-shape-inference", "mlir::func::FuncOp"> {
  let summary = "Refine tensor shapes through the graph";
  let description = [{
    Re-runs every dlc op's shape rule in program order and updates result
    types and the function's result types. With `input-shapes`, the function
    arguments are first specialized to the given shapes (one entry per
    argument, dims separated by `x`, entries by `,`; an empty entry for a
    scalar), which is how the JIT binds a dynamic batch dimension:

      dlc-opt --dlc-shape-inference="input-shapes=32x784"

    A given shape must agree with every static dimension of the declared one.
  }];
  let options = [
    Option<"inputShapes", "input-shapes", "std::string", /*default=*/"\"\"",
           "Static shapes for the function arguments, e.g. `32x784,32`">
  ];
  let dependentDialects = ["dlc::DlcDialect"];
}

#endif // DLC_DIALECT_TRANSFORMS_PASSES_TD
