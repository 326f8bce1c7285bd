//===- RecurrentLayers.cpp - SimpleRNN, LSTM and GRU ----------------------===//
//
// Keras's recurrent layers read batch-first sequences [batch, time,
// features]; ONNX's recurrent nodes read time-first ones, which is also the
// form dlc differentiates. A call transposes its input to time-first, runs
// one RNN/LSTM/GRU node, and returns either every step's hidden state
// (return_sequences, transposed back to batch-first) or the last one.
// Bidirectional layers are one node of direction "bidirectional", whose
// two directions' states are concatenated.
//
// Keras's dropout arguments draw one mask per sequence, the same at every
// step: `dropout` multiplies the input by a Dropout of ones shaped
// [batch, 1, features]; `recurrent_dropout` is an attribute of the node,
// dlc's addition to ONNX, which the importer turns into such a mask on the
// state where it enters the recurrent products.
//
//===----------------------------------------------------------------------===//
#include "GraphEmitter.h"
#include "LayerImpl.h"

namespace dlc::nn {
namespace detail {
namespace {

/// One recurrent layer kind: its ONNX op, how many gates it stacks in W,
/// and whether the recurrent product comes before the reset gate (Keras's
/// GRU default, reset_after=True, is ONNX's linear_before_reset = 1).
struct CellKind {
  const char *kind, *baseName, *op;
  int64_t gates;
  bool linearBeforeReset;
};

constexpr CellKind kSimpleRnn{"SimpleRNN", "simple_rnn", "RNN", 1, false};
constexpr CellKind kLstm{"LSTM", "lstm", "LSTM", 4, false};
constexpr CellKind kGru{"GRU", "gru", "GRU", 3, true};

Tensor int64Tensor(const std::vector<int64_t> &values) {
  Tensor tensor(DType::Int64, {static_cast<int64_t>(values.size())});
  std::copy(values.begin(), values.end(), tensor.typed<int64_t>());
  return tensor;
}

Tensor int64Scalar(int64_t value) {
  Tensor tensor(DType::Int64, {});
  tensor.typed<int64_t>()[0] = value;
  return tensor;
}

class RecurrentLayer : public LayerImpl {
public:
  RecurrentLayer(const CellKind &cell, int64_t units, bool returnSequences,
                 RecurrentDropout dropout, bool bidirectional = false)
      : LayerImpl(bidirectional ? "Bidirectional" : cell.kind,
                  bidirectional ? "bidirectional" : cell.baseName),
        cell_(cell), units_(units), returnSequences_(returnSequences),
        dropout_(dropout), directions_(bidirectional ? 2 : 1) {
    if (units <= 0)
      reject("units must be positive, got " + std::to_string(units));
    for (auto [name, rate] : {std::pair{"dropout", dropout.input},
                              {"recurrent_dropout", dropout.recurrent}})
      if (!(rate >= 0 && rate < 1))
        reject(std::string(name) + " must be in [0, 1), got " +
               std::to_string(rate));
  }

  /// The same layer in both directions.
  std::shared_ptr<RecurrentLayer> bidirectional() const {
    auto both = std::make_shared<RecurrentLayer>(cell_, units_,
                                                 returnSequences_, dropout_,
                                                 /*bidirectional=*/true);
    if (directions_ == 2)
      both->reject("wraps a layer that is bidirectional already");
    return both;
  }

  /// A Bidirectional wrapper of a layer of `kind`, which is no recurrent
  /// layer: its calls fail with the reason.
  static std::shared_ptr<RecurrentLayer> wrapping(const std::string &kind) {
    auto invalid = std::make_shared<RecurrentLayer>(
        kSimpleRnn, 1, false, RecurrentDropout{}, /*bidirectional=*/true);
    invalid->reject("wraps SimpleRNN, LSTM or GRU, not " + kind);
    return invalid;
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    const std::vector<int64_t> &shape = inputs[0].shape;
    if (shape.size() != 2)
      return Status::error("needs sequences of shape (time, features), got " +
                           formatKerasShape(shape));
    if (returnSequences_)
      return TensorSpec{{shape[0], directions_ * units_}};
    return TensorSpec{{directions_ * units_}};
  }

