//===- Metrics.cpp - Keras's metrics as dlc graphs ------------------------===//
#include "TrainingBuilders.h"

using namespace mlir;

namespace dlc {

/// The fraction of true elements of a boolean tensor.
static Value fractionTrue(DlcBuilder &b, Value hits, Type elementType) {
  return b.reduceMean(b.cast(hits, elementType), {}, /*keepdims=*/false);
}

Value buildMetric(DlcBuilder &b, MetricKind metric, const TrainingSpec &spec,
                  Value output, Value labels) {
  Type elementType = tensorType(output).getElementType();
  switch (metric) {
  case MetricKind::SparseCategoricalAccuracy:
    return fractionTrue(b, b.equal(b.argMax(output, -1, false), labels),
                        elementType);
  case MetricKind::CategoricalAccuracy:
    return fractionTrue(b,
                        b.equal(b.argMax(output, -1, false),
                                b.argMax(labels, -1, false)),
                        elementType);
  case MetricKind::BinaryAccuracy: {
    // A probability of 0.5 is a logit of 0.
    Value threshold = b.scalarLike(output, spec.fromLogits ? 0.0 : 0.5);
    Value predicted = b.cast(b.greater(output, threshold), elementType);
    return fractionTrue(b, b.equal(predicted, labels), elementType);
  }
  case MetricKind::MeanAbsoluteError:
    return b.reduceMean(b.abs(b.sub(output, labels)), {}, false);
  }
  llvm_unreachable("unknown metric");
}

} // namespace dlc
