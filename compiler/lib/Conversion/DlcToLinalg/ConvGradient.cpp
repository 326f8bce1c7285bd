//===- ConvGradient.cpp - Lower the gradients of convolution to linalg ----===//
//
// Both gradients are contractions like the forward convolution, with groups
// again made an explicit dimension by reshaping channels into G x C/G:
//
//   dw[g, m, c, k] = sum over n, o of dy[n, g, m, o] * x[n, g, c, o*s + k*d]
//   dx[n, g, c, i] = sum over m, k of dy[n, g, m, o] * w[g, m, c, k]
//                    where o*s + k*d = i + padBegin
//
// The second equation needs o = (i + padBegin - k*d) / s, an affine access
// only for stride 1. So the gradient is first spread out: dy[o] moves to
// position o*s (zeros between), behind a border of d*(K-1) zeros. Then
// input position i reads it at i + padBegin + d*(K-1) - k*d for every k: a
// correlation with the kernel read backwards, as a linalg.generic whose
// gradient map has a negative coefficient on the kernel dimension. With
// stride s this does s^k times the necessary multiplications (the zeros),
// the price of a single affine contraction.
//
// Without groups, in 1-D and 2-D, that correlation is a forward convolution
// (stride 1, the same dilation) of the spread gradient from padBegin on
// with the kernel flipped and its two channel dimensions swapped,
// w'[c, m, K-1-k] = w[m, c, k]; it becomes linalg's named op, which the CPU
// target vectorizes.
//
// A depthwise convolution (a group per channel, one filter each) is the
// same with a depthwise correlation: w'[c, k'] = w[c, 0, K-1-k'].
//
// Without groups, the weight gradient is one matrix product over all n and
// o (im2col): dw[m, (c, k)] = sum over (n, o) of dy'[m, (n, o)] *
// cols[(n, o), (c, k)], where cols[n, o, c, k] = padded[n, c, o*s + k*d] is
// gathered by a copy and dy' is dy with n and m swapped. The product then
// runs on the CPU target's GEMM tiles instead of a scalar loop nest, at the
// cost of materializing cols (K^k copies of the input).
//
// A depthwise weight gradient, dw[c, k] = sum over n, o of
// padded[n, c, o*s + k*d] * dy[n, c, o], is a depthwise convolution too:
// with the batch folded into the channels (q = n*C + c, free in NCHW), the
// padded input convolved with dy[q] as its filter, stride d and dilation s
// (the roles swapped), gives corr[q, k]; a sum over n then gives dw. The
// CPU target vectorizes it like the forward convolution.
//
//===----------------------------------------------------------------------===//
#include "WindowUtils.h"

#include "dlc/Dialect/DlcOps.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// `value` with its dimension `channelDim` (of size C) split into G x C/G.
Value splitGroups(OpBuilder &b, Location loc, Value value, int64_t groups,
                  unsigned channelDim) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape().take_front(channelDim));
  shape.push_back(groups);
  shape.push_back(type.getDimSize(channelDim) / groups);
  llvm::append_range(shape, type.getShape().drop_front(channelDim + 1));
  return buildReshape(b, loc, value,
                      RankedTensorType::get(shape, type.getElementType()));
}

/// The multiply-accumulate body of a contraction.
void multiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Value product = arith::MulFOp::create(b, loc, args[0], args[1]);
  linalg::YieldOp::create(
      b, loc, arith::AddFOp::create(b, loc, args[2], product).getResult());
}

