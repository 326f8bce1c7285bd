//===- BatchedFunction.cpp - A model compiled for several batch sizes -----===//
#include "dlc/Runtime/BatchedFunction.h"

#include "dlc/Runtime/CpuFeatures.h"

namespace dlc {

Result<BatchedFunction> BatchedFunction::create(const LinkedFunction *table,
                                                const std::string &role) {
  BatchedFunction function;
  for (const LinkedFunction *row = table; row->role; ++row) {
    if (role != row->role)
      continue;
    DLC_RETURN_IF_ERROR(checkCpuFeatures(row->cpuFeatures));
    Result<std::vector<TensorSlot>> slots = parseModelSignature(row->signature);
    if (!slots)
      return slots.status();
    // The largest size's slots describe the model.
    if (function.functions_.empty() || row->batch > function.largestBatch())
      function.slots_ = std::move(*slots);
    function.functions_[row->batch] = row->run;
  }
  if (function.functions_.empty())
    return Status::error("the program holds no compiled '" + role +
                         "' function");
  function.batched_ = !function.slots_.empty();
  for (const TensorSlot &slot : function.slots_) {
    function.batched_ = function.batched_ && slot.batched;
    size_t bytes = dtypeSize(slot.dtype);
    for (size_t d = slot.batched ? 1 : 0; d < slot.shape.size(); ++d)
      bytes *= static_cast<size_t>(slot.shape[d]);
    function.rowBytes_.push_back(bytes);
  }
  if (!function.batched_ && function.functions_.size() != 1)
    return Status::error("several batch sizes of a model without a batch "
                         "dimension on every tensor");
  function.pieceBuffers_.resize(function.slots_.size());
  return function;
}

std::vector<int64_t> BatchedFunction::shapeFor(const TensorSlot &slot,
                                               int64_t samples) const {
  std::vector<int64_t> shape = slot.shape;
  if (batched_ && !shape.empty())
    shape[0] = samples;
  return shape;
}

Status BatchedFunction::run(int64_t samples, void *const *buffers) const {
  if (!batched_) {
    if (samples != largestBatch())
      return Status::error("the model was compiled for batches of " +
                           std::to_string(largestBatch()) +
                           " samples only, got " + std::to_string(samples));
    functions_.begin()->second(const_cast<void **>(buffers));
    return Status::ok();
  }
  if (samples < 1)
    return Status::error("a batch needs at least one sample, got " +
                         std::to_string(samples));
  int64_t done = 0;
  for (auto size = functions_.rbegin(); size != functions_.rend(); ++size) {
    for (; samples - done >= size->first; done += size->first) {
      for (size_t i = 0; i < slots_.size(); ++i)
        pieceBuffers_[i] = static_cast<char *>(buffers[i]) + done * rowBytes_[i];
      size->second(pieceBuffers_.data());
    }
  }
  if (done != samples)
    return Status::error("no compiled batch size fits the last " +
                         std::to_string(samples - done) + " samples");
  return Status::ok();
}

} // namespace dlc
