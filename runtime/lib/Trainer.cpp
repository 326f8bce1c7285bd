//===- Trainer.cpp - A model being trained by compiled steps --------------===//
#include "dlc/Runtime/Trainer.h"

#include "dlc/Runtime/Random.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace dlc {

namespace {

constexpr const char *kIterationKey = "dlc.checkpoint.iteration";
constexpr const char *kLearningRateKey = "dlc.checkpoint.learning_rate";

Tensor scalarTensor(DType dtype, double value) {
  Tensor tensor(dtype, {});
  tensor.setValueAt(0, value);
  return tensor;
}

int64_t product(const std::vector<int64_t> &dims) {
  int64_t result = 1;
  for (int64_t dim : dims)
    result *= dim;
  return result;
}

} // namespace

Trainer::Trainer(std::string modelPath, TrainerSetup setup,
                 std::vector<NamedTensor> parameters,
                 std::vector<NamedTensor> frozen)
    : modelPath_(std::move(modelPath)), setup_(std::move(setup)),
      parameters_(std::move(parameters)), frozen_(std::move(frozen)),
      learningRate_(setup_.learningRate) {
  for (const NamedTensor &parameter : parameters_)
    for (const std::string &slot : setup_.slotNames)
      slots_.push_back({parameter.name + "/" + slot,
                        Tensor(parameter.tensor.dtype(),
                               parameter.tensor.shape())});
}

Trainer::~Trainer() = default;

Status Trainer::checkInputs(const std::vector<Tensor> &inputs) const {
  const std::vector<TensorSpec> &specs = setup_.inputs;
  if (inputs.size() != specs.size())
    return Status::error(modelPath_ + ": the model has " +
                         std::to_string(specs.size()) + " inputs, got " +
                         std::to_string(inputs.size()));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = specs[i];
    bool matches = spec.dtype == inputs[i].dtype() &&
                   spec.shape.size() == inputs[i].shape().size();
    for (size_t d = 0; matches && d < spec.shape.size(); ++d)
      matches = spec.shape[d] < 0 || spec.shape[d] == inputs[i].shape()[d];
    if (!matches)
      return Status::error(modelPath_ + ": input '" + spec.name + "': got " +
                           dtypeName(inputs[i].dtype()) + " " +
                           inputs[i].shapeString() +
                           ", which does not match the graph input");
  }
  return Status::ok();
}

Result<Tensor> Trainer::prepareLabels(size_t loss, const Tensor &labels,
                                      int64_t batchSize) const {
  const LabelFormat &format = setup_.labels[loss];
  std::vector<int64_t> sampleShape = format.outputSampleShape;
  for (size_t d = 0; d < sampleShape.size(); ++d)
    if (sampleShape[d] < 0)
      return Status::error(modelPath_ + ": output '" + format.outputName +
                           "': dimension " + std::to_string(d + 1) +
                           " must be static to train on it");
  if (labels.rank() == 0 || labels.shape()[0] != batchSize)
    return Status::error("labels: expected " + std::to_string(batchSize) +
                         " samples, got shape " + labels.shapeString());
  int64_t perSample = labels.numElements() / batchSize;
  if (format.classIndices) {
    if (sampleShape.empty())
      return Status::error(modelPath_ + ": sparse_categorical_crossentropy "
                                        "needs an output with a class "
                                        "dimension");
    int64_t classes = sampleShape.back();
    sampleShape.pop_back();
    int64_t expected = product(sampleShape);
    if (perSample != expected)
      return Status::error("labels: sparse_categorical_crossentropy expects " +
                           std::to_string(expected) +
                           " class index per sample, got shape " +
                           labels.shapeString());
    if (labels.dtype() == DType::Float32 || labels.dtype() == DType::Float64)
      return Status::error("labels: sparse_categorical_crossentropy expects "
                           "integer class indices, got " +
                           std::string(dtypeName(labels.dtype())));
    std::vector<int64_t> shape{batchSize};
    shape.insert(shape.end(), sampleShape.begin(), sampleShape.end());
    Tensor indices = labels.castTo(DType::Int64).reshaped(shape);
    for (int64_t i = 0; i < indices.numElements(); ++i) {
      int64_t label = indices.typed<int64_t>()[i];
      if (label < 0 || label >= classes)
        return Status::error("labels: class index " + std::to_string(label) +
                             " (sample " + std::to_string(i) +
                             ") is outside [0, " + std::to_string(classes) +
                             ") of output '" + format.outputName + "'");
    }
    return indices;
  }
  int64_t expected = product(sampleShape);
  if (perSample != expected)
    return Status::error("labels: the loss compares them with output '" +
                         format.outputName + "', which has " +
                         std::to_string(expected) +
                         " values per sample; got labels of shape " +
                         labels.shapeString());
  std::vector<int64_t> shape{batchSize};
  shape.insert(shape.end(), sampleShape.begin(), sampleShape.end());
  return labels.castTo(format.outputType).reshaped(shape);
}