  /// ONNX's layout, per direction: W [gates * units, features],
  /// R [gates * units, units], B [2 * gates * units]. ONNX keeps an
  /// input and a recurrent bias, so SimpleRNN and LSTM count gates * units
  /// more parameters than Keras's. Kernels are
  /// glorot_uniform over Keras's (fan_in, gates * units); Keras draws the
  /// recurrent kernel orthogonal, which needs a QR decomposition, so it is
  /// glorot_uniform here too. Biases are zeros (Keras's LSTM starts the
  /// forget gate's bias at 1; here it starts at 0).
  std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const override {
    int64_t features = inputs[0].shape[1], stacked = cell_.gates * units_;
    return {
        {"kernel",
         {directions_, stacked, features},
         Initializer::glorotUniform(features, stacked)},
        {"recurrent_kernel",
         {directions_, stacked, units_},
         Initializer::glorotUniform(units_, stacked)},
        {"bias", {directions_, 2 * stacked}, Initializer::zeros()},
    };
  }

  Layout emit(CallEmitter &call) const override {
    std::string input = call.input(0, Layout::ChannelsLast);
    if (dropout_.input > 0)
      input = call.node("Mul", {input, inputDropoutMask(call, input)});
    std::string timeFirst = call.node("Transpose", {input},
                                      {intsAttribute("perm", {1, 0, 2})});
    // Y: [time, direction, batch, units].
    std::vector<proto::Attribute> attributes = {
        intAttribute("hidden_size", units_)};
    if (cell_.linearBeforeReset)
      attributes.push_back(intAttribute("linear_before_reset", 1));
    if (directions_ == 2)
      attributes.push_back(stringAttribute("direction", "bidirectional"));
    if (dropout_.recurrent > 0)
      attributes.push_back(floatAttribute(
          "recurrent_dropout", static_cast<float>(dropout_.recurrent)));
    std::string sequence = call.node(
        cell_.op,
        {timeFirst, call.weight("kernel"), call.weight("recurrent_kernel"),
         call.weight("bias")},
        attributes);
    if (returnSequences_) {
      // [batch, time, direction, units], the directions side by side.
      std::string batchFirst = call.node("Transpose", {sequence},
                                         {intsAttribute("perm", {2, 0, 1, 3})});
      call.node("Reshape",
                {batchFirst,
                 call.constant("shape",
                               int64Tensor({0, 0, directions_ * units_}))});
      return Layout::ChannelsLast;
    }
    // The forward direction's last state is the last step's, the backward
    // one's the first step's.
    std::vector<std::string> states;
    for (int64_t direction = 0; direction < directions_; ++direction) {
      std::string step = call.node(
          "Gather", {sequence, call.constant("step", int64Scalar(
                                                         direction ? 0 : -1))});
      states.push_back(call.node(
          "Gather", {step, call.constant("direction",
                                         int64Scalar(direction))}));
    }
    if (directions_ == 2)
      call.node("Concat", states, {intAttribute("axis", 1)});
    return Layout::ChannelsLast;
  }

private:
  /// A Dropout of ones [batch, 1, features]: one mask of the input's
  /// features per sequence (the identity outside training steps).
  std::string inputDropoutMask(CallEmitter &call,
                               const std::string &input) const {
    int64_t features = call.inputSpec(0).shape[1];
    std::string batch = call.node(
        "Slice", {call.node("Shape", {input}),
                  call.constant("batch_start", int64Tensor({0})),
                  call.constant("batch_end", int64Tensor({1}))});
    std::string shape = call.node(
        "Concat",
        {batch, call.constant("mask_shape", int64Tensor({1, features}))},
        {intAttribute("axis", 0)});
    std::string ones = call.node("Expand", {call.scalar(1.0f), shape});
    std::string ratio = call.constant(
        "dropout",
        Tensor::fromFloats({}, {static_cast<float>(dropout_.input)}));
    return call.node("Dropout", {ones, ratio});
  }

  CellKind cell_;
  int64_t units_;
  bool returnSequences_;
  RecurrentDropout dropout_;
  int64_t directions_;
};

} // namespace
} // namespace detail

Layer SimpleRNN(int64_t units, bool returnSequences,
                RecurrentDropout dropout) {
  return Layer(std::make_shared<detail::RecurrentLayer>(
      detail::kSimpleRnn, units, returnSequences, dropout));
}

Layer LSTM(int64_t units, bool returnSequences, RecurrentDropout dropout) {
  return Layer(std::make_shared<detail::RecurrentLayer>(
      detail::kLstm, units, returnSequences, dropout));
}

Layer GRU(int64_t units, bool returnSequences, RecurrentDropout dropout) {
  return Layer(std::make_shared<detail::RecurrentLayer>(
      detail::kGru, units, returnSequences, dropout));
}

Layer Bidirectional(const Layer &recurrent) {
  auto cell = std::dynamic_pointer_cast<detail::RecurrentLayer>(recurrent.impl_);
  return Layer(cell ? cell->bidirectional()
                    : detail::RecurrentLayer::wrapping(recurrent.impl_->kind()));
}

} // namespace dlc::nn
