//===- ConvLayers.cpp - Convolutions and max pooling, 1-D and 2-D ---------===//
//
// The layers take Keras's channels-last inputs and emit ONNX's
// channels-first Conv and MaxPool; GraphEmitter transposes where needed.
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
    std::vector<int64_t> shape{filters_, channels};
    // In double: the sizes are checked after this (LayerImpl::call).
    double receptiveField = 1;
    for (int64_t size : window()) {
      shape.push_back(size);
      receptiveField *= size;
    }
    std::vector<WeightSpec> weights{
        {"kernel", shape,
         Initializer::glorotUniform(
             static_cast<double>(channels) * receptiveField,
             static_cast<double>(filters_) * receptiveField),
         true, kernelRegularizer_}};
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

class MaxPoolLayer : public WindowLayer {
public:
  MaxPoolLayer(std::string kind, std::string baseName,
               std::vector<int64_t> poolSize, std::vector<int64_t> strides,
               std::string padding)
      : WindowLayer(std::move(kind), std::move(baseName), "pool_size",
                    std::move(poolSize), std::move(strides),
                    std::move(padding)) {}

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    return windowOutput(inputs[0], std::nullopt);
  }

  Layout emit(CallEmitter &call) const override {
    call.node("MaxPool", {call.input(0, Layout::ChannelsFirst)},
              windowAttributes(call));
    return Layout::ChannelsFirst;
  }
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

Layer MaxPooling2D(Size2D poolSize) { return MaxPooling2D(poolSize, poolSize); }

Layer MaxPooling2D(Size2D poolSize, Size2D strides,
                   const std::string &padding) {
  return Layer(std::make_shared<MaxPoolLayer>("MaxPooling2D", "max_pooling2d",
                                              sizes(poolSize), sizes(strides),
                                              padding));
}

Layer MaxPooling1D(int64_t poolSize) {
  return MaxPooling1D(poolSize, poolSize);
}

Layer MaxPooling1D(int64_t poolSize, int64_t strides,
                   const std::string &padding) {
  return Layer(std::make_shared<MaxPoolLayer>(
      "MaxPooling1D", "max_pooling1d", std::vector<int64_t>{poolSize},
      std::vector<int64_t>{strides}, padding));
}

} // namespace dlc::nn
