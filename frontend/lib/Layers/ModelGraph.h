//===- ModelGraph.h - The graph of a model, its names and checks -*- C++
//-*-===//
#ifndef DLC_FRONTEND_LAYERS_MODELGRAPH_H
#define DLC_FRONTEND_LAYERS_MODELGRAPH_H

#include "LayerImpl.h"

#include <map>
#include <set>

namespace dlc::nn::detail {

struct ModelGraph {
  /// The Inputs and layer calls the outputs depend on, in creation order:
  /// a topological order, since a call is created after its inputs.
  std::vector<const TensorNode *> nodes;
  /// Inputs by their names; a call by its layer's name if it is the
  /// layer's first call in the model, else "<layer>/call_<k>" for the k-th
  /// later one.
  std::map<const TensorNode *, std::string> valueNames;
  std::map<const LayerImpl *, std::string> layerNames;
  /// The first call of each layer, which brings its weights.
  std::set<const TensorNode *> firstCalls;
};

/// The graph between `inputs` and `outputs`, with the names of its layers
/// and values: the names given, else Keras's defaults "<base>",
/// "<base>_1", ... (skipping names given to others) in creation order. Fails
/// if it is not a model: a failed call, inputs that are not Inputs or that
/// no output uses, outputs that need other Inputs, repeated names, ...
Result<ModelGraph>
resolveModelGraph(const std::vector<const TensorNode *> &inputs,
                  const std::vector<const TensorNode *> &outputs);

} // namespace dlc::nn::detail

#endif // DLC_FRONTEND_LAYERS_MODELGRAPH_H
