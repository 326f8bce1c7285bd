//===- DlcOps.h - Operators of the dlc dialect --------------------*- C++ -*-===//
#ifndef DLC_DIALECT_DLCOPS_H
#define DLC_DIALECT_DLCOPS_H

#include "dlc/Dialect/DlcDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dlc {
/// The activation functions of ONNX's recurrent operators (LSTM, GRU, RNN).
enum class RecurrentActivationKind {
  Relu,
  Tanh,
  Sigmoid,
  Affine,          // alpha * x + beta
  LeakyRelu,       // x >= 0 ? x : alpha * x
  ThresholdedRelu, // x > alpha ? x : 0
  ScaledTanh,      // alpha * tanh(beta * x)
  HardSigmoid,     // min(max(alpha * x + beta, 0), 1)
  Elu,             // x >= 0 ? x : alpha * (exp(x) - 1)
  Softsign,        // x / (1 + |x|)
  Softplus,        // log(1 + exp(x))
};

/// One activation function of a recurrent op with its parameters.
struct RecurrentActivation {
  RecurrentActivationKind kind;
  float alpha = 0.0f, beta = 0.0f;
};

/// The `activations`, `activation_alpha` and `activation_beta` attributes
/// of a recurrent op that resolve to `activations`.
struct RecurrentActivationAttrs {
  mlir::ArrayAttr names;
  llvm::SmallVector<float> alphas, betas;
};
RecurrentActivationAttrs
recurrentActivationAttrs(mlir::MLIRContext *context,
                         llvm::ArrayRef<RecurrentActivation> activations);

/// The elements one axis of a dlc.slice takes: `count` of them, the first at
/// `start`, then every `step` (backwards when `step` is negative).
struct SliceRange {
  int64_t start, count, step;
};
} // namespace dlc

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.h.inc"

namespace dlc {
/// Recomputes the result types of a dlc op from its operands and attributes
/// (InferTypeOpInterface) and sets them. On failure the op's location gets
/// the diagnostic and the op is left unchanged.
mlir::LogicalResult refineResultTypes(mlir::Operation *op);

/// The dimensions a reduction over `axes` (of a reduce op, already
/// verified) reduces in a tensor of `rank`: normalized, sorted, and all of
/// them when `axes` is empty.
llvm::SmallVector<int64_t> reducedDimensions(llvm::ArrayRef<int64_t> axes,
                                             int64_t rank);
} // namespace dlc

#endif // DLC_DIALECT_DLCOPS_H
