//===- DataMovement.cpp - Lower reshapes, slices, gathers and constants ---===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Every op that only reinterprets the shape of a row-major tensor.
template <typename OpTy>
struct ReshapeLikeLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(), op.getInput(),
                                        op.getType()));
    return success();
  }
};

struct IdentityLowering : OpRewritePattern<IdentityOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(IdentityOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildTranspose(rewriter, op.getLoc(), op.getInput(),
                                          op.getPerm()));
    return success();
  }
};

/// Each input is inserted at its running offset along the axis.
struct ConcatLowering : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + type.getRank()
                                    : op.getAxis();
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             ValueRange{}, ValueRange{},
                                             ValueRange{}, offsets,
                                             inputType.getShape(), strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `input` with the order of elements along each of `dims` reversed: one
/// linalg.generic reading index `size - 1 - i` of those dimensions.
Value buildReverse(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> dims) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> reads;
  for (int64_t dim = 0; dim < rank; ++dim) {
    AffineExpr index = b.getAffineDimExpr(dim);
    reads.push_back(llvm::is_contained(dims, dim)
                        ? type.getDimSize(dim) - 1 - index
                        : index);
  }
  return buildParallelGeneric(
      b, loc, input, AffineMap::get(rank, 0, reads, b.getContext()), type,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// ONNX Slice is a strided tensor.extract_slice. A negative step takes the
/// same elements as the positive one from the last element it reaches, in
/// reverse order: the extracted axis is then reversed.
struct SliceLowering : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    // No element is read; tensor.extract_slice would reject even offset 0
    // of an empty input.
    if (type.getNumElements() == 0) {
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, type.getShape(),
                                                   type.getElementType());
      return success();
    }
    int64_t rank = type.getRank();
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1), reversed;
    for (unsigned index = 0; index < op.getAxes().size(); ++index) {
      int64_t dim = op.getSlicedDim(index);
      SliceRange range = op.getRange(index);
      offsets[dim] = range.step > 0
                         ? range.start
                         : range.start + (range.count - 1) * range.step;
      // One element needs no stride (and a huge step would not fit one).
      strides[dim] = range.count > 1 ? std::abs(range.step) : 1;
      if (range.step < 0 && range.count > 1)
        reversed.push_back(dim);
    }
    Value result = tensor::ExtractSliceOp::create(
        rewriter, op.getLoc(), type, op.getInput(), ValueRange{}, ValueRange{},
        ValueRange{}, offsets, type.getShape(), strides);
    if (!reversed.empty())
      result = buildReverse(rewriter, op.getLoc(), result, reversed);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// One generic over the result: compare the index with the position along
/// the new last dimension.
struct OneHotLowering : OpRewritePattern<OneHotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(OneHotOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t dim = 0; dim + 1 < rank; ++dim)
      indexExprs.push_back(rewriter.getAffineDimExpr(dim));
    Type elementType = type.getElementType();
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(), op.getIndices(),
        AffineMap::get(rank, 0, indexExprs, op.getContext()), type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
          Value position = arith::IndexCastOp::create(
              b, nestedLoc, args[0].getType(),
              linalg::IndexOp::create(b, nestedLoc, rank - 1));
          Value hit = arith::CmpIOp::create(b, nestedLoc,
                                            arith::CmpIPredicate::eq, args[0],
                                            position);
          return arith::SelectOp::create(
              b, nestedLoc, hit, buildScalar(b, nestedLoc, elementType, 1.0),
              buildScalar(b, nestedLoc, elementType, 0.0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// result[pre..., idx..., post...] = data[pre..., indices[idx...], post...].
struct GatherLowering : OpRewritePattern<GatherOp> {
  GatherLowering(MLIRContext *context, OutOfRangeIndex outOfRange)
      : OpRewritePattern(context), outOfRange(outOfRange) {}
  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    MLIRContext *context = op.getContext();
    RankedTensorType type = op.getType();
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + dataType.getRank()
                                    : op.getAxis();
    int64_t indexRank = indicesType.getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t dim = 0; dim < indexRank; ++dim)
      indexExprs.push_back(getAffineDimExpr(axis + dim, context));
    Value data = op.getData();
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(), op.getIndices(),
        AffineMap::get(type.getRank(), 0, indexExprs, context), type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
          SmallVector<Value> coordinates;
          for (int64_t dim = 0; dim < axis; ++dim)
            coordinates.push_back(linalg::IndexOp::create(b, nestedLoc, dim));
          coordinates.push_back(buildAxisIndex(
              b, nestedLoc, args[0], dataType.getDimSize(axis), outOfRange));
          for (int64_t dim = axis + 1; dim < dataType.getRank(); ++dim)
            coordinates.push_back(linalg::IndexOp::create(
                b, nestedLoc, dim - 1 + indexRank));
          return tensor::ExtractOp::create(b, nestedLoc, data, coordinates);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  OutOfRangeIndex outOfRange;
};

struct ConstantLowering : OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

struct ShapeLowering : OpRewritePattern<ShapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ShapeOp op,
                                PatternRewriter &rewriter) const override {
    OpFoldResult folded = op.fold(ShapeOp::FoldAdaptor({}, op));
    auto value = dyn_cast_if_present<Attribute>(folded);
    if (!value)
      return rewriter.notifyMatchFailure(op, "input shape is not static");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(value));
    return success();
  }
};

} // namespace

void populateDataMovementLowering(RewritePatternSet &patterns,
                                  OutOfRangeIndex outOfRange) {
  patterns.add<ReshapeLikeLowering<ReshapeOp>, ReshapeLikeLowering<FlattenOp>,
               ReshapeLikeLowering<SqueezeOp>, ReshapeLikeLowering<UnsqueezeOp>,
               IdentityLowering, TransposeLowering, ConcatLowering,
               SliceLowering, OneHotLowering, ConstantLowering, ShapeLowering>(
      patterns.getContext());
  patterns.add<GatherLowering>(patterns.getContext(), outOfRange);
}

} // namespace dlc::lowering
