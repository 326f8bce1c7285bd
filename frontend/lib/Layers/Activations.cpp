//===- Activations.cpp - Keras's activations as ONNX nodes ----------------===//
#include "Activations.h"

#include <algorithm>
#include <iterator>

namespace dlc::nn::detail {
namespace {

struct ActivationOp {
  const char *name;
  /// The ONNX op; null for "linear". Elu and Selu's ONNX defaults are
  /// Keras's constants (alpha 1; Selu's alpha and scale in float32).
  const char *op;
};

constexpr ActivationOp kActivations[] = {
    {"linear", nullptr}, {"relu", "Relu"},         {"sigmoid", "Sigmoid"},
    {"tanh", "Tanh"},    {"softmax", "Softmax"},   {"elu", "Elu"},
    {"selu", "Selu"},    {"softplus", "Softplus"}, {"leaky_relu", "LeakyRelu"},
};

const ActivationOp *findActivation(const std::string &name) {
  auto found = std::find_if(
      std::begin(kActivations), std::end(kActivations),
      [&](const ActivationOp &activation) { return name == activation.name; });
  return found == std::end(kActivations) ? nullptr : found;
}

} // namespace

Status checkActivation(const std::string &name) {
  if (findActivation(name))
    return Status::ok();
  std::string known;
  for (const ActivationOp &activation : kActivations)
    known += (known.empty() ? "" : ", ") + std::string(activation.name);
  return Status::error("unknown activation '" + name + "' (known: " + known +
                       ")");
}

std::string emitActivation(CallEmitter &call, const std::string &name,
                           const std::string &x, Layout layout) {
  const ActivationOp *activation = findActivation(name);
  if (!activation->op)
    return x;
  std::vector<proto::Attribute> attributes;
  if (name == "softmax") // over the channels, wherever the layout has them
    attributes.push_back(
        intAttribute("axis", layout == Layout::ChannelsFirst ? 1 : -1));
  if (name == "leaky_relu") // keras.activations.leaky_relu; ONNX's is 0.01
    attributes.push_back(floatAttribute("alpha", 0.2f));
  return call.node(activation->op, {x}, attributes);
}

} // namespace dlc::nn::detail
