//===- Summary.h - Keras's model.summary() table ----------------*- C++ -*-===//
#ifndef DLC_FRONTEND_LAYERS_SUMMARY_H
#define DLC_FRONTEND_LAYERS_SUMMARY_H

#include "ModelGraph.h"

namespace dlc::nn::detail {

/// The weights of the model, trainable and not.
struct ParamCounts {
  int64_t trainable = 0, nonTrainable = 0;
};
ParamCounts countModelParams(const ModelGraph &graph);

/// The table of layers (name and kind, output shape, weight count) and the
/// totals. A functional summary lists the Inputs and what each layer is
/// connected to, as Keras's does.
std::string formatSummary(const std::string &modelName, const ModelGraph &graph,
                          bool functional);

} // namespace dlc::nn::detail

#endif // DLC_FRONTEND_LAYERS_SUMMARY_H
