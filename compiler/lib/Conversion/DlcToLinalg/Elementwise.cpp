//===- Elementwise.cpp - Lower elementwise dlc ops to linalg.generic ------===//
//
// Every elementwise op becomes one linalg.generic over the broadcast result
// shape; only the scalar computation differs, given by one scalarBody
// overload per op.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return buildScalar(b, loc, like.getType(), value);
}

Value floatCompare(OpBuilder &b, Location loc, arith::CmpFPredicate predicate,
                   Value lhs, Value rhs) {
  return arith::CmpFOp::create(b, loc, predicate, lhs, rhs);
}

Value scalarBody(NegOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return arith::NegFOp::create(b, loc, args[0]);
  return arith::SubIOp::create(b, loc, constantLike(b, loc, args[0], 0),
                               args[0]);
}
Value scalarBody(AbsOp op, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return math::AbsFOp::create(b, loc, args[0]);
  if (hasUnsignedOperands(op))
    return args[0];
  return math::AbsIOp::create(b, loc, args[0]);
}
Value scalarBody(ExpOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ExpOp::create(b, loc, args[0]);
}
Value scalarBody(LogOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::LogOp::create(b, loc, args[0]);
}
Value scalarBody(SqrtOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SqrtOp::create(b, loc, args[0]);
}
Value scalarBody(TanhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::TanhOp::create(b, loc, args[0]);
}

Value scalarBody(ErfOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ErfOp::create(b, loc, args[0]);
}
// Ops that are one math dialect op on the element.
#define DLC_MATH_BODY(DLC_OP, MATH_OP)                                         \
  Value scalarBody(DLC_OP, OpBuilder &b, Location loc, ValueRange args) {      \
    return math::MATH_OP::create(b, loc, args[0]);                             \
  }
DLC_MATH_BODY(FloorOp, FloorOp)
DLC_MATH_BODY(CeilOp, CeilOp)
DLC_MATH_BODY(RoundOp, RoundEvenOp)
DLC_MATH_BODY(SinOp, SinOp)
DLC_MATH_BODY(CosOp, CosOp)
DLC_MATH_BODY(TanOp, TanOp)
DLC_MATH_BODY(AsinOp, AsinOp)
DLC_MATH_BODY(AcosOp, AcosOp)
DLC_MATH_BODY(AtanOp, AtanOp)
DLC_MATH_BODY(SinhOp, SinhOp)
DLC_MATH_BODY(CoshOp, CoshOp)
DLC_MATH_BODY(AsinhOp, AsinhOp)
DLC_MATH_BODY(AcoshOp, AcoshOp)
DLC_MATH_BODY(AtanhOp, AtanhOp)
#undef DLC_MATH_BODY

Value scalarBody(SigmoidOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildSigmoid(b, loc, args[0]);
}
Value scalarBody(SoftplusOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildSoftplus(b, loc, args[0]);
}
Value scalarBody(ReluOp op, OpBuilder &b, Location loc, ValueRange args) {
  if (hasUnsignedOperands(op))
    return args[0];
  return buildMax(b, loc, args[0], constantLike(b, loc, args[0], 0.0));
}
Value scalarBody(LeakyReluOp op, OpBuilder &b, Location loc, ValueRange args) {
  return buildLeakyRelu(b, loc, args[0], op.getAlpha().convertToFloat());
}
Value scalarBody(EluOp op, OpBuilder &b, Location loc, ValueRange args) {
  return buildElu(b, loc, args[0], op.getAlpha().convertToFloat());
}
Value scalarBody(SeluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value elu = buildElu(b, loc, args[0], op.getAlpha().convertToFloat());
  return arith::MulFOp::create(
      b, loc, constantLike(b, loc, args[0], op.getGamma().convertToFloat()),
      elu);
}
Value scalarBody(ClipOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  if (std::optional<APFloat> low = op.getMin())
    x = arith::MaximumFOp::create(
        b, loc, x, constantLike(b, loc, x, low->convertToFloat()));
  if (std::optional<APFloat> high = op.getMax())
    x = arith::MinimumFOp::create(
        b, loc, x, constantLike(b, loc, x, high->convertToFloat()));
  return x;
}

