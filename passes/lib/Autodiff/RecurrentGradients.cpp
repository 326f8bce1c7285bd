//===- RecurrentGradients.cpp - Rules of the recurrent ops ----------------===//
//
// Backpropagation through time is a loop, so dlc.rnn's gradients are one
// dedicated op, dlc.rnn_grad, which reads the hidden states from the
// forward op's Y. It covers the common form; the others are rejected here
// with the reason rather than differentiated wrongly.
//
//===----------------------------------------------------------------------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

/// Fails on `op` unless it has the form dlc.rnn_grad differentiates.
static LogicalResult checkDifferentiableForm(RnnOp op) {
  auto reject = [&](StringRef what) {
    return op.emitOpError("is differentiated only ") << what;
  };
  if (op.getDirection() != "forward")
    return reject("in the forward direction, not '")
           << op.getDirection() << "'";
  if (op.getLayout() != 0)
    return reject("in layout 0 (sequence first)");
  if (op.getClip())
    return reject("without clip");
  if (op.getSequenceLens())
    return reject("without sequence_lens");
  if (llvm::any_of(op.resolveActivations(), [](RecurrentActivation fn) {
        return fn.kind != RecurrentActivationKind::Tanh;
      }))
    return reject("with the Tanh activation");
  return success();
}

/// g = {dL/dY, dL/dY_h}; sequence_lens (integer) gets no gradient.
static Gradients gradient(RnnOp op, DlcBuilder &b, ArrayRef<Value> g) {
  if (failed(checkDifferentiableForm(op)))
    return failure();
  auto grad =
      RnnGradOp::create(b.builder(), op.getX(), op.getW(), op.getR(), op.getB(),
                        op.getInitialH(), op.getY(), g[0], g[1]);
  SmallVector<Value> result = {grad.getXGrad(), grad.getWGrad(),
                               grad.getRGrad()};
  if (op.getB())
    result.push_back(grad.getBGrad());
  if (op.getInitialH())
    result.push_back(grad.getInitialHGrad());
  return result;
}

void registerRecurrentGradients(MLIRContext *context) {
  attachGradientRules<RnnOp>(context);
}

} // namespace dlc
