//===- Layers.h - Keras-style layers that describe dlc models ----*- C++
//-*-===//
//
// Models are described as in Keras: layers are called on symbolic tensors,
// and a model is the graph between some inputs and outputs
// (FunctionalModel.h turns it into a proto::Model):
//
//   using namespace dlc::nn;
//   SymbolicTensor x = Input({784}, "x");
//   SymbolicTensor h = Dense(64, "relu", regularizers::l2(0.001))(x);
//   FunctionalModel model({x}, {Dense(10, "softmax")(h)});
//
// Shapes exclude the batch dimension, as in Keras's Input(shape=...), and
// are in Keras's channels-last order: an image is (height, width, channels).
// They are checked and computed when a layer is called. A call that cannot
// work (Dense on a rank-0 input, an unknown activation, ...) returns a tensor
// that carries the error; every tensor and model computed from it reports
// that error through status(). Nothing throws or aborts.
//
// Layer and SymbolicTensor are handles: copies refer to the same layer or
// tensor. A layer called twice shares its weights between the calls.
//
// See docs/layers.md for the emitted graph, the names and the weight
// initialization.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_LAYERS_H
#define DLC_FRONTEND_LAYERS_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dlc::nn {

namespace detail {
class LayerImpl;
struct TensorNode;
} // namespace detail

class FunctionalModel;

/// A weight penalty added to the training loss, with Keras's definition:
/// l1 * sum(|w|) + l2 * sum(w^2). All zero (the default) means none.
struct Regularizer {
  float l1 = 0.0f;
  float l2 = 0.0f;
};

namespace regularizers {
inline Regularizer l1(float l1 = 0.01f) { return {l1, 0.0f}; }
inline Regularizer l2(float l2 = 0.01f) { return {0.0f, l2}; }
inline Regularizer l1_l2(float l1 = 0.01f, float l2 = 0.01f) {
  return {l1, l2};
}
} // namespace regularizers

/// The output of Input() or of a layer call: a shape and a dtype, or the
/// error that prevented computing them.
class SymbolicTensor {
public:
  /// The shape without the batch dimension; empty when status() fails.
  const std::vector<int64_t> &shape() const;
  DType dtype() const;
  /// Ok, or the first failed layer call this tensor depends on.
  Status status() const;

private:
  friend class Layer;
  friend class FunctionalModel;
  friend SymbolicTensor Input(std::vector<int64_t>, std::string, DType);
  explicit SymbolicTensor(std::shared_ptr<const detail::TensorNode> node);

  std::shared_ptr<const detail::TensorNode> node_;
};

/// A model input of `shape` (batch excluded: Input({28, 28, 1}) is a batch
/// of 28x28 single-channel images). Unnamed inputs are named "input",
/// "input_1", ... in each model.
SymbolicTensor Input(std::vector<int64_t> shape, std::string name = "",
                     DType dtype = DType::Float32);

/// A layer: the functions below (Dense, Conv2D, ...) make them.
class Layer {
public:
  /// For those functions; detail::LayerImpl is internal.
  explicit Layer(std::shared_ptr<detail::LayerImpl> impl);

  SymbolicTensor operator()(const SymbolicTensor &input) const;
  /// For layers that take several inputs: Add()({a, b}).
  SymbolicTensor operator()(const std::vector<SymbolicTensor> &inputs) const;

  /// Names the layer (Keras's `name=`); its weights are "<name>/kernel",
  /// ... Unnamed layers get Keras's default in each model, in the order the
  /// layers were constructed: "dense", "dense_1", "conv2d", ...
  Layer named(std::string name);

private:
  friend Layer Bidirectional(const Layer &recurrent);
  std::shared_ptr<detail::LayerImpl> impl_;
};

// Activations go by Keras's names: "linear" (none), "relu", "sigmoid",
// "tanh", "softmax" (over the last axis), "elu", "selu", "softplus" and
// "leaky_relu" (slope 0.2, as keras.activations.leaky_relu).

/// activation(x · kernel + bias) over the last axis; kernel is
/// (input features, units), glorot_uniform; bias zeros.
Layer Dense(int64_t units, const std::string &activation = "linear",
            Regularizer kernelRegularizer = {}, bool useBias = true);

/// Applies an activation (see above).
Layer Activation(const std::string &activation);

/// Zeroes a fraction `rate` of the inputs in training (and scales the rest
/// by 1/(1-rate)); the identity at inference.
Layer Dropout(double rate);

/// Flattens each sample into a vector, in Keras's (channels-last) order.
Layer Flatten();

/// Reshapes each sample to `targetShape` (batch excluded); one dimension
/// may be -1, inferred from the others.
Layer Reshape(std::vector<int64_t> targetShape);

/// A spatial size, given as one number for all dimensions or per dimension:
/// Conv2D(32, 3) or Conv2D(32, {3, 5}).
struct Size2D {
  Size2D(int64_t both) : height(both), width(both) {}
  Size2D(int64_t height, int64_t width) : height(height), width(width) {}
  int64_t height, width;
};

/// 2-D convolution of (height, width, channels) inputs, no dilation.
/// `padding` is "valid" (none) or "same" (output size ceil(input/stride),
/// the extra padding at the end as in Keras). The activation comes third
/// (Keras's keyword argument order differs) because it is the argument
/// most often given: Conv2D(32, 3, "relu").
Layer Conv2D(int64_t filters, Size2D kernelSize,
             const std::string &activation = "linear", Size2D strides = 1,
             const std::string &padding = "valid",
             Regularizer kernelRegularizer = {}, bool useBias = true);

