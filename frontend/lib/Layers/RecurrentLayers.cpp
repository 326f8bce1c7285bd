//===- RecurrentLayers.cpp - SimpleRNN, LSTM and GRU ----------------------===//
//
// Keras's recurrent layers read batch-first sequences [batch, time,
// features]; ONNX's recurrent nodes read time-first ones, which is also the
// form dlc differentiates. A call transposes its input to time-first, runs
// one forward RNN/LSTM/GRU node, and returns either every step's hidden
// state (return_sequences, transposed back to batch-first) or the last one.
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

class RecurrentLayer : public LayerImpl {
public:
  RecurrentLayer(const CellKind &cell, int64_t units, bool returnSequences)
      : LayerImpl(cell.kind, cell.baseName), cell_(cell), units_(units),
        returnSequences_(returnSequences) {
    if (units <= 0)
      reject("units must be positive, got " + std::to_string(units));
  }

  Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const override {
    DLC_RETURN_IF_ERROR(checkFloat(inputs[0]));
    const std::vector<int64_t> &shape = inputs[0].shape;
    if (shape.size() != 2)
      return Status::error("needs sequences of shape (time, features), got " +
                           formatKerasShape(shape));
    if (returnSequences_)
      return TensorSpec{{shape[0], units_}};
    return TensorSpec{{units_}};
  }

  /// ONNX's layout for one direction: W [1, gates * units, features],
  /// R [1, gates * units, units], B [1, 2 * gates * units]. ONNX keeps an
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
         {1, stacked, features},
         Initializer::glorotUniform(features, stacked)},
        {"recurrent_kernel",
         {1, stacked, units_},
         Initializer::glorotUniform(units_, stacked)},
        {"bias", {1, 2 * stacked}, Initializer::zeros()},
    };
  }

  Layout emit(CallEmitter &call) const override {
    std::string timeFirst =
        call.node("Transpose", {call.input(0, Layout::ChannelsLast)},
                  {intsAttribute("perm", {1, 0, 2})});
    // Y: [time, 1 (direction), batch, units].
    std::vector<proto::Attribute> attributes = {
        intAttribute("hidden_size", units_)};
    if (cell_.linearBeforeReset)
      attributes.push_back(intAttribute("linear_before_reset", 1));
    std::string sequence = call.node(
        cell_.op,
        {timeFirst, call.weight("kernel"), call.weight("recurrent_kernel"),
         call.weight("bias")},
        attributes);
    if (returnSequences_) {
      Tensor directionAxis(DType::Int64, {1});
      directionAxis.typed<int64_t>()[0] = 1;
      std::string steps = call.node(
          "Squeeze", {sequence, call.constant("direction_axis", directionAxis)});
      call.node("Transpose", {steps}, {intsAttribute("perm", {1, 0, 2})});
      return Layout::ChannelsLast;
    }
    // The last step's state: the Gather of a scalar index drops the time
    // axis, leaving [1 (direction), batch, units].
    Tensor lastStep(DType::Int64, {});
    lastStep.typed<int64_t>()[0] = -1;
    std::string last =
        call.node("Gather", {sequence, call.constant("last_step", lastStep)});
    Tensor directionAxis(DType::Int64, {1});
    directionAxis.typed<int64_t>()[0] = 0;
    call.node("Squeeze", {last, call.constant("direction_axis", directionAxis)});
    return Layout::ChannelsLast;
  }

private:
  CellKind cell_;
  int64_t units_;
  bool returnSequences_;
};

} // namespace
} // namespace detail

Layer SimpleRNN(int64_t units, bool returnSequences) {
  return Layer(std::make_shared<detail::RecurrentLayer>(detail::kSimpleRnn,
                                                        units, returnSequences));
}

Layer LSTM(int64_t units, bool returnSequences) {
  return Layer(std::make_shared<detail::RecurrentLayer>(detail::kLstm, units,
                                                        returnSequences));
}

Layer GRU(int64_t units, bool returnSequences) {
  return Layer(std::make_shared<detail::RecurrentLayer>(detail::kGru, units,
                                                        returnSequences));
}

} // namespace dlc::nn
