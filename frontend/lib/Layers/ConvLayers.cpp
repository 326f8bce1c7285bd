//===- ConvLayers.cpp - Convolutions and pooling, 1-D and 2-D -------------===//
//
// The layers take Keras's channels-last inputs and emit ONNX's
// channels-first Conv, MaxPool, AveragePool and global pools; GraphEmitter
// transposes where needed. Depthwise convolutions are Conv with one group
// per input channel.
// Conv kernels are stored as ONNX wants them, (filters, channels, window...),
// so that no node rearranges them; Keras's layout is (window..., channels,
// filters), with the same fans for glorot_uniform.
//
//===----------------------------------------------------------------------===//
#include "Activations.h"

#include <algorithm>

namespace dlc::nn {
namespace detail {
namespace {

/// Geometry shared by convolutions and pools: a window and strides per
/// spatial axis, and Keras's padding.
class WindowLayer : public LayerImpl {
protected:
  WindowLayer(std::string kind, std::string baseName,
              const std::string &windowArgument, std::vector<int64_t> window,
              std::vector<int64_t> strides, std::string padding)
      : LayerImpl(std::move(kind), std::move(baseName)),
        window_(std::move(window)), strides_(std::move(strides)),
        padding_(std::move(padding)) {
    if (std::any_of(window_.begin(), window_.end(),
                    [](int64_t size) { return size <= 0; }))
      reject(windowArgument + " must be positive, got " + formatShape(window_));
    if (std::any_of(strides_.begin(), strides_.end(),
                    [](int64_t stride) { return stride <= 0; }))
      reject("strides must be positive, got " + formatShape(strides_));
    if (padding_ != "valid" && padding_ != "same")
      reject("padding must be 'valid' or 'same', got '" + padding_ + "'");
  }

  /// The output on `input` (spatial axes, then channels) with `filters`
  /// output channels, or as many as the input has.
  Result<TensorSpec> windowOutput(const TensorSpec &input,
                                  std::optional<int64_t> filters) const {
    DLC_RETURN_IF_ERROR(checkFloat(input));
    size_t spatial = window_.size();
    if (input.shape.size() != spatial + 1)
      return Status::error(std::string("needs inputs of shape ") +
                           (spatial == 1 ? "(None, steps, channels)"
                                         : "(None, height, width, channels)") +
                           ", got " + formatKerasShape(input.shape));
    TensorSpec output = input;
    for (size_t axis = 0; axis < spatial; ++axis) {
      int64_t size = input.shape[axis], stride = strides_[axis];
      if (padding_ == "same") {
        output.shape[axis] = (size - 1) / stride + 1;
      } else if (size < window_[axis]) {
        return Status::error("window " + formatShape(window_) +
                             " does not fit in inputs of shape " +
                             formatKerasShape(input.shape) +
                             " without padding");
      } else {
        output.shape[axis] = (size - window_[axis]) / stride + 1;
      }
    }
    output.shape.back() = filters.value_or(output.shape.back());
    return output;
  }

  /// kernel_shape, strides and pads of the ONNX node of a call. "same"
  /// puts the odd padding at the end, as Keras (and SAME_UPPER) do; for
  /// "valid" the formula gives 0.
  std::vector<proto::Attribute>
  windowAttributes(const CallEmitter &call) const {
    size_t spatial = window_.size();
    std::vector<int64_t> pads(2 * spatial);
    for (size_t axis = 0; axis < spatial; ++axis) {
      // The last window ends at (out - 1) * stride + window; the first term
      // is below the input size, so this order of operations cannot
      // overflow.
      int64_t beforeLastWindow =
          (call.outputSpec().shape[axis] - 1) * strides_[axis] -
          call.inputSpec(0).shape[axis];
      int64_t total = std::max<int64_t>(beforeLastWindow + window_[axis], 0);
      pads[axis] = total / 2;
      pads[axis + spatial] = total - total / 2;
    }
    return {intsAttribute("kernel_shape", window_),
            intsAttribute("strides", strides_), intsAttribute("pads", pads)};
  }

