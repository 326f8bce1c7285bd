//===- TrainingSpec.cpp - Keras's names for losses, metrics, optimizers ---===//
#include "dlc/Training/TrainingSpec.h"

namespace dlc {

std::optional<LossKind> lossFromName(const std::string &name) {
  if (name == "binary_crossentropy")
    return LossKind::BinaryCrossentropy;
  if (name == "categorical_crossentropy")
    return LossKind::CategoricalCrossentropy;
  if (name == "sparse_categorical_crossentropy")
    return LossKind::SparseCategoricalCrossentropy;
  if (name == "mse" || name == "mean_squared_error")
    return LossKind::MeanSquaredError;
  if (name == "mae" || name == "mean_absolute_error")
    return LossKind::MeanAbsoluteError;
  return std::nullopt;
}

std::optional<OptimizerKind> optimizerFromName(const std::string &name) {
  if (name == "sgd")
    return OptimizerKind::SGD;
  if (name == "rmsprop")
    return OptimizerKind::RMSprop;
  if (name == "adam")
    return OptimizerKind::Adam;
  return std::nullopt;
}

std::optional<MetricKind> metricFromName(const std::string &name,
                                         LossKind loss) {
  if (name == "accuracy" || name == "acc") {
    switch (loss) {
    case LossKind::BinaryCrossentropy:
      return MetricKind::BinaryAccuracy;
    case LossKind::CategoricalCrossentropy:
      return MetricKind::CategoricalAccuracy;
    case LossKind::SparseCategoricalCrossentropy:
      return MetricKind::SparseCategoricalAccuracy;
    case LossKind::MeanSquaredError:
    case LossKind::MeanAbsoluteError:
      return std::nullopt; // Accuracy means nothing for a regression.
    }
  }
  if (name == "binary_accuracy")
    return MetricKind::BinaryAccuracy;
  if (name == "categorical_accuracy")
    return MetricKind::CategoricalAccuracy;
  if (name == "sparse_categorical_accuracy")
    return MetricKind::SparseCategoricalAccuracy;
  if (name == "mae" || name == "mean_absolute_error")
    return MetricKind::MeanAbsoluteError;
  return std::nullopt;
}

const char *knownLossNames() {
  return "binary_crossentropy, categorical_crossentropy, "
         "sparse_categorical_crossentropy, mse, mae";
}
const char *knownOptimizerNames() { return "sgd, rmsprop, adam"; }
const char *knownMetricNames() {
  return "accuracy (for crossentropy losses), binary_accuracy, "
         "categorical_accuracy, sparse_categorical_accuracy, mae";
}

std::vector<std::string> objectiveNames(const TrainingSpec &spec) {
  std::vector<std::string> names{"loss"};
  if (spec.objectives.size() > 1)
    for (const OutputObjective &objective : spec.objectives)
      names.push_back(objective.prefix + "loss");
  for (const OutputObjective &objective : spec.objectives)
    for (const MetricSpec &metric : objective.metrics)
      names.push_back(objective.prefix + metric.name);
  return names;
}

double defaultLearningRate(OptimizerKind optimizer) {
  return optimizer == OptimizerKind::SGD ? 0.01 : 0.001;
}

} // namespace dlc
