//===- ReductionGradients.cpp - Rules of reductions and softmax -----------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

/// The result gradient with the reduced axes back (size 1), broadcast to the
/// input's shape.
template <typename ReduceOp>
static Value spreadOverInput(ReduceOp op, DlcBuilder &b, Value grad) {
  RankedTensorType inputType = tensorType(op.getInput());
  SmallVector<int64_t> axes = reducedDimensions(op.getAxes(), inputType.getRank());
  if (!op.getKeepdims())
    grad = b.unsqueeze(grad, axes);
  return b.broadcastTo(grad, inputType);
}

static Gradients gradient(ReduceSumOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{spreadOverInput(op, b, g[0])};
}

static Gradients gradient(ReduceMeanOp op, DlcBuilder &b, ArrayRef<Value> g) {
  RankedTensorType inputType = tensorType(op.getInput());
  int64_t count = 1;
  for (int64_t axis : reducedDimensions(op.getAxes(), inputType.getRank()))
    count *= inputType.getDimSize(axis);
  Value spread = spreadOverInput(op, b, g[0]);
  return SmallVector<Value>{
      b.div(spread, b.scalarLike(spread, static_cast<double>(count)))};
}

/// The gradient goes to the maximal elements, shared evenly among ties.
static Gradients gradient(ReduceMaxOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value input = op.getInput();
  RankedTensorType inputType = tensorType(input);
  SmallVector<int64_t> axes = reducedDimensions(op.getAxes(), inputType.getRank());
  Value max = op.getKeepdims() ? op.getResult()
                               : b.unsqueeze(op.getResult(), axes);
  Value isMax = b.cast(b.equal(input, max), inputType.getElementType());
  Value ties = b.reduceSum(isMax, axes, /*keepdims=*/true);
  Value spread = spreadOverInput(op, b, g[0]);
  return SmallVector<Value>{b.div(b.mul(spread, isMax), ties)};
}

/// d prod / dx_i = prod / x_i: the product of the other elements (an input
/// of 0 gives a NaN slope, as the rule divides by it).
static Gradients gradient(ReduceProdOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value input = op.getInput();
  SmallVector<int64_t> axes =
      reducedDimensions(op.getAxes(), tensorType(input).getRank());
  Value product = op.getKeepdims() ? op.getResult()
                                   : b.unsqueeze(op.getResult(), axes);
  Value spread = spreadOverInput(op, b, g[0]);
  return SmallVector<Value>{b.mul(spread, b.div(product, input))};
}

/// With y = softmax(x): dx = y (g - sum(g y)).
static Gradients gradient(SoftmaxOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value y = op.getResult();
  Value weighted = b.reduceSum(b.mul(g[0], y), {op.getAxis()}, true);
  return SmallVector<Value>{b.mul(y, b.sub(g[0], weighted))};
}

/// With y = log_softmax(x): dx = g - exp(y) sum(g).
static Gradients gradient(LogSoftmaxOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value total = b.reduceSum(g[0], {op.getAxis()}, true);
  return SmallVector<Value>{
      b.sub(g[0], b.mul(b.exp(op.getResult()), total))};
}

void registerReductionGradients(MLIRContext *context) {
  attachGradientRules<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceProdOp, SoftmaxOp,
                      LogSoftmaxOp>(context);
}

} // namespace dlc
