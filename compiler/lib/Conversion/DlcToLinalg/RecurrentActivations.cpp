//===- RecurrentActivations.cpp - Gate functions and their slopes ---------===//
#include "RecurrentActivations.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

Value sub(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::SubFOp::create(b, loc, lhs, rhs);
}
Value constant(OpBuilder &b, Location loc, Value like, double value) {
  return buildScalar(b, loc, like.getType(), value);
}
Value select(OpBuilder &b, Location loc, arith::CmpFPredicate predicate,
             Value lhs, Value rhs, Value ifTrue, Value ifFalse) {
  Value condition = arith::CmpFOp::create(b, loc, predicate, lhs, rhs);
  return arith::SelectOp::create(b, loc, condition, ifTrue, ifFalse);
}
/// 1 - tanh(x)^2.
Value tanhSlope(OpBuilder &b, Location loc, Value x) {
  Value y = math::TanhOp::create(b, loc, x);
  return sub(b, loc, constant(b, loc, x, 1.0), buildMul(b, loc, y, y));
}

} // namespace

Value activate(OpBuilder &b, Location loc, const RecurrentActivation &fn,
               Value x) {
  auto alpha = [&] { return constant(b, loc, x, fn.alpha); };
  auto beta = [&] { return constant(b, loc, x, fn.beta); };
  auto zero = [&] { return constant(b, loc, x, 0.0); };
  switch (fn.kind) {
  case RecurrentActivationKind::Relu:
    return buildMax(b, loc, x, zero());
  case RecurrentActivationKind::Tanh:
    return math::TanhOp::create(b, loc, x);
  case RecurrentActivationKind::Sigmoid:
    return buildSigmoid(b, loc, x);
  case RecurrentActivationKind::Affine:
    return buildAdd(b, loc, buildMul(b, loc, alpha(), x), beta());
  case RecurrentActivationKind::LeakyRelu:
    return buildLeakyRelu(b, loc, x, fn.alpha);
  case RecurrentActivationKind::ThresholdedRelu:
    return select(b, loc, arith::CmpFPredicate::OGT, x, alpha(), x, zero());
  case RecurrentActivationKind::ScaledTanh:
    return buildMul(b, loc, alpha(),
               math::TanhOp::create(b, loc, buildMul(b, loc, beta(), x)));
  case RecurrentActivationKind::HardSigmoid: {
    Value linear = buildAdd(b, loc, buildMul(b, loc, alpha(), x), beta());
    return arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, linear, zero()),
        constant(b, loc, x, 1.0));
  }
  case RecurrentActivationKind::Elu:
    return buildElu(b, loc, x, fn.alpha);
  case RecurrentActivationKind::Softsign:
    return arith::DivFOp::create(b, loc, x,
                                 buildAdd(b, loc, constant(b, loc, x, 1.0),
                                          math::AbsFOp::create(b, loc, x)));
  case RecurrentActivationKind::Softplus:
    return buildSoftplus(b, loc, x);
  }
  llvm_unreachable("unknown recurrent activation");
}

Value activationSlope(OpBuilder &b, Location loc, const RecurrentActivation &fn,
                      Value x) {
  auto alpha = [&] { return constant(b, loc, x, fn.alpha); };
  auto beta = [&] { return constant(b, loc, x, fn.beta); };
  auto zero = [&] { return constant(b, loc, x, 0.0); };
  auto one = [&] { return constant(b, loc, x, 1.0); };
  using Predicate = arith::CmpFPredicate;
  switch (fn.kind) {
  case RecurrentActivationKind::Relu:
    return select(b, loc, Predicate::OGT, x, zero(), one(), zero());
  case RecurrentActivationKind::Tanh:
    return tanhSlope(b, loc, x);
  case RecurrentActivationKind::Sigmoid: {
    Value y = buildSigmoid(b, loc, x);
    return buildMul(b, loc, y, sub(b, loc, one(), y));
  }
  case RecurrentActivationKind::Affine:
    return alpha();
  case RecurrentActivationKind::LeakyRelu:
    return select(b, loc, Predicate::OLT, x, zero(), alpha(), one());
  case RecurrentActivationKind::ThresholdedRelu:
    return select(b, loc, Predicate::OGT, x, alpha(), one(), zero());
  case RecurrentActivationKind::ScaledTanh:
    // alpha tanh(beta x) changes by alpha beta (1 - tanh(beta x)^2).
    return buildMul(b, loc, buildMul(b, loc, alpha(), beta()),
               tanhSlope(b, loc, buildMul(b, loc, beta(), x)));
  case RecurrentActivationKind::HardSigmoid: {
    // Slope alpha where alpha x + beta lies strictly inside (0, 1).
    Value linear = buildAdd(b, loc, buildMul(b, loc, alpha(), x), beta());
    Value inside = arith::AndIOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, Predicate::OGT, linear, zero()),
        arith::CmpFOp::create(b, loc, Predicate::OLT, linear, one()));
    return arith::SelectOp::create(b, loc, inside, alpha(), zero());
  }
  case RecurrentActivationKind::Elu:
    return select(b, loc, Predicate::OLT, x, zero(),
                  buildMul(b, loc, alpha(), math::ExpOp::create(b, loc, x)),
                  one());
  case RecurrentActivationKind::Softsign: {
    Value denominator =
        buildAdd(b, loc, one(), math::AbsFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, one(),
                                 buildMul(b, loc, denominator, denominator));
  }
  case RecurrentActivationKind::Softplus:
    return buildSigmoid(b, loc, x);
  }
  llvm_unreachable("unknown recurrent activation");
}

Value GateActivations::clipped(OpBuilder &b, Location loc, Value x) const {
  if (!clip)
    return x;
  x = arith::MaximumFOp::create(b, loc, x, constant(b, loc, x, -*clip));
  return arith::MinimumFOp::create(b, loc, x, constant(b, loc, x, *clip));
}

Value GateActivations::gate(OpBuilder &b, Location loc, unsigned index,
                            Value x) const {
  return activate(b, loc, functions[index], clipped(b, loc, x));
}

Value GateActivations::gateSlope(OpBuilder &b, Location loc, unsigned index,
                                 Value x) const {
  Value slope = activationSlope(b, loc, functions[index], clipped(b, loc, x));
  if (!clip)
    return slope;
  // The clip passes changes of x on only strictly inside its bounds.
  Value inside = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OLT, math::AbsFOp::create(b, loc, x),
      constant(b, loc, x, *clip));
  return arith::SelectOp::create(b, loc, inside, slope,
                                 constant(b, loc, x, 0.0));
}

} // namespace dlc::lowering
