//===- TrainingBuilders.h - Losses, metrics, optimizer updates ---*- C++ -*-===//
#ifndef DLC_TRAINING_TRAININGBUILDERS_H
#define DLC_TRAINING_TRAININGBUILDERS_H

#include "dlc/Dialect/DlcBuilder.h"
#include "dlc/Training/TrainingSpec.h"
#include "llvm/ADT/MapVector.h"

namespace dlc {

/// The element type and shape of the labels that `loss` compares with
/// `output`: class indices (int64, `output` without its last dimension) for
/// sparse categorical crossentropy, else the type of `output`.
mlir::RankedTensorType labelType(LossKind loss, mlir::RankedTensorType output);

/// The mean of `value` (batch first) over its elements, counting only the
/// samples that `mask` (one 1 or 0 per sample, of `value`'s element type)
/// keeps, as a scalar.
mlir::Value maskedMean(DlcBuilder &b, mlir::Value value, mlir::Value mask);

/// The mean loss over the batch's samples that `mask` keeps, as a scalar.
mlir::Value buildLoss(DlcBuilder &b, const OutputObjective &objective,
                      mlir::Value output, mlir::Value labels,
                      mlir::Value mask);

/// The metric's mean over the batch's samples that `mask` keeps.
mlir::Value buildMetric(DlcBuilder &b, MetricKind metric,
                        const OutputObjective &objective, mlir::Value output,
                        mlir::Value labels, mlir::Value mask);

/// One optimizer update: returns the new parameter followed by the new
/// value of each slot (in optimizerSlots() order).
llvm::SmallVector<mlir::Value>
buildOptimizerUpdate(DlcBuilder &b, const OptimizerSpec &spec,
                     mlir::Value parameter, mlir::Value gradient,
                     mlir::ValueRange slots, mlir::Value learningRate,
                     mlir::Value iteration);

/// Puts the forward ops in `body` in training mode: dropout gets `seed`, and
/// batch normalization uses the batch's statistics. `outputs` (values the
/// caller holds) are updated where an op they name is replaced. Returns the
/// new values of the moving statistics, by the block argument holding them.
mlir::FailureOr<llvm::MapVector<mlir::Value, mlir::Value>>
switchToTrainingMode(mlir::Block &body, mlir::Value seed,
                     llvm::MutableArrayRef<mlir::Value> outputs);

} // namespace dlc

#endif // DLC_TRAINING_TRAININGBUILDERS_H