  const std::vector<int64_t> &window() const { return window_; }

private:
  std::vector<int64_t> window_, strides_;
  std::string padding_;
};

/// A convolution kernel `name`, stored as ONNX wants it, (filters,
/// channels per group, window...), with Keras's fans for
/// glorot_uniform: Keras's layout (window..., channels, filters).
WeightSpec convKernel(const std::string &name, int64_t filters,
                      int64_t groupChannels, const std::vector<int64_t> &window,
                      double kerasInputs, double kerasOutputs,
                      Regularizer regularizer = {}) {
  std::vector<int64_t> shape{filters, groupChannels};
  // In double: the sizes are checked after this (LayerImpl::call).
  double receptiveField = 1;
  for (int64_t size : window) {
    shape.push_back(size);
    receptiveField *= size;
  }
  return {name, shape,
          Initializer::glorotUniform(kerasInputs * receptiveField,
                                     kerasOutputs * receptiveField),
          true, regularizer};
}

class ConvLayer : public WindowLayer {
public:
  ConvLayer(std::string kind, std::string baseName, int64_t filters,
            std::vector<int64_t> kernelSize, std::string activation,
            std::vector<int64_t> strides, std::string padding,
            Regularizer kernelRegularizer, bool useBias)
      : WindowLayer(std::move(kind), std::move(baseName), "kernel_size",
                    std::move(kernelSize), std::move(strides),
                    std::move(padding)),
        filters_(filters), activation_(std::move(activation)),
        kernelRegularizer_(kernelRegularizer), useBias_(useBias) {
    if (filters <= 0)
      reject("filters must be positive, got " + std::to_string(filters));
    check(checkActivation(activation_));
    check(checkRegularizer(kernelRegularizer));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    return windowOutput(inputs[0], filters_);
  }

  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const override {
    int64_t channels = inputs[0].shape.back();
    std::vector<WeightSpec> weights{convKernel(
        "kernel", filters_, channels, window(), static_cast<double>(channels),
        static_cast<double>(filters_), kernelRegularizer_)};
    if (useBias_)
      weights.push_back({"bias", {filters_}, Initializer::zeros()});
    return weights;
  }

  Layout emit(CallEmitter &call) const override {
    std::vector<std::string> operands{call.input(0, Layout::ChannelsFirst),
                                      call.weight("kernel")};
    if (useBias_)
      operands.push_back(call.weight("bias"));
    std::string y = call.node("Conv", operands, windowAttributes(call));
    emitActivation(call, activation_, y, Layout::ChannelsFirst);
    return Layout::ChannelsFirst;
  }

private:
  int64_t filters_;
  std::string activation_;
  Regularizer kernelRegularizer_;
  bool useBias_;
};

/// A depthwise convolution: each input channel convolved with its own
/// `depthMultiplier` filters (Conv with one group per channel).
class DepthwiseConvLayer : public WindowLayer {
public:
  DepthwiseConvLayer(std::string kind, std::string baseName,
                     std::vector<int64_t> kernelSize,
                     std::vector<int64_t> strides, std::string padding,
                     int64_t depthMultiplier, std::string activation,
                     bool useBias)
      : WindowLayer(std::move(kind), std::move(baseName), "kernel_size",
                    std::move(kernelSize), std::move(strides),
                    std::move(padding)),
        depthMultiplier_(depthMultiplier), activation_(std::move(activation)),
        useBias_(useBias) {
    if (depthMultiplier <= 0)
      reject("depth_multiplier must be positive, got " +
             std::to_string(depthMultiplier));
    check(checkActivation(activation_));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    return windowOutput(inputs[0],
                        inputs[0].shape.empty()
                            ? std::nullopt
                            : std::optional<int64_t>(
                                  inputs[0].shape.back() * depthMultiplier_));
  }

  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const override {
    std::vector<WeightSpec> weights{depthwiseKernel(inputs[0])};
    if (useBias_)
      weights.push_back(
          {"bias", {inputs[0].shape.back() * depthMultiplier_},
           Initializer::zeros()});
    return weights;
  }

  Layout emit(CallEmitter &call) const override {
    std::string y = emitDepthwise(call, useBias_);
    emitActivation(call, activation_, y, Layout::ChannelsFirst);
    return Layout::ChannelsFirst;
  }

protected:
  /// Keras's depthwise_kernel, (window..., channels, multiplier).
  WeightSpec depthwiseKernel(const TensorSpec &input) const {
    int64_t channels = input.shape.back();
    return convKernel("depthwise_kernel", channels * depthMultiplier_, 1,
                      window(), static_cast<double>(channels),
                      static_cast<double>(depthMultiplier_));
  }

