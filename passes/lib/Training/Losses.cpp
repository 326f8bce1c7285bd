//===- Losses.cpp - Keras's losses as dlc graphs --------------------------===//
//
// Each loss is the mean over all elements of the batch (Keras's
// "sum over batch size" reduction). Crossentropies on probabilities that a
// softmax or sigmoid produced are computed from that op's input instead,
// the stable log-sum-exp form, as Keras does with its `_keras_logits`.
//
//===----------------------------------------------------------------------===//
#include "TrainingBuilders.h"

using namespace mlir;

namespace dlc {

/// Keras's clipping of probabilities before taking logarithms.
static constexpr double kProbabilityEpsilon = 1e-7;

RankedTensorType labelType(LossKind loss, RankedTensorType output) {
  if (loss != LossKind::SparseCategoricalCrossentropy)
    return output;
  return RankedTensorType::get(output.getShape().drop_back(),
                               IntegerType::get(output.getContext(), 64));
}

/// The logits behind `output`, or null when only probabilities are known.
template <typename ActivationOp>
static Value logitsOf(Value output, bool fromLogits) {
  if (fromLogits)
    return output;
  auto activation = output.getDefiningOp<ActivationOp>();
  if (!activation)
    return {};
  if constexpr (std::is_same_v<ActivationOp, SoftmaxOp>) {
    int64_t rank = tensorType(output).getRank();
    if (activation.getAxis() != -1 && activation.getAxis() != rank - 1)
      return {};
  }
  return activation.getInput();
}

static Value meanOfAll(DlcBuilder &b, Value value) {
  return b.reduceMean(value, {}, /*keepdims=*/false);
}

/// -sum(y log p) over classes, mean over the batch; `targets` holds
/// probabilities of the same shape as `output`.
static Value categoricalCrossentropy(DlcBuilder &b, Value output,
                                     Value targets, bool fromLogits) {
  Value logProbabilities;
  if (Value logits = logitsOf<SoftmaxOp>(output, fromLogits)) {
    logProbabilities = b.logSoftmax(logits, -1);
  } else {
    // Keras renormalizes and clips probabilities that came from elsewhere.
    Value normalized = b.div(output, b.reduceSum(output, {-1}, true));
    logProbabilities = b.log(
        b.clip(normalized, kProbabilityEpsilon, 1 - kProbabilityEpsilon));
  }
  Value perSample = b.reduceSum(b.mul(targets, logProbabilities), {-1}, false);
  return b.neg(meanOfAll(b, perSample));
}

/// -(y log p + (1 - y) log(1 - p)); from logits z the same quantity is
/// max(z, 0) - z y + log(1 + exp(-|z|)), which never overflows.
static Value binaryCrossentropy(DlcBuilder &b, Value output, Value targets,
                                bool fromLogits) {
  if (Value z = logitsOf<SigmoidOp>(output, fromLogits)) {
    Value value = b.add(b.sub(b.relu(z), b.mul(z, targets)),
                        b.softplus(b.neg(b.abs(z))));
    return meanOfAll(b, value);
  }
  Value p = b.clip(output, kProbabilityEpsilon, 1 - kProbabilityEpsilon);
  Value one = b.scalarLike(p, 1.0);
  Value value = b.add(b.mul(targets, b.log(p)),
                      b.mul(b.sub(one, targets), b.log(b.sub(one, p))));
  return b.neg(meanOfAll(b, value));
}

Value buildLoss(DlcBuilder &b, const TrainingSpec &spec, Value output,
                Value labels) {
  switch (spec.loss) {
  case LossKind::SparseCategoricalCrossentropy: {
    RankedTensorType type = tensorType(output);
    Value targets = b.oneHot(labels, type.getShape().back(),
                             type.getElementType());
    return categoricalCrossentropy(b, output, targets, spec.fromLogits);
  }
  case LossKind::CategoricalCrossentropy:
    return categoricalCrossentropy(b, output, labels, spec.fromLogits);
  case LossKind::BinaryCrossentropy:
    return binaryCrossentropy(b, output, labels, spec.fromLogits);
  case LossKind::MeanSquaredError: {
    Value difference = b.sub(output, labels);
    return meanOfAll(b, b.mul(difference, difference));
  }
  case LossKind::MeanAbsoluteError:
    return meanOfAll(b, b.abs(b.sub(output, labels)));
  }
  llvm_unreachable("unknown loss");
}

} // namespace dlc
