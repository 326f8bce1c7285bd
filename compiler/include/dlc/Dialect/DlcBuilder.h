//===- DlcBuilder.h - Short-hand construction of dlc graphs ------*- C++ -*-===//
//
// Code that writes graphs rather than rewriting them (gradient rules, losses,
// optimizer updates) reads best as formulas: `b.mul(g, b.sub(one, y))`.
// DlcBuilder builds dlc ops at one location; every result type comes from the
// op's shape rule, so callers never spell types out.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECT_DLCBUILDER_H
#define DLC_DIALECT_DLCBUILDER_H

#include "dlc/Dialect/DlcOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace dlc {

class DlcBuilder {
public:
  DlcBuilder(mlir::OpBuilder &builder, mlir::Location loc)
      : builder_(loc, builder) {}

  mlir::ImplicitLocOpBuilder &builder() { return builder_; }
  mlir::Location loc() const { return builder_.getLoc(); }

  /// A rank-0 constant; binary ops broadcast it.
  mlir::Value scalar(mlir::Type elementType, double value);
  /// A scalar of the element type of `like`.
  mlir::Value scalarLike(mlir::Value like, double value);
  /// A constant of `type` with every element `value`.
  mlir::Value splat(mlir::RankedTensorType type, double value);
  /// A constant of `type` holding `values` in row-major order (integers
  /// truncated toward zero).
  mlir::Value constant(mlir::RankedTensorType type,
                       llvm::ArrayRef<double> values);
  /// The positions 0, 1, ..., count - 1 along `axis` of a rank-`rank`
  /// constant whose other dimensions are 1: what elementwise formulas
  /// compare indices with (selection by index, triangles of matrices).
  mlir::Value positions(mlir::Type elementType, int64_t rank, int64_t axis,
                        int64_t count);

  mlir::Value add(mlir::Value lhs, mlir::Value rhs);
  mlir::Value sub(mlir::Value lhs, mlir::Value rhs);
  mlir::Value mul(mlir::Value lhs, mlir::Value rhs);
  mlir::Value div(mlir::Value lhs, mlir::Value rhs);
  mlir::Value pow(mlir::Value lhs, mlir::Value rhs);
  mlir::Value neg(mlir::Value value);
  mlir::Value abs(mlir::Value value);
  mlir::Value exp(mlir::Value value);
  mlir::Value log(mlir::Value value);
  mlir::Value sqrt(mlir::Value value);
  mlir::Value sigmoid(mlir::Value value);
  mlir::Value relu(mlir::Value value);
  mlir::Value softplus(mlir::Value value);
  mlir::Value clip(mlir::Value value, double min, double max);

  mlir::Value equal(mlir::Value lhs, mlir::Value rhs);
  mlir::Value less(mlir::Value lhs, mlir::Value rhs);
  mlir::Value greater(mlir::Value lhs, mlir::Value rhs);
  mlir::Value where(mlir::Value condition, mlir::Value lhs, mlir::Value rhs);
  /// `condition` negated (a boolean tensor).
  mlir::Value logicalNot(mlir::Value condition);
  mlir::Value cast(mlir::Value value, mlir::Type elementType);

  mlir::Value matmul(mlir::Value lhs, mlir::Value rhs);
  mlir::Value gemm(mlir::Value a, mlir::Value b, double alpha, bool transA,
                   bool transB);

  mlir::Value reduceSum(mlir::Value value, llvm::ArrayRef<int64_t> axes,
                        bool keepdims);
  mlir::Value reduceMean(mlir::Value value, llvm::ArrayRef<int64_t> axes,
                         bool keepdims);
  mlir::Value reduceMax(mlir::Value value, llvm::ArrayRef<int64_t> axes,
                        bool keepdims);
  mlir::Value argMax(mlir::Value value, int64_t axis, bool keepdims);
  mlir::Value softmax(mlir::Value value, int64_t axis);
  mlir::Value logSoftmax(mlir::Value value, int64_t axis);
  mlir::Value oneHot(mlir::Value indices, int64_t depth,
                     mlir::Type elementType);

  mlir::Value reshape(mlir::Value value, llvm::ArrayRef<int64_t> shape);
  /// A per-channel vector [C] shaped [C, 1, ...] to broadcast over a tensor
  /// [N, C, d..] of `rank` (a bias or a scale of a convolution's output).
  mlir::Value perChannel(mlir::Value value, int64_t rank);
  mlir::Value transpose(mlir::Value value, llvm::ArrayRef<int64_t> perm);
  mlir::Value unsqueeze(mlir::Value value, llvm::ArrayRef<int64_t> axes);
  mlir::Value slice(mlir::Value value, int64_t axis, int64_t start,
                    int64_t end);
  mlir::Value concat(mlir::ValueRange values, int64_t axis);
  /// The slices of `data` along `axis` that `indices` name (dlc.gather).
  mlir::Value gather(mlir::Value data, mlir::Value indices, int64_t axis);
  /// `value` with its elements along `axis` in reverse order.
  mlir::Value reverse(mlir::Value value, int64_t axis);
  /// For each element of `indices` (non-negative int64, shaped as a box
  /// inside `shape`), the row-major position in a tensor of `shape` of the
  /// element with the same coordinates except along `axis`, where it is the
  /// index: positions for a dlc.gather from the flattened tensor.
  mlir::Value flatPositionsAlongAxis(mlir::Value indices,
                                     llvm::ArrayRef<int64_t> shape,
                                     int64_t axis);
  /// `value` with, for each entry b along `batchAxis`, its first lengths[b]
  /// elements along `timeAxis` in reverse order and the rest as they are
  /// (ONNX ReverseSequence).
  mlir::Value reverseSequences(mlir::Value value, mlir::Value lengths,
                               int64_t timeAxis, int64_t batchAxis);

  /// The batch statistics of batch normalization: the mean and the variance
  /// (without Bessel's correction) of an N x C x ... tensor over every
  /// dimension but the channels, as C-vectors.
  std::pair<mlir::Value, mlir::Value> channelStatistics(mlir::Value input);
  /// `running * momentum + batch * (1 - momentum)`: how batch normalization
  /// moves its stored statistics (ONNX's convention for momentum).
  mlir::Value movingAverage(mlir::Value running, mlir::Value batch,
                            double momentum);

  /// `value` broadcast to `type` (numpy rules), as `value + zeros(type)`.
  mlir::Value broadcastTo(mlir::Value value, mlir::RankedTensorType type);
  /// The inverse of broadcasting: sums `value` over the dimensions that
  /// broadcasting to its shape added or stretched, giving `type`'s shape.
  mlir::Value sumToShape(mlir::Value value, mlir::RankedTensorType type);

private:
  /// Builds `OpTy` with the result type its shape rule infers. Operands
  /// that break the rule do not abort the process, as the generated
  /// builders would: the rule's error goes to the op's location (so the
  /// import or pass that built it fails with that message) and the result
  /// keeps a placeholder type, a float32 scalar.
  template <typename OpTy, typename... Args> mlir::Value make(Args &&...args);

  mlir::ImplicitLocOpBuilder builder_;
};

/// The ranked tensor type of `value`.
inline mlir::RankedTensorType tensorType(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

} // namespace dlc

#endif // DLC_DIALECT_DLCBUILDER_H
