//===- GraphEmitter.cpp - Emitting a model's proto graph ------------------===//
#include "GraphEmitter.h"

#include "dlc/Frontend/TensorData.h"

#include <cassert>
#include <cctype>

namespace dlc::nn::detail {

proto::Attribute intAttribute(const std::string &name, int64_t value) {
  proto::Attribute attribute;
  attribute.set_name(name);
  attribute.set_i(value);
  return attribute;
}

proto::Attribute intsAttribute(const std::string &name,
                               const std::vector<int64_t> &values) {
  proto::Attribute attribute;
  attribute.set_name(name);
  attribute.mutable_ints()->mutable_values()->Add(values.begin(), values.end());
  return attribute;
}

proto::Attribute floatAttribute(const std::string &name, float value) {
  proto::Attribute attribute;
  attribute.set_name(name);
  attribute.set_f(value);
  return attribute;
}

proto::Attribute stringAttribute(const std::string &name,
                                 const std::string &value) {
  proto::Attribute attribute;
  attribute.set_name(name);
  attribute.set_s(value);
  return attribute;
}

//===----------------------------------------------------------------------===//
// CallEmitter
//===----------------------------------------------------------------------===//

Layout CallEmitter::inputLayout(size_t index) const {
  return graph_.values_.at(node_.inputs[index].get()).layout;
}

std::string CallEmitter::input(size_t index, Layout layout) {
  return graph_.inLayout(graph_.values_.at(node_.inputs[index].get()),
                         inputSpec(index), layout);
}

std::string CallEmitter::weight(const std::string &name) const {
  return layerName_ + "/" + name;
}

std::string CallEmitter::constant(const std::string &name,
                                  const Tensor &value) {
  std::string fullName = name_ + "/" + name;
  Status status = graph_.addInitializer(value, fullName);
  if (!status && graph_.status_)
    graph_.status_ = status;
  return fullName;
}

std::string CallEmitter::node(const std::string &op,
                              const std::vector<std::string> &inputs,
                              const std::vector<proto::Attribute> &attributes) {
  std::string stem = name_ + "/";
  for (char c : op)
    stem += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int count = opCounts_[stem]++;
  std::string output = count ? stem + "_" + std::to_string(count) : stem;
  lastNode_ = graph_.graph_.nodes_size();
  return graph_.addNode(op, inputs, output, attributes);
}

std::string CallEmitter::scalar(float value) {
  return node("Constant", {}, {floatAttribute("value_float", value)});
}

//===----------------------------------------------------------------------===//
// GraphEmitter
//===----------------------------------------------------------------------===//

proto::ValueInfo GraphEmitter::valueInfo(const std::string &name,
                                         const TensorSpec &spec) const {
  proto::ValueInfo info;
  info.set_name(name);
  info.set_dtype(dtypeToProto(spec.dtype));
  info.add_shape()->set_symbol("batch");
  for (int64_t dim : spec.shape)
    info.add_shape()->set_size(dim);
  return info;
}

void GraphEmitter::addInput(const TensorNode &input, const std::string &name) {
  *graph_.add_inputs() = valueInfo(name, input.spec);
  values_[&input] = {name, Layout::ChannelsLast};
}

Status GraphEmitter::addInitializer(const Tensor &value,
                                    const std::string &name) {
  Result<proto::Tensor> tensor = tensorToProto(value, name);
  if (!tensor)
    return tensor.status();
  *graph_.add_initializers() = std::move(*tensor);
  return Status::ok();
}

Status GraphEmitter::addWeights(const LayerImpl &layer,
                                const std::string &layerName) {
  for (const WeightSpec &weight : layer.weights()) {
    std::string name = layerName + "/" + weight.name;
    DLC_RETURN_IF_ERROR(
        addInitializer(weight.initializer.create(weight.shape, random_), name));
    if (weight.regularizer.l1 == 0 && weight.regularizer.l2 == 0)
      continue;
    proto::Regularizer &regularizer = regularizers_.emplace_back();
    regularizer.set_parameter(name);
    regularizer.set_l1(weight.regularizer.l1);
    regularizer.set_l2(weight.regularizer.l2);
  }
  return Status::ok();
}

std::string
GraphEmitter::addNode(const std::string &op,
                      const std::vector<std::string> &inputs,
                      const std::string &output,
                      const std::vector<proto::Attribute> &attributes) {
  proto::Node &node = *graph_.add_nodes();
  node.set_name(output);
  node.set_op(op);
  for (const std::string &input : inputs)
    node.add_inputs(input);
  node.add_outputs(output);
  for (const proto::Attribute &attribute : attributes)
    *node.add_attributes() = attribute;
  return output;
}

std::string GraphEmitter::inLayout(const Value &value, const TensorSpec &spec,
                                   Layout layout) {
  if (value.layout == layout || spec.shape.size() < 2)
    return value.name;
  auto [entry, inserted] = transposed_.try_emplace({value.name, layout});
  if (!inserted)
    return entry->second;
  int64_t rank = static_cast<int64_t>(spec.shape.size()) + 1;
  std::vector<int64_t> perm{0};
  if (layout == Layout::ChannelsFirst) {
    // (N, spatial..., C) -> (N, C, spatial...)
    perm.push_back(rank - 1);
    for (int64_t axis = 1; axis < rank - 1; ++axis)
      perm.push_back(axis);
  } else {
    // (N, C, spatial...) -> (N, spatial..., C)
    for (int64_t axis = 2; axis < rank; ++axis)
      perm.push_back(axis);
    perm.push_back(1);
  }
  std::string suffix =
      layout == Layout::ChannelsFirst ? "/channels_first" : "/channels_last";
  entry->second = addNode("Transpose", {value.name}, value.name + suffix,
                          {intsAttribute("perm", perm)});
  return entry->second;
}

Status GraphEmitter::addCall(const TensorNode &call, const std::string &name,
                             const std::string &layerName) {
  CallEmitter emitter(*this, call, name, layerName);
  Layout layout = call.layer->emit(emitter);
  DLC_RETURN_IF_ERROR(status_);
  assert(emitter.lastNode_ >= 0 && "every layer call emits a node");
  // The call's value is the output of its last node, named after the call.
  proto::Node &last = *graph_.mutable_nodes(emitter.lastNode_);
  last.set_name(name);
  last.set_outputs(0, name);
  values_[&call] = {name,
                    call.spec.shape.size() < 2 ? Layout::ChannelsLast : layout};
  return Status::ok();
}

void GraphEmitter::addOutput(const TensorNode &output) {
  std::string name =
      inLayout(values_.at(&output), output.spec, Layout::ChannelsLast);
  *graph_.add_outputs() = valueInfo(name, output.spec);
}

} // namespace dlc::nn::detail
