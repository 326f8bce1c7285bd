//===- ElementwiseGradients.cpp - Rules of elementwise ops ----------------===//
//
// `g` is the gradient of the result. Binary ops broadcast, so each operand's
// gradient is summed back to the operand's shape (sumToShape).
//
//===----------------------------------------------------------------------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

static Gradients gradient(NegOp, DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{b.neg(g[0])};
}

static Gradients gradient(IdentityOp, DlcBuilder &, ArrayRef<Value> g) {
  return SmallVector<Value>{g[0]};
}

/// d|x| = sign(x), taken as 0 at 0.
static Gradients gradient(AbsOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput(), zero = b.scalarLike(x, 0.0);
  Value negated = b.where(b.less(x, zero), b.neg(g[0]), zero);
  return SmallVector<Value>{b.where(b.greater(x, zero), g[0], negated)};
}

static Gradients gradient(ExpOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{b.mul(g[0], op.getResult())};
}

static Gradients gradient(LogOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{b.div(g[0], op.getInput())};
}

/// d sqrt(x) = 1 / (2 sqrt(x)).
static Gradients gradient(SqrtOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value twiceRoot = b.mul(op.getResult(), b.scalarLike(op.getResult(), 2.0));
  return SmallVector<Value>{b.div(g[0], twiceRoot)};
}

/// d tanh(x) = 1 - tanh(x)^2.
static Gradients gradient(TanhOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value y = op.getResult();
  Value slope = b.sub(b.scalarLike(y, 1.0), b.mul(y, y));
  return SmallVector<Value>{b.mul(g[0], slope)};
}

/// d erf(x) = 2 / sqrt(pi) exp(-x^2).
static Gradients gradient(ErfOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput();
  Value slope = b.mul(b.scalarLike(x, 1.1283791670955126),
                      b.exp(b.neg(b.mul(x, x))));
  return SmallVector<Value>{b.mul(g[0], slope)};
}

/// Floor, ceil and round are flat between their steps: gradient 0 (as in
/// every framework), so graphs that round can still be trained.
static Gradients stepGradient(DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{b.splat(tensorType(g[0]), 0.0)};
}
static Gradients gradient(FloorOp, DlcBuilder &b, ArrayRef<Value> g) {
  return stepGradient(b, g);
}
static Gradients gradient(CeilOp, DlcBuilder &b, ArrayRef<Value> g) {
  return stepGradient(b, g);
}
static Gradients gradient(RoundOp, DlcBuilder &b, ArrayRef<Value> g) {
  return stepGradient(b, g);
}

/// `g * slope`, the chain rule of every function of one argument below.
static Gradients scaled(DlcBuilder &b, ArrayRef<Value> g, Value slope) {
  return SmallVector<Value>{b.mul(g[0], slope)};
}

/// 1 / sqrt(sign * (x^2 - 1)): the slopes of asin, acos (sign -1) and acosh.
static Value inverseRootSlope(DlcBuilder &b, Value x, double sign) {
  Value squareMinusOne = b.sub(b.mul(x, x), b.scalarLike(x, 1.0));
  return b.div(b.scalarLike(x, 1.0),
               b.sqrt(b.mul(b.scalarLike(x, sign), squareMinusOne)));
}

