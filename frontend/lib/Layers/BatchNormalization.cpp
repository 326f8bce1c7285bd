//===- BatchNormalization.cpp - Keras's BatchNormalization(axis=-1) -------===//
#include "GraphEmitter.h"

namespace dlc::nn {
namespace detail {
namespace {

/// ONNX BatchNormalization normalizes axis 1, which is the channels in the
/// channels-first layout (and the features of a (batch, features) input).
class BatchNormalizationLayer : public LayerImpl {
public:
  BatchNormalizationLayer(float momentum, float epsilon)
      : LayerImpl("BatchNormalization", "batch_normalization"),
        momentum_(momentum), epsilon_(epsilon) {
    if (!(momentum >= 0 && momentum <= 1))
      reject("momentum must be in [0, 1], got " + std::to_string(momentum));
    if (!(epsilon > 0))
      reject("epsilon must be positive, got " + std::to_string(epsilon));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    if (inputs[0].shape.empty())
      return Status::error("needs inputs with a feature axis, got shape " +
                           formatKerasShape(inputs[0].shape));
    return inputs[0];
  }

  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const override {
    std::vector<int64_t> shape{inputs[0].shape.back()};
    return {{"gamma", shape, Initializer::ones()},
            {"beta", shape, Initializer::zeros()},
            {"moving_mean", shape, Initializer::zeros(), false},
            {"moving_variance", shape, Initializer::ones(), false}};
  }

  Layout emit(CallEmitter &call) const override {
    // ONNX's momentum is Keras's: moving = moving * momentum + batch * (1 -
    // momentum).
    call.node("BatchNormalization",
              {call.input(0, Layout::ChannelsFirst), call.weight("gamma"),
               call.weight("beta"), call.weight("moving_mean"),
               call.weight("moving_variance")},
              {floatAttribute("epsilon", epsilon_),
               floatAttribute("momentum", momentum_)});
    return Layout::ChannelsFirst;
  }

private:
  float momentum_, epsilon_;
};

} // namespace
} // namespace detail

Layer BatchNormalization(float momentum, float epsilon) {
  return Layer(
      std::make_shared<detail::BatchNormalizationLayer>(momentum, epsilon));
}

} // namespace dlc::nn
