//===- TrainerLibrary.cpp - The C interface of a compiled trainer ---------===//
//
// `dlc compile --train --emit=lib` links this file with the model's training
// steps, their function table and data (dlc/Runtime/LinkedTrainer.h) and
// the runtime into a shared library with the interface of dlc_trainer.h.
//
//===----------------------------------------------------------------------===//
#include "dlc_trainer.h"

#include "CInterface.h"
#include "CompiledTrainer.h"

#include <cmath>
#include <cstring>
#include <new>

using dlc::cError;
using dlc::cStatus;

struct dlc_trainer {
  std::unique_ptr<dlc::LinkedTrainer> trainer;
  /// What the info calls describe: the data inputs and the labels for a
  /// full batch.
  std::vector<dlc::TensorSpec> inputs;
  dlc::TensorSpec labels;
};

namespace {

dlc_tensor_info describe(const dlc::TensorSpec &spec) {
  return dlc::describeTensor(spec.name, spec.dtype, spec.shape,
                             /*batchFirst=*/true);
}

/// A tensor of `spec`'s dtype and shape with `samples` rows, copied from
/// `data`.
dlc::Tensor rowsFrom(const dlc::TensorSpec &spec, int64_t samples,
                     const void *data) {
  std::vector<int64_t> shape = spec.shape;
  shape[0] = samples;
  dlc::Tensor tensor(spec.dtype, shape);
  std::memcpy(tensor.data(), data, tensor.sizeInBytes());
  return tensor;
}

/// Runs a step (`train` or not) on `samples` samples; `call` names the C
/// function.
dlc_status *runStep(dlc_trainer *trainer, int64_t samples,
                    const void *const *inputs, const void *labels,
                    double *objectives, bool train, const char *call) {
  if (!trainer)
    return cError(std::string(call) + ": trainer is NULL");
  int64_t batch = trainer->trainer->defaults().batchSize;
  if (samples < 1 || samples > batch)
    return cError(std::string(call) + ": samples must be in [1, " +
                  std::to_string(batch) + "], got " + std::to_string(samples));
  std::vector<dlc::Tensor> tensors;
  for (size_t i = 0; i < trainer->inputs.size(); ++i) {
    if (!inputs || !inputs[i])
      return cError(std::string(call) + ": input '" +
                    trainer->inputs[i].name + "' is NULL");
    tensors.push_back(rowsFrom(trainer->inputs[i], samples, inputs[i]));
  }
  if (!labels || !objectives)
    return cError(std::string(call) + ": " +
                  (labels ? "objectives" : "labels") + " is NULL");
  dlc::Tensor labelRows = rowsFrom(trainer->labels, samples, labels);
  dlc::Result<std::vector<double>> values =
      train ? trainer->trainer->trainBatch(tensors, labelRows)
            : trainer->trainer->evaluateBatch(tensors, labelRows);
  if (!values)
    return cStatus(values.status(), call);
  std::copy(values->begin(), values->end(), objectives);
  if (train && !std::isfinite(values->front()))
    return cError(std::string(call) + ": the loss is not finite; the step "
                                      "was not applied (lower the learning "
                                      "rate or check the data)");
  return nullptr;
}

} // namespace

