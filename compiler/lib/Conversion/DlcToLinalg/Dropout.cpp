//===- Dropout.cpp - Lower dlc.dropout (counter-based random masks) -------===//
//
// The mask needs no state: element i of a dropout with key k is kept when
// the top 24 bits of splitmix64's finalizer applied to k + (i+1)*golden,
// read as a number in [0, 1), are >= ratio. The same (seed, stream, i)
// always gives the same bit, so the gradient rebuilds the mask instead of
// storing it, and runs repeat exactly.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

Value constantI64(OpBuilder &b, Location loc, uint64_t value) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(),
                                      static_cast<int64_t>(value));
}

/// z ^ (z >> shift)
Value xorShift(OpBuilder &b, Location loc, Value z, unsigned shift) {
  return arith::XOrIOp::create(
      b, loc, z, arith::ShRUIOp::create(b, loc, z, constantI64(b, loc, shift)));
}

/// splitmix64's output function of the state `z`.
Value splitMixFinalize(OpBuilder &b, Location loc, Value z) {
  z = arith::MulIOp::create(b, loc, xorShift(b, loc, z, 30),
                            constantI64(b, loc, 0xBF58476D1CE4E5B9ull));
  z = arith::MulIOp::create(b, loc, xorShift(b, loc, z, 27),
                            constantI64(b, loc, 0x94D049BB133111EBull));
  return xorShift(b, loc, z, 31);
}

struct DropoutLowering : OpRewritePattern<DropoutOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DropoutOp op,
                                PatternRewriter &rewriter) const override {
    double ratio = op.getRatio().convertToDouble();
    if (!op.getSeed() || ratio == 0.0) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    // The key mixes the step's seed with the layer's stream.
    Value seed = tensor::ExtractOp::create(rewriter, loc, op.getSeed(),
                                           ValueRange{});
    Value key = arith::XOrIOp::create(
        rewriter, loc, seed,
        constantI64(rewriter, loc,
                    static_cast<uint64_t>(op.getStream()) *
                        0xD1B54A32D192ED03ull));
    Type elementType = type.getElementType();
    double scale = 1.0 / (1.0 - ratio);
    ArrayRef<int64_t> shape = type.getShape();
    Value result = buildElementwise(
        rewriter, loc, op.getInput(), type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          // Row-major linear index of the element.
          Value linear = constantI64(b, nestedLoc, 0);
          for (auto [dim, size] : llvm::enumerate(shape)) {
            Value index = arith::IndexCastOp::create(
                b, nestedLoc, b.getI64Type(),
                linalg::IndexOp::create(b, nestedLoc, dim));
            linear = arith::AddIOp::create(
                b, nestedLoc,
                arith::MulIOp::create(b, nestedLoc, linear,
                                      constantI64(b, nestedLoc, size)),
                index);
          }
          Value counter = arith::AddIOp::create(
              b, nestedLoc, linear, constantI64(b, nestedLoc, 1));
          Value state = arith::AddIOp::create(
              b, nestedLoc, key,
              arith::MulIOp::create(
                  b, nestedLoc, counter,
                  constantI64(b, nestedLoc, 0x9E3779B97F4A7C15ull)));
          Value bits = arith::ShRUIOp::create(
              b, nestedLoc, splitMixFinalize(b, nestedLoc, state),
              constantI64(b, nestedLoc, 40));
          // 24 bits convert to f32 exactly; compare against ratio * 2^24.
          Value threshold = constantI64(
              b, nestedLoc, static_cast<uint64_t>(std::ceil(ratio * 0x1p24)));
          Value keep = arith::CmpIOp::create(
              b, nestedLoc, arith::CmpIPredicate::uge, bits, threshold);
          Value scaled = arith::MulFOp::create(
              b, nestedLoc, args[0], buildScalar(b, nestedLoc, elementType, scale));
          return arith::SelectOp::create(
              b, nestedLoc, keep, scaled,
              buildScalar(b, nestedLoc, elementType, 0.0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateDropoutLowering(RewritePatternSet &patterns) {
  patterns.add<DropoutLowering>(patterns.getContext());
}

} // namespace dlc::lowering