/// Both gradients are grouped contractions over 4 + 2k loops: 3 + k
/// parallel ones that index the grouped output `init` in order, then 1 + k
/// reductions. Reads `lhs` and `rhs` through `lhsExprs` and `rhsExprs`,
/// and returns the result reshaped to `resultType` (groups merged).
Value buildGroupedContraction(OpBuilder &b, Location loc, Value lhs,
                              ArrayRef<AffineExpr> lhsExprs, Value rhs,
                              ArrayRef<AffineExpr> rhsExprs, Value init,
                              unsigned k, RankedTensorType resultType) {
  MLIRContext *context = b.getContext();
  unsigned loops = 4 + 2 * k;
  SmallVector<AffineMap> maps = {
      AffineMap::get(loops, 0, lhsExprs, context),
      AffineMap::get(loops, 0, rhsExprs, context),
      AffineMap::get(loops, 0, loopDims(context, 0, 3 + k), context)};
  SmallVector<utils::IteratorType> iterators(3 + k,
                                             utils::IteratorType::parallel);
  iterators.append(1 + k, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(b, loc, init.getType(),
                                           ValueRange{lhs, rhs}, init, maps,
                                           iterators, multiplyAccumulate);
  return buildReshape(b, loc, generic.getResult(0), resultType);
}

/// The input gradient as the convolution of `spread` (the spread output
/// gradient behind its border) from `padBegin` on with the flipped,
/// channel-swapped `weight` (for a `depthwise` weight, flipped only).
Value buildFlippedConv(OpBuilder &b, Location loc, Value spread, Value weight,
                       RankedTensorType resultType,
                       ArrayRef<int64_t> padBegin, ArrayRef<int64_t> dilations,
                       bool depthwise) {
  MLIRContext *context = b.getContext();
  auto weightType = cast<RankedTensorType>(weight.getType());
  auto spreadType = cast<RankedTensorType>(spread.getType());
  unsigned k = padBegin.size();
  // w'[c, m, k'] = w[m, c, K-1-k'], or w'[c, k'] = w[c, 0, K-1-k'].
  unsigned lead = depthwise ? 1 : 2;
  SmallVector<AffineExpr> flippedExprs =
      depthwise ? SmallVector<AffineExpr>{getAffineDimExpr(0, context),
                                          getAffineConstantExpr(0, context)}
                : SmallVector<AffineExpr>{getAffineDimExpr(1, context),
                                          getAffineDimExpr(0, context)};
  for (unsigned i = 0; i < k; ++i)
    flippedExprs.push_back(weightType.getDimSize(2 + i) - 1 -
                           getAffineDimExpr(lead + i, context));
  SmallVector<int64_t> flippedShape =
      depthwise ? SmallVector<int64_t>{weightType.getDimSize(0)}
                : SmallVector<int64_t>{weightType.getDimSize(1),
                                       weightType.getDimSize(0)};
  llvm::append_range(flippedShape, weightType.getShape().drop_front(2));
  Value flipped = buildParallelGeneric(
      b, loc, weight, AffineMap::get(lead + k, 0, flippedExprs, context),
      RankedTensorType::get(flippedShape, weightType.getElementType()),
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });

  // The window of input position i starts at padBegin + i of `spread`.
  SmallVector<OpFoldResult> offsets(2, b.getIndexAttr(0)), sizes, unit;
  for (int64_t begin : padBegin)
    offsets.push_back(b.getIndexAttr(begin));
  for (unsigned d = 0; d < 2 + k; ++d) {
    int64_t size = d < 2 ? spreadType.getDimSize(d)
                         : spreadType.getDimSize(d) - padBegin[d - 2];
    sizes.push_back(b.getIndexAttr(size));
    unit.push_back(b.getIndexAttr(1));
  }
  Value window =
      tensor::ExtractSliceOp::create(b, loc, spread, offsets, sizes, unit);
  Value init = buildFilled(b, loc, resultType,
                           buildScalar(b, loc, resultType.getElementType(), 0));
  SmallVector<int64_t> unitStrides(k, 1);
  if (depthwise)
    return buildNamedDepthwiseConv(b, loc, window, flipped, init, unitStrides,
                                   dilations);
  return buildNamedConv(b, loc, window, flipped, init, unitStrides, dilations);
}

