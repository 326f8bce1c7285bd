//===- FunctionalModel.h - Keras-style models built from layers -*- C++ -*-===//
//
// A model is the graph of layer calls between some inputs and outputs
// (Layers.h). toProto() turns it into a dlc proto::Model with initialized
// weights; a TrainingSession trains that model once its training section
// has a loss and an optimizer.
//
//   Sequential model({Input({784}), Dense(512, "relu"), Dropout(0.5),
//                     Dense(10, "softmax")});
//   Result<proto::Model> proto = model.toProto(/*seed=*/42);
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_FUNCTIONALMODEL_H
#define DLC_FRONTEND_FUNCTIONALMODEL_H

#include "dlc/Frontend/Layers.h"
#include "dlc/proto/model.pb.h"

#include <variant>

namespace dlc::nn {

namespace detail {
struct ModelGraph;
} // namespace detail

/// Keras's functional Model: FunctionalModel({x}, {y}). Several inputs and
/// outputs are allowed; inputs must come from Input().
class FunctionalModel {
public:
  FunctionalModel(std::vector<SymbolicTensor> inputs,
                  std::vector<SymbolicTensor> outputs,
                  std::string name = "functional");

  const std::string &name() const { return name_; }

  /// Ok, or the first problem: a failed layer call the outputs depend on,
  /// an output that needs an input the model lacks, a model input no output
  /// uses, two layers of the same name, ... toProto(), summary() and
  /// countParams() fail with this error.
  Status status() const;

  /// The model in dlc's format (opset 13): graph inputs and outputs with a
  /// "batch" first dimension, the layers' nodes, and the weights as
  /// initializers named "<layer>/<weight>", drawn from SplitMix64(seed) as
  /// docs/layers.md describes: the same seed gives the same bits on every
  /// machine. Regularized weights are listed in training.regularizers; the
  /// rest of the training section is left for the caller.
  Result<proto::Model> toProto(uint64_t seed = 0) const;

  /// Keras's model.summary(): a table of the layers, their output shapes
  /// and weight counts, then the totals.
  Result<std::string> summary() const;

  /// The number of weights, trainable or not (Keras's count_params()).
  Result<int64_t> countParams() const;

protected:
  explicit FunctionalModel(std::string name);

  std::vector<SymbolicTensor> inputs_, outputs_;
  /// A misuse found while the model was put together (Sequential::add).
  Status structureError_;
  /// Keras lists the InputLayers in functional summaries only.
  bool summaryListsInputs_ = true;

private:
  Result<detail::ModelGraph> resolve() const;

  std::string name_;
};

/// Keras's Sequential: an Input followed by single-input layers, each
/// called on the previous one's output.
class Sequential : public FunctionalModel {
public:
  /// An Input() or a layer, so that the model can be written as one list.
  class Entry {
  public:
    Entry(SymbolicTensor input) : value_(std::move(input)) {}
    Entry(Layer layer) : value_(std::move(layer)) {}

  private:
    friend class Sequential;
    std::variant<SymbolicTensor, Layer> value_;
  };

  explicit Sequential(std::vector<Entry> entries = {},
                      std::string name = "sequential");

  /// The model's input; it must be added first, and only once.
  void add(const SymbolicTensor &input);
  /// Calls `layer` on the current output.
  void add(const Layer &layer);

private:
  void fail(const std::string &message);
};

} // namespace dlc::nn

#endif // DLC_FRONTEND_FUNCTIONALMODEL_H
