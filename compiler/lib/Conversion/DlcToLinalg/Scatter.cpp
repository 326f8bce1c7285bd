//===- Scatter.cpp - Lower the scatters to a loop over the indices --------===//
//
// Repeated indices accumulate (or, for dlc.scatter without a reduction, the
// last one wins), so a scatter cannot be one parallel linalg op. It is an
// scf.for over the index positions: each iteration combines one slice of the
// updates into the row its index names, on tensors, which one-shot
// bufferization turns into in-place updates of a single buffer. The cost is
// that of reading the updates once, whatever the table size.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <functional>

using namespace mlir;

namespace dlc::lowering {
namespace {

/// How an update slice meets the row it lands on; null replaces the row.
using SliceCombiner = std::function<Value(OpBuilder &, Location, Value update,
                                          Value row)>;

/// `table` (the result's type) after `updates` were combined into it along
/// `axis`, slice by slice in the order of `indices`.
Value buildScatter(PatternRewriter &rewriter, Location loc, Value table,
                   Value indicesValue, Value updatesValue, int64_t axis,
                   const SliceCombiner &combine, OutOfRangeIndex outOfRange) {
  auto type = cast<RankedTensorType>(table.getType());
  auto indicesType = cast<RankedTensorType>(indicesValue.getType());
  Type elementType = type.getElementType();
  // Everything as [outer, rows, inner]: rows is the indexed axis.
  int64_t outer = ShapedType::getNumElements(type.getShape().take_front(axis));
  int64_t inner =
      ShapedType::getNumElements(type.getShape().drop_front(axis + 1));
  int64_t rows = type.getDimSize(axis);
  int64_t count = indicesType.getNumElements();
  Value updates = buildReshape(
      rewriter, loc, updatesValue,
      RankedTensorType::get({outer, count, inner}, elementType));
  Value indices = buildReshape(
      rewriter, loc, indicesValue,
      RankedTensorType::get({count}, indicesType.getElementType()));
  Value rowsTable = buildReshape(
      rewriter, loc, table,
      RankedTensorType::get({outer, rows, inner}, elementType));

  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value end = arith::ConstantIndexOp::create(rewriter, loc, count);
  auto loop = scf::ForOp::create(
      rewriter, loc, zero, end, one, ValueRange{rowsTable},
      [&](OpBuilder &b, Location nestedLoc, Value position,
          ValueRange carried) {
        Value index = buildAxisIndex(
            b, nestedLoc,
            tensor::ExtractOp::create(b, nestedLoc, indices, position), rows,
            outOfRange);
        auto sliceType = RankedTensorType::get({outer, 1, inner}, elementType);
        SmallVector<OpFoldResult> sizes = {b.getIndexAttr(outer),
                                           b.getIndexAttr(1),
                                           b.getIndexAttr(inner)};
        SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
        SmallVector<OpFoldResult> updateOffsets = {b.getIndexAttr(0), position,
                                                   b.getIndexAttr(0)};
        SmallVector<OpFoldResult> rowOffsets = {b.getIndexAttr(0), index,
                                                b.getIndexAttr(0)};
        Value update = tensor::ExtractSliceOp::create(
            b, nestedLoc, sliceType, updates, updateOffsets, sizes, strides);
        if (combine) {
          Value row = tensor::ExtractSliceOp::create(
              b, nestedLoc, sliceType, carried[0], rowOffsets, sizes, strides);
          update = buildElementwise(
              b, nestedLoc, ValueRange{update, row}, sliceType,
              [&](OpBuilder &inner, Location innerLoc, ValueRange args) {
                return combine(inner, innerLoc, args[0], args[1]);
              });
        }
        Value updated = tensor::InsertSliceOp::create(
            b, nestedLoc, update, carried[0], rowOffsets, sizes, strides);
        scf::YieldOp::create(b, nestedLoc, updated);
      });
  return buildReshape(rewriter, loc, loop.getResult(0), type);
}

bool checkStaticShapes(PatternRewriter &rewriter, Operation *op) {
  for (Type type : llvm::concat<Type>(op->getOperandTypes(),
                                      op->getResultTypes()))
    if (!cast<RankedTensorType>(type).hasStaticShape()) {
      (void)rewriter.notifyMatchFailure(op, "needs static shapes");
      return false;
    }
  return true;
}

int64_t positiveAxis(int64_t axis, Value like) {
  return axis < 0 ? axis + cast<RankedTensorType>(like.getType()).getRank()
                  : axis;
}

struct ScatterAddLowering : OpRewritePattern<ScatterAddOp> {
  ScatterAddLowering(MLIRContext *context, OutOfRangeIndex outOfRange)
      : OpRewritePattern(context), outOfRange(outOfRange) {}
  LogicalResult matchAndRewrite(ScatterAddOp op,
                                PatternRewriter &rewriter) const override {
    if (!checkStaticShapes(rewriter, op))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value zeros = buildFilled(rewriter, loc, type,
                              buildScalar(rewriter, loc,
                                          type.getElementType(), 0.0));
    rewriter.replaceOp(
        op, buildScatter(rewriter, loc, zeros, op.getIndices(),
                         op.getUpdates(), positiveAxis(op.getAxis(), zeros),
                         buildAdd, outOfRange));
    return success();
  }

  OutOfRangeIndex outOfRange;
};

/// The combiner of dlc.scatter's `reduction` (null for "none").
SliceCombiner reductionCombiner(ScatterOp op) {
  StringRef reduction = op.getReduction();
  bool isUnsigned = hasUnsignedOperands(op);
  if (reduction == "add")
    return buildAdd;
  if (reduction == "mul")
    return buildMul;
  if (reduction == "max")
    return maxCombiner(op);
  if (reduction == "min")
    return [isUnsigned](OpBuilder &b, Location loc, Value update,
                        Value row) -> Value {
      if (isFloat(update.getType()))
        return arith::MinimumFOp::create(b, loc, update, row);
      if (isUnsigned)
        return arith::MinUIOp::create(b, loc, update, row);
      return arith::MinSIOp::create(b, loc, update, row);
    };
  return nullptr;
}

struct ScatterLowering : OpRewritePattern<ScatterOp> {
  ScatterLowering(MLIRContext *context, OutOfRangeIndex outOfRange)
      : OpRewritePattern(context), outOfRange(outOfRange) {}
  LogicalResult matchAndRewrite(ScatterOp op,
                                PatternRewriter &rewriter) const override {
    if (!checkStaticShapes(rewriter, op))
      return failure();
    rewriter.replaceOp(
        op, buildScatter(rewriter, op.getLoc(), op.getData(), op.getIndices(),
                         op.getUpdates(),
                         positiveAxis(op.getAxis(), op.getData()),
                         reductionCombiner(op), outOfRange));
    return success();
  }

  OutOfRangeIndex outOfRange;
};

} // namespace

void populateScatterLowering(RewritePatternSet &patterns,
                             OutOfRangeIndex outOfRange) {
  patterns.add<ScatterAddLowering, ScatterLowering>(patterns.getContext(),
                                                    outOfRange);
}

} // namespace dlc::lowering
