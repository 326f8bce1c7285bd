//===- ModelLibrary.cpp - The C interface of a compiled model's library ---===//
//
// `dlc compile --emit=lib` links this file with the model's objects and
// their function table (dlc_compiled_functions, role "run": one row per
// compiled batch size, BatchedFunction.h) and the runtime core into a
// shared library with the interface of dlc_model.h.
//
//===----------------------------------------------------------------------===//
#include "dlc_model.h"

#include "CInterface.h"

#include "dlc/Runtime/BatchedFunction.h"
#include "dlc/Runtime/WeightsFile.h"

#include <new>
#include <string>
#include <vector>

extern "C" {
extern const dlc::LinkedFunction dlc_compiled_functions[];
extern const dlc::LinkedWeight dlc_compiled_functions_weights[];
extern const char dlc_compiled_functions_weights_file[];
extern const uint64_t dlc_compiled_functions_weights_digest;
}

struct dlc_model {
  dlc::BatchedFunction function;
  std::vector<dlc::TensorSlot> inputs, outputs;
  /// The run function's argument, filled on each call (no allocation on
  /// the call path; a model runs on one thread at a time).
  std::vector<void *> buffers;
};

namespace {

using dlc::cError;

dlc_status *describe(const dlc_model &model,
                     const std::vector<dlc::TensorSlot> &slots, size_t index,
                     const char *role, dlc_tensor_info *info) {
  if (!info)
    return cError(std::string("dlc_model_") + role + "_info: info is NULL");
  if (index >= slots.size())
    return cError(std::string("dlc_model_") + role + "_info: index " +
                 std::to_string(index) + " is past the model's " +
                 std::to_string(slots.size()) + " " + role + "s");
  const dlc::TensorSlot &slot = slots[index];
  *info = dlc::describeTensor(slot.name, slot.dtype, slot.shape,
                              model.function.batched());
  return nullptr;
}

/// Runs `model` on `samples` samples; `call` names the C function.
dlc_status *run(dlc_model *model, int64_t samples, const void *const *inputs,
                void *const *outputs, const char *call) {
  if (!model)
    return cError(std::string(call) + ": model is NULL");
  size_t inputCount = model->inputs.size();
  for (size_t i = 0; i < inputCount; ++i) {
    if (!inputs || !inputs[i])
      return cError(std::string(call) + ": input '" + model->inputs[i].name +
                   "' is NULL");
    model->buffers[i] = const_cast<void *>(inputs[i]);
  }
  for (size_t i = 0; i < model->outputs.size(); ++i) {
    if (!outputs || !outputs[i])
      return cError(std::string(call) + ": output '" + model->outputs[i].name +
                   "' is NULL");
    model->buffers[inputCount + i] = outputs[i];
  }
  return dlc::cStatus(model->function.run(samples, model->buffers.data()),
                      call);
}

} // namespace

extern "C" {

dlc_status *dlc_model_create(dlc_model **model) {
  if (!model)
    return cError("dlc_model_create: model is NULL");
  // The weights sit beside the library when it was compiled with --weights
  // (once per process: every model of the library shares them).
  static const dlc::Status weights = dlc::loadBinaryWeights(
      dlc_compiled_functions_weights, dlc_compiled_functions_weights_file,
      dlc_compiled_functions_weights_digest, "",
      reinterpret_cast<const void *>(&dlc_model_create));
  if (!weights)
    return cError("dlc_model_create: " + weights.message());
  dlc::Result<dlc::BatchedFunction> function =
      dlc::BatchedFunction::create(dlc_compiled_functions, "run");
  if (!function)
    return cError("dlc_model_create: " + function.status().message());
  auto *created = new (std::nothrow) dlc_model{std::move(*function), {}, {}, {}};
  if (!created)
    return cError("dlc_model_create: out of memory");
  created->buffers.resize(created->function.slots().size());
  for (const dlc::TensorSlot &slot : created->function.slots())
    (slot.isInput ? created->inputs : created->outputs).push_back(slot);
  *model = created;
  return nullptr;
}

void dlc_model_destroy(dlc_model *model) { delete model; }

size_t dlc_model_input_count(const dlc_model *model) {
  return model ? model->inputs.size() : 0;
}

size_t dlc_model_output_count(const dlc_model *model) {
  return model ? model->outputs.size() : 0;
}

dlc_status *dlc_model_input_info(const dlc_model *model, size_t index,
                                 dlc_tensor_info *info) {
  if (!model)
    return cError("dlc_model_input_info: model is NULL");
  return describe(*model, model->inputs, index, "input", info);
}

dlc_status *dlc_model_output_info(const dlc_model *model, size_t index,
                                  dlc_tensor_info *info) {
  if (!model)
    return cError("dlc_model_output_info: model is NULL");
  return describe(*model, model->outputs, index, "output", info);
}

dlc_status *dlc_model_run(dlc_model *model, const void *const *inputs,
                          void *const *outputs) {
  return run(model, model ? model->function.largestBatch() : 0, inputs,
             outputs, "dlc_model_run");
}

dlc_status *dlc_model_run_batch(dlc_model *model, int64_t samples,
                                const void *const *inputs,
                                void *const *outputs) {
  return run(model, samples, inputs, outputs, "dlc_model_run_batch");
}

} // extern "C"