struct ConvInputGradLowering : OpRewritePattern<ConvInputGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvInputGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    RankedTensorType resultType = op.getType();
    auto gradType = cast<RankedTensorType>(op.getResultGrad().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    Type elementType = resultType.getElementType();
    unsigned k = resultType.getRank() - 2;
    int64_t groups = op.getGroup();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      pads = op.getPads();
    ArrayRef<int64_t> inputSpatial = op.getInputSpatialShape();
    ArrayRef<int64_t> kernel = weightType.getShape().drop_front(2);
    ArrayRef<int64_t> outputSpatial = gradType.getShape().drop_front(2);
    Value zero = buildScalar(rewriter, loc, elementType, 0);

    // The spread gradient: dy[o] at border + o*s. Its length covers every
    // read, i + padBegin + border for i < D, and every window, including
    // those that lie entirely in the end padding.
    SmallVector<int64_t> border, spreadShape(gradType.getShape().take_front(2));
    for (unsigned i = 0; i < k; ++i) {
      border.push_back(dilations[i] * (kernel[i] - 1));
      spreadShape.push_back(
          std::max(inputSpatial[i] + pads[i] + border[i],
                   border[i] + (outputSpatial[i] - 1) * strides[i] + 1));
    }
    Value zeros = buildFilled(
        rewriter, loc, RankedTensorType::get(spreadShape, elementType), zero);
    auto indexAttrs = [&](ArrayRef<int64_t> leading, ArrayRef<int64_t> rest) {
      SmallVector<OpFoldResult> attrs;
      for (int64_t value : llvm::concat<const int64_t>(leading, rest))
        attrs.push_back(rewriter.getIndexAttr(value));
      return attrs;
    };
    Value spread = tensor::InsertSliceOp::create(
        rewriter, loc, op.getResultGrad(), zeros, indexAttrs({0, 0}, border),
        indexAttrs({}, gradType.getShape()), indexAttrs({1, 1}, strides));

    bool depthwise =
        isDepthwise(groups, resultType.getDimSize(1), weightType);
    if ((groups == 1 || depthwise) && hasNamedWindowOp(k)) {
      rewriter.replaceOp(
          op, buildFlippedConv(rewriter, loc, spread, op.getWeight(),
                               resultType, pads.take_front(k), dilations,
                               depthwise));
      return success();
    }
    Value groupedGrad = splitGroups(rewriter, loc, spread, groups, 1);
    Value groupedWeight = splitGroups(rewriter, loc, op.getWeight(), groups, 0);
    SmallVector<int64_t> outputShape = {resultType.getDimSize(0), groups,
                                        weightType.getDimSize(1)};
    llvm::append_range(outputShape, inputSpatial);
    auto outputType = RankedTensorType::get(outputShape, elementType);
    Value init = buildFilled(rewriter, loc, outputType, zero);

    // Loops: n, g, c, i[k] (parallel), m, w[k] (reduction).
    SmallVector<AffineExpr> gradExprs = {getAffineDimExpr(0, context),
                                         getAffineDimExpr(1, context),
                                         getAffineDimExpr(3 + k, context)};
    for (unsigned i = 0; i < k; ++i)
      gradExprs.push_back(getAffineDimExpr(3 + i, context) +
                          (pads[i] + border[i]) -
                          getAffineDimExpr(4 + k + i, context) * dilations[i]);
    SmallVector<AffineExpr> weightExprs = {getAffineDimExpr(1, context),
                                           getAffineDimExpr(3 + k, context),
                                           getAffineDimExpr(2, context)};
    llvm::append_range(weightExprs, loopDims(context, 4 + k, k));
    rewriter.replaceOp(op, buildGroupedContraction(
                               rewriter, loc, groupedGrad, gradExprs,
                               groupedWeight, weightExprs, init, k, resultType));
    return success();
  }
};

