//===- Optimizers.cpp - Optimizer updates as dlc graphs -------------------===//
//
// The update rules of Keras (TensorFlow 2), so that a recipe tuned there
// behaves the same here:
//   SGD      v = m v - lr g;  p += v  (Nesterov: p += m v - lr g)
//   RMSprop  a = rho a + (1 - rho) g^2;  p -= lr g / sqrt(a + eps)
//   Adam     m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//            p -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)
//
//===----------------------------------------------------------------------===//
#include "TrainingBuilders.h"
#include "dlc/Training/TrainingFunctions.h"

using namespace mlir;

namespace dlc {

std::vector<std::string> optimizerSlots(const OptimizerSpec &spec) {
  switch (spec.kind) {
  case OptimizerKind::SGD:
    if (spec.momentum == 0.0)
      return {};
    return {"momentum"};
  case OptimizerKind::RMSprop:
    return {"rms"};
  case OptimizerKind::Adam:
    return {"m", "v"};
  }
  llvm_unreachable("unknown optimizer");
}

/// decay * old + (1 - decay) * update
static Value movingAverage(DlcBuilder &b, Value old, Value update,
                           double decay) {
  return b.add(b.mul(old, b.scalarLike(old, decay)),
               b.mul(update, b.scalarLike(update, 1.0 - decay)));
}

SmallVector<Value> buildOptimizerUpdate(DlcBuilder &b,
                                        const OptimizerSpec &spec,
                                        Value parameter, Value gradient,
                                        ValueRange slots, Value learningRate,
                                        Value iteration) {
  Value step = b.mul(gradient, learningRate);
  switch (spec.kind) {
  case OptimizerKind::SGD: {
    if (spec.momentum == 0.0)
      return {b.sub(parameter, step)};
    Value momentum = b.scalarLike(parameter, spec.momentum);
    Value velocity = b.sub(b.mul(slots[0], momentum), step);
    Value change =
        spec.nesterov ? b.sub(b.mul(velocity, momentum), step) : velocity;
    return {b.add(parameter, change), velocity};
  }
  case OptimizerKind::RMSprop: {
    Value meanSquare =
        movingAverage(b, slots[0], b.mul(gradient, gradient), spec.rho);
    // Keras adds epsilon under the square root here (unlike Adam), which
    // damps the steps of weights whose gradients are rare.
    Value denominator =
        b.sqrt(b.add(meanSquare, b.scalarLike(parameter, spec.epsilon)));
    return {b.sub(parameter, b.div(step, denominator)), meanSquare};
  }
  case OptimizerKind::Adam: {
    Value m = movingAverage(b, slots[0], gradient, spec.beta1);
    Value v = movingAverage(b, slots[1], b.mul(gradient, gradient), spec.beta2);
    Value one = b.scalarLike(parameter, 1.0);
    Value beta1Power = b.pow(b.scalarLike(parameter, spec.beta1), iteration);
    Value beta2Power = b.pow(b.scalarLike(parameter, spec.beta2), iteration);
    Value correctedRate =
        b.div(b.mul(learningRate, b.sqrt(b.sub(one, beta2Power))),
              b.sub(one, beta1Power));
    Value denominator =
        b.add(b.sqrt(v), b.scalarLike(parameter, spec.epsilon));
    Value update = b.mul(correctedRate, b.div(m, denominator));
    return {b.sub(parameter, update), m, v};
  }
  }
  llvm_unreachable("unknown optimizer");
}

} // namespace dlc
