//===- Window.cpp - Lower convolution and pooling to linalg.generic -------===//
//
// Convolutions and pools of any spatial rank share one shape of loop nest:
// output positions o and window offsets k read input[o * stride + k * dilation]
// of an input padded up front. Groups become an explicit dimension by
// reshaping channels C into G x C/G.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/IR/AffineExpr.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Index expressions `o * stride + k * dilation` for each spatial dimension,
/// given the loop dimensions holding o and k.
SmallVector<AffineExpr> windowAccess(MLIRContext *context,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations,
                                     unsigned firstOutputDim,
                                     unsigned firstWindowDim) {
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < strides.size(); ++i)
    exprs.push_back(getAffineDimExpr(firstOutputDim + i, context) * strides[i] +
                    getAffineDimExpr(firstWindowDim + i, context) *
                        dilations[i]);
  return exprs;
}

SmallVector<AffineExpr> dims(MLIRContext *context, unsigned first,
                             unsigned count) {
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < count; ++i)
    exprs.push_back(getAffineDimExpr(first + i, context));
  return exprs;
}

struct ConvLowering : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    RankedTensorType resultType = op.getType();
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    Type elementType = resultType.getElementType();
    unsigned k = resultType.getRank() - 2;
    int64_t batch = resultType.getDimSize(0), outChannels = weightType.getDimSize(0);
    int64_t groups = op.getGroup(), groupOut = outChannels / groups;
    int64_t groupIn = weightType.getDimSize(1);
    ArrayRef<int64_t> pads = op.getPads();

    Value padded = buildSpatialPad(rewriter, loc, op.getInput(),
                                   pads.take_front(k), pads.drop_front(k),
                                   buildScalar(rewriter, loc, elementType, 0));
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
    Value init;
    if (Value bias = op.getBias()) {
      SmallVector<int64_t> biasShape = {groups, groupOut};
      biasShape.append(k, 1);
      Value groupedBias = buildReshape(
          rewriter, loc, bias, RankedTensorType::get(biasShape, elementType));
      init = buildElementwise(rewriter, loc, groupedBias, outputType,
                              [](OpBuilder &, Location, ValueRange args) {
                                return args[0];
                              });
    } else {
      init = buildFilled(rewriter, loc, outputType,
                         buildScalar(rewriter, loc, elementType, 0));
    }

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
    llvm::append_range(weightExprs, dims(context, 4 + k, k));
    SmallVector<AffineExpr> outputExprs = dims(context, 0, 3 + k);
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
    rewriter.replaceOp(op, buildReshape(rewriter, loc, generic.getResult(0),
                                        resultType));
    return success();
  }
};

/// The pooling loop nest over an input already padded with the neutral value;
/// `combine` folds one input element into the accumulator.
template <typename PoolOp>
Value buildPool(PatternRewriter &rewriter, PoolOp op, Value neutral,
                Combiner combine) {
  Location loc = op.getLoc();
  MLIRContext *context = op.getContext();
  RankedTensorType resultType = op.getType();
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  Type elementType = resultType.getElementType();
  unsigned k = resultType.getRank() - 2;
  ArrayRef<int64_t> pads = op.getPads(), kernel = op.getKernelShape(),
                    strides = op.getStrides(), dilations = op.getDilations();
  // In ceil mode the last window may reach past the end padding: pad more.
  SmallVector<int64_t> padEnd(pads.drop_front(k));
  for (unsigned i = 0; i < k; ++i) {
    int64_t reach = (resultType.getDimSize(2 + i) - 1) * strides[i] +
                    dilations[i] * (kernel[i] - 1) + 1;
    int64_t available = inputType.getDimSize(2 + i) + pads[i] + padEnd[i];
    padEnd[i] += std::max<int64_t>(0, reach - available);
  }
  Value padded = buildSpatialPad(rewriter, loc, op.getInput(),
                                 pads.take_front(k), padEnd, neutral);
  Value window = tensor::EmptyOp::create(rewriter, loc, kernel, elementType);
  Value init = buildFilled(rewriter, loc, resultType, neutral);

  // Loops: n, c, o[k] (parallel), w[k] (reduction).
  unsigned loops = 2 + 2 * k;
  SmallVector<AffineExpr> inputExprs = dims(context, 0, 2);
  llvm::append_range(inputExprs,
                     windowAccess(context, strides, dilations, 2, 2 + k));
  SmallVector<AffineMap> maps = {
      AffineMap::get(loops, 0, inputExprs, context),
      AffineMap::get(loops, 0, dims(context, 2 + k, k), context),
      AffineMap::get(loops, 0, dims(context, 0, 2 + k), context)};
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
        buildLowest(rewriter, op.getLoc(), op.getType().getElementType());
    rewriter.replaceOp(op, buildPool(rewriter, op, lowest, buildMax));
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
    Value sum = buildPool(rewriter, op, buildScalar(rewriter, loc, elementType, 0),
                          buildAdd);

    unsigned k = resultType.getRank() - 2;
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> outputShape = resultType.getShape().drop_front(2);
    // counts[i][o]: window elements along dimension i at output position o.
    SmallVector<SmallVector<int64_t>> counts(k);
    for (unsigned i = 0; i < k; ++i) {
      int64_t size = inputType.getDimSize(2 + i);
      int64_t low = op.getCountIncludePad() ? -pads[i] : 0;
      int64_t high = op.getCountIncludePad() ? size + pads[k + i] : size;
      for (int64_t o = 0; o < outputShape[i]; ++o) {
        int64_t count = 0;
        for (int64_t w = 0; w < op.getKernelShape()[i]; ++w) {
          int64_t position =
              o * op.getStrides()[i] + w * op.getDilations()[i] - pads[i];
          count += position >= low && position < high;
        }
        counts[i].push_back(std::max<int64_t>(count, 1));
      }
    }
    SmallVector<Attribute> divisors;
    int64_t positions = 1;
    for (int64_t dim : outputShape)
      positions *= dim;
    for (int64_t flat = 0; flat < positions; ++flat) {
      int64_t remaining = flat, count = 1;
      for (int i = k - 1; i >= 0; --i) {
        count *= counts[i][remaining % outputShape[i]];
        remaining /= outputShape[i];
      }
      divisors.push_back(rewriter.getFloatAttr(elementType, count));
    }
    auto divisorType = RankedTensorType::get(outputShape, elementType);
    Value divisor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(divisorType, divisors));
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