  /// The grouped Conv of the call's input, with the layer's bias if
  /// `withBias`; returns its output.
  std::string emitDepthwise(CallEmitter &call, bool withBias) const {
    std::vector<std::string> operands{call.input(0, Layout::ChannelsFirst),
                                      call.weight("depthwise_kernel")};
    if (withBias)
      operands.push_back(call.weight("bias"));
    std::vector<proto::Attribute> attributes = windowAttributes(call);
    attributes.push_back(
        intAttribute("group", call.inputSpec(0).shape.back()));
    return call.node("Conv", operands, attributes);
  }

  int64_t depthMultiplier() const { return depthMultiplier_; }
  const std::string &activation() const { return activation_; }
  bool useBias() const { return useBias_; }

private:
  int64_t depthMultiplier_;
  std::string activation_;
  bool useBias_;
};

/// A depthwise convolution, then a 1x1 convolution to `filters` channels
/// (with the bias): Keras's SeparableConv.
class SeparableConvLayer : public DepthwiseConvLayer {
public:
  SeparableConvLayer(std::string kind, std::string baseName, int64_t filters,
                     std::vector<int64_t> kernelSize,
                     std::vector<int64_t> strides, std::string padding,
                     int64_t depthMultiplier, std::string activation,
                     bool useBias)
      : DepthwiseConvLayer(std::move(kind), std::move(baseName),
                           std::move(kernelSize), std::move(strides),
                           std::move(padding), depthMultiplier,
                           std::move(activation), useBias),
        filters_(filters) {
    if (filters <= 0)
      reject("filters must be positive, got " + std::to_string(filters));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    return windowOutput(inputs[0], filters_);
  }

  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const override {
    int64_t depthwiseChannels = inputs[0].shape.back() * depthMultiplier();
    std::vector<WeightSpec> weights{
        depthwiseKernel(inputs[0]),
        convKernel("pointwise_kernel", filters_, depthwiseChannels,
                   std::vector<int64_t>(window().size(), 1),
                   static_cast<double>(depthwiseChannels),
                   static_cast<double>(filters_))};
    if (useBias())
      weights.push_back({"bias", {filters_}, Initializer::zeros()});
    return weights;
  }

  Layout emit(CallEmitter &call) const override {
    std::vector<std::string> operands{emitDepthwise(call, false),
                                      call.weight("pointwise_kernel")};
    if (useBias())
      operands.push_back(call.weight("bias"));
    std::string y = call.node(
        "Conv", operands,
        {intsAttribute("kernel_shape",
                       std::vector<int64_t>(window().size(), 1))});
    emitActivation(call, activation(), y, Layout::ChannelsFirst);
    return Layout::ChannelsFirst;
  }

private:
  int64_t filters_;
};

/// MaxPool or AveragePool (`op`) over windows.
class PoolLayer : public WindowLayer {
public:
  PoolLayer(std::string kind, std::string baseName, std::string op,
            std::vector<int64_t> poolSize, std::vector<int64_t> strides,
            std::string padding)
      : WindowLayer(std::move(kind), std::move(baseName), "pool_size",
                    std::move(poolSize), std::move(strides),
                    std::move(padding)),
        op_(std::move(op)) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    return windowOutput(inputs[0], std::nullopt);
  }

  Layout emit(CallEmitter &call) const override {
    // AveragePool's count_include_pad stays 0: Keras averages over the
    // window's positions inside the input.
    call.node(op_, {call.input(0, Layout::ChannelsFirst)},
              windowAttributes(call));
    return Layout::ChannelsFirst;
  }

private:
  std::string op_;
};

/// GlobalAveragePool or GlobalMaxPool (`op`) over the `spatialRank`
/// spatial axes: one value per channel.
class GlobalPoolLayer : public LayerImpl {
public:
  GlobalPoolLayer(std::string kind, std::string baseName, std::string op,
                  size_t spatialRank)
      : LayerImpl(std::move(kind), std::move(baseName)), op_(std::move(op)),
        spatialRank_(spatialRank) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    const TensorSpec &input = inputs[0];
    DLC_RETURN_IF_ERROR(checkFloat(input));
    if (input.shape.size() != spatialRank_ + 1)
      return Status::error(std::string("needs inputs of shape ") +
                           (spatialRank_ == 1
                                ? "(None, steps, channels)"
                                : "(None, height, width, channels)") +
                           ", got " + formatKerasShape(input.shape));
    return TensorSpec{{input.shape.back()}, input.dtype};
  }

