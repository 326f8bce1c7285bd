//===- Contraction.cpp - Lower dlc.matmul and dlc.gemm to linalg ----------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Traits.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Zero-initialized accumulator of `shape`.
Value zeroAccumulator(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                      Type elementType) {
  return buildFilled(b, loc, RankedTensorType::get(shape, elementType),
                     buildScalar(b, loc, elementType, 0.0));
}

/// Copies `value` broadcast to `shape` (numpy rules), if it is not already.
Value broadcastTo(OpBuilder &b, Location loc, Value value,
                  ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  return buildElementwise(b, loc, value, type.clone(shape),
                          [](OpBuilder &, Location, ValueRange args) {
                            return args[0];
                          });
}

/// numpy.matmul: vectors are promoted to matrices; a matrix right operand
/// folds every leading dimension of the left one into M (one linalg.matmul);
/// otherwise batch dimensions broadcast and flatten into a batch_matmul.
struct MatMulLowering : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    Type elementType = lhsType.getElementType();
    if (lhsType.getRank() == 1)
      lhs = buildReshape(rewriter, loc, lhs,
                         lhsType.clone({1, lhsType.getDimSize(0)}));
    if (rhsType.getRank() == 1)
      rhs = buildReshape(rewriter, loc, rhs,
                         rhsType.clone({rhsType.getDimSize(0), 1}));
    ArrayRef<int64_t> lhsShape = cast<RankedTensorType>(lhs.getType()).getShape();
    ArrayRef<int64_t> rhsShape = cast<RankedTensorType>(rhs.getType()).getShape();
    int64_t m = lhsShape[lhsShape.size() - 2], k = lhsShape.back(),
            n = rhsShape.back();

    Value product;
    if (rhsShape.size() == 2) {
      int64_t rows = lhsType.getNumElements() / k;
      Value lhsMatrix = buildReshape(rewriter, loc, lhs,
                                     RankedTensorType::get({rows, k}, elementType));
      product = buildMatmul(rewriter, loc, lhsMatrix, rhs);
    } else {
      SmallVector<int64_t> batch;
      OpTrait::util::getBroadcastedShape(ArrayRef(lhsShape).drop_back(2),
                                         ArrayRef(rhsShape).drop_back(2), batch);
      int64_t batchSize = 1;
      for (int64_t dim : batch)
        batchSize *= dim;
      auto withBatch = [&](int64_t rows, int64_t cols) {
        SmallVector<int64_t> shape(batch);
        shape.append({rows, cols});
        return shape;
      };
      Value lhsBatched = buildReshape(
          rewriter, loc, broadcastTo(rewriter, loc, lhs, withBatch(m, k)),
          RankedTensorType::get({batchSize, m, k}, elementType));
      Value rhsBatched = buildReshape(
          rewriter, loc, broadcastTo(rewriter, loc, rhs, withBatch(k, n)),
          RankedTensorType::get({batchSize, k, n}, elementType));
      Value init = zeroAccumulator(rewriter, loc, {batchSize, m, n}, elementType);
      product = linalg::BatchMatmulOp::create(rewriter, loc, init.getType(),
                                              ValueRange{lhsBatched, rhsBatched},
                                              init)
                    .getResult(0);
    }
    rewriter.replaceOp(op, buildReshape(rewriter, loc, product, op.getType()));
    return success();
  }
};

/// alpha * op(A) op(B) + beta * C as transposes, a matmul and one
/// elementwise epilogue.
struct GemmLowering : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value a = op.getA(), b = op.getB();
    if (op.getTransA())
      a = buildTranspose(rewriter, loc, a, {1, 0});
    if (op.getTransB())
      b = buildTranspose(rewriter, loc, b, {1, 0});
    Value product = buildMatmul(rewriter, loc, a, b);
    float alpha = op.getAlpha().convertToFloat();
    float beta = op.getBeta().convertToFloat();
    Value c = op.getC();
    if (alpha == 1.0f && (!c || beta == 0.0f)) {
      rewriter.replaceOp(op, product);
      return success();
    }
    SmallVector<Value> inputs = {product};
    if (c && beta != 0.0f)
      inputs.push_back(c);
    Value result = buildElementwise(
        rewriter, loc, inputs, type,
        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          Value scaled = arith::MulFOp::create(
              nested, nestedLoc,
              buildScalar(nested, nestedLoc, args[0].getType(), alpha), args[0]);
          if (args.size() == 1)
            return scaled;
          Value bias = arith::MulFOp::create(
              nested, nestedLoc,
              buildScalar(nested, nestedLoc, args[1].getType(), beta), args[1]);
          return (Value)arith::AddFOp::create(nested, nestedLoc, scaled, bias);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateContractionLowering(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering>(patterns.getContext());
}

} // namespace dlc::lowering
