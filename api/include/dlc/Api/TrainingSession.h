//===- TrainingSession.h - Compiled training of a model ----------*- C++ -*-===//
#ifndef DLC_API_TRAININGSESSION_H
#define DLC_API_TRAININGSESSION_H

#include "dlc/Api/InferenceSession.h"
#include "dlc/Training/TrainingSpec.h"

namespace dlc {

/// The training setup of `model`'s training section (or flags that fill the
/// same message), with Keras's names resolved; errors name `path` and the
/// field.
Result<TrainingSpec> trainingSpecFromProto(const proto::Model &model,
                                           const std::string &path);
/// The learning rate the section asks for (the optimizer's default if 0).
double learningRateFromProto(const proto::Training &training);

/// A model being trained: its weights and optimizer state live here, and
/// each batch runs one compiled step (forward, loss, gradients, update) that
/// the compiler generated. Steps are compiled on first use for each batch
/// size and cached.
class TrainingSession {
public:
  static Result<std::unique_ptr<TrainingSession>>
  create(proto::Model model, const std::string &path, TrainingSpec spec,
         double learningRate);
  ~TrainingSession();

  /// The data inputs of one batch, in order (weights excluded).
  const std::vector<const proto::ValueInfo *> &inputs() const {
    return inputs_;
  }
  /// "loss" then the metric names: what trainBatch/evaluateBatch return.
  const std::vector<std::string> &objectiveNames() const {
    return objectiveNames_;
  }
  const TrainingSpec &spec() const { return spec_; }

  /// One optimizer step on a batch; returns the loss and metrics before
  /// the update. A step whose loss is not finite leaves the weights as they
  /// were.
  Result<std::vector<double>> trainBatch(const std::vector<Tensor> &inputs,
                                         const Tensor &labels);
  /// Loss and metrics on a batch, weights unchanged.
  Result<std::vector<double>> evaluateBatch(const std::vector<Tensor> &inputs,
                                            const Tensor &labels);
  /// The graph outputs for a batch.
  Result<std::vector<Tensor>> predictBatch(const std::vector<Tensor> &inputs);

  /// Why the loss on this batch is not finite: a weight that already is
  /// not, or the first op (in graph order) whose result holds NaN or
  /// infinity, named by its node: "node 'dense_1' (dlc.gemm) produced NaN".
  /// Compiles a tracing variant of the evaluation step, so it is meant for
  /// the error path.
  Result<std::string> explainNonFinite(const std::vector<Tensor> &inputs,
                                       const Tensor &labels);

  /// Labels as the loss reads them (class indices as int64, or values
  /// shaped like the output), checked: a label shape that does not fit the
  /// output or a class index out of range is an error.
  Result<Tensor> prepareLabels(const Tensor &labels,
                               int64_t batchSize) const;

  double learningRate() const { return learningRate_; }
  void setLearningRate(double rate) { learningRate_ = rate; }
  /// Optimizer steps taken so far.
  int64_t iteration() const { return iteration_; }
  /// Seeds the dropout masks: step n uses a seed mixed from (seed, n), so a
  /// run repeats exactly and a resumed run continues the same sequence.
  void setSeed(uint64_t seed) { seed_ = seed; }

  /// The model with the current weights as its initializers.
  Result<proto::Model> trainedModel() const;
  /// Writes weights, optimizer state, step count and learning rate, plus
  /// `extra` metadata, atomically (a model file that `dlc run` also reads).
  Status saveCheckpoint(const std::string &path,
                        const std::map<std::string, std::string> &extra) const;
  /// Restores what saveCheckpoint wrote; returns its metadata.
  Result<std::map<std::string, std::string>>
  loadCheckpoint(const std::string &path);

private:
  struct CompiledSteps;
  /// A batch ready for a compiled step: the steps for its shapes and the
  /// arguments (weights, optimizer slots if asked, inputs, labels).
  struct Batch {
    CompiledSteps *steps;
    std::vector<Tensor> arguments;
  };
  TrainingSession();
  Result<CompiledSteps *> stepsFor(const std::vector<Tensor> &inputs);
  Result<Batch> prepareBatch(const std::vector<Tensor> &inputs,
                             const Tensor &labels, bool withSlots);
  Status checkInputs(const std::vector<Tensor> &inputs) const;

  std::unique_ptr<mlir::MLIRContext> context_;
  std::string path_;
  proto::Model model_;
  TrainingSpec spec_;
  std::vector<const proto::ValueInfo *> inputs_;
  std::vector<std::string> objectiveNames_;
  std::vector<NamedTensor> parameters_;
  /// optimizerSlots(spec) per parameter, parameter-major.
  std::vector<NamedTensor> slots_;
  /// The parameters and slots before the last step, whose buffers the next
  /// step writes its results into.
  std::vector<Tensor> previousState_;
  double learningRate_ = 0.001;
  int64_t iteration_ = 0;
  uint64_t seed_ = 0;
  std::map<std::string, std::unique_ptr<CompiledSteps>> compiled_;
};

} // namespace dlc

#endif // DLC_API_TRAININGSESSION_H