/// 1-D convolution of (steps, channels) inputs; see Conv2D.
Layer Conv1D(int64_t filters, int64_t kernelSize,
             const std::string &activation = "linear", int64_t strides = 1,
             const std::string &padding = "valid",
             Regularizer kernelRegularizer = {}, bool useBias = true);

/// Depthwise 2-D convolution: each input channel convolved with its own
/// `depthMultiplier` kernels (no mixing of channels), giving channels *
/// depthMultiplier outputs; `padding` as in Conv2D. Its weights are
/// "depthwise_kernel" and "bias", as in Keras.
Layer DepthwiseConv2D(Size2D kernelSize, Size2D strides = 1,
                      const std::string &padding = "valid",
                      int64_t depthMultiplier = 1,
                      const std::string &activation = "linear",
                      bool useBias = true);

/// A depthwise convolution followed by a 1x1 convolution to `filters`
/// channels (then the bias and activation): Keras's SeparableConv2D, with
/// the weights "depthwise_kernel", "pointwise_kernel" and "bias".
Layer SeparableConv2D(int64_t filters, Size2D kernelSize,
                      const std::string &activation = "linear",
                      Size2D strides = 1,
                      const std::string &padding = "valid",
                      int64_t depthMultiplier = 1, bool useBias = true);

/// Max over windows of (height, width, channels) inputs. The strides
/// default to the pool size; `padding` as in Conv2D.
Layer MaxPooling2D(Size2D poolSize = 2);
Layer MaxPooling2D(Size2D poolSize, Size2D strides,
                   const std::string &padding = "valid");

/// Max over windows of (steps, channels) inputs; see MaxPooling2D.
Layer MaxPooling1D(int64_t poolSize = 2);
Layer MaxPooling1D(int64_t poolSize, int64_t strides,
                   const std::string &padding = "valid");

/// Mean over windows of (height, width, channels) inputs, of the positions
/// inside the input only (with "same" padding); see MaxPooling2D.
Layer AveragePooling2D(Size2D poolSize = 2);
Layer AveragePooling2D(Size2D poolSize, Size2D strides,
                       const std::string &padding = "valid");

/// Mean (or max) over all positions: (height, width, channels) or (steps,
/// channels) inputs become (channels).
Layer GlobalAveragePooling2D();
Layer GlobalAveragePooling1D();
Layer GlobalMaxPooling2D();
Layer GlobalMaxPooling1D();

/// Maps integer indices in [0, inputDim) (an int32 or int64 input) to
/// vectors of outputDim, uniform(-0.05, 0.05) initially: a sample of shape
/// (n) becomes (n, outputDim).
Layer Embedding(int64_t inputDim, int64_t outputDim);

/// Keras's `dropout` and `recurrent_dropout` of a recurrent layer: in
/// training, the fraction `input` of the input features and the fraction
/// `recurrent` of the state's units entering the recurrent products are
/// dropped, with one mask per sequence, the same at every step (Gal and
/// Ghahramani's variational dropout); no-ops at inference.
struct RecurrentDropout {
  double input = 0.0, recurrent = 0.0;
};

/// Recurrent layers over sequences of shape (time, features): the output is
/// the last step's hidden state (units), or every step's (time, units) with
/// `returnSequences`. Forward direction, Keras's default activations (tanh;
/// LSTM and GRU gates sigmoid); kernels glorot_uniform, biases zeros. They
/// train (backpropagation through time, docs/training.md).
Layer SimpleRNN(int64_t units, bool returnSequences = false,
                RecurrentDropout dropout = {});
Layer LSTM(int64_t units, bool returnSequences = false,
           RecurrentDropout dropout = {});
Layer GRU(int64_t units, bool returnSequences = false,
          RecurrentDropout dropout = {});
/// Keras's Bidirectional wrapper (merge_mode "concat") around SimpleRNN,
/// LSTM or GRU: the layer runs over the sequence forwards and backwards,
/// with weights of its own each way, and its outputs are concatenated:
/// (2 x units), or (time, 2 x units) with `returnSequences`. One ONNX node
/// of direction "bidirectional".
Layer Bidirectional(const Layer &recurrent);

/// Normalizes the last axis (the channels) with moving statistics, as
/// Keras's BatchNormalization(axis=-1): gamma ones, beta zeros, moving
/// mean zeros and moving variance ones initially; the moving statistics
/// are not trainable.
Layer BatchNormalization(float momentum = 0.99f, float epsilon = 0.001f);

/// Element-wise sum of two or more inputs of the same shape.
Layer Add();

/// A variational autoencoder's sampling, called on {mean, log_variance}
/// (vectors of one shape): mean + exp(log_variance / 2) * eps with eps
/// standard normal, drawn afresh every training step (one fixed draw in
/// inference: ONNX RandomNormalLike).
Layer Sampling();

/// The KL divergence of N(mean, exp(log_variance)) from N(0, 1), called on
/// {mean, log_variance}: 0.5 * sum(mean^2 + exp(log_variance) -
/// log_variance - 1) per sample, shaped (1). A model outputs it for its
/// loss (an "mae" loss against zeros is its mean), as Keras's add_loss.
Layer KLDivergence();

/// Joins two or more inputs along `axis`, counted as in Keras with the
/// batch as axis 0 (the default -1 is the last axis).
Layer Concatenate(int64_t axis = -1);

} // namespace dlc::nn

#endif // DLC_FRONTEND_LAYERS_H