Status Trainer::setStepBatchSize(int64_t samples) {
  if (samples < 0)
    return Status::error("batch size must be positive, got " +
                         std::to_string(samples));
  stepBatchSize_ = samples;
  return Status::ok();
}

namespace {

/// `tensor` with `rows` rows: its own, then copies of them from the first
/// on (real samples keep the padding's values finite).
Tensor padRows(const Tensor &tensor, int64_t rows) {
  int64_t samples = tensor.shape()[0];
  if (rows == samples)
    return tensor;
  std::vector<int64_t> shape = tensor.shape();
  shape[0] = rows;
  Tensor padded(tensor.dtype(), shape);
  size_t rowBytes = tensor.sizeInBytes() / samples;
  auto *out = static_cast<char *>(padded.data());
  const auto *in = static_cast<const char *>(tensor.data());
  for (int64_t row = 0; row < rows; ++row)
    std::memcpy(out + row * rowBytes, in + (row % samples) * rowBytes,
                rowBytes);
  return padded;
}

} // namespace

Result<Trainer::StepBatch>
Trainer::stepBatch(const std::vector<Tensor> &inputs,
                   const std::vector<Tensor> &labels) const {
  if (labels.size() != setup_.labels.size())
    return Status::error(modelPath_ + ": the model has " +
                         std::to_string(setup_.labels.size()) +
                         " loss(es), each with labels of its own; got " +
                         std::to_string(labels.size()) + " labels tensor(s)");
  int64_t samples = inputs.front().shape()[0];
  int64_t rows = stepBatchSize_ > samples && !setup_.batchStatistics
                     ? stepBatchSize_
                     : samples;
  StepBatch batch;
  for (size_t loss = 0; loss < labels.size(); ++loss) {
    Result<Tensor> prepared = prepareLabels(loss, labels[loss], samples);
    if (!prepared)
      return prepared.status();
    batch.labels.push_back(padRows(*prepared, rows));
  }
  for (const Tensor &input : inputs)
    batch.inputs.push_back(padRows(input, rows));
  batch.mask = Tensor(setup_.labels.front().outputType, {rows});
  for (int64_t row = 0; row < samples; ++row)
    batch.mask.setValueAt(row, 1.0);
  return batch;
}

std::vector<Tensor> Trainer::stepArguments(const StepBatch &batch,
                                           bool withSlots) const {
  std::vector<Tensor> arguments;
  for (const NamedTensor &parameter : parameters_)
    arguments.push_back(parameter.tensor);
  if (withSlots)
    for (const NamedTensor &slot : slots_)
      arguments.push_back(slot.tensor);
  arguments.insert(arguments.end(), batch.inputs.begin(), batch.inputs.end());
  for (const NamedTensor &weight : frozen_)
    arguments.push_back(weight.tensor);
  arguments.insert(arguments.end(), batch.labels.begin(), batch.labels.end());
  arguments.push_back(batch.mask);
  return arguments;
}

Result<Trainer::PreparedStep>
Trainer::prepareStep(const std::vector<Tensor> &inputs,
                     const std::vector<Tensor> &labels) {
  DLC_RETURN_IF_ERROR(checkInputs(inputs));
  Result<StepBatch> batch = stepBatch(inputs, labels);
  if (!batch)
    return batch.status();
  Result<Steps *> steps = stepsFor(batch->inputs);
  if (!steps)
    return steps.status();
  return PreparedStep{std::move(*batch), *steps};
}

