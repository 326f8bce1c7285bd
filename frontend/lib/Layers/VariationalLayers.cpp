//===- VariationalLayers.cpp - Sampling and KLDivergence ------------------===//
//
// The two layers of a variational autoencoder (the book's chapter 8),
// between its encoder's mean and log-variance heads and its decoder:
//
//   z  = Sampling()({z_mean, z_log_var})      mean + exp(log_var / 2) * eps
//   kl = KLDivergence()({z_mean, z_log_var})  the per-sample KL term
//
// eps is ONNX RandomNormalLike: a fresh draw every training step, one
// fixed draw in inference. The KL term is an output the model's loss
// reads (with an "mae" loss against zero labels its mean is the term
// itself, as it is never negative), in the place of Keras's add_loss.
//
//===----------------------------------------------------------------------===//
#include "GraphEmitter.h"
#include "LayerImpl.h"

namespace dlc::nn {
namespace detail {
namespace {

/// A layer of two float vectors (mean, log-variance) of one shape.
class GaussianLayer : public LayerImpl {
public:
  using LayerImpl::LayerImpl;

  Result<TensorSpec>
  checkInputs(const std::vector<TensorSpec> &inputs) const {
    if (inputs.size() != 2)
      return Status::error("takes two inputs (mean, log-variance), got " +
                           std::to_string(inputs.size()));
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    if (inputs[0].shape.size() != 1 || inputs[1].shape != inputs[0].shape ||
        inputs[1].dtype != inputs[0].dtype)
      return Status::error("needs two vectors of one shape, got " +
                           formatKerasShape(inputs[0].shape) + " and " +
                           formatKerasShape(inputs[1].shape));
    return inputs[0];
  }
};

class SamplingLayer : public GaussianLayer {
public:
  SamplingLayer() : GaussianLayer("Sampling", "sampling", Arity::AtLeastTwo) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    return checkInputs(inputs);
  }

  Layout emit(CallEmitter &call) const override {
    std::string mean = call.input(0, Layout::ChannelsLast);
    std::string logVariance = call.input(1, Layout::ChannelsLast);
    std::string noise = call.node("RandomNormalLike", {mean});
    std::string deviation = call.node(
        "Exp", {call.node("Mul", {logVariance,
                                  call.scalar(0.5f)})});
    call.node("Add", {mean, call.node("Mul", {deviation, noise})});
    return Layout::ChannelsLast;
  }
};

/// KL(N(mean, exp(log_var)) || N(0, 1)) per sample:
/// 0.5 * sum(mean^2 + exp(log_var) - log_var - 1), shaped (1).
class KLDivergenceLayer : public GaussianLayer {
public:
  KLDivergenceLayer()
      : GaussianLayer("KLDivergence", "kl_divergence", Arity::AtLeastTwo) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    Result<TensorSpec> checked = checkInputs(inputs);
    if (!checked)
      return checked.status();
    return TensorSpec{{1}, checked->dtype};
  }

  Layout emit(CallEmitter &call) const override {
    std::string mean = call.input(0, Layout::ChannelsLast);
    std::string logVariance = call.input(1, Layout::ChannelsLast);
    std::string terms = call.node(
        "Sub",
        {call.node("Sub", {call.node("Add", {call.node("Mul", {mean, mean}),
                                             call.node("Exp", {logVariance})}),
                           logVariance}),
         call.scalar(1.0f)});
    Tensor lastAxis(DType::Int64, {1});
    lastAxis.typed<int64_t>()[0] = 1;
    std::string sum =
        call.node("ReduceSum", {terms, call.constant("axes", lastAxis)},
                  {intAttribute("keepdims", 1)});
    call.node("Mul", {sum, call.scalar(0.5f)});
    return Layout::ChannelsLast;
  }
};

} // namespace
} // namespace detail

Layer Sampling() {
  return Layer(std::make_shared<detail::SamplingLayer>());
}

Layer KLDivergence() {
  return Layer(std::make_shared<detail::KLDivergenceLayer>());
}

} // namespace dlc::nn
