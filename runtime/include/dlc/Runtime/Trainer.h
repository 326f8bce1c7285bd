//===- Trainer.h - A model being trained by compiled steps -------*- C++ -*-===//
//
// The state of a model in training (weights, optimizer slots, step count,
// learning rate, dropout seed) and the protocol of the steps the compiler
// generates for it (passes/include/dlc/Training/TrainingFunctions.h):
//
//   train_step(parameters, slots, inputs, frozen, labels, learning_rate,
//              iteration, seed) -> (new parameters, new slots, loss,
//              metrics...)
//   evaluate(parameters, inputs, frozen, labels) -> (loss, metrics...)
//   main(inputs, parameters, frozen) -> outputs
//
// `frozen` are weights the steps read but do not train (Keras's
// trainable = False), where the steps take them as arguments rather than
// compiled-in constants, so that they can be set between steps.
//
// Who compiled the steps is the subclass's business: TrainingSession
// (dlc/Api/TrainingSession.h) JIT-compiles them for each batch shape; a
// program built by `dlc compile --train` links them ahead of time. The fit
// loop (Fit.h) drives either.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TRAINER_H
#define DLC_RUNTIME_TRAINER_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

/// What a loss compares the model's output with.
struct LabelFormat {
  /// The output the loss reads (its index among the model's outputs).
  unsigned output = 0;
  std::string outputName;
  DType outputType = DType::Float32;
  /// The output's dimensions after the batch.
  std::vector<int64_t> outputSampleShape;
  /// Labels are class indices into the output's last dimension (sparse
  /// categorical crossentropy), else values shaped like the output.
  bool classIndices = false;
};

/// What a Trainer knows of the model and its steps.
struct TrainerSetup {
  /// The data inputs of one batch, in order (weights excluded); -1 marks a
  /// dimension the model leaves open.
  std::vector<TensorSpec> inputs;
  /// One per loss (a model trained on several outputs has several), in the
  /// order the steps take their labels.
  std::vector<LabelFormat> labels;
  /// "loss" then, with several losses, each output's loss, then the
  /// metric names.
  std::vector<std::string> objectiveNames;
  /// The optimizer slots of each parameter ("rms", "m"/"v", ...).
  std::vector<std::string> slotNames;
  /// Whether batch normalization normalizes with the batch's statistics in
  /// training, which padding would change: short batches then get steps of
  /// their own size instead.
  bool batchStatistics = false;
  double learningRate = 0.001;
  /// The training step averages its gradients, losses and metrics over the
  /// training process group (data parallelism, ProcessGroup.h).
  bool dataParallel = false;
};

/// The initializers and metadata a model file holds (for checkpoints).
struct StoredTensors {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

class Trainer {
public:
  virtual ~Trainer();

  /// The data inputs of one batch, in order (weights excluded); -1 marks a
  /// dimension the model leaves open.
  const std::vector<TensorSpec> &inputs() const { return setup_.inputs; }
  /// "loss" then the metric names: what trainBatch/evaluateBatch return.
  const std::vector<std::string> &objectiveNames() const {
    return setup_.objectiveNames;
  }
  /// The labels of each loss, in order; labelFormat() is the first's.
  const std::vector<LabelFormat> &labelFormats() const {
    return setup_.labels;
  }
  const LabelFormat &labelFormat() const { return setup_.labels.front(); }

  /// The batch size of the steps: a shorter batch (an epoch's last) is
  /// padded to it, its padding masked out of the loss and metrics, unless
  /// the model has batch statistics. 0 (the default): each batch runs a
  /// step of its own size.
  virtual Status setStepBatchSize(int64_t samples);
  /// Whether the model normalizes with batch statistics in training.
  bool batchStatistics() const { return setup_.batchStatistics; }
  /// Whether the steps average over the training process group.
  bool dataParallel() const { return setup_.dataParallel; }
  /// The model file trained, for messages.
  const std::string &modelPath() const { return modelPath_; }

  /// One optimizer step on a batch, with a labels tensor per loss;
  /// returns the loss and metrics before the update. A step whose loss is
  /// not finite leaves the weights as they were.
  Result<std::vector<double>> trainBatch(const std::vector<Tensor> &inputs,
                                         const std::vector<Tensor> &labels);
  /// Loss and metrics on a batch, weights unchanged.
  Result<std::vector<double>> evaluateBatch(const std::vector<Tensor> &inputs,
                                            const std::vector<Tensor> &labels);
  /// The same for a model with one loss.
  Result<std::vector<double>> trainBatch(const std::vector<Tensor> &inputs,
                                         const Tensor &labels) {
    return trainBatch(inputs, std::vector<Tensor>{labels});
  }
  Result<std::vector<double>> evaluateBatch(const std::vector<Tensor> &inputs,
                                            const Tensor &labels) {
    return evaluateBatch(inputs, std::vector<Tensor>{labels});
  }
  /// The model's outputs for a batch.
  Result<std::vector<Tensor>> predictBatch(const std::vector<Tensor> &inputs);

  /// Why the loss on this batch is not finite, as precisely as the
  /// subclass can tell: "node 'dense_1' (dlc.gemm) produced NaN".
  virtual Result<std::string>
  explainNonFinite(const std::vector<Tensor> &inputs,
                   const std::vector<Tensor> &labels);

