//===- LossImporters.cpp - ONNX's loss operators --------------------------===//
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opset 12 on), as
// formulas over the class axis: each sample's log-probability of its label
// is picked with gatherAlongAxis, weighted by its class weight, and reduced.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

#include <numeric>

using namespace mlir;

namespace dlc {
namespace {

/// `-logProb[n][target[n][d..]][d..] * weight[target[n][d..]]` for inputs
/// [N, C, d..] and targets [N, d..], then reduced as `reduction` asks; a
/// target equal to `ignore_index` contributes nothing, to the mean's
/// denominator (the sum of the weights used) included.
Value negativeLogLikelihood(NodeImporter &n, Value logProb, Value target,
                            Value weight) {
  std::string reduction = n.stringAttr("reduction", "mean");
  std::optional<int64_t> ignoreIndex;
  if (n.hasAttr("ignore_index"))
    ignoreIndex = n.intAttr("ignore_index", 0);
  if (n.failed())
    return {};
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    n.error() << "reduction '" << reduction
              << "' is not one of none, sum, mean";
    return {};
  }
  auto inputType = cast<RankedTensorType>(logProb.getType());
  auto targetType = cast<RankedTensorType>(target.getType());
  SmallVector<int64_t> expectedTarget(inputType.getShape());
  if (expectedTarget.size() >= 2)
    expectedTarget.erase(expectedTarget.begin() + 1);
  if (inputType.getRank() < 2 ||
      targetType.getShape() != ArrayRef<int64_t>(expectedTarget)) {
    n.error() << "expects input [N, C, d..] and target [N, d..], got "
              << inputType << " and " << targetType;
    return {};
  }
  if (weight && cast<RankedTensorType>(weight.getType()).getShape() !=
                    ArrayRef<int64_t>{inputType.getDimSize(1)}) {
    n.error() << "the class weights must be [C] = [" << inputType.getDimSize(1)
              << "], got " << weight.getType();
    return {};
  }
  DlcBuilder b(n.builder(), n.loc());
  Value kept;
  if (ignoreIndex) {
    Value ignored = b.equal(target, b.scalarLike(target, *ignoreIndex));
    kept = b.where(ignored, b.scalarLike(logProb, 0), b.scalarLike(logProb, 1));
    // An ignored target may be outside [0, C): read class 0 instead.
    target = b.where(ignored, b.scalarLike(target, 0), target);
  }
  Value picked = gatherAlongAxis(n, logProb, b.unsqueeze(target, {1}), 1);
  if (!picked)
    return {};
  Value loss = b.neg(b.reshape(picked, targetType.getShape()));
  Value sampleWeight = kept;
  if (weight) {
    Value classWeight = n.create<GatherOp>(weight, target,
                                           n.builder().getI64IntegerAttr(0));
    if (!classWeight)
      return {};
    sampleWeight = kept ? b.mul(classWeight, kept) : classWeight;
  }
  if (sampleWeight)
    loss = b.mul(loss, sampleWeight);
  if (reduction == "none")
    return loss;
  SmallVector<int64_t> everyAxis(targetType.getRank());
  std::iota(everyAxis.begin(), everyAxis.end(), 0);
  Value total = b.reduceSum(loss, everyAxis, /*keepdims=*/false);
  if (reduction == "sum")
    return total;
  Value count = sampleWeight
                    ? b.reduceSum(sampleWeight, everyAxis, /*keepdims=*/false)
                    : b.scalarLike(loss, targetType.getNumElements());
  return b.div(total, count);
}

void importNegativeLogLikelihoodLoss(NodeImporter &n) {
  Value input = n.input(0), target = n.input(1);
  Value weight = n.optionalInput(2);
  if (n.failed())
    return;
  if (Value loss = negativeLogLikelihood(n, input, target, weight))
    (void)n.setOutputs(loss);
}

/// The negative log-likelihood of log_softmax(scores) over axis 1; the
/// optional second output is that log_softmax.
void importSoftmaxCrossEntropyLoss(NodeImporter &n) {
  Value scores = n.input(0), labels = n.input(1);
  Value weight = n.optionalInput(2);
  n.limitOutputs(2, "SoftmaxCrossEntropyLoss has two outputs");
  if (n.failed())
    return;
  if (cast<RankedTensorType>(scores.getType()).getRank() < 2) {
    n.error() << "scores need a class axis (rank 2 or more)";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value logProb = b.logSoftmax(scores, 1);
  Value loss = negativeLogLikelihood(n, logProb, labels, weight);
  if (!loss)
    return;
  if (n.node().outputs_size() > 1)
    (void)n.setOutputs(SmallVector<Value, 2>{loss, logProb});
  else
    (void)n.setOutputs(loss);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &lossOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"NegativeLogLikelihoodLoss", importNegativeLogLikelihoodLoss},
      {"SoftmaxCrossEntropyLoss", importSoftmaxCrossEntropyLoss},
  };
  return importers;
}

} // namespace dlc
