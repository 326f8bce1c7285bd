//===- TrainingSession.h - Compiled training of a model ----------*- C++ -*-===//
#ifndef DLC_API_TRAININGSESSION_H
#define DLC_API_TRAININGSESSION_H

#include "dlc/Api/InferenceSession.h"
#include "dlc/Api/LruCache.h"
#include "dlc/Frontend/ModelImporter.h"
#include "dlc/Runtime/Trainer.h"
#include "dlc/Training/TrainingSpec.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace dlc {

/// The training setup of `model`'s training section (or flags that fill the
/// same message), with Keras's names resolved; errors name `path` and the
/// field.
Result<TrainingSpec> trainingSpecFromProto(const proto::Model &model,
                                           const std::string &path);
/// The learning rate the section asks for (the optimizer's default if 0).
double learningRateFromProto(const proto::Training &training);

/// What training `model` with `spec` takes and updates.
struct TrainingParts {
  /// The setup's learning rate is the training section's.
  TrainerSetup setup;
  /// The weights, in the order the steps take them, with their values.
  std::vector<NamedTensor> parameters;
  /// The frozen weights (Training.frozen), in the same order: arguments
  /// of the steps that a TrainingSession builds (a program compiled ahead
  /// of time compiles them in).
  std::vector<NamedTensor> frozen;
};
Result<TrainingParts> trainingPartsOf(const proto::Model &model,
                                      const std::string &path,
                                      const TrainingSpec &spec);

/// `model` imported for `inputs` (their shapes bound), its weights as
/// arguments (`weights`: with the frozen ones or without), with the
/// training functions (train_step, evaluate) beside @main.
Result<mlir::OwningOpRef<mlir::ModuleOp>>
buildTrainingModule(mlir::MLIRContext &context, const proto::Model &model,
                    const std::string &path, const TrainingSpec &spec,
                    const std::vector<TensorSpec> &inputs,
                    Weights weights = Weights::ArgumentsWithFrozen);

/// A model being trained from its model file: the Trainer whose steps are
/// JIT-compiled on first use for each batch shape and cached.
class TrainingSession : public Trainer {
public:
  static Result<std::unique_ptr<TrainingSession>>
  create(proto::Model model, const std::string &path, TrainingSpec spec,
         double learningRate);
  ~TrainingSession() override;

  /// The graph inputs of one batch, in order (weights excluded).
  const std::vector<const proto::ValueInfo *> &graphInputs() const {
    return graphInputs_;
  }
  const TrainingSpec &spec() const { return spec_; }

  /// Names the first op (in graph order) whose result holds NaN or
  /// infinity: "node 'dense_1' (dlc.gemm) produced NaN". Compiles a
  /// tracing variant of the evaluation step, so it is meant for the error
  /// path.
  Result<std::string>
  explainNonFinite(const std::vector<Tensor> &inputs,
                   const std::vector<Tensor> &labels) override;

  /// Traces @main (the last value each node computes) and compiles a
  /// @gradients function beside the step (TrainingFunctions.h), on first
  /// use for each batch shape.
  Result<std::vector<NamedTensor>>
  nodeOutputs(const std::vector<Tensor> &inputs) override;
  Result<std::vector<NamedTensor>>
  gradients(const std::vector<Tensor> &inputs,
            const std::vector<Tensor> &labels) override;

  /// How many compiled step modules (one per batch shape) the session
  /// keeps; the least recently used goes when a new shape needs the room.
  /// 16 by default.
  void setCompilationCacheCapacity(size_t capacity);
  size_t cachedCompilations() const { return compiled_.size(); }

  /// The model with the current weights as its initializers.
  Result<proto::Model> trainedModel() const;

private:
  struct CompiledSteps;
  TrainingSession(std::string path, proto::Model model, TrainingSpec spec,
                  TrainingParts parts);
  Result<Steps *> stepsFor(const std::vector<Tensor> &inputs) override;
  Status writeModelFile(
      const std::string &path, const std::vector<NamedTensor> &tensors,
      const std::map<std::string, std::string> &metadata) const override;
  Result<StoredTensors> readModelFile(const std::string &path) const override;

  std::unique_ptr<mlir::MLIRContext> context_;
  proto::Model model_;
  TrainingSpec spec_;
  std::vector<const proto::ValueInfo *> graphInputs_;
  /// The steps of each batch shape; stepsFor returns these.
  /// Initialized where CompiledSteps is complete (the constructor).
  LruCache<std::unique_ptr<CompiledSteps>> compiled_;
};

} // namespace dlc

#endif // DLC_API_TRAININGSESSION_H