Result<std::vector<double>>
Trainer::trainBatch(const std::vector<Tensor> &inputs,
                    const std::vector<Tensor> &labels) {
  Result<PreparedStep> step = prepareStep(inputs, labels);
  if (!step)
    return step.status();
  std::vector<Tensor> arguments =
      stepArguments(step->batch, /*withSlots=*/true);
  DType scalarType = parameters_.front().tensor.dtype();
  arguments.push_back(scalarTensor(scalarType, learningRate_));
  arguments.push_back(scalarTensor(scalarType, iteration_ + 1));
  arguments.push_back(nextStepSeed());
  // The new parameters and slots overwrite those of two steps ago.
  std::vector<Tensor> reusable = std::move(previousState_);
  previousState_.clear();
  Result<std::vector<Tensor>> results =
      step->steps->train(arguments, std::move(reusable));
  if (!results)
    return results.status();

  size_t objectiveStart = parameters_.size() + slots_.size();
  std::vector<double> objective;
  for (size_t i = objectiveStart; i < results->size(); ++i)
    objective.push_back((*results)[i].valueAt(0));
  // A step whose loss is not finite is not applied, so the weights stay
  // those that explainNonFinite can examine.
  if (!std::isfinite(objective.front()))
    return objective;
  size_t next = 0;
  arguments.clear(); // drop the step's shares of the current buffers
  for (NamedTensor &parameter : parameters_) {
    previousState_.push_back(std::move(parameter.tensor));
    parameter.tensor = std::move((*results)[next++]);
  }
  for (NamedTensor &slot : slots_) {
    previousState_.push_back(std::move(slot.tensor));
    slot.tensor = std::move((*results)[next++]);
  }
  ++iteration_;
  return objective;
}

Result<std::vector<double>>
Trainer::evaluateBatch(const std::vector<Tensor> &inputs,
                       const std::vector<Tensor> &labels) {
  Result<PreparedStep> step = prepareStep(inputs, labels);
  if (!step)
    return step.status();
  Result<std::vector<Tensor>> results = step->steps->evaluate(
      stepArguments(step->batch, /*withSlots=*/false), {});
  if (!results)
    return results.status();
  std::vector<double> objective;
  for (const Tensor &value : *results)
    objective.push_back(value.valueAt(0));
  return objective;
}

Result<std::vector<Tensor>>
Trainer::predictBatch(const std::vector<Tensor> &inputs) {
  DLC_RETURN_IF_ERROR(checkInputs(inputs));
  Result<Steps *> steps = stepsFor(inputs);
  if (!steps)
    return steps.status();
  return (*steps)->predict(mainArguments(inputs), {});
}

std::optional<std::string> Trainer::nonFiniteWeight() const {
  for (const NamedTensor &parameter : parameters_)
    for (int64_t i = 0; i < parameter.tensor.numElements(); ++i)
      if (double value = parameter.tensor.valueAt(i); !std::isfinite(value))
        return "weight '" + parameter.name + "' holds " +
               (std::isnan(value) ? "NaN" : "infinity") +
               " (an earlier update overflowed)";
  return std::nullopt;
}

Tensor Trainer::nextStepSeed() const {
  Tensor stepSeed(DType::Int64, {});
  SplitMix64 mixer(seed_ ^ static_cast<uint64_t>(iteration_) *
                               0x9E3779B97F4A7C15ull);
  stepSeed.typed<int64_t>()[0] = static_cast<int64_t>(mixer.next());
  return stepSeed;
}

Result<std::vector<NamedTensor>>
Trainer::nodeOutputs(const std::vector<Tensor> &) {
  return Status::error(modelPath_ + ": node outputs are inspected only by "
                                    "trainers that compile their steps "
                                    "themselves (not ahead of time)");
}

Result<std::vector<NamedTensor>>
Trainer::gradients(const std::vector<Tensor> &, const std::vector<Tensor> &) {
  return Status::error(modelPath_ + ": gradients are inspected only by "
                                    "trainers that compile their steps "
                                    "themselves (not ahead of time)");
}

Result<std::string>
Trainer::explainNonFinite(const std::vector<Tensor> &,
                          const std::vector<Tensor> &) {
  if (std::optional<std::string> weight = nonFiniteWeight())
    return *weight;
  return std::string("the weights are finite; `dlc train` on the model file "
                     "names the op that produced the value");
}

std::vector<Tensor>
Trainer::mainArguments(const std::vector<Tensor> &inputs) const {
  std::vector<Tensor> arguments = inputs;
  for (const NamedTensor &parameter : parameters_)
    arguments.push_back(parameter.tensor);
  for (const NamedTensor &weight : frozen_)
    arguments.push_back(weight.tensor);
  return arguments;
}