Value scalarBody(AddOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildAdd(b, loc, args[0], args[1]);
}
Value scalarBody(SubOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return arith::SubFOp::create(b, loc, args[0], args[1]);
  return arith::SubIOp::create(b, loc, args[0], args[1]);
}
Value scalarBody(MulOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return arith::MulFOp::create(b, loc, args[0], args[1]);
  return arith::MulIOp::create(b, loc, args[0], args[1]);
}
Value scalarBody(DivOp op, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0].getType()))
    return arith::DivFOp::create(b, loc, args[0], args[1]);
  if (hasUnsignedOperands(op))
    return arith::DivUIOp::create(b, loc, args[0], args[1]);
  return arith::DivSIOp::create(b, loc, args[0], args[1]);
}
Value scalarBody(PowOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::PowFOp::create(b, loc, args[0], args[1]);
}

/// Shifts by the bit width or more are poison in arith; ONNX's BitShift
/// (like NumPy) moves every bit out, which `overflow` gives instead.
Value shift(OpBuilder &b, Location loc, Value shifted, Value overflow,
            ValueRange args) {
  Value width = constantLike(b, loc, args[1],
                             args[1].getType().getIntOrFloatBitWidth());
  Value tooFar = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                       args[1], width);
  return arith::SelectOp::create(b, loc, tooFar, overflow, shifted);
}
Value scalarBody(ShiftLeftOp, OpBuilder &b, Location loc, ValueRange args) {
  return shift(b, loc, arith::ShLIOp::create(b, loc, args[0], args[1]),
               constantLike(b, loc, args[0], 0), args);
}
Value scalarBody(ShiftRightOp op, OpBuilder &b, Location loc,
                 ValueRange args) {
  if (hasUnsignedOperands(op))
    return shift(b, loc, arith::ShRUIOp::create(b, loc, args[0], args[1]),
                 constantLike(b, loc, args[0], 0), args);
  // Shifting a signed value out leaves its sign in every bit.
  Value lastBit = constantLike(b, loc, args[0],
                               args[0].getType().getIntOrFloatBitWidth() - 1);
  return shift(b, loc, arith::ShRSIOp::create(b, loc, args[0], args[1]),
               arith::ShRSIOp::create(b, loc, args[0], lastBit), args);
}

