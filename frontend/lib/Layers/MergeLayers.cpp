//===- MergeLayers.cpp - Add and Concatenate ------------------------------===//
#include "GraphEmitter.h"

#include <limits>

namespace dlc::nn {
namespace detail {
namespace {

/// Channels first if every input is, so that merging conv features needs
/// no transposes; channels last otherwise.
Layout commonLayout(const CallEmitter &call) {
  for (size_t i = 0; i < call.numInputs(); ++i)
    if (call.inputLayout(i) != Layout::ChannelsFirst)
      return Layout::ChannelsLast;
  return Layout::ChannelsFirst;
}

std::string mismatch(const std::vector<TensorSpec> &inputs, size_t index) {
  return "input " + std::to_string(index) + " is " +
         dtypeName(inputs[index].dtype) + " " +
         formatKerasShape(inputs[index].shape) + " but input 0 is " +
         dtypeName(inputs[0].dtype) + " " + formatKerasShape(inputs[0].shape);
}

class AddLayer : public LayerImpl {
public:
  AddLayer() : LayerImpl("Add", "add", Arity::AtLeastTwo) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    for (size_t i = 1; i < inputs.size(); ++i)
      if (inputs[i].shape != inputs[0].shape ||
          inputs[i].dtype != inputs[0].dtype)
        return Status::error("needs inputs of one shape and dtype: " +
                             mismatch(inputs, i));
    return inputs[0];
  }

  Layout emit(CallEmitter &call) const override {
    // ONNX's Add is binary: a chain adds more inputs.
    Layout layout = commonLayout(call);
    std::string sum = call.input(0, layout);
    for (size_t i = 1; i < call.numInputs(); ++i)
      sum = call.node("Add", {sum, call.input(i, layout)});
    return layout;
  }
};

class ConcatenateLayer : public LayerImpl {
public:
  explicit ConcatenateLayer(int64_t axis)
      : LayerImpl("Concatenate", "concatenate", Arity::AtLeastTwo),
        axis_(axis) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    int64_t rank = static_cast<int64_t>(inputs[0].shape.size()) + 1;
    if (axis_ < -rank || axis_ >= rank)
      return Status::error("axis " + std::to_string(axis_) +
                           " is out of range for inputs of shape " +
                           formatKerasShape(inputs[0].shape));
    int64_t axis = logicalAxis(inputs[0]);
    if (axis < 0)
      return Status::error("cannot concatenate along the batch axis");
    TensorSpec output = inputs[0];
    for (size_t i = 1; i < inputs.size(); ++i) {
      const TensorSpec &input = inputs[i];
      bool fits = input.dtype == output.dtype &&
                  input.shape.size() == output.shape.size();
      for (size_t dim = 0; fits && dim < input.shape.size(); ++dim)
        fits = dim == static_cast<size_t>(axis) ||
               input.shape[dim] == output.shape[dim];
      if (!fits)
        return Status::error("needs inputs that differ only along axis " +
                             std::to_string(axis_) + ": " +
                             mismatch(inputs, i));
      if (input.shape[axis] >
          std::numeric_limits<int64_t>::max() - output.shape[axis])
        return Status::error("the joined axis would be too long");
      output.shape[axis] += input.shape[axis];
    }
    return output;
  }

  Layout emit(CallEmitter &call) const override {
    Layout layout = commonLayout(call);
    std::vector<std::string> operands;
    for (size_t i = 0; i < call.numInputs(); ++i)
      operands.push_back(call.input(i, layout));
    // The axis in the emitted graph, batch included: channels first moves
    // the channels (the last axis) to 1 and the spatial axes one further.
    int64_t axis = logicalAxis(call.inputSpec(0)) + 1;
    int64_t channels = static_cast<int64_t>(call.inputSpec(0).shape.size());
    if (layout == Layout::ChannelsFirst)
      axis = axis == channels ? 1 : axis + 1;
    call.node("Concat", operands, {intAttribute("axis", axis)});
    return layout;
  }

private:
  /// The axis among the dimensions besides the batch: -1 for the batch.
  int64_t logicalAxis(const TensorSpec &input) const {
    int64_t rank = static_cast<int64_t>(input.shape.size()) + 1;
    return (axis_ < 0 ? axis_ + rank : axis_) - 1;
  }

  int64_t axis_;
};

} // namespace
} // namespace detail

Layer Add() { return Layer(std::make_shared<detail::AddLayer>()); }

Layer Concatenate(int64_t axis) {
  return Layer(std::make_shared<detail::ConcatenateLayer>(axis));
}

} // namespace dlc::nn
