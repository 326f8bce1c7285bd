//===- CoreLayers.cpp - Dense, Activation, Dropout, Flatten, Reshape, ... -===//
#include "Activations.h"

namespace dlc::nn {
namespace detail {
namespace {

/// The number of values in one sample of `input`.
Result<int64_t> sampleSize(const TensorSpec &input) {
  std::optional<int64_t> count = elementCount(input.shape);
  if (!count)
    return Status::error("inputs of shape " + formatKerasShape(input.shape) +
                         " have too many values per sample");
  return *count;
}

class DenseLayer : public LayerImpl {
public:
  DenseLayer(int64_t units, std::string activation,
             Regularizer kernelRegularizer, bool useBias)
      : LayerImpl("Dense", "dense"), units_(units),
        activation_(std::move(activation)),
        kernelRegularizer_(kernelRegularizer), useBias_(useBias) {
    if (units <= 0)
      reject("units must be positive, got " + std::to_string(units));
    check(checkActivation(activation_));
    check(checkRegularizer(kernelRegularizer));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    if (inputs[0].shape.empty())
      return Status::error("needs inputs with a feature axis, got shape " +
                           formatKerasShape(inputs[0].shape));
    TensorSpec output = inputs[0];
    output.shape.back() = units_;
    return output;
  }

  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const override {
    int64_t features = inputs[0].shape.back();
    std::vector<WeightSpec> weights{
        {"kernel",
         {features, units_},
         Initializer::glorotUniform(features, units_),
         true,
         kernelRegularizer_}};
    if (useBias_)
      weights.push_back({"bias", {units_}, Initializer::zeros()});
    return weights;
  }

  Layout emit(CallEmitter &call) const override {
    std::vector<std::string> operands{call.input(0, Layout::ChannelsLast),
                                      call.weight("kernel")};
    std::string y;
    if (call.inputSpec(0).shape.size() == 1) {
      // A matrix: one Gemm adds the bias too.
      if (useBias_)
        operands.push_back(call.weight("bias"));
      y = call.node("Gemm", operands);
    } else {
      // Gemm takes matrices only; MatMul contracts the last axis of any rank.
      y = call.node("MatMul", operands);
      if (useBias_)
        y = call.node("Add", {y, call.weight("bias")});
    }
    emitActivation(call, activation_, y, Layout::ChannelsLast);
    return Layout::ChannelsLast;
  }

private:
  int64_t units_;
  std::string activation_;
  Regularizer kernelRegularizer_;
  bool useBias_;
};

/// Elementwise on float inputs, so any layout will do.
class ActivationLayer : public LayerImpl {
public:
  explicit ActivationLayer(std::string activation)
      : LayerImpl("Activation", "activation"),
        activation_(std::move(activation)) {
    check(checkActivation(activation_));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    return inputs[0];
  }

  Layout emit(CallEmitter &call) const override {
    Layout layout = call.inputLayout(0);
    std::string x = call.input(0, layout);
    // "linear" is the identity, but the call still needs a value of its own.
    if (emitActivation(call, activation_, x, layout) == x)
      call.node("Identity", {x});
    return layout;
  }

private:
  std::string activation_;
};

/// ONNX Dropout with its ratio as an initializer (an input since opset
/// 12); the importer makes it the identity at inference.
class DropoutLayer : public LayerImpl {
public:
  explicit DropoutLayer(double rate)
      : LayerImpl("Dropout", "dropout"), rate_(rate) {
    if (!(rate >= 0 && rate < 1))
      reject("rate must be in [0, 1), got " + std::to_string(rate));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    return inputs[0];
  }

  Layout emit(CallEmitter &call) const override {
    Layout layout = call.inputLayout(0);
    std::string ratio = call.constant(
        "ratio", Tensor::fromFloats({}, {static_cast<float>(rate_)}));
    call.node("Dropout", {call.input(0, layout), ratio});
    return layout;
  }

private:
  double rate_;
};

class FlattenLayer : public LayerImpl {
public:
  FlattenLayer() : LayerImpl("Flatten", "flatten") {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    Result<int64_t> count = sampleSize(inputs[0]);
    if (!count)
      return count.status();
    return TensorSpec{{*count}, inputs[0].dtype};
  }