namespace {

/// Replaces `weights[index]` by a copy of `value`, of the same dtype and
/// shape.
Status setWeight(std::vector<NamedTensor> &weights, size_t index,
                 const Tensor &value, const char *kind) {
  if (index >= weights.size())
    return Status::error(std::string(kind) + " index " +
                         std::to_string(index) + " is past the model's " +
                         std::to_string(weights.size()) + " " + kind + "s");
  NamedTensor &weight = weights[index];
  if (value.dtype() != weight.tensor.dtype() ||
      value.shape() != weight.tensor.shape())
    return Status::error("weight '" + weight.name + "' is " +
                         dtypeName(weight.tensor.dtype()) + " " +
                         weight.tensor.shapeString() + ", got " +
                         dtypeName(value.dtype()) + " " + value.shapeString());
  weight.tensor = value.clone();
  return Status::ok();
}

} // namespace

Status Trainer::setParameter(size_t index, const Tensor &value) {
  return setWeight(parameters_, index, value, "weight");
}

Status Trainer::setFrozenWeight(size_t index, const Tensor &value) {
  return setWeight(frozen_, index, value, "frozen weight");
}

//===----------------------------------------------------------------------===//
// Saving and restoring
//===----------------------------------------------------------------------===//

Status Trainer::saveModel(const std::string &path) const {
  return writeModelFile(path, allWeights(), {});
}

std::vector<NamedTensor> Trainer::allWeights() const {
  std::vector<NamedTensor> weights = parameters_;
  weights.insert(weights.end(), frozen_.begin(), frozen_.end());
  return weights;
}

Status
Trainer::saveCheckpoint(const std::string &path,
                        const std::map<std::string, std::string> &extra) const {
  // Optimizer slots ride along as initializers no node reads.
  std::vector<NamedTensor> tensors = allWeights();
  tensors.insert(tensors.end(), slots_.begin(), slots_.end());
  std::map<std::string, std::string> metadata = extra;
  metadata[kIterationKey] = std::to_string(iteration_);
  char rate[32];
  std::snprintf(rate, sizeof(rate), "%.17g", learningRate_);
  metadata[kLearningRateKey] = rate;
  return writeModelFile(path, tensors, metadata);
}

Result<std::map<std::string, std::string>>
Trainer::loadCheckpoint(const std::string &path) {
  Result<StoredTensors> stored = readModelFile(path);
  if (!stored)
    return stored.status();
  std::vector<Tensor> restored;
  auto restore = [&](const std::vector<NamedTensor> &tensors) -> Status {
    for (const NamedTensor &tensor : tensors) {
      auto found = stored->tensors.find(tensor.name);
      if (found == stored->tensors.end())
        return Status::error(path + ": the checkpoint has no tensor '" +
                             tensor.name + "' (saved from another model or "
                             "optimizer?)");
      const Tensor &value = found->second;
      if (value.shape() != tensor.tensor.shape() ||
          value.dtype() != tensor.tensor.dtype())
        return Status::error(path + ": '" + tensor.name + "' has shape " +
                             value.shapeString() + ", the model expects " +
                             tensor.tensor.shapeString());
      restored.push_back(value);
    }
    return Status::ok();
  };
  DLC_RETURN_IF_ERROR(restore(parameters_));
  DLC_RETURN_IF_ERROR(restore(frozen_));
  DLC_RETURN_IF_ERROR(restore(slots_));
  std::map<std::string, std::string> &metadata = stored->metadata;
  if (!metadata.count(kIterationKey) || !metadata.count(kLearningRateKey))
    return Status::error(path + ": not a training checkpoint (no " +
                         std::string(kIterationKey) + " metadata)");
  // Nothing changes until everything checked out.
  size_t next = 0;
  for (NamedTensor &parameter : parameters_)
    parameter.tensor = restored[next++];
  for (NamedTensor &weight : frozen_)
    weight.tensor = restored[next++];
  for (NamedTensor &slot : slots_)
    slot.tensor = restored[next++];
  previousState_.clear();
  iteration_ = std::stoll(metadata[kIterationKey]);
  learningRate_ = std::stod(metadata[kLearningRateKey]);
  return metadata;
}

} // namespace dlc