  Layout emit(CallEmitter &call) const override {
    std::string pooled =
        call.node(op_, {call.input(0, Layout::ChannelsFirst)});
    call.node("Flatten", {pooled});
    return Layout::ChannelsLast;
  }

private:
  std::string op_;
  size_t spatialRank_;
};

std::vector<int64_t> sizes(Size2D size) { return {size.height, size.width}; }

} // namespace
} // namespace detail

using namespace detail;

Layer Conv2D(int64_t filters, Size2D kernelSize, const std::string &activation,
             Size2D strides, const std::string &padding,
             Regularizer kernelRegularizer, bool useBias) {
  return Layer(std::make_shared<ConvLayer>(
      "Conv2D", "conv2d", filters, sizes(kernelSize), activation,
      sizes(strides), padding, kernelRegularizer, useBias));
}

Layer Conv1D(int64_t filters, int64_t kernelSize, const std::string &activation,
             int64_t strides, const std::string &padding,
             Regularizer kernelRegularizer, bool useBias) {
  return Layer(std::make_shared<ConvLayer>(
      "Conv1D", "conv1d", filters, std::vector<int64_t>{kernelSize}, activation,
      std::vector<int64_t>{strides}, padding, kernelRegularizer, useBias));
}

Layer DepthwiseConv2D(Size2D kernelSize, Size2D strides,
                      const std::string &padding, int64_t depthMultiplier,
                      const std::string &activation, bool useBias) {
  return Layer(std::make_shared<DepthwiseConvLayer>(
      "DepthwiseConv2D", "depthwise_conv2d", sizes(kernelSize),
      sizes(strides), padding, depthMultiplier, activation, useBias));
}

Layer SeparableConv2D(int64_t filters, Size2D kernelSize,
                      const std::string &activation, Size2D strides,
                      const std::string &padding, int64_t depthMultiplier,
                      bool useBias) {
  return Layer(std::make_shared<SeparableConvLayer>(
      "SeparableConv2D", "separable_conv2d", filters, sizes(kernelSize),
      sizes(strides), padding, depthMultiplier, activation, useBias));
}

Layer MaxPooling2D(Size2D poolSize) { return MaxPooling2D(poolSize, poolSize); }

Layer MaxPooling2D(Size2D poolSize, Size2D strides,
                   const std::string &padding) {
  return Layer(std::make_shared<PoolLayer>("MaxPooling2D", "max_pooling2d",
                                           "MaxPool", sizes(poolSize),
                                           sizes(strides), padding));
}

Layer MaxPooling1D(int64_t poolSize) {
  return MaxPooling1D(poolSize, poolSize);
}

Layer MaxPooling1D(int64_t poolSize, int64_t strides,
                   const std::string &padding) {
  return Layer(std::make_shared<PoolLayer>(
      "MaxPooling1D", "max_pooling1d", "MaxPool",
      std::vector<int64_t>{poolSize}, std::vector<int64_t>{strides}, padding));
}

Layer AveragePooling2D(Size2D poolSize) {
  return AveragePooling2D(poolSize, poolSize);
}

Layer AveragePooling2D(Size2D poolSize, Size2D strides,
                       const std::string &padding) {
  return Layer(std::make_shared<PoolLayer>(
      "AveragePooling2D", "average_pooling2d", "AveragePool", sizes(poolSize),
      sizes(strides), padding));
}

Layer GlobalAveragePooling2D() {
  return Layer(std::make_shared<GlobalPoolLayer>(
      "GlobalAveragePooling2D", "global_average_pooling2d",
      "GlobalAveragePool", 2));
}

Layer GlobalAveragePooling1D() {
  return Layer(std::make_shared<GlobalPoolLayer>(
      "GlobalAveragePooling1D", "global_average_pooling1d",
      "GlobalAveragePool", 1));
}

Layer GlobalMaxPooling2D() {
  return Layer(std::make_shared<GlobalPoolLayer>(
      "GlobalMaxPooling2D", "global_max_pooling2d", "GlobalMaxPool", 2));
}

Layer GlobalMaxPooling1D() {
  return Layer(std::make_shared<GlobalPoolLayer>(
      "GlobalMaxPooling1D", "global_max_pooling1d", "GlobalMaxPool", 1));
}

} // namespace dlc::nn
