//===- GraphDot.h - A model's graph in Graphviz's language ------*- C++ -*-===//
//
// The drawing of a model that TensorBoard's graph tab gives: a box per
// node (its op and name), an arrow per value from the node that computes
// it to each node that reads it, the graph inputs and outputs as ovals.
// Weights are counted in their node's box rather than drawn. `dot -Tsvg`
// (Debian's graphviz) lays it out.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_GRAPHDOT_H
#define DLC_FRONTEND_GRAPHDOT_H

#include "dlc/proto/model.pb.h"

#include <string>

namespace dlc {

/// The top-level graph of `model` as a Graphviz digraph (subgraphs of
/// control flow are drawn as their node).
std::string graphDot(const proto::Model &model);

} // namespace dlc

#endif // DLC_FRONTEND_GRAPHDOT_H
