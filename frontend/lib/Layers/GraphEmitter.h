//===- GraphEmitter.h - Emitting a model's proto graph ----------*- C++ -*-===//
//
// Keras computes in channels-last order (N, H, W, C); ONNX's Conv, MaxPool
// and BatchNormalization want channels first (N, C, H, W). So that a
// convnet needs few Transposes, each emitted value records its layout: a
// layer asks for its inputs in the layout it needs, a value is transposed
// when it is not in that layout already (once: the transpose is reused),
// and a layer that works in either (Activation, Dropout, Add, ...) keeps
// the one it gets. Graph outputs are returned channels-last. Values with
// fewer than two dimensions besides the batch have a single layout,
// ChannelsLast.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_LAYERS_GRAPHEMITTER_H
#define DLC_FRONTEND_LAYERS_GRAPHEMITTER_H

#include "LayerImpl.h"

#include "dlc/proto/model.pb.h"

#include <map>

namespace dlc::nn::detail {

enum class Layout { ChannelsLast, ChannelsFirst };

proto::Attribute intAttribute(const std::string &name, int64_t value);
proto::Attribute intsAttribute(const std::string &name,
                               const std::vector<int64_t> &values);
proto::Attribute floatAttribute(const std::string &name, float value);
proto::Attribute stringAttribute(const std::string &name,
                                 const std::string &value);

class GraphEmitter;

/// What a layer's emit() sees of one call. Values are named after the call:
/// "<call>/<op>" for the nodes it emits, and the call's own name for its
/// last node, the call's value.
class CallEmitter {
public:
  size_t numInputs() const { return node_.inputs.size(); }
  const TensorSpec &inputSpec(size_t index) const {
    return node_.inputs[index]->spec;
  }
  const TensorSpec &outputSpec() const { return node_.spec; }
  Layout inputLayout(size_t index) const;
  /// The input's value in `layout`.
  std::string input(size_t index, Layout layout);
  /// The value of the layer's weight `name` ("kernel").
  std::string weight(const std::string &name) const;
  /// Adds `value` as the initializer "<call>/<name>": an operand such as
  /// Reshape's shape.
  std::string constant(const std::string &name, const Tensor &value);
  /// A float32 scalar for the call's arithmetic: an ONNX Constant node,
  /// not an initializer, which training would take for a weight.
  std::string scalar(float value);
  /// Adds a node; returns its output.
  std::string node(const std::string &op,
                   const std::vector<std::string> &inputs,
                   const std::vector<proto::Attribute> &attributes = {});

private:
  friend class GraphEmitter;
  CallEmitter(GraphEmitter &graph, const TensorNode &node, std::string name,
              std::string layerName)
      : graph_(graph), node_(node), name_(std::move(name)),
        layerName_(std::move(layerName)) {}

  GraphEmitter &graph_;
  const TensorNode &node_;
  std::string name_, layerName_;
  /// How many nodes of each op the call has emitted, for unique names.
  std::map<std::string, int> opCounts_;
  /// The index in the graph of the call's last node.
  int lastNode_ = -1;
};

/// Builds the graph of a model: inputs, then the layers' weights and calls
/// in a topological order, then outputs.
class GraphEmitter {
public:
  /// Draws the weights from SplitMix64(seed).
  GraphEmitter(proto::Graph &graph, uint64_t seed)
      : graph_(graph), random_(seed) {}

  void addInput(const TensorNode &input, const std::string &name);
  /// Adds the layer's weights as initializers "<layerName>/<weight>",
  /// drawn in the order the layer lists them.
  Status addWeights(const LayerImpl &layer, const std::string &layerName);
  /// Emits a call of a layer whose weights were added; its inputs must
  /// have been emitted.
  Status addCall(const TensorNode &call, const std::string &name,
                 const std::string &layerName);
  void addOutput(const TensorNode &output);

  /// The penalties of the weights added, for training.regularizers.
  const std::vector<proto::Regularizer> &regularizers() const {
    return regularizers_;
  }

private:
  friend class CallEmitter;
  struct Value {
    std::string name;
    Layout layout;
  };

  Status addInitializer(const Tensor &value, const std::string &name);
  std::string addNode(const std::string &op,
                      const std::vector<std::string> &inputs,
                      const std::string &output,
                      const std::vector<proto::Attribute> &attributes);
  /// `value` (of `spec`) in `layout`, transposed at most once.
  std::string inLayout(const Value &value, const TensorSpec &spec,
                       Layout layout);
  proto::ValueInfo valueInfo(const std::string &name,
                             const TensorSpec &spec) const;

  proto::Graph &graph_;
  SplitMix64 random_;
  std::vector<proto::Regularizer> regularizers_;
  std::map<const TensorNode *, Value> values_;
  std::map<std::pair<std::string, Layout>, std::string> transposed_;
  /// The first failure of CallEmitter::constant(), which cannot return it.
  Status status_;
};

} // namespace dlc::nn::detail

#endif // DLC_FRONTEND_LAYERS_GRAPHEMITTER_H
