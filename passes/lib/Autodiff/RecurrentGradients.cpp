//===- RecurrentGradients.cpp - Rules of the recurrent ops ----------------===//
//
// Backpropagation through time is a loop, so the gradients of dlc.rnn,
// dlc.gru and dlc.lstm are dedicated ops (dlc.rnn_grad, dlc.gru_grad,
// dlc.lstm_grad), which read the hidden states from the forward op's Y. They
// cover the common form; the others are rejected here with the reason rather
// than differentiated wrongly.
//
//===----------------------------------------------------------------------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

/// Fails on `op` unless it has the form the backward ops differentiate.
template <typename OpTy> static LogicalResult checkDifferentiableForm(OpTy op) {
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
  ArrayRef<RecurrentActivationKind> defaults = OpTy::defaultActivations();
  SmallVector<RecurrentActivation> activations = op.resolveActivations();
  if (!llvm::equal(activations, defaults,
                   [](RecurrentActivation fn, RecurrentActivationKind kind) {
                     return fn.kind == kind;
                   }))
    return reject("with the default activations");
  return success();
}

/// The gradients of the operands all three ops share, in operand order:
/// X, W, R, then B and initial_h where present (sequence_lens, rejected
/// above, would sit between them).
template <typename Op, typename GradOp>
static SmallVector<Value> sharedGradients(Op op, GradOp grad) {
  SmallVector<Value> result = {grad.getXGrad(), grad.getWGrad(),
                               grad.getRGrad()};
  if (op.getB())
    result.push_back(grad.getBGrad());
  if (op.getInitialH())
    result.push_back(grad.getInitialHGrad());
  return result;
}

/// g = {dL/dY, dL/dY_h}; sequence_lens (integer) gets no gradient.
static Gradients gradient(RnnOp op, DlcBuilder &b, ArrayRef<Value> g) {
  if (failed(checkDifferentiableForm(op)))
    return failure();
  auto grad =
      RnnGradOp::create(b.builder(), op.getX(), op.getW(), op.getR(), op.getB(),
                        op.getInitialH(), op.getY(), g[0], g[1]);
  return sharedGradients(op, grad);
}

/// g = {dL/dY, dL/dY_h}.
static Gradients gradient(GruOp op, DlcBuilder &b, ArrayRef<Value> g) {
  if (failed(checkDifferentiableForm(op)))
    return failure();
  auto grad = GruGradOp::create(b.builder(), op.getX(), op.getW(), op.getR(),
                                op.getB(), op.getInitialH(), op.getY(), g[0],
                                g[1], op.getLinearBeforeReset());
  return sharedGradients(op, grad);
}

/// g = {dL/dY, dL/dY_h, dL/dY_c}.
static Gradients gradient(LstmOp op, DlcBuilder &b, ArrayRef<Value> g) {
  if (failed(checkDifferentiableForm(op)))
    return failure();
  if (op.getInputForget())
    return op.emitOpError("is differentiated only without input_forget");
  auto grad = LstmGradOp::create(b.builder(), op.getX(), op.getW(), op.getR(),
                                 op.getB(), op.getInitialH(), op.getInitialC(),
                                 op.getP(), op.getY(), g[0], g[1], g[2]);
  SmallVector<Value> result = sharedGradients(op, grad);
  if (op.getInitialC())
    result.push_back(grad.getInitialCGrad());
  if (op.getP())
    result.push_back(grad.getPGrad());
  return result;
}

void registerRecurrentGradients(MLIRContext *context) {
  attachGradientRules<RnnOp, GruOp, LstmOp>(context);
}

} // namespace dlc