static Gradients gradient(SinOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, CosOp::create(b.builder(), op.getInput()));
}
static Gradients gradient(CosOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, b.neg(SinOp::create(b.builder(), op.getInput())));
}
/// d tan(x) = 1 + tan(x)^2.
static Gradients gradient(TanOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value y = op.getResult();
  return scaled(b, g, b.add(b.scalarLike(y, 1.0), b.mul(y, y)));
}
static Gradients gradient(AsinOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, inverseRootSlope(b, op.getInput(), -1.0));
}
static Gradients gradient(AcosOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, b.neg(inverseRootSlope(b, op.getInput(), -1.0)));
}
/// d atan(x) = 1 / (1 + x^2).
static Gradients gradient(AtanOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput();
  return scaled(b, g,
                b.div(b.scalarLike(x, 1.0),
                      b.add(b.scalarLike(x, 1.0), b.mul(x, x))));
}
static Gradients gradient(SinhOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, CoshOp::create(b.builder(), op.getInput()));
}
static Gradients gradient(CoshOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, SinhOp::create(b.builder(), op.getInput()));
}
/// d asinh(x) = 1 / sqrt(x^2 + 1).
static Gradients gradient(AsinhOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput();
  return scaled(b, g,
                b.div(b.scalarLike(x, 1.0),
                      b.sqrt(b.add(b.mul(x, x), b.scalarLike(x, 1.0)))));
}
static Gradients gradient(AcoshOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return scaled(b, g, inverseRootSlope(b, op.getInput(), 1.0));
}
/// d atanh(x) = 1 / (1 - x^2).
static Gradients gradient(AtanhOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput();
  return scaled(b, g,
                b.div(b.scalarLike(x, 1.0),
                      b.sub(b.scalarLike(x, 1.0), b.mul(x, x))));
}

/// d sigmoid(x) = y (1 - y).
static Gradients gradient(SigmoidOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value y = op.getResult();
  Value slope = b.mul(y, b.sub(b.scalarLike(y, 1.0), y));
  return SmallVector<Value>{b.mul(g[0], slope)};
}

/// d softplus(x) = sigmoid(x).
static Gradients gradient(SoftplusOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return SmallVector<Value>{b.mul(g[0], b.sigmoid(op.getInput()))};
}

/// The subgradient 0 is taken at x = 0, as every framework does. Read from
/// the result (y > 0 exactly where x > 0): the input then has the ReLU as
/// its only reader, and the op producing it can apply the ReLU in its own
/// tiles (a convolution's epilogue).
static Gradients gradient(ReluOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value y = op.getResult(), zero = b.scalarLike(y, 0.0);
  return SmallVector<Value>{b.where(b.greater(y, zero), g[0], zero)};
}

static Gradients gradient(LeakyReluOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput();
  Value leak = b.mul(g[0], b.scalarLike(x, op.getAlpha().convertToDouble()));
  return SmallVector<Value>{
      b.where(b.less(x, b.scalarLike(x, 0.0)), leak, g[0])};
}

/// For x < 0, d elu(x) = alpha exp(x) = y + alpha.
static Gradients gradient(EluOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput(), y = op.getResult();
  Value alpha = b.scalarLike(x, op.getAlpha().convertToDouble());
  Value negative = b.mul(g[0], b.add(y, alpha));
  return SmallVector<Value>{
      b.where(b.greater(x, b.scalarLike(x, 0.0)), g[0], negative)};
}

/// For x <= 0, d selu(x) = gamma alpha exp(x) = y + gamma alpha.
static Gradients gradient(SeluOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput(), y = op.getResult();
  double gamma = op.getGamma().convertToDouble();
  double alpha = op.getAlpha().convertToDouble();
  Value positive = b.mul(g[0], b.scalarLike(x, gamma));
  Value negative = b.mul(g[0], b.add(y, b.scalarLike(x, gamma * alpha)));
  return SmallVector<Value>{
      b.where(b.greater(x, b.scalarLike(x, 0.0)), positive, negative)};
}

/// The gradient passes where the input lies inside the bounds.
static Gradients gradient(ClipOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value x = op.getInput(), zero = b.scalarLike(x, 0.0), result = g[0];
  if (std::optional<APFloat> max = op.getMax())
    result = b.where(b.greater(x, b.scalarLike(x, max->convertToDouble())),
                     zero, result);
  if (std::optional<APFloat> min = op.getMin())
    result = b.where(b.less(x, b.scalarLike(x, min->convertToDouble())), zero,
                     result);
  return SmallVector<Value>{result};
}

