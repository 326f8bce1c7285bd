//===- TrainingSpec.h - What a compiled training step computes ---*- C++ -*-===//
#ifndef DLC_TRAINING_TRAININGSPEC_H
#define DLC_TRAINING_TRAININGSPEC_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

enum class LossKind {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  MeanSquaredError,
  MeanAbsoluteError,
};

enum class MetricKind {
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  MeanAbsoluteError,
};

enum class OptimizerKind { SGD, RMSprop, Adam };

/// Hyper-parameters fixed at compile time. The learning rate is not among
/// them: it is an input of the step, so schedules and ReduceLROnPlateau
/// change it without recompiling.
struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::RMSprop;
  double momentum = 0.0; // SGD
  bool nesterov = false; // SGD
  double rho = 0.9;      // RMSprop
  double beta1 = 0.9;    // Adam
  double beta2 = 0.999;  // Adam
  double epsilon = 1e-7; // RMSprop, Adam
};

/// A metric and the name it is reported under: the name the user asked
/// for ("accuracy"), as Keras reports it.
struct MetricSpec {
  MetricKind kind;
  std::string name;
};

struct RegularizerSpec {
  double l1 = 0.0, l2 = 0.0;
};

/// The loss of one output, its weight in the total loss and its metrics.
struct OutputObjective {
  LossKind loss = LossKind::MeanSquaredError;
  bool fromLogits = false;
  /// Index of the @main result the loss reads.
  unsigned output = 0;
  /// Keras's loss_weights: the total loss is the sum of each output's loss
  /// times its weight.
  double weight = 1.0;
  std::vector<MetricSpec> metrics;
  /// What its objective values are reported under, before "loss" and the
  /// metric names: "" with one objective, else "<output>_" as in Keras
  /// ("age_loss", "age_mae").
  std::string prefix;
};

struct TrainingSpec {
  /// One per output that has a loss, at least one; each takes labels of
  /// its own. The step minimizes the weighted sum of their losses.
  std::vector<OutputObjective> objectives{OutputObjective{}};
  OptimizerSpec optimizer;
  /// Penalties by parameter name.
  std::map<std::string, RegularizerSpec> regularizers;
  /// Each process trains on its share of every batch (data parallelism):
  /// the step averages its gradients, losses, metrics and moving
  /// statistics over the processes with dlc.all_reduce before the update.
  bool dataParallel = false;
};

// Keras's names, aliases included ("mse" and "mean_squared_error"); an
// unknown name gives nullopt, and the known* lists are for error messages.
std::optional<LossKind> lossFromName(const std::string &name);
std::optional<OptimizerKind> optimizerFromName(const std::string &name);
/// "accuracy" resolves after the loss, as in Keras: binary, categorical or
/// sparse categorical accuracy.
std::optional<MetricKind> metricFromName(const std::string &name,
                                         LossKind loss);
const char *knownLossNames();
const char *knownOptimizerNames();
const char *knownMetricNames();

/// "loss" (the total), then with several objectives each one's loss, then
/// the metrics, each objective's under its prefix: the values train_step
/// and evaluate return after the parameters and slots.
std::vector<std::string> objectiveNames(const TrainingSpec &spec);

/// Keras's default learning rate of each optimizer.
double defaultLearningRate(OptimizerKind optimizer);

} // namespace dlc

#endif // DLC_TRAINING_TRAININGSPEC_H
