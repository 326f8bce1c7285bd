//===- Reduction.cpp - Lower reductions, argmax and softmax to linalg -----===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

template <typename ReduceOp>
Value reduceOp(PatternRewriter &rewriter, ReduceOp op, Value init,
               Combiner combine) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  return buildReduction(rewriter, op.getLoc(), op.getInput(),
                        reducedDimensions(op.getAxes(), inputType.getRank()), init,
                        combine, op.getKeepdims());
}

struct ReduceSumLowering : OpRewritePattern<ReduceSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceSumOp op,
                                PatternRewriter &rewriter) const override {
    Type elementType = op.getType().getElementType();
    rewriter.replaceOp(
        op, reduceOp(rewriter, op,
                     buildScalar(rewriter, op.getLoc(), elementType, 0),
                     buildAdd));
    return success();
  }
};

struct ReduceMaxLowering : OpRewritePattern<ReduceMaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceMaxOp op,
                                PatternRewriter &rewriter) const override {
    Type elementType = op.getType().getElementType();
    rewriter.replaceOp(
        op, reduceOp(rewriter, op,
                     buildLowest(rewriter, op.getLoc(), elementType,
                                 hasUnsignedOperands(op)),
                     maxCombiner(op)));
    return success();
  }
};

struct ReduceProdLowering : OpRewritePattern<ReduceProdOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceProdOp op,
                                PatternRewriter &rewriter) const override {
    Type elementType = op.getType().getElementType();
    rewriter.replaceOp(
        op, reduceOp(rewriter, op,
                     buildScalar(rewriter, op.getLoc(), elementType, 1),
                     buildMul));
    return success();
  }
};

struct ReduceMeanLowering : OpRewritePattern<ReduceMeanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceMeanOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    Value sum = reduceOp(rewriter, op, buildScalar(rewriter, loc, elementType, 0),
                         buildAdd);
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t count = inputType.getNumElements() /
                    std::max<int64_t>(type.getNumElements(), 1);
    Value result = buildElementwise(
        rewriter, loc, sum, type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return arith::DivFOp::create(
              b, nestedLoc, args[0],
              buildScalar(b, nestedLoc, elementType, (double)count));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// One linalg.generic carrying (max, index) along the axis.
struct ArgMaxLowering : OpRewritePattern<ArgMaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ArgMaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> reducedExprs;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (dim == axis)
        continue;
      reducedShape.push_back(inputType.getDimSize(dim));
      reducedExprs.push_back(getAffineDimExpr(dim, context));
    }
    Type elementType = inputType.getElementType();
    Type indexType = rewriter.getI64Type();
    bool isUnsigned = hasUnsignedOperands(op);
    Value maxInit = buildFilled(
        rewriter, loc, RankedTensorType::get(reducedShape, elementType),
        buildLowest(rewriter, loc, elementType, isUnsigned));
    Value indexInit = buildFilled(rewriter, loc,
                                  RankedTensorType::get(reducedShape, indexType),
                                  buildScalar(rewriter, loc, indexType, 0));
    AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, context);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   reducedMap, reducedMap};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    bool lastIndex = op.getSelectLastIndex();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{maxInit.getType(), indexInit.getType()},
        op.getInput(), ValueRange{maxInit, indexInit}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value better;
          if (isFloat(elementType))
            better = arith::CmpFOp::create(
                b, nestedLoc,
                lastIndex ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT,
                x, best);
          else if (isUnsigned)
            better = arith::CmpIOp::create(b, nestedLoc,
                                           lastIndex ? arith::CmpIPredicate::uge
                                                     : arith::CmpIPredicate::ugt,
                                           x, best);
          else
            better = arith::CmpIOp::create(
                b, nestedLoc,
                lastIndex ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sgt,
                x, best);
          Value position = arith::IndexCastOp::create(
              b, nestedLoc, indexType, linalg::IndexOp::create(b, nestedLoc, axis));
          linalg::YieldOp::create(
              b, nestedLoc,
              ValueRange{arith::SelectOp::create(b, nestedLoc, better, x, best),
                         arith::SelectOp::create(b, nestedLoc, better, position,
                                                 bestIndex)});
        });
    rewriter.replaceOp(op, buildReshape(rewriter, loc, generic.getResult(1),
                                        op.getType()));
    return success();
  }
};

/// softmax = exp(x - max) / sum(exp(x - max)); log_softmax = x - max -
/// log(sum(exp(x - max))). Subtracting the max keeps exp from overflowing.
template <typename SoftmaxLike, bool isLog>
struct SoftmaxLowering : OpRewritePattern<SoftmaxLike> {
  using OpRewritePattern<SoftmaxLike>::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxLike op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + type.getRank()
                                    : op.getAxis();
    Value x = op.getInput();
    Value max = buildReduction(rewriter, loc, x, {axis},
                               buildLowest(rewriter, loc, elementType), buildMax,
                               /*keepDims=*/true);
    Value shifted = buildElementwise(
        rewriter, loc, ValueRange{x, max}, type,
        [](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return arith::SubFOp::create(b, nestedLoc, args[0], args[1]);
        });
    Value exponentials = buildElementwise(
        rewriter, loc, shifted, type,
        [](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return math::ExpOp::create(b, nestedLoc, args[0]);
        });
    Value sum = buildReduction(rewriter, loc, exponentials, {axis},
                               buildScalar(rewriter, loc, elementType, 0),
                               buildAdd, /*keepDims=*/true);
    Value result;
    if (isLog)
      result = buildElementwise(
          rewriter, loc, ValueRange{shifted, sum}, type,
          [](OpBuilder &b, Location nestedLoc, ValueRange args) {
            return arith::SubFOp::create(b, nestedLoc, args[0],
                                         math::LogOp::create(b, nestedLoc, args[1]));
          });
    else
      result = buildElementwise(
          rewriter, loc, ValueRange{exponentials, sum}, type,
          [](OpBuilder &b, Location nestedLoc, ValueRange args) {
            return arith::DivFOp::create(b, nestedLoc, args[0], args[1]);
          });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateReductionLowering(RewritePatternSet &patterns) {
  patterns.add<ReduceSumLowering, ReduceMaxLowering, ReduceProdLowering,
               ReduceMeanLowering,
               ArgMaxLowering, SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>>(patterns.getContext());
}

} // namespace dlc::lowering
