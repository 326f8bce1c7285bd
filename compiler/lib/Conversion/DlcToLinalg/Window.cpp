//===- Window.cpp - Lower convolution and pooling to linalg.generic -------===//
//
// Convolutions and pools of any spatial rank share one shape of loop nest:
// output positions o and window offsets k read input[o * stride + k * dilation]
// of an input padded up front. 1-D and 2-D convolutions without groups, and
// depthwise ones (a group per channel), become linalg's named ops, which the
// CPU target vectorizes; other groups become an explicit dimension by
// reshaping channels C into G x C/G.
//
//===----------------------------------------------------------------------===//
#include "WindowUtils.h"

#include "dlc/Dialect/DlcOps.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// The accumulator a convolution starts from: the bias broadcast over the
/// batch and spatial positions of `outputType` (whose channel dimensions,
/// `channelShape`, follow the batch), or zeros.
Value buildConvInit(PatternRewriter &rewriter, Location loc, Value bias,
                    RankedTensorType outputType,
                    ArrayRef<int64_t> channelShape, unsigned spatialRank) {
  Type elementType = outputType.getElementType();
  if (!bias)
    return buildFilled(rewriter, loc, outputType,
                       buildScalar(rewriter, loc, elementType, 0));
  SmallVector<int64_t> biasShape(channelShape);
  biasShape.append(spatialRank, 1);
  Value shaped = buildReshape(rewriter, loc, bias,
                              RankedTensorType::get(biasShape, elementType));
  return buildElementwise(
      rewriter, loc, shaped, outputType,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// Any convolution as a linalg.generic with an explicit group dimension.
Value buildGroupedConv(PatternRewriter &rewriter, ConvOp op, Value padded) {
  Location loc = op.getLoc();
  MLIRContext *context = op.getContext();
  RankedTensorType resultType = op.getType();
  auto weightType = cast<RankedTensorType>(op.getWeight().getType());
  Type elementType = resultType.getElementType();
  unsigned k = resultType.getRank() - 2;
  int64_t batch = resultType.getDimSize(0), outChannels = weightType.getDimSize(0);
  int64_t groups = op.getGroup(), groupOut = outChannels / groups;
  int64_t groupIn = weightType.getDimSize(1);

  auto paddedType = cast<RankedTensorType>(padded.getType());
  SmallVector<int64_t> inputShape = {batch, groups, groupIn};
  llvm::append_range(inputShape, paddedType.getShape().drop_front(2));
  Value input = buildReshape(rewriter, loc, padded,
                             RankedTensorType::get(inputShape, elementType));
  SmallVector<int64_t> weightShape = {groups, groupOut, groupIn};
  llvm::append_range(weightShape, weightType.getShape().drop_front(2));
  Value weight = buildReshape(rewriter, loc, op.getWeight(),
                              RankedTensorType::get(weightShape, elementType));

  SmallVector<int64_t> outputShape = {batch, groups, groupOut};
  llvm::append_range(outputShape, resultType.getShape().drop_front(2));
  auto outputType = RankedTensorType::get(outputShape, elementType);
  Value init = buildConvInit(rewriter, loc, op.getBias(), outputType,
                             {groups, groupOut}, k);

  // Loops: n, g, m, o[k] (parallel), c, w[k] (reduction).
  unsigned loops = 4 + 2 * k;
  SmallVector<AffineExpr> inputExprs = {getAffineDimExpr(0, context),
                                        getAffineDimExpr(1, context),
                                        getAffineDimExpr(3 + k, context)};
  llvm::append_range(inputExprs, windowAccess(context, op.getStrides(),
                                              op.getDilations(), 3, 4 + k));
  SmallVector<AffineExpr> weightExprs = {getAffineDimExpr(1, context),
                                         getAffineDimExpr(2, context),
                                         getAffineDimExpr(3 + k, context)};
  llvm::append_range(weightExprs, loopDims(context, 4 + k, k));
  SmallVector<AffineExpr> outputExprs = loopDims(context, 0, 3 + k);
  SmallVector<AffineMap> maps = {
      AffineMap::get(loops, 0, inputExprs, context),
      AffineMap::get(loops, 0, weightExprs, context),
      AffineMap::get(loops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(3 + k,
                                             utils::IteratorType::parallel);
  iterators.append(1 + k, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, outputType, ValueRange{input, weight}, init, maps,
      iterators, [](OpBuilder &b, Location nestedLoc, ValueRange args) {
        Value product = arith::MulFOp::create(b, nestedLoc, args[0], args[1]);
        linalg::YieldOp::create(
            b, nestedLoc, arith::AddFOp::create(b, nestedLoc, args[2], product)
                              .getResult());
      });
  return buildReshape(rewriter, loc, generic.getResult(0), resultType);
}

struct ConvLowering : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    unsigned k = resultType.getRank() - 2;
    ArrayRef<int64_t> pads = op.getPads();
    Value padded = buildSpatialPad(
        rewriter, loc, op.getInput(), pads.take_front(k), pads.drop_front(k),
        buildScalar(rewriter, loc, resultType.getElementType(), 0));
    int64_t groups = op.getGroup();
    int64_t inChannels =
        cast<RankedTensorType>(op.getInput().getType()).getDimSize(1);
    bool depthwise = isDepthwise(
        groups, inChannels, cast<RankedTensorType>(op.getWeight().getType()));
    if ((groups != 1 && !depthwise) || !hasNamedWindowOp(k)) {
      rewriter.replaceOp(op, buildGroupedConv(rewriter, op, padded));
      return success();
    }
    Value init = buildConvInit(rewriter, loc, op.getBias(), resultType,
                               resultType.getDimSize(1), k);
    if (!depthwise) {
      rewriter.replaceOp(op, buildNamedConv(rewriter, loc, padded,
                                            op.getWeight(), init,
                                            op.getStrides(), op.getDilations()));
      return success();
    }
    // The filter C x 1 x K... as C x K...
    SmallVector<ReassociationIndices> dropUnit = {{0, 1}};
    for (unsigned d = 0; d < k; ++d)
      dropUnit.push_back({static_cast<int64_t>(2 + d)});
    Value filter = tensor::CollapseShapeOp::create(rewriter, loc,
                                                   op.getWeight(), dropUnit);
    rewriter.replaceOp(op, buildNamedDepthwiseConv(rewriter, loc, padded,
                                                   filter, init,
                                                   op.getStrides(),
                                                   op.getDilations()));
    return success();
  }
};

/// The pooling loop nest over the input padded with the neutral value;
/// `combine` folds one input element into the accumulator. 1-D and 2-D pools
/// become linalg's named pooling ops `Named1D` and `Named2D` (which combine
/// the same way), so that the CPU target vectorizes them as windows;
/// pools of unsigned integers, which those ops would compare as signed,
/// stay generic.
template <typename Named1D, typename Named2D, typename PoolOp>
Value buildPool(PatternRewriter &rewriter, PoolOp op, Value neutral,
                Combiner combine) {
  Location loc = op.getLoc();
  MLIRContext *context = op.getContext();
  RankedTensorType resultType = op.getType();
  Type elementType = resultType.getElementType();
  unsigned k = resultType.getRank() - 2;
  PoolWindow geometry = PoolWindow::of(op);
  Value padded = buildPoolPad(rewriter, loc, op.getInput(), geometry,
                              resultType.getShape().drop_front(2), neutral);
  Value window =
      tensor::EmptyOp::create(rewriter, loc, geometry.kernel, elementType);
  Value init = buildFilled(rewriter, loc, resultType, neutral);
  if (hasNamedWindowOp(k) && !hasUnsignedOperands(op))
    return buildNamedWindowOp<Named1D, Named2D>(rewriter, loc, padded, window,
                                                init, geometry.strides,
                                                geometry.dilations);

  // Loops: n, c, o[k] (parallel), w[k] (reduction).
  unsigned loops = 2 + 2 * k;
  SmallVector<AffineExpr> inputExprs = loopDims(context, 0, 2);
  llvm::append_range(inputExprs, windowAccess(context, geometry.strides,
                                              geometry.dilations, 2, 2 + k));
  SmallVector<AffineMap> maps = {
      AffineMap::get(loops, 0, inputExprs, context),
      AffineMap::get(loops, 0, loopDims(context, 2 + k, k), context),
      AffineMap::get(loops, 0, loopDims(context, 0, 2 + k), context)};
  SmallVector<utils::IteratorType> iterators(2 + k,
                                             utils::IteratorType::parallel);
  iterators.append(k, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, resultType, ValueRange{padded, window}, init, maps,
      iterators, [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(b, nestedLoc,
                                combine(b, nestedLoc, args[2], args[0]));
      });
  return generic.getResult(0);
}

struct MaxPoolLowering : OpRewritePattern<MaxPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPoolOp op,
                                PatternRewriter &rewriter) const override {
    Value lowest =
        buildLowest(rewriter, op.getLoc(), op.getType().getElementType(),
                    hasUnsignedOperands(op));
    rewriter.replaceOp(
        op, buildPool<linalg::PoolingNcwMaxOp, linalg::PoolingNchwMaxOp>(
                rewriter, op, lowest, maxCombiner(op)));
    return success();
  }
};

/// Sum pooling divided by the number of elements each window covers: inside
/// the input only, or also over the declared padding (count_include_pad). The
/// counts are static, so they are computed here as a constant.
struct AveragePoolLowering : OpRewritePattern<AveragePoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AveragePoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = resultType.getElementType();
    Value sum = buildPool<linalg::PoolingNcwSumOp, linalg::PoolingNchwSumOp>(
        rewriter, op, buildScalar(rewriter, loc, elementType, 0), buildAdd);

    Value divisor = buildWindowCounts(
        rewriter, loc, elementType, inputType.getShape().drop_front(2),
        resultType.getShape().drop_front(2), PoolWindow::of(op),
        op.getCountIncludePad());
    Value result = buildElementwise(
        rewriter, loc, ValueRange{sum, divisor}, resultType,
        [](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return arith::DivFOp::create(b, nestedLoc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateWindowLowering(RewritePatternSet &patterns) {
  patterns.add<ConvLowering, MaxPoolLowering, AveragePoolLowering>(
      patterns.getContext());
}

} // namespace dlc::lowering