  /// For inspection (`dlc train --logdir`), on a batch: each node's output
  /// at inference, and the loss's gradient for each parameter as a training
  /// step computes it (dropout drawing the next step's masks), named after
  /// the node and the parameter. A trainer whose steps were compiled ahead
  /// of time cannot; it returns an error that says so.
  virtual Result<std::vector<NamedTensor>>
  nodeOutputs(const std::vector<Tensor> &inputs);
  virtual Result<std::vector<NamedTensor>>
  gradients(const std::vector<Tensor> &inputs,
            const std::vector<Tensor> &labels);

  /// Labels of loss `loss` as it reads them (class indices as int64, or
  /// values shaped like the output), checked: a label shape that does not
  /// fit the output or a class index out of range is an error.
  Result<Tensor> prepareLabels(size_t loss, const Tensor &labels,
                               int64_t batchSize) const;

  double learningRate() const { return learningRate_; }
  void setLearningRate(double rate) { learningRate_ = rate; }
  /// Optimizer steps taken so far.
  int64_t iteration() const { return iteration_; }
  /// Seeds the dropout masks: step n uses a seed mixed from (seed, n), so a
  /// run repeats exactly and a resumed run continues the same sequence.
  void setSeed(uint64_t seed) { seed_ = seed; }

  /// The current weights, in the order the steps take them.
  const std::vector<NamedTensor> &parameters() const { return parameters_; }
  /// Replaces weight `index` by `value` (a copy), of the same dtype and
  /// shape.
  Status setParameter(size_t index, const Tensor &value);
  /// The frozen weights the steps take as arguments (see above).
  const std::vector<NamedTensor> &frozenWeights() const { return frozen_; }
  /// Replaces frozen weight `index` by `value` as setParameter does.
  Status setFrozenWeight(size_t index, const Tensor &value);
  /// The parameters, then the frozen weights: what a saved model holds.
  std::vector<NamedTensor> allWeights() const;

  /// Writes the model with the current weights to `path`, atomically.
  Status saveModel(const std::string &path) const;
  /// Writes weights, optimizer state, step count and learning rate, plus
  /// `extra` metadata, atomically (a model file that `dlc run` also reads).
  Status saveCheckpoint(const std::string &path,
                        const std::map<std::string, std::string> &extra) const;
  /// Restores what saveCheckpoint wrote; returns its metadata.
  Result<std::map<std::string, std::string>>
  loadCheckpoint(const std::string &path);

protected:
  /// A compiled function: runs on its arguments; output i may be written
  /// into `reusable[i]` when that tensor fits it and owns its buffer alone.
  using CompiledStep = std::function<Result<std::vector<Tensor>>(
      const std::vector<Tensor> &arguments, std::vector<Tensor> reusable)>;
  struct Steps {
    CompiledStep train, evaluate, predict;
  };

  /// `parameters` and `frozen` in the order the steps take them; each
  /// parameter gets the setup's optimizer slots, zero at first and named
  /// "PARAMETER/SLOT".
  Trainer(std::string modelPath, TrainerSetup setup,
          std::vector<NamedTensor> parameters,
          std::vector<NamedTensor> frozen = {});

  /// The steps for a batch of `inputs` (checked against inputs() already).
  virtual Result<Steps *> stepsFor(const std::vector<Tensor> &inputs) = 0;
  /// Writes the model file `path`: the model with `tensors` as initializers
  /// (replacing those of the same name) and `metadata` added.
  virtual Status
  writeModelFile(const std::string &path,
                 const std::vector<NamedTensor> &tensors,
                 const std::map<std::string, std::string> &metadata) const = 0;
  /// The initializers and metadata of the model file `path`.
  virtual Result<StoredTensors> readModelFile(const std::string &path) const = 0;

  /// A batch as a step takes it: padded to the step batch size if it is
  /// shorter, with the mask of its real samples.
  struct StepBatch {
    std::vector<Tensor> inputs, labels;
    Tensor mask;
  };
  Result<StepBatch> stepBatch(const std::vector<Tensor> &inputs,
                              const std::vector<Tensor> &labels) const;
  /// A checked batch as a step takes it, and the steps for its shapes.
  struct PreparedStep {
    StepBatch batch;
    Steps *steps;
  };
  Result<PreparedStep> prepareStep(const std::vector<Tensor> &inputs,
                                   const std::vector<Tensor> &labels);
  /// "weight 'W' holds NaN (an earlier update overflowed)" for the first
  /// weight holding NaN or infinity, if any.
  std::optional<std::string> nonFiniteWeight() const;
  /// The arguments of a step on `batch`: parameters, slots if asked,
  /// inputs, frozen weights, labels, mask.
  std::vector<Tensor> stepArguments(const StepBatch &batch,
                                    bool withSlots) const;
  /// The seed of the next training step's dropout masks.
  Tensor nextStepSeed() const;
  /// The arguments of @main on `inputs`: inputs, parameters, frozen
  /// weights.
  std::vector<Tensor> mainArguments(const std::vector<Tensor> &inputs) const;

  Status checkInputs(const std::vector<Tensor> &inputs) const;

  std::string modelPath_;
  int64_t stepBatchSize_ = 0;

private:
  TrainerSetup setup_;
  std::vector<NamedTensor> parameters_;
  std::vector<NamedTensor> frozen_;
  /// The optimizer slots per parameter, parameter-major.
  std::vector<NamedTensor> slots_;
  /// The parameters and slots before the last step, whose buffers the next
  /// step writes its results into.
  std::vector<Tensor> previousState_;
  double learningRate_;
  int64_t iteration_ = 0;
  uint64_t seed_ = 0;
};

} // namespace dlc

#endif // DLC_RUNTIME_TRAINER_H
