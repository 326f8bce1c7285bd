//===- TrainingFunctions.h - Generate the train and evaluate steps -*- C++ -*-===//
//
// From `@main` (the forward graph, whose arguments marked `dlc.parameter`
// are the weights) the builder adds two functions, in the dlc dialect:
//
//   @train_step(parameters..., optimizer state..., inputs..., labels,
//               sample_mask, learning_rate, iteration, seed)
//       -> (new parameters..., new optimizer state..., loss, metrics...)
//   @evaluate(parameters..., inputs..., labels, sample_mask)
//       -> (loss, metrics...)
//
// `sample_mask` holds one weight per sample of the batch, 1 or 0: the loss
// and metrics average over the samples it keeps, so a short batch padded to
// the compiled batch size trains and evaluates as itself (except through
// batch normalization, whose batch statistics see the padding).
// The loss (with weight penalties), its gradient (reverse-mode autodiff) and
// the optimizer update are all compiled code; the runtime only passes
// buffers. `iteration` counts steps from 1 (Adam's bias correction); `seed`
// (int64) draws the step's dropout masks, which are active only here.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TRAINING_TRAININGFUNCTIONS_H
#define DLC_TRAINING_TRAININGFUNCTIONS_H

#include "dlc/Training/TrainingSpec.h"
#include "mlir/IR/BuiltinOps.h"

namespace dlc {

/// Adds @train_step and @evaluate next to @main. Shapes must be static.
/// Arguments and results carry `dlc.name`; optimizer state is named
/// `<parameter>/<slot>` (e.g. `dense/kernel/rms`), the loss `loss` and each
/// metric by its MetricSpec name.
mlir::LogicalResult buildTrainingFunctions(mlir::ModuleOp module,
                                           const TrainingSpec &spec);

/// Adds @gradients(parameters..., inputs..., labels, sample_mask, seed)
///   -> (the loss's gradient for each parameter...)
/// next to @main: what @train_step hands its optimizer (in training mode,
/// with the seed's dropout masks), for inspection (`dlc train --logdir`).
/// The results are named after their parameters.
mlir::LogicalResult buildGradientFunction(mlir::ModuleOp module,
                                          const TrainingSpec &spec);

/// The optimizer slots each parameter carries for `spec` ("momentum",
/// "rms", "m"/"v"), in the order @train_step takes them.
std::vector<std::string> optimizerSlots(const OptimizerSpec &spec);

} // namespace dlc

#endif // DLC_TRAINING_TRAININGFUNCTIONS_H