/// Dropout is linear in its input with a mask that (seed, stream) rebuild:
/// the gradient is the same dropout applied to g.
static Gradients gradient(DropoutOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value masked = DropoutOp::create(b.builder(), g[0].getType(), g[0],
                                   op.getSeed(), op.getRatioAttr(),
                                   op.getStreamAttr());
  return SmallVector<Value>{masked, Value()};
}

/// Noise shaped like its operand reads none of the operand's values: no
/// gradient flows back (the seed is an integer).
static Gradients gradient(RandomNormalOp, DlcBuilder &, ArrayRef<Value>) {
  return SmallVector<Value>{Value(), Value()};
}

/// Float-to-float casts pass the gradient back in the input's precision;
/// casts from or to integers carry none.
static Gradients gradient(CastOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Type from = tensorType(op.getInput()).getElementType();
  Type to = tensorType(op.getResult()).getElementType();
  if (!isa<FloatType>(from) || !isa<FloatType>(to))
    return SmallVector<Value>{Value()};
  return SmallVector<Value>{b.cast(g[0], from)};
}

static SmallVector<Value> binaryGradients(Operation *op, DlcBuilder &b,
                                          Value lhsGradient,
                                          Value rhsGradient) {
  return {b.sumToShape(lhsGradient, tensorType(op->getOperand(0))),
          b.sumToShape(rhsGradient, tensorType(op->getOperand(1)))};
}

static Gradients gradient(AddOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return binaryGradients(op, b, g[0], g[0]);
}

static Gradients gradient(SubOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return binaryGradients(op, b, g[0], b.neg(g[0]));
}

static Gradients gradient(MulOp op, DlcBuilder &b, ArrayRef<Value> g) {
  return binaryGradients(op, b, b.mul(g[0], op.getRhs()),
                         b.mul(g[0], op.getLhs()));
}

/// d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b.
static Gradients gradient(DivOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value lhsGradient = b.div(g[0], op.getRhs());
  Value rhsGradient =
      b.neg(b.div(b.mul(g[0], op.getResult()), op.getRhs()));
  return binaryGradients(op, b, lhsGradient, rhsGradient);
}

/// d(a^b)/da = b a^(b-1), d(a^b)/db = a^b log(a).
static Gradients gradient(PowOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value base = op.getLhs(), exponent = op.getRhs();
  Value lower = b.pow(base, b.sub(exponent, b.scalarLike(exponent, 1.0)));
  Value lhsGradient = b.mul(g[0], b.mul(exponent, lower));
  Value rhsGradient = b.mul(g[0], b.mul(op.getResult(), b.log(base)));
  return binaryGradients(op, b, lhsGradient, rhsGradient);
}

/// The condition selects which side receives the gradient.
static Gradients gradient(WhereOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value zero = b.scalarLike(g[0], 0.0);
  return SmallVector<Value>{
      Value(),
      b.sumToShape(b.where(op.getCondition(), g[0], zero),
                   tensorType(op.getLhs())),
      b.sumToShape(b.where(op.getCondition(), zero, g[0]),
                   tensorType(op.getRhs()))};
}

void registerElementwiseGradients(MLIRContext *context) {
  attachGradientRules<NegOp, IdentityOp, AbsOp, ExpOp, LogOp, SqrtOp, TanhOp,
                      ErfOp, FloorOp, CeilOp, RoundOp, SinOp, CosOp, TanOp,
                      AsinOp, AcosOp, AtanOp, SinhOp, CoshOp, AsinhOp, AcoshOp,
                      AtanhOp, SigmoidOp, SoftplusOp, ReluOp, LeakyReluOp, EluOp,
                      SeluOp, ClipOp, DropoutOp, RandomNormalOp, CastOp, AddOp,
                      SubOp, MulOp, DivOp, PowOp, WhereOp>(context);
}

} // namespace dlc