extern "C" {

dlc_status *dlc_trainer_create(dlc_trainer **trainer) {
  if (!trainer)
    return cError("dlc_trainer_create: trainer is NULL");
  dlc::Result<std::unique_ptr<dlc::LinkedTrainer>> linked =
      dlc::createCompiledTrainer("the compiled trainer");
  if (!linked)
    return cStatus(linked.status(), "dlc_trainer_create");
  auto *created = new (std::nothrow) dlc_trainer{std::move(*linked), {}, {}};
  if (!created)
    return cError("dlc_trainer_create: out of memory");
  int64_t batch = created->trainer->defaults().batchSize;
  for (dlc::TensorSpec input : created->trainer->inputs()) {
    input.shape[0] = batch;
    created->inputs.push_back(std::move(input));
  }
  if (created->trainer->labelFormats().size() != 1) {
    size_t losses = created->trainer->labelFormats().size();
    delete created;
    return cError("dlc_trainer_create: the model has " +
                  std::to_string(losses) +
                  " losses; this interface takes one labels tensor");
  }
  const dlc::LabelFormat &format = created->trainer->labelFormat();
  std::vector<int64_t> shape{batch};
  shape.insert(shape.end(), format.outputSampleShape.begin(),
               format.outputSampleShape.end());
  if (format.classIndices)
    shape.pop_back();
  created->labels = {"labels",
                     format.classIndices ? dlc::DType::Int64
                                         : format.outputType,
                     shape};
  *trainer = created;
  return nullptr;
}

void dlc_trainer_destroy(dlc_trainer *trainer) { delete trainer; }

int64_t dlc_trainer_batch_size(const dlc_trainer *trainer) {
  return trainer ? trainer->trainer->defaults().batchSize : 0;
}

size_t dlc_trainer_input_count(const dlc_trainer *trainer) {
  return trainer ? trainer->inputs.size() : 0;
}

dlc_status *dlc_trainer_input_info(const dlc_trainer *trainer, size_t index,
                                   dlc_tensor_info *info) {
  if (!trainer || !info)
    return cError(std::string("dlc_trainer_input_info: ") +
                  (trainer ? "info" : "trainer") + " is NULL");
  if (index >= trainer->inputs.size())
    return cError("dlc_trainer_input_info: index " + std::to_string(index) +
                  " is past the model's " +
                  std::to_string(trainer->inputs.size()) + " inputs");
  *info = describe(trainer->inputs[index]);
  return nullptr;
}

dlc_status *dlc_trainer_labels_info(const dlc_trainer *trainer,
                                    dlc_tensor_info *info) {
  if (!trainer || !info)
    return cError(std::string("dlc_trainer_labels_info: ") +
                  (trainer ? "info" : "trainer") + " is NULL");
  *info = describe(trainer->labels);
  return nullptr;
}

size_t dlc_trainer_objective_count(const dlc_trainer *trainer) {
  return trainer ? trainer->trainer->objectiveNames().size() : 0;
}

const char *dlc_trainer_objective_name(const dlc_trainer *trainer,
                                       size_t index) {
  if (!trainer || index >= trainer->trainer->objectiveNames().size())
    return nullptr;
  return trainer->trainer->objectiveNames()[index].c_str();
}

dlc_status *dlc_trainer_step(dlc_trainer *trainer, int64_t samples,
                             const void *const *inputs, const void *labels,
                             double *objectives) {
  return runStep(trainer, samples, inputs, labels, objectives, true,
                 "dlc_trainer_step");
}

dlc_status *dlc_trainer_evaluate(dlc_trainer *trainer, int64_t samples,
                                 const void *const *inputs,
                                 const void *labels, double *objectives) {
  return runStep(trainer, samples, inputs, labels, objectives, false,
                 "dlc_trainer_evaluate");
}

size_t dlc_trainer_parameter_count(const dlc_trainer *trainer) {
  return trainer ? trainer->trainer->parameters().size() : 0;
}

dlc_status *dlc_trainer_parameter_info(const dlc_trainer *trainer,
                                       size_t index, dlc_tensor_info *info) {
  if (!trainer || !info)
    return cError(std::string("dlc_trainer_parameter_info: ") +
                  (trainer ? "info" : "trainer") + " is NULL");
  const std::vector<dlc::NamedTensor> &parameters =
      trainer->trainer->parameters();
  if (index >= parameters.size())
    return cError("dlc_trainer_parameter_info: index " +
                  std::to_string(index) + " is past the model's " +
                  std::to_string(parameters.size()) + " weights");
  const dlc::NamedTensor &parameter = parameters[index];
  *info = dlc::describeTensor(parameter.name, parameter.tensor.dtype(),
                              parameter.tensor.shape(), /*batchFirst=*/false);
  return nullptr;
}

dlc_status *dlc_trainer_get_parameter(const dlc_trainer *trainer,
                                      size_t index, void *data) {
  dlc_tensor_info info;
  if (dlc_status *status = dlc_trainer_parameter_info(trainer, index, &info))
    return status;
  if (!data)
    return cError("dlc_trainer_get_parameter: data is NULL");
  std::memcpy(data, trainer->trainer->parameters()[index].tensor.data(),
              info.size_in_bytes);
  return nullptr;
}

dlc_status *dlc_trainer_set_parameter(dlc_trainer *trainer, size_t index,
                                      const void *data) {
  dlc_tensor_info info;
  if (dlc_status *status = dlc_trainer_parameter_info(trainer, index, &info))
    return status;
  if (!data)
    return cError("dlc_trainer_set_parameter: data is NULL");
  const dlc::Tensor &current = trainer->trainer->parameters()[index].tensor;
  dlc::Tensor value(current.dtype(), current.shape());
  std::memcpy(value.data(), data, info.size_in_bytes);
  return cStatus(trainer->trainer->setParameter(index, value),
                 "dlc_trainer_set_parameter");
}

double dlc_trainer_learning_rate(const dlc_trainer *trainer) {
  return trainer ? trainer->trainer->learningRate() : 0.0;
}

dlc_status *dlc_trainer_set_learning_rate(dlc_trainer *trainer, double rate) {
  if (!trainer)
    return cError("dlc_trainer_set_learning_rate: trainer is NULL");
  if (!(rate > 0) || !std::isfinite(rate))
    return cError("dlc_trainer_set_learning_rate: expected a positive rate, "
                  "got " + std::to_string(rate));
  trainer->trainer->setLearningRate(rate);
  return nullptr;
}

void dlc_trainer_set_seed(dlc_trainer *trainer, uint64_t seed) {
  if (trainer)
    trainer->trainer->setSeed(seed);
}

dlc_status *dlc_trainer_save(const dlc_trainer *trainer, const char *path) {
  if (!trainer || !path)
    return cError(std::string("dlc_trainer_save: ") +
                  (trainer ? "path" : "trainer") + " is NULL");
  return cStatus(trainer->trainer->saveModel(path), "dlc_trainer_save");
}

dlc_status *dlc_trainer_save_checkpoint(const dlc_trainer *trainer,
                                        const char *path) {
  if (!trainer || !path)
    return cError(std::string("dlc_trainer_save_checkpoint: ") +
                  (trainer ? "path" : "trainer") + " is NULL");
  return cStatus(trainer->trainer->saveCheckpoint(path, {}),
                 "dlc_trainer_save_checkpoint");
}

dlc_status *dlc_trainer_load_checkpoint(dlc_trainer *trainer,
                                        const char *path) {
  if (!trainer || !path)
    return cError(std::string("dlc_trainer_load_checkpoint: ") +
                  (trainer ? "path" : "trainer") + " is NULL");
  return cStatus(trainer->trainer->loadCheckpoint(path).status(),
                 "dlc_trainer_load_checkpoint");
}

} // extern "C"