/// The ungrouped weight gradient as im2col and one matmul (see the top).
Value buildIm2colWeightGrad(OpBuilder &b, Location loc, Value padded,
                            Value resultGrad, RankedTensorType resultType,
                            ArrayRef<int64_t> strides,
                            ArrayRef<int64_t> dilations) {
  MLIRContext *context = b.getContext();
  auto gradType = cast<RankedTensorType>(resultGrad.getType());
  Type elementType = resultType.getElementType();
  unsigned k = resultType.getRank() - 2;
  int64_t batch = gradType.getDimSize(0), features = gradType.getDimSize(1);
  int64_t channels = resultType.getDimSize(1);
  ArrayRef<int64_t> outputSpatial = gradType.getShape().drop_front(2);
  ArrayRef<int64_t> kernel = resultType.getShape().drop_front(2);
  int64_t positions = batch, taps = channels;
  for (unsigned i = 0; i < k; ++i) {
    positions *= outputSpatial[i];
    taps *= kernel[i];
  }

  // cols[n, o[k], c, w[k]] = padded[n, c, o * s + w * d].
  SmallVector<int64_t> colsShape = {batch};
  llvm::append_range(colsShape, outputSpatial);
  colsShape.push_back(channels);
  llvm::append_range(colsShape, kernel);
  SmallVector<AffineExpr> readExprs = {getAffineDimExpr(0, context),
                                       getAffineDimExpr(1 + k, context)};
  llvm::append_range(readExprs,
                     windowAccess(context, strides, dilations, 1, 2 + k));
  Value cols = buildParallelGeneric(
      b, loc, padded, AffineMap::get(2 + 2 * k, 0, readExprs, context),
      RankedTensorType::get(colsShape, elementType),
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  Value colsMatrix = buildReshape(
      b, loc, cols, RankedTensorType::get({positions, taps}, elementType));

  SmallVector<int64_t> swapBatch = {1, 0};
  for (unsigned i = 0; i < k; ++i)
    swapBatch.push_back(2 + i);
  Value gradMatrix = buildReshape(
      b, loc, buildTranspose(b, loc, resultGrad, swapBatch),
      RankedTensorType::get({features, positions}, elementType));
  return buildReshape(b, loc, buildMatmul(b, loc, gradMatrix, colsMatrix),
                      resultType);
}

/// The depthwise weight gradient as a depthwise convolution over the
/// channels of the whole batch, then a sum over n (see the top).
Value buildDepthwiseWeightGrad(OpBuilder &b, Location loc, Value padded,
                               Value resultGrad, RankedTensorType resultType,
                               ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> dilations) {
  auto gradType = cast<RankedTensorType>(resultGrad.getType());
  Type elementType = resultType.getElementType();
  unsigned k = resultType.getRank() - 2;
  int64_t batch = gradType.getDimSize(0), channels = gradType.getDimSize(1);
  ArrayRef<int64_t> outputSpatial = gradType.getShape().drop_front(2);
  ArrayRef<int64_t> kernel = resultType.getShape().drop_front(2);

  // The padded input up to the last element a window reads, as 1 x NC x E.
  SmallVector<OpFoldResult> zeros(2 + k, b.getIndexAttr(0)),
      units(2 + k, b.getIndexAttr(1));
  SmallVector<OpFoldResult> extent = {b.getIndexAttr(batch),
                                      b.getIndexAttr(channels)};
  SmallVector<int64_t> foldedShape = {1, batch * channels};
  for (unsigned i = 0; i < k; ++i) {
    int64_t size =
        (kernel[i] - 1) * dilations[i] + (outputSpatial[i] - 1) * strides[i] + 1;
    extent.push_back(b.getIndexAttr(size));
    foldedShape.push_back(size);
  }
  Value read =
      tensor::ExtractSliceOp::create(b, loc, padded, zeros, extent, units);
  Value input = buildReshape(b, loc, read,
                             RankedTensorType::get(foldedShape, elementType));
  SmallVector<int64_t> filterShape = {batch * channels};
  llvm::append_range(filterShape, outputSpatial);
  Value filter = buildReshape(
      b, loc, resultGrad, RankedTensorType::get(filterShape, elementType));

  SmallVector<int64_t> corrShape = {1, batch * channels};
  llvm::append_range(corrShape, kernel);
  Value zero = buildScalar(b, loc, elementType, 0);
  Value corr = buildNamedDepthwiseConv(
      b, loc, input, filter,
      buildFilled(b, loc, RankedTensorType::get(corrShape, elementType), zero),
      dilations, strides);

  SmallVector<int64_t> perSample = {batch, channels};
  llvm::append_range(perSample, kernel);
  Value summed = buildReduction(
      b, loc,
      buildReshape(b, loc, corr, RankedTensorType::get(perSample, elementType)),
      {0}, zero, buildAdd, /*keepDims=*/false);
  return buildReshape(b, loc, summed, resultType);
}

struct ConvWeightGradLowering : OpRewritePattern<ConvWeightGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvWeightGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    unsigned k = resultType.getRank() - 2;
    int64_t groups = op.getGroup();
    ArrayRef<int64_t> pads = op.getPads();
    Value zero = buildScalar(rewriter, loc, elementType, 0);

    Value padded =
        buildSpatialPad(rewriter, loc, op.getInput(), pads.take_front(k),
                        pads.drop_front(k), zero);
    if (groups == 1) {
      rewriter.replaceOp(op, buildIm2colWeightGrad(
                                 rewriter, loc, padded, op.getResultGrad(),
                                 resultType, op.getStrides(),
                                 op.getDilations()));
      return success();
    }
    int64_t inChannels =
        cast<RankedTensorType>(op.getInput().getType()).getDimSize(1);
    if (isDepthwise(groups, inChannels, resultType) && hasNamedWindowOp(k)) {
      rewriter.replaceOp(op, buildDepthwiseWeightGrad(
                                 rewriter, loc, padded, op.getResultGrad(),
                                 resultType, op.getStrides(),
                                 op.getDilations()));
      return success();
    }
    Value groupedInput = splitGroups(rewriter, loc, padded, groups, 1);
    Value groupedGrad =
        splitGroups(rewriter, loc, op.getResultGrad(), groups, 1);
    SmallVector<int64_t> outputShape = {groups,
                                        resultType.getDimSize(0) / groups};
    llvm::append_range(outputShape, resultType.getShape().drop_front(1));
    auto outputType = RankedTensorType::get(outputShape, elementType);
    Value init = buildFilled(rewriter, loc, outputType, zero);

    // Loops: g, m, c, w[k] (parallel), n, o[k] (reduction).
    SmallVector<AffineExpr> gradExprs = {getAffineDimExpr(3 + k, context),
                                         getAffineDimExpr(0, context),
                                         getAffineDimExpr(1, context)};
    llvm::append_range(gradExprs, loopDims(context, 4 + k, k));
    SmallVector<AffineExpr> inputExprs = {getAffineDimExpr(3 + k, context),
                                          getAffineDimExpr(0, context),
                                          getAffineDimExpr(2, context)};
    llvm::append_range(inputExprs, windowAccess(context, op.getStrides(),
                                                op.getDilations(), 4 + k, 3));
    rewriter.replaceOp(op, buildGroupedContraction(
                               rewriter, loc, groupedGrad, gradExprs,
                               groupedInput, inputExprs, init, k, resultType));
    return success();
  }
};

} // namespace

void populateConvGradientLowering(RewritePatternSet &patterns) {
  patterns.add<ConvInputGradLowering, ConvWeightGradLowering>(
      patterns.getContext());
}

} // namespace dlc::lowering
