//===- Metrics.cpp - Keras's metrics as dlc graphs ------------------------===//
#include "TrainingBuilders.h"

using namespace mlir;

namespace dlc {

Value buildMetric(DlcBuilder &b, MetricKind metric,
                  const OutputObjective &objective, Value output, Value labels,
                  Value mask) {
  // The fraction of true elements of a boolean tensor.
  auto fractionTrue = [&](Value hits, Type elementType) {
    return maskedMean(b, b.cast(hits, elementType), mask);
  };
  Type elementType = tensorType(output).getElementType();
  switch (metric) {
  case MetricKind::SparseCategoricalAccuracy:
    return fractionTrue(b.equal(b.argMax(output, -1, false), labels),
                        elementType);
  case MetricKind::CategoricalAccuracy:
    return fractionTrue(b.equal(b.argMax(output, -1, false),
                                b.argMax(labels, -1, false)),
                        elementType);
  case MetricKind::BinaryAccuracy: {
    // A probability of 0.5 is a logit of 0.
    Value threshold = b.scalarLike(output, objective.fromLogits ? 0.0 : 0.5);
    Value predicted = b.cast(b.greater(output, threshold), elementType);
    return fractionTrue(b.equal(predicted, labels), elementType);
  }
  case MetricKind::MeanAbsoluteError:
    return maskedMean(b, b.abs(b.sub(output, labels)), mask);
  }
  llvm_unreachable("unknown metric");
}

} // namespace dlc
