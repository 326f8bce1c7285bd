//===- LayerImpl.h - What layers and symbolic tensors are -------*- C++ -*-===//
//
// The objects behind the Layer and SymbolicTensor handles of Layers.h. A
// layer kind derives from LayerImpl: it checks its arguments, computes the
// output of a call from the inputs' shapes, declares its weights, and emits
// the nodes of a call (GraphEmitter.h).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_LAYERS_LAYERIMPL_H
#define DLC_FRONTEND_LAYERS_LAYERIMPL_H

#include "Initializers.h"

#include "dlc/Frontend/Layers.h"

#include <optional>

namespace dlc::nn::detail {

class CallEmitter;
enum class Layout;

/// A tensor's type without the batch dimension, in Keras's order.
struct TensorSpec {
  std::vector<int64_t> shape;
  DType dtype = DType::Float32;
};

/// "(None, 28, 28, 1)": a shape as Keras prints it, None for the batch.
std::string formatKerasShape(const std::vector<int64_t> &shape);

/// The number of elements of `shape`, or nullopt if it exceeds 2^62 (so
/// that sizes computed from it cannot overflow).
std::optional<int64_t> elementCount(const std::vector<int64_t> &shape);

/// Fails unless `input` is float32, the type of the weights.
Status checkFloat(const TensorSpec &input);
/// Fails for negative factors.
Status checkRegularizer(const Regularizer &regularizer);

/// A weight of a layer; its initializer is named "<layer>/<name>".
struct WeightSpec {
  std::string name;
  std::vector<int64_t> shape;
  Initializer initializer;
  bool trainable = true;
  Regularizer regularizer = {};
};

/// The order in which layers and tensors were created, shared by both:
/// automatic names and the order of the emitted nodes follow it.
uint64_t nextCreationIndex();

/// The result of Input() or of one layer call.
struct TensorNode {
  uint64_t creationIndex = nextCreationIndex();
  /// The layer called; null for an Input.
  std::shared_ptr<LayerImpl> layer;
  /// The Input's own name; empty when the model is to choose one.
  std::string inputName;
  std::vector<std::shared_ptr<const TensorNode>> inputs;
  TensorSpec spec;
  /// Why this call (or Input) failed; empty if it did not.
  std::string error;
  /// The failed node this one depends on: itself if it failed, null if
  /// neither it nor any node it depends on failed.
  const TensorNode *failure = nullptr;

  /// "Dense layer 'dense_1'", "InputLayer 'x'": how messages refer to the
  /// node's layer under `name` ("Dense layer" if `name` is empty).
  std::string describe(const std::string &name) const;
};

class LayerImpl {
public:
  virtual ~LayerImpl() = default;

  const uint64_t creationIndex = nextCreationIndex();
  /// The name given with Layer::named(); empty for an automatic one.
  std::string name;

  /// Keras's class name, "Dense", shown in summaries and messages.
  const std::string &kind() const { return kind_; }
  /// The stem of automatic names: "dense", "dense_1", ...
  const std::string &baseName() const { return baseName_; }

  /// Checks a call on inputs of `inputs` and returns its output. The first
  /// successful call builds the weights; later calls must need the same.
  Result<TensorSpec> call(const std::vector<TensorSpec> &inputs);

  /// The weights, once a call has built them.
  const std::vector<WeightSpec> &weights() const { return weights_; }

  /// Emits the nodes of one call. The output of the last node emitted is
  /// the call's value; the result says its layout.
  virtual Layout emit(CallEmitter &call) const = 0;

protected:
  enum class Arity { One, AtLeastTwo };
  LayerImpl(std::string kind, std::string baseName, Arity arity = Arity::One);

  /// Records an invalid constructor argument; every call then fails with
  /// the first one recorded.
  void reject(const std::string &message);
  /// Rejects a failed check of a constructor argument.
  void check(const Status &status);

  /// The output of a call on inputs whose number fits the arity.
  virtual Result<TensorSpec>
  outputSpec(const std::vector<TensorSpec> &inputs) const = 0;
  /// The weights a call on `inputs` needs (after outputSpec accepted them).
  virtual std::vector<WeightSpec>
  weightsFor(const std::vector<TensorSpec> &inputs) const;

private:
  std::string kind_, baseName_;
  Arity arity_;
  Status config_;
  std::optional<std::vector<TensorSpec>> builtFor_;
  std::vector<WeightSpec> weights_;
};

} // namespace dlc::nn::detail

#endif // DLC_FRONTEND_LAYERS_LAYERIMPL_H
