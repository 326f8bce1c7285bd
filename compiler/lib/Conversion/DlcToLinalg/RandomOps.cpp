//===- RandomOps.cpp - Lower dlc.dropout and dlc.random_normal ------------===//
//
// Both draw from a counter-based generator and need no state: the draw
// number c of an op with key k is splitmix64's finalizer applied to
// k + c * golden, where k mixes the step's seed with the op's stream. The
// same (seed, stream, c) always gives the same bits, so a dropout's
// gradient rebuilds its mask instead of storing it, and runs repeat
// exactly.
//
// - dropout: element i is kept when the top 24 bits of draw i + 1, read as
//   a number in [0, 1), are >= ratio;
// - random_normal: element i is mean + scale * sqrt(-2 ln u1) cos(2 pi u2)
//   (Box-Muller), u1 and u2 the top 53 bits of draws 2i + 1 and 2i + 2
//   read as numbers in (0, 1].
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

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

/// The key of an op: its stream mixed into the step's seed (a scalar
/// tensor), or the stream alone without a seed.
Value streamKey(OpBuilder &b, Location loc, Value seed, int64_t stream) {
  Value mix =
      constantI64(b, loc, static_cast<uint64_t>(stream) * 0xD1B54A32D192ED03ull);
  if (!seed)
    return mix;
  return arith::XOrIOp::create(
      b, loc, tensor::ExtractOp::create(b, loc, seed, ValueRange{}), mix);
}

/// Inside a linalg body over `shape`: the row-major index of the element.
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Value linear = constantI64(b, loc, 0);
  for (auto [dim, size] : llvm::enumerate(shape)) {
    Value index = arith::IndexCastOp::create(
        b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, dim));
    linear = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, linear, constantI64(b, loc, size)),
        index);
  }
  return linear;
}

/// The 64 bits of draw number `counter` of the generator keyed `key`.
Value draw(OpBuilder &b, Location loc, Value key, Value counter) {
  Value state = arith::AddIOp::create(
      b, loc, key,
      arith::MulIOp::create(b, loc, counter,
                            constantI64(b, loc, 0x9E3779B97F4A7C15ull)));
  return splitMixFinalize(b, loc, state);
}

/// The key of a random op whose result has a static shape, which both
/// lowerings need (the counter is the element's row-major index).
template <typename OpTy>
FailureOr<Value> staticKey(OpTy op, PatternRewriter &rewriter) {
  if (!op.getType().hasStaticShape())
    return rewriter.notifyMatchFailure(op, "needs static shapes");
  return streamKey(rewriter, op.getLoc(), op.getSeed(), op.getStream());
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
    FailureOr<Value> key = staticKey(op, rewriter);
    if (failed(key))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    double scale = 1.0 / (1.0 - ratio);
    ArrayRef<int64_t> shape = type.getShape();
    Value result = buildElementwise(
        rewriter, loc, op.getInput(), type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value counter = arith::AddIOp::create(
              b, nestedLoc, linearIndex(b, nestedLoc, shape),
              constantI64(b, nestedLoc, 1));
          Value bits = arith::ShRUIOp::create(
              b, nestedLoc, draw(b, nestedLoc, *key, counter),
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

struct RandomNormalLowering : OpRewritePattern<RandomNormalOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RandomNormalOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<Value> key = staticKey(op, rewriter);
    if (failed(key))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    double mean = op.getMean().convertToDouble();
    double scale = op.getScale().convertToDouble();
    ArrayRef<int64_t> shape = type.getShape();
    Value result = buildElementwise(
        rewriter, loc, op.getLike(), type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange) -> Value {
          Value twice = arith::MulIOp::create(
              b, nestedLoc, linearIndex(b, nestedLoc, shape),
              constantI64(b, nestedLoc, 2));
          // (top 53 bits + 1) * 2^-53: a uniform in (0, 1], so log is finite.
          auto uniform = [&](uint64_t offset) {
            Value counter = arith::AddIOp::create(
                b, nestedLoc, twice, constantI64(b, nestedLoc, offset));
            Value bits = arith::ShRUIOp::create(
                b, nestedLoc, draw(b, nestedLoc, *key, counter),
                constantI64(b, nestedLoc, 11));
            Value real = arith::UIToFPOp::create(
                b, nestedLoc, b.getF64Type(),
                arith::AddIOp::create(b, nestedLoc, bits,
                                      constantI64(b, nestedLoc, 1)));
            return arith::MulFOp::create(
                b, nestedLoc, real,
                buildScalar(b, nestedLoc, b.getF64Type(), 0x1p-53));
          };
          Value radius = math::SqrtOp::create(
              b, nestedLoc,
              arith::MulFOp::create(
                  b, nestedLoc, buildScalar(b, nestedLoc, b.getF64Type(), -2.0),
                  math::LogOp::create(b, nestedLoc, uniform(1))));
          Value angle = arith::MulFOp::create(
              b, nestedLoc, uniform(2),
              buildScalar(b, nestedLoc, b.getF64Type(), 2 * M_PI));
          Value normal = arith::MulFOp::create(
              b, nestedLoc, radius, math::CosOp::create(b, nestedLoc, angle));
          Value value = arith::AddFOp::create(
              b, nestedLoc, buildScalar(b, nestedLoc, b.getF64Type(), mean),
              arith::MulFOp::create(
                  b, nestedLoc, normal,
                  buildScalar(b, nestedLoc, b.getF64Type(), scale)));
          if (elementType.isF64())
            return value;
          return arith::TruncFOp::create(b, nestedLoc, elementType, value);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateRandomOpsLowering(RewritePatternSet &patterns) {
  patterns.add<DropoutLowering, RandomNormalLowering>(patterns.getContext());
}

} // namespace dlc::lowering