  Layout emit(CallEmitter &call) const override {
    // Channels last, so that features are ordered as in Keras.
    call.node("Flatten", {call.input(0, Layout::ChannelsLast)});
    return Layout::ChannelsLast;
  }
};

class ReshapeLayer : public LayerImpl {
public:
  explicit ReshapeLayer(std::vector<int64_t> targetShape)
      : LayerImpl("Reshape", "reshape"), targetShape_(std::move(targetShape)) {
    int inferred = 0;
    for (int64_t dim : targetShape_) {
      inferred += dim == -1;
      if (dim == 0 || dim < -1)
        reject("target shape dimensions must be positive or -1, got " +
               formatShape(targetShape_));
    }
    if (inferred > 1)
      reject("at most one dimension of the target shape may be -1, got " +
             formatShape(targetShape_));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    Result<int64_t> count = sampleSize(inputs[0]);
    if (!count)
      return count.status();
    std::vector<int64_t> known;
    for (int64_t dim : targetShape_)
      if (dim != -1)
        known.push_back(dim);
    std::optional<int64_t> knownCount = elementCount(known);
    bool inferred = known.size() < targetShape_.size();
    bool fits = knownCount &&
                (inferred ? *count % *knownCount == 0 : *count == *knownCount);
    if (!fits)
      return Status::error("cannot reshape " +
                           formatKerasShape(inputs[0].shape) + " (" +
                           std::to_string(*count) + " values per sample) to " +
                           formatKerasShape(targetShape_));
    TensorSpec output{targetShape_, inputs[0].dtype};
    for (int64_t &dim : output.shape)
      if (dim == -1)
        dim = *count / *knownCount;
    return output;
  }

  Layout emit(CallEmitter &call) const override {
    // -1 for the batch; the other dimensions are known.
    const std::vector<int64_t> &shape = call.outputSpec().shape;
    Tensor target(DType::Int64, {static_cast<int64_t>(shape.size()) + 1});
    target.typed<int64_t>()[0] = -1;
    std::copy(shape.begin(), shape.end(), target.typed<int64_t>() + 1);
    call.node("Reshape", {call.input(0, Layout::ChannelsLast),
                          call.constant("shape", target)});
    return Layout::ChannelsLast;
  }

private:
  std::vector<int64_t> targetShape_;
};

/// Gather of the rows of the embedding matrix.
class EmbeddingLayer : public LayerImpl {
public:
  EmbeddingLayer(int64_t inputDim, int64_t outputDim)
      : LayerImpl("Embedding", "embedding"), inputDim_(inputDim),
        outputDim_(outputDim) {
    if (inputDim <= 0 || outputDim <= 0)
      reject("input_dim and output_dim must be positive, got " +
             std::to_string(inputDim) + " and " + std::to_string(outputDim));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DType dtype = inputs[0].dtype;
    if (dtype != DType::Int32 && dtype != DType::Int64)
      return Status::error(std::string("needs int32 or int64 indices, got ") +
                           dtypeName(dtype));
    TensorSpec output{inputs[0].shape, DType::Float32};
    output.shape.push_back(outputDim_);
    return output;
  }

  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &) const override {
    // Keras's "uniform" default: uniform(-0.05, 0.05).
    return {
        {"embeddings", {inputDim_, outputDim_}, Initializer::uniform(0.05f)}};
  }

  Layout emit(CallEmitter &call) const override {
    call.node("Gather",
              {call.weight("embeddings"), call.input(0, Layout::ChannelsLast)});
    return Layout::ChannelsLast;
  }

private:
  int64_t inputDim_, outputDim_;
};

} // namespace
} // namespace detail

using namespace detail;

Layer Dense(int64_t units, const std::string &activation,
            Regularizer kernelRegularizer, bool useBias) {
  return Layer(std::make_shared<DenseLayer>(units, activation,
                                            kernelRegularizer, useBias));
}

Layer Activation(const std::string &activation) {
  return Layer(std::make_shared<ActivationLayer>(activation));
}

Layer Dropout(double rate) {
  return Layer(std::make_shared<DropoutLayer>(rate));
}

Layer Flatten() { return Layer(std::make_shared<FlattenLayer>()); }

Layer Reshape(std::vector<int64_t> targetShape) {
  return Layer(std::make_shared<ReshapeLayer>(std::move(targetShape)));
}

Layer Embedding(int64_t inputDim, int64_t outputDim) {
  return Layer(std::make_shared<EmbeddingLayer>(inputDim, outputDim));
}

} // namespace dlc::nn
