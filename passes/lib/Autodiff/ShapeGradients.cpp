//===- ShapeGradients.cpp - Rules of reshapes, slices, gathers, scatters ===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

/// The gradient of any op that only reinterprets the row-major shape.
static Gradients reshapeBack(Operation *op, DlcBuilder &b, Value grad) {
  RankedTensorType inputType = tensorType(op->getOperand(0));
  if (!inputType.hasStaticShape())
    return op->emitOpError("is differentiated only with static shapes; bind "
                           "the input shapes first");
  return SmallVector<Value>{b.reshape(grad, inputType.getShape())};
}

static Gradients gradient(ReshapeOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return reshapeBack(op, b, g[0]);
}
static Gradients gradient(FlattenOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return reshapeBack(op, b, g[0]);
}
static Gradients gradient(SqueezeOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return reshapeBack(op, b, g[0]);
}
static Gradients gradient(UnsqueezeOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return reshapeBack(op, b, g[0]);
}

static Gradients gradient(TransposeOp op, DlcBuilder &b, ArrayRef<Value> g) {
  SmallVector<int64_t> inverse(op.getPerm().size());
  for (auto [index, dim] : llvm::enumerate(op.getPerm()))
    inverse[dim] = index;
  return SmallVector<Value>{b.transpose(g[0], inverse)};
}

/// Each input receives its own stretch of the gradient along the axis.
static Gradients gradient(ConcatOp op, DlcBuilder &b, ArrayRef<Value> g) {
  int64_t rank = op.getType().getRank();
  int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
  SmallVector<Value> result;
  int64_t offset = 0;
  for (Value input : op.getInputs()) {
    int64_t size = tensorType(input).getDimSize(axis);
    if (ShapedType::isDynamic(size))
      return op.emitOpError("is differentiated only with static sizes along "
                            "the concatenation axis");
    result.push_back(b.slice(g[0], axis, offset, offset + size));
    offset += size;
  }
  return result;
}

/// The gradient of a slice with steps 1 or -1 is the result gradient placed
/// back at the slice's position (reversed where the step is -1), zeros
/// elsewhere: one concatenation per sliced axis.
static Gradients gradient(SliceOp op, DlcBuilder &b, ArrayRef<Value> g) {
  RankedTensorType inputType = tensorType(op.getInput());
  if (!inputType.hasStaticShape())
    return op.emitOpError("is differentiated only with static shapes");
  if (llvm::any_of(op.getSteps(),
                   [](int64_t step) { return step != 1 && step != -1; }))
    return op.emitOpError("is differentiated only with steps 1 and -1");
  Value grad = g[0];
  for (unsigned index = 0; index < op.getAxes().size(); ++index) {
    int64_t axis = op.getSlicedDim(index);
    int64_t dim = inputType.getDimSize(axis);
    SliceRange range = op.getRange(index);
    int64_t first = range.start;
    if (range.step < 0) {
      first = range.start - (range.count - 1);
      grad = b.reverse(grad, axis);
    }
    SmallVector<Value> pieces;
    auto zeros = [&](int64_t size) {
      SmallVector<int64_t> shape(tensorType(grad).getShape());
      shape[axis] = size;
      return b.splat(RankedTensorType::get(shape, inputType.getElementType()),
                     0.0);
    };
    if (first > 0)
      pieces.push_back(zeros(first));
    pieces.push_back(grad);
    if (dim - first - range.count > 0)
      pieces.push_back(zeros(dim - first - range.count));
    if (pieces.size() > 1)
      grad = b.concat(pieces, axis);
  }
  return SmallVector<Value>{grad};
}

/// The data receives each gathered slice's gradient at the slice's index,
/// summed over repeats: an embedding table's gradient.
static Gradients gradient(GatherOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value data = ScatterAddOp::create(b.builder(), op.getData().getType(), g[0],
                                    op.getIndices(), op.getAxisAttr());
  return SmallVector<Value>{data, Value()};
}

/// Scatter with reduction "add": the data passes its gradient through and
/// each update receives the gradient of the row it was added to. Without a
/// reduction ("none") an update replaces its row: the data's gradient is 0
/// at replaced rows, and of several updates of one row only the last (the
/// one written) receives the row's gradient. The other reductions have no
/// rule.
static Gradients gradient(ScatterOp op, DlcBuilder &b, ArrayRef<Value> g) {
  StringRef reduction = op.getReduction();
  if (reduction != "add" && reduction != "none")
    return op->emitOpError("has no gradient rule for reduction '")
           << reduction << "'";
  RankedTensorType type = op.getType();
  RankedTensorType indexType = tensorType(op.getIndices());
  if (!type.hasStaticShape() || !indexType.hasStaticShape())
    return op->emitOpError("is differentiated only with static shapes");
  int64_t axis = op.getAxis() < 0 ? op.getAxis() + type.getRank()
                                  : op.getAxis();
  Value updatesGrad = b.gather(g[0], op.getIndices(), axis);
  if (reduction == "add")
    return SmallVector<Value>{g[0], Value(), updatesGrad};
  auto updatesType = tensorType(op.getUpdates());
  Value dataGrad = ScatterOp::create(
      b.builder(), type, g[0], op.getIndices(), b.splat(updatesType, 0),
      op.getAxisAttr(), op.getReductionAttr());
  // Which index position wrote its row: the last one naming it.
  Type i64 = b.builder().getI64Type();
  int64_t count = indexType.getNumElements(), rows = type.getDimSize(axis);
  Value flatIndices = b.reshape(op.getIndices(), {count});
  Value positions = b.positions(i64, 1, 0, count);
  Value writer = ScatterOp::create(
      b.builder(), RankedTensorType::get({rows}, i64),
      b.splat(RankedTensorType::get({rows}, i64), -1), flatIndices, positions,
      b.builder().getI64IntegerAttr(0), b.builder().getStringAttr("none"));
  Value written = b.equal(b.gather(writer, flatIndices, 0), positions);
  SmallVector<int64_t> maskShape(updatesType.getRank(), 1);
  llvm::copy(indexType.getShape(), maskShape.begin() + axis);
  Value mask = b.reshape(written, maskShape);
  return SmallVector<Value>{
      dataGrad, Value(),
      b.where(mask, updatesGrad, b.scalarLike(updatesGrad, 0))};
}

void registerShapeGradients(MLIRContext *context) {
  attachGradientRules<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp,
                      TransposeOp, ConcatOp, SliceOp, GatherOp, ScatterOp>(
      context);
}

} // namespace dlc
