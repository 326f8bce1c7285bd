//===- LinkedTrainer.h - Training steps linked into a program ----*- C++ -*-===//
//
// A program built by `dlc compile --train` holds its model's training steps
// as machine code, found through a function table (LinkedFunction.h):
//   "train"    train_step for batches of the compiled size B,
//   "evaluate" evaluate for B
// (shorter batches are padded to B, Trainer::setStepBatchSize); the model
// file without its weights, the weights as a model file of their
// own (the steps' parameter order), and a manifest (TrainerManifest) of
// what the steps take. LinkedTrainer is the Trainer over those, so the
// program runs the same fit loop as `dlc train`.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_LINKEDTRAINER_H
#define DLC_RUNTIME_LINKEDTRAINER_H

#include "dlc/Runtime/LinkedFunction.h"
#include "dlc/Runtime/TrainProgram.h"
#include "dlc/Runtime/Trainer.h"

#include <map>
#include <memory>
#include <string_view>

namespace dlc {

/// What the compiler tells a linked trainer about its steps, as text lines
/// "KEY VALUE...": learning_rate, epochs, batch_size, validation_split,
/// batch_statistics (0|1), labels (class_indices|values), output INDEX NAME
/// DTYPE SAMPLE_DIMS, then one line per objective, optimizer slot and data
/// input.
struct TrainerManifest {
  TrainerSetup setup;
  FitDefaults defaults;

  std::string format() const;
  static Result<TrainerManifest> parse(std::string_view text);
};

class LinkedTrainer : public Trainer {
public:
  /// `model` and `onnxModel`: the model without the trained weights,
  /// serialized in dlc's format and as ONNX (empty when it has no ONNX
  /// form); `weights`: a serialized dlc model holding only them, in the
  /// steps' order.
  static Result<std::unique_ptr<LinkedTrainer>>
  create(std::string programName, std::string_view manifest,
         std::string_view model, std::string_view onnxModel,
         std::string_view weights, const LinkedFunction *table);

  /// The training section's epochs, batch size and validation split.
  const FitDefaults &defaults() const { return defaults_; }
  /// Only the compiled batch size is possible.
  Status setStepBatchSize(int64_t samples) override;

private:
  LinkedTrainer(std::string programName, TrainerManifest manifest,
                std::vector<NamedTensor> parameters, std::string model,
                std::string onnxModel);
  Result<Steps *> stepsFor(const std::vector<Tensor> &inputs) override;
  Status writeModelFile(
      const std::string &path, const std::vector<NamedTensor> &tensors,
      const std::map<std::string, std::string> &metadata) const override;
  Result<StoredTensors> readModelFile(const std::string &path) const override;

  FitDefaults defaults_;
  std::string model_, onnxModel_;
  /// The linked functions by role.
  std::map<std::string, LinkedCall> calls_;
  Steps steps_;
};

} // namespace dlc

#endif // DLC_RUNTIME_LINKEDTRAINER_H