Value compare(Operation *op, OpBuilder &b, Location loc, ValueRange args,
              arith::CmpFPredicate floatPredicate,
              arith::CmpIPredicate signedPredicate,
              arith::CmpIPredicate unsignedPredicate) {
  if (isFloat(args[0].getType()))
    return arith::CmpFOp::create(b, loc, floatPredicate, args[0], args[1]);
  return arith::CmpIOp::create(
      b, loc, hasUnsignedOperands(op) ? unsignedPredicate : signedPredicate,
      args[0], args[1]);
}
Value scalarBody(EqualOp op, OpBuilder &b, Location loc, ValueRange args) {
  return compare(op, b, loc, args, arith::CmpFPredicate::OEQ,
                 arith::CmpIPredicate::eq, arith::CmpIPredicate::eq);
}
Value scalarBody(LessOp op, OpBuilder &b, Location loc, ValueRange args) {
  return compare(op, b, loc, args, arith::CmpFPredicate::OLT,
                 arith::CmpIPredicate::slt, arith::CmpIPredicate::ult);
}
Value scalarBody(GreaterOp op, OpBuilder &b, Location loc, ValueRange args) {
  return compare(op, b, loc, args, arith::CmpFPredicate::OGT,
                 arith::CmpIPredicate::sgt, arith::CmpIPredicate::ugt);
}
Value scalarBody(WhereOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

Value scalarBody(CastOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type from = x.getType(), to = op.getTo();
  if (from == to)
    return x;
  // Bools and unsigned integers extend with zeros.
  bool fromUnsigned = from.isInteger(1) || hasUnsignedOperands(op);
  bool toBool = to.isInteger(1);
  if (toBool) {
    if (isFloat(from))
      return floatCompare(b, loc, arith::CmpFPredicate::UNE, x,
                          constantLike(b, loc, x, 0.0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                 constantLike(b, loc, x, 0));
  }
  if (isFloat(from) && isFloat(to)) {
    unsigned fromWidth = from.getIntOrFloatBitWidth(),
             toWidth = to.getIntOrFloatBitWidth();
    // f16 and bf16 have one width; f32 holds both exactly.
    if (fromWidth == toWidth)
      x = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
    if (fromWidth < toWidth)
      return arith::ExtFOp::create(b, loc, to, x);
    return arith::TruncFOp::create(b, loc, to, x);
  }
  if (isFloat(from))
    return hasUnsignedResults(op)
               ? (Value)arith::FPToUIOp::create(b, loc, to, x)
               : (Value)arith::FPToSIOp::create(b, loc, to, x);
  if (isFloat(to))
    return fromUnsigned ? (Value)arith::UIToFPOp::create(b, loc, to, x)
                        : (Value)arith::SIToFPOp::create(b, loc, to, x);
  if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
    return fromUnsigned ? (Value)arith::ExtUIOp::create(b, loc, to, x)
                        : (Value)arith::ExtSIOp::create(b, loc, to, x);
  return arith::TruncIOp::create(b, loc, to, x);
}

template <typename OpTy>
struct ElementwiseLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), op->getOperands(), resultType,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return scalarBody(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// scale * (x - mean) / sqrt(variance + epsilon) + bias, with the per-channel
/// vectors reshaped to C x 1 x ... so they broadcast along dimension 1.
struct BatchNormLowering : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    SmallVector<int64_t> channelShape(type.getRank() - 1, 1);
    channelShape[0] = type.getDimSize(1);
    auto channelType =
        RankedTensorType::get(channelShape, type.getElementType());
    SmallVector<Value> inputs = {op.getInput()};
    for (Value vector : {op.getScale(), op.getBias(), op.getMean(),
                         op.getVariance()})
      inputs.push_back(buildReshape(rewriter, loc, vector, channelType));
    float epsilon = op.getEpsilon().convertToFloat();
    Value result = buildElementwise(
        rewriter, loc, inputs, type,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value x = args[0], scale = args[1], bias = args[2], mean = args[3],
                variance = args[4];
          Value deviation =
              math::SqrtOp::create(b, nestedLoc,
                                   arith::AddFOp::create(
                                       b, nestedLoc, variance,
                                       constantLike(b, nestedLoc, x, epsilon)));
          Value centered = arith::SubFOp::create(b, nestedLoc, x, mean);
          Value normalized =
              arith::DivFOp::create(b, nestedLoc, centered, deviation);
          return arith::AddFOp::create(
              b, nestedLoc, arith::MulFOp::create(b, nestedLoc, normalized, scale),
              bias);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateElementwiseLowering(RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<NegOp>, ElementwiseLowering<AbsOp>,
               ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
               ElementwiseLowering<SqrtOp>, ElementwiseLowering<TanhOp>,
               ElementwiseLowering<ErfOp>, ElementwiseLowering<FloorOp>,
               ElementwiseLowering<CeilOp>, ElementwiseLowering<RoundOp>,
               ElementwiseLowering<SinOp>, ElementwiseLowering<CosOp>,
               ElementwiseLowering<TanOp>, ElementwiseLowering<AsinOp>,
               ElementwiseLowering<AcosOp>, ElementwiseLowering<AtanOp>,
               ElementwiseLowering<SinhOp>, ElementwiseLowering<CoshOp>,
               ElementwiseLowering<AsinhOp>, ElementwiseLowering<AcoshOp>,
               ElementwiseLowering<AtanhOp>,
               ElementwiseLowering<SigmoidOp>, ElementwiseLowering<SoftplusOp>,
               ElementwiseLowering<ReluOp>, ElementwiseLowering<LeakyReluOp>,
               ElementwiseLowering<EluOp>, ElementwiseLowering<SeluOp>,
               ElementwiseLowering<ClipOp>, ElementwiseLowering<AddOp>,
               ElementwiseLowering<SubOp>, ElementwiseLowering<MulOp>,
               ElementwiseLowering<DivOp>, ElementwiseLowering<PowOp>,
               ElementwiseLowering<ShiftLeftOp>,
               ElementwiseLowering<ShiftRightOp>,
               ElementwiseLowering<EqualOp>, ElementwiseLowering<LessOp>,
               ElementwiseLowering<GreaterOp>, ElementwiseLowering<WhereOp>,
               ElementwiseLowering<CastOp>, BatchNormLowering>(
      patterns.getContext());
}

} // namespace dlc::lowering
