//===- TrainingMode.cpp - Ops that behave differently while training ------===//
//
// A forward graph runs in inference mode. Inside a training step two kinds
// of ops change: dropout and random_normal draw from the step's seed (a
// fresh mask or sample every step), and batch
// normalization normalizes with the batch's own statistics while moving
// averages of them replace the stored ones.
//
//===----------------------------------------------------------------------===//
#include "TrainingBuilders.h"

using namespace mlir;

namespace dlc {

namespace {

/// The batch-statistics form of `op`; records the moving-statistics updates
/// of arguments in `updates`.
LogicalResult switchBatchNorm(BatchNormOp op,
                              llvm::MapVector<Value, Value> &updates,
                              MutableArrayRef<Value> outputs) {
  OpBuilder builder(op);
  DlcBuilder b(builder, op.getLoc());
  Value x = op.getInput();
  RankedTensorType type = tensorType(x);
  if (type.getRank() < 2 || !type.hasStaticShape())
    return op.emitOpError("is trained only on static N x C x ... inputs");
  int64_t channels = type.getDimSize(1);
  // The C-vectors as [1, C, 1, ...], to broadcast along dimension 1.
  SmallVector<int64_t> channelShape(type.getRank(), 1);
  channelShape[1] = channels;
  auto asChannels = [&](Value vector) {
    return b.reshape(vector, channelShape);
  };

  auto [mean, variance] = b.channelStatistics(x);
  double epsilon = op.getEpsilon().convertToDouble();
  Value deviation = b.sqrt(b.add(variance, b.scalarLike(variance, epsilon)));
  Value normalized =
      b.div(b.sub(x, asChannels(mean)), asChannels(deviation));
  Value result = b.add(b.mul(normalized, asChannels(op.getScale())),
                       asChannels(op.getBias()));
  op.getResult().replaceAllUsesWith(result);
  for (Value &output : outputs)
    if (output == op.getResult())
      output = result;

  double momentum = op.getMomentum().convertToDouble();
  for (auto [stored, batch] :
       {std::pair{op.getMean(), mean}, std::pair{op.getVariance(), variance}}) {
    // Statistics that are constants of the graph stay as they are.
    if (!isa<BlockArgument>(stored))
      continue;
    if (updates.count(stored))
      return op.emitOpError("shares its moving statistics with another batch "
                            "normalization, which training cannot update "
                            "twice");
    updates[stored] = b.movingAverage(stored, batch, momentum);
  }
  op.erase();
  return success();
}

} // namespace

FailureOr<llvm::MapVector<Value, Value>>
switchToTrainingMode(Block &body, Value seed, MutableArrayRef<Value> outputs) {
  body.walk([&](DropoutOp dropout) {
    dropout.getSeedMutable().assign(seed);
  });
  body.walk([&](RandomNormalOp noise) { noise.getSeedMutable().assign(seed); });
  SmallVector<BatchNormOp> batchNorms;
  body.walk([&](BatchNormOp op) { batchNorms.push_back(op); });
  llvm::MapVector<Value, Value> updates;
  for (BatchNormOp op : batchNorms)
    if (failed(switchBatchNorm(op, updates, outputs)))
      return failure();
  return updates;
}

} // namespace dlc
