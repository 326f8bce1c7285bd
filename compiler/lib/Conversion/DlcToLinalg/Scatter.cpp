//===- Scatter.cpp - Lower dlc.scatter_add to a loop over the indices -----===//
//
// Repeated indices accumulate, so the scatter cannot be one parallel
// linalg op. It is an scf.for over the index positions: each iteration adds
// one slice of the updates into the row its index names, on tensors, which
// one-shot bufferization turns into in-place updates of a single buffer.
// The cost is that of reading the updates once, whatever the table size.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

struct ScatterAddLowering : OpRewritePattern<ScatterAddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScatterAddOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto updatesType = cast<RankedTensorType>(op.getUpdates().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    if (!type.hasStaticShape() || !updatesType.hasStaticShape() ||
        !indicesType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + type.getRank()
                                    : op.getAxis();
    Type elementType = type.getElementType();
    // Everything as [outer, rows, inner]: rows is the indexed axis.
    int64_t outer = ShapedType::getNumElements(type.getShape().take_front(axis));
    int64_t inner =
        ShapedType::getNumElements(type.getShape().drop_front(axis + 1));
    int64_t rows = type.getDimSize(axis);
    int64_t count = indicesType.getNumElements();
    auto tableType = RankedTensorType::get({outer, rows, inner}, elementType);
    Value updates = buildReshape(
        rewriter, loc, op.getUpdates(),
        RankedTensorType::get({outer, count, inner}, elementType));
    Value indices = buildReshape(
        rewriter, loc, op.getIndices(),
        RankedTensorType::get({count}, indicesType.getElementType()));
    Value table = buildFilled(rewriter, loc, tableType,
                              buildScalar(rewriter, loc, elementType, 0.0));

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value end = arith::ConstantIndexOp::create(rewriter, loc, count);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, end, one, ValueRange{table},
        [&](OpBuilder &b, Location nestedLoc, Value position,
            ValueRange carried) {
          Value index = buildAxisIndex(
              b, nestedLoc,
              tensor::ExtractOp::create(b, nestedLoc, indices, position), rows);

          auto sliceType =
              RankedTensorType::get({outer, 1, inner}, elementType);
          SmallVector<OpFoldResult> sizes = {b.getIndexAttr(outer),
                                             b.getIndexAttr(1),
                                             b.getIndexAttr(inner)};
          SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
          SmallVector<OpFoldResult> updateOffsets = {
              b.getIndexAttr(0), position, b.getIndexAttr(0)};
          SmallVector<OpFoldResult> rowOffsets = {b.getIndexAttr(0), index,
                                                  b.getIndexAttr(0)};
          Value update = tensor::ExtractSliceOp::create(
              b, nestedLoc, sliceType, updates, updateOffsets, sizes, strides);
          Value row = tensor::ExtractSliceOp::create(
              b, nestedLoc, sliceType, carried[0], rowOffsets, sizes, strides);
          Value sum = buildElementwise(
              b, nestedLoc, ValueRange{update, row}, sliceType,
              [](OpBuilder &inner, Location innerLoc, ValueRange args) {
                return buildAdd(inner, innerLoc, args[0], args[1]);
              });
          Value updated = tensor::InsertSliceOp::create(
              b, nestedLoc, sum, carried[0], rowOffsets, sizes, strides);
          scf::YieldOp::create(b, nestedLoc, updated);
        });
    rewriter.replaceOp(
        op, buildReshape(rewriter, loc, loop.getResult(0), type));
    return success();
  }
};

} // namespace

void populateScatterLowering(RewritePatternSet &patterns) {
  patterns.add<ScatterAddLowering>(patterns.getContext());
}

} // namespace dlc::lowering
