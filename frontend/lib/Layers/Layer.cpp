//===- Layer.cpp - Layer calls, Input() and symbolic tensors --------------===//
#include "LayerImpl.h"

#include <algorithm>
#include <atomic>

namespace dlc::nn {

using detail::TensorNode;
using detail::TensorSpec;

namespace detail {

std::string formatKerasShape(const std::vector<int64_t> &shape) {
  std::string text = "(None";
  for (int64_t dim : shape)
    text += ", " + std::to_string(dim);
  return text + (shape.empty() ? ",)" : ")");
}

std::optional<int64_t> elementCount(const std::vector<int64_t> &shape) {
  constexpr int64_t kLimit = int64_t(1) << 62;
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim > 0 && count > kLimit / dim)
      return std::nullopt;
    count *= dim;
  }
  return count;
}

Status checkFloat(const TensorSpec &input) {
  if (input.dtype == DType::Float32)
    return Status::ok();
  return Status::error(std::string("needs a float32 input, got ") +
                       dtypeName(input.dtype));
}

Status checkRegularizer(const Regularizer &regularizer) {
  if (regularizer.l1 >= 0 && regularizer.l2 >= 0)
    return Status::ok();
  return Status::error("regularizer factors must be >= 0, got l1 " +
                       std::to_string(regularizer.l1) + " and l2 " +
                       std::to_string(regularizer.l2));
}

uint64_t nextCreationIndex() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

std::string TensorNode::describe(const std::string &name) const {
  std::string what = layer ? layer->kind() + " layer" : "Input";
  return name.empty() ? what : what + " '" + name + "'";
}

namespace {

std::string formatShapes(const std::vector<TensorSpec> &specs) {
  std::string text;
  for (const TensorSpec &spec : specs)
    text += (text.empty() ? "" : ", ") + formatKerasShape(spec.shape);
  return text;
}

} // namespace

LayerImpl::LayerImpl(std::string kind, std::string baseName, Arity arity)
    : kind_(std::move(kind)), baseName_(std::move(baseName)), arity_(arity) {}

void LayerImpl::reject(const std::string &message) {
  if (config_)
    config_ = Status::error(message);
}

void LayerImpl::check(const Status &status) {
  if (!status)
    reject(status.message());
}

std::vector<WeightSpec>
LayerImpl::weightsFor(const std::vector<TensorSpec> &) const {
  return {};
}

Result<TensorSpec> LayerImpl::call(const std::vector<TensorSpec> &inputs) {
  DLC_RETURN_IF_ERROR(config_);
  if (arity_ == Arity::One && inputs.size() != 1)
    return Status::error("takes one input, got " +
                         std::to_string(inputs.size()));
  if (arity_ == Arity::AtLeastTwo && inputs.size() < 2)
    return Status::error("takes two or more inputs, got " +
                         std::to_string(inputs.size()));
  Result<TensorSpec> output = outputSpec(inputs);
  if (!output)
    return output;

  // A protobuf message, and so an initializer, holds less than 2 GiB.
  constexpr int64_t kMaxWeightElements = (int64_t(1) << 31) / 4 - 1;
  std::vector<WeightSpec> weights = weightsFor(inputs);
  for (const WeightSpec &weight : weights) {
    std::optional<int64_t> count = elementCount(weight.shape);
    if (!count || *count > kMaxWeightElements)
      return Status::error("weight '" + weight.name + "' of shape " +
                           formatShape(weight.shape) +
                           " is too large: weights are stored in protobuf "
                           "messages, which hold less than 2 GiB");
  }
  if (!builtFor_) {
    builtFor_ = inputs;
    weights_ = std::move(weights);
    return output;
  }
  for (size_t i = 0; i < weights.size(); ++i)
    if (weights[i].shape != weights_[i].shape)
      return Status::error("was built for inputs " + formatShapes(*builtFor_) +
                           " and cannot share its weights with a call on " +
                           formatShapes(inputs));
  return output;
}

} // namespace detail

SymbolicTensor::SymbolicTensor(std::shared_ptr<const TensorNode> node)
    : node_(std::move(node)) {}

const std::vector<int64_t> &SymbolicTensor::shape() const {
  return node_->spec.shape;
}

DType SymbolicTensor::dtype() const { return node_->spec.dtype; }

Status SymbolicTensor::status() const {
  const TensorNode *failure = node_->failure;
  if (!failure)
    return Status::ok();
  const std::string &name =
      failure->layer ? failure->layer->name : failure->inputName;
  return Status::error(failure->describe(name) + ": " + failure->error);
}

SymbolicTensor Input(std::vector<int64_t> shape, std::string name,
                     DType dtype) {
  auto node = std::make_shared<TensorNode>();
  node->inputName = std::move(name);
  if (std::any_of(shape.begin(), shape.end(),
                  [](int64_t dim) { return dim <= 0; }))
    node->error = "dimensions must be positive, got shape " +
                  detail::formatKerasShape(shape) +
                  " (the batch dimension is implicit)";
  else if (!detail::elementCount(shape))
    node->error =
        "shape " + detail::formatKerasShape(shape) + " has too many elements";
  if (node->error.empty())
    node->spec = {std::move(shape), dtype};
  else
    node->failure = node.get();
  return SymbolicTensor(std::move(node));
}

Layer::Layer(std::shared_ptr<detail::LayerImpl> impl)
    : impl_(std::move(impl)) {}

SymbolicTensor Layer::operator()(const SymbolicTensor &input) const {
  return (*this)(std::vector<SymbolicTensor>{input});
}

SymbolicTensor
Layer::operator()(const std::vector<SymbolicTensor> &inputs) const {
  auto node = std::make_shared<TensorNode>();
  node->layer = impl_;
  std::vector<TensorSpec> specs;
  for (const SymbolicTensor &input : inputs) {
    node->inputs.push_back(input.node_);
    specs.push_back(input.node_->spec);
    if (!node->failure)
      node->failure = input.node_->failure;
  }
  if (!node->failure) {
    Result<TensorSpec> output = impl_->call(specs);
    if (output) {
      node->spec = std::move(*output);
    } else {
      node->error = output.status().message();
      node->failure = node.get();
    }
  }
  return SymbolicTensor(std::move(node));
}

Layer Layer::named(std::string name) {
  impl_->name = std::move(name);
  return *this;
}

} // namespace dlc::nn
