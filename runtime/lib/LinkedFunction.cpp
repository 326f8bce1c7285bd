//===- LinkedFunction.cpp - Compiled functions linked into a program ------===//
#include "dlc/Runtime/LinkedFunction.h"

#include "dlc/Runtime/CpuFeatures.h"

namespace dlc {

Result<LinkedCall> LinkedCall::create(const LinkedFunction &function) {
  DLC_RETURN_IF_ERROR(checkCpuFeatures(function.cpuFeatures));
  Result<std::vector<TensorSlot>> slots =
      parseModelSignature(function.signature);
  if (!slots)
    return slots.status();
  LinkedCall call;
  call.run_ = function.run;
  for (TensorSlot &slot : *slots)
    (slot.isInput ? call.inputs_ : call.outputs_)
        .push_back({std::move(slot.name), slot.dtype, std::move(slot.shape)});
  return call;
}

Result<std::vector<Tensor>>
LinkedCall::run(const std::vector<Tensor> &inputs,
                std::vector<Tensor> reusable) const {
  if (inputs.size() != inputs_.size())
    return Status::error("the compiled function takes " +
                         std::to_string(inputs_.size()) + " inputs, got " +
                         std::to_string(inputs.size()));
  std::vector<void *> buffers;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = inputs_[i];
    if (inputs[i].dtype() != spec.dtype || inputs[i].shape() != spec.shape)
      return Status::error("input '" + spec.name + "' expects " +
                           dtypeName(spec.dtype) + " " +
                           formatShape(spec.shape) + ", got " +
                           dtypeName(inputs[i].dtype()) + " " +
                           inputs[i].shapeString());
    // The compiled code reads inputs only.
    buffers.push_back(const_cast<void *>(inputs[i].data()));
  }
  std::vector<Tensor> outputs;
  for (size_t i = 0; i < outputs_.size(); ++i) {
    const TensorSpec &spec = outputs_[i];
    bool fits = i < reusable.size() && reusable[i].dtype() == spec.dtype &&
                reusable[i].shape() == spec.shape &&
                reusable[i].ownsBufferAlone();
    outputs.push_back(fits ? std::move(reusable[i])
                           : Tensor(spec.dtype, spec.shape));
    buffers.push_back(outputs.back().data());
  }
  run_(buffers.data());
  return outputs;
}

} // namespace dlc
