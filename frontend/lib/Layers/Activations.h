//===- Activations.h - Keras's activations as ONNX nodes --------*- C++ -*-===//
#ifndef DLC_FRONTEND_LAYERS_ACTIVATIONS_H
#define DLC_FRONTEND_LAYERS_ACTIVATIONS_H

#include "GraphEmitter.h"

namespace dlc::nn::detail {

/// Fails for a name that is not a known activation; the message lists the
/// known ones.
Status checkActivation(const std::string &name);

/// Applies the (checked) activation `name` to `x`, whose layout is
/// `layout`; returns the result, which is `x` itself for "linear".
std::string emitActivation(CallEmitter &call, const std::string &name,
                           const std::string &x, Layout layout);

} // namespace dlc::nn::detail

#endif // DLC_FRONTEND_LAYERS_ACTIVATIONS_H
