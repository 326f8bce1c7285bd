//===- WindowGradients.cpp - Rules of convolution and pooling -------------===//
//
// The gradients are dedicated dlc ops (conv_input_grad, conv_weight_grad,
// max_pool_grad, average_pool_grad) that take the forward op's attributes
// unchanged; the bias gradient of a convolution is a plain sum. The
// transposed convolution (conv_input_grad as ONNX's ConvTranspose) has a rule
// too.
//
//===----------------------------------------------------------------------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

/// The spatial dimensions (2..) of `value`, which the gradient ops take as
/// attributes; fails on `op` when one is dynamic.
static FailureOr<SmallVector<int64_t>>
staticSpatialShape(Operation *op, Value value, StringRef what) {
  ArrayRef<int64_t> spatial = tensorType(value).getShape().drop_front(2);
  if (llvm::any_of(spatial, ShapedType::isDynamic))
    return op->emitOpError("is differentiated only with static spatial "
                           "dimensions; the ")
           << what << " has type " << value.getType();
  return llvm::to_vector(spatial);
}

static Gradients gradient(ConvOp op, DlcBuilder &b, ArrayRef<Value> g) {
  FailureOr<SmallVector<int64_t>> inputSpatial =
      staticSpatialShape(op, op.getInput(), "input");
  FailureOr<SmallVector<int64_t>> kernel =
      staticSpatialShape(op, op.getWeight(), "weight");
  if (failed(inputSpatial) || failed(kernel))
    return failure();
  ImplicitLocOpBuilder &builder = b.builder();
  Value inputGrad = ConvInputGradOp::create(
      builder, g[0], op.getWeight(),
      builder.getDenseI64ArrayAttr(*inputSpatial), op.getStridesAttr(),
      op.getPadsAttr(), op.getDilationsAttr(), op.getGroupAttr());
  Value weightGrad = ConvWeightGradOp::create(
      builder, op.getInput(), g[0], builder.getDenseI64ArrayAttr(*kernel),
      op.getStridesAttr(), op.getPadsAttr(), op.getDilationsAttr(),
      op.getGroupAttr());
  SmallVector<Value> result = {inputGrad, weightGrad};
  if (op.getBias()) {
    // The bias is added at every batch element and position.
    SmallVector<int64_t> axes = {0};
    for (int64_t axis = 2; axis < tensorType(g[0]).getRank(); ++axis)
      axes.push_back(axis);
    result.push_back(b.reduceSum(g[0], axes, /*keepdims=*/false));
  }
  return result;
}

/// conv_input_grad is also ONNX's ConvTranspose (the adjoint of a
/// convolution), so models train through it: its own adjoint with respect
/// to `result_grad` is the forward convolution, and its weight gradient the
/// convolution's weight gradient with the roles of input and output grad
/// exchanged.
static Gradients gradient(ConvInputGradOp op, DlcBuilder &b,
                          ArrayRef<Value> g) {
  FailureOr<SmallVector<int64_t>> kernel =
      staticSpatialShape(op, op.getWeight(), "weight");
  if (failed(kernel))
    return failure();
  ImplicitLocOpBuilder &builder = b.builder();
  Value resultGradGrad = ConvOp::create(
      builder, g[0], op.getWeight(), /*bias=*/Value(), op.getStridesAttr(),
      op.getPadsAttr(), op.getDilationsAttr(), op.getGroupAttr());
  Value weightGrad = ConvWeightGradOp::create(
      builder, g[0], op.getResultGrad(), builder.getDenseI64ArrayAttr(*kernel),
      op.getStridesAttr(), op.getPadsAttr(), op.getDilationsAttr(),
      op.getGroupAttr());
  return SmallVector<Value>{resultGradGrad, weightGrad};
}

static Gradients gradient(MaxPoolOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{MaxPoolGradOp::create(
      b.builder(), op.getInput(), g[0], op.getKernelShapeAttr(),
      op.getStridesAttr(), op.getPadsAttr(), op.getDilationsAttr(),
      op.getCeilModeAttr())};
}

static Gradients gradient(AveragePoolOp op, DlcBuilder &b, ArrayRef<Value> g) {
  FailureOr<SmallVector<int64_t>> inputSpatial =
      staticSpatialShape(op, op.getInput(), "input");
  if (failed(inputSpatial))
    return failure();
  ImplicitLocOpBuilder &builder = b.builder();
  return SmallVector<Value>{AveragePoolGradOp::create(
      builder, g[0], builder.getDenseI64ArrayAttr(*inputSpatial),
      op.getKernelShapeAttr(), op.getStridesAttr(), op.getPadsAttr(),
      op.getDilationsAttr(), op.getCeilModeAttr(),
      op.getCountIncludePadAttr())};
}

void registerWindowGradients(MLIRContext *context) {
  attachGradientRules<ConvOp, ConvInputGradOp, MaxPoolOp, AveragePoolOp>(
      context);
}

} // namespace dlc
