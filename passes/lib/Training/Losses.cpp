//===- Losses.cpp - Keras's losses as dlc graphs --------------------------===//
//
// Each loss is the mean over all elements of the batch (Keras's
// "sum over batch size" reduction), counting only the samples the batch's
// mask keeps: a batch padded to the compiled size has the loss of its real
// samples. Crossentropies on probabilities that a
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

Value maskedMean(DlcBuilder &b, Value value, Value mask) {
  RankedTensorType type = tensorType(value);
  int64_t samples = type.getDimSize(0);
  SmallVector<int64_t> perSampleShape(type.getRank(), 1);
  perSampleShape[0] = samples;
  Value weights =
      type.getRank() == 1 ? mask : b.reshape(mask, perSampleShape);
  Value total = b.reduceSum(b.mul(value, weights), {}, /*keepdims=*/false);
  Value count = b.reduceSum(mask, {}, /*keepdims=*/false);
  if (int64_t perSample = type.getNumElements() / samples; perSample != 1)
    count = b.mul(count, b.scalarLike(count, perSample));
  return b.div(total, count);
}

/// -sum(y log p) over classes, mean over the batch; `targets` holds
/// probabilities of the same shape as `output`.
static Value categoricalCrossentropy(DlcBuilder &b, Value output,
                                     Value targets, Value mask,
                                     bool fromLogits) {
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
  return b.neg(maskedMean(b, perSample, mask));
}

/// -(y log p + (1 - y) log(1 - p)); from logits z the same quantity is
/// max(z, 0) - z y + log(1 + exp(-|z|)), which never overflows.
static Value binaryCrossentropy(DlcBuilder &b, Value output, Value targets,
                                Value mask, bool fromLogits) {
  if (Value z = logitsOf<SigmoidOp>(output, fromLogits)) {
    Value value = b.add(b.sub(b.relu(z), b.mul(z, targets)),
                        b.softplus(b.neg(b.abs(z))));
    return maskedMean(b, value, mask);
  }
  Value p = b.clip(output, kProbabilityEpsilon, 1 - kProbabilityEpsilon);
  Value one = b.scalarLike(p, 1.0);
  Value value = b.add(b.mul(targets, b.log(p)),
                      b.mul(b.sub(one, targets), b.log(b.sub(one, p))));
  return b.neg(maskedMean(b, value, mask));
}

Value buildLoss(DlcBuilder &b, const OutputObjective &objective, Value output,
                Value labels, Value mask) {
  bool fromLogits = objective.fromLogits;
  switch (objective.loss) {
  case LossKind::SparseCategoricalCrossentropy: {
    RankedTensorType type = tensorType(output);
    Value targets = b.oneHot(labels, type.getShape().back(),
                             type.getElementType());
    return categoricalCrossentropy(b, output, targets, mask, fromLogits);
  }
  case LossKind::CategoricalCrossentropy:
    return categoricalCrossentropy(b, output, labels, mask, fromLogits);
  case LossKind::BinaryCrossentropy:
    return binaryCrossentropy(b, output, labels, mask, fromLogits);
  case LossKind::MeanSquaredError: {
    Value difference = b.sub(output, labels);
    return maskedMean(b, b.mul(difference, difference), mask);
  }
  case LossKind::MeanAbsoluteError:
    return maskedMean(b, b.abs(b.sub(output, labels)), mask);
  }
  llvm_unreachable("unknown loss");
}

} // namespace dlc
