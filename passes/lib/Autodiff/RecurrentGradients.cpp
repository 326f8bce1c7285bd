//===- RecurrentGradients.cpp - Rules of the recurrent ops ----------------===//
//
// Backpropagation through time is a loop, so the gradients of dlc.rnn,
// dlc.gru and dlc.lstm are dedicated ops (dlc.rnn_grad, dlc.gru_grad,
// dlc.lstm_grad), which read the hidden states from the forward op's Y.
// Those ops differentiate one direction, forward, in layout 0 (sequence
// first); every other direction and layout reduces to it:
//
// - a reverse direction is the forward one over the sequence read
//   backwards: its X, Y and dL/dY reversed along time go in, and the
//   gradient of X comes out reversed back (with sequence_lens, each
//   sequence's first sequence_lens[b] steps reversed, as ONNX's reverse
//   direction starts at a sequence's last step);
// - a bidirectional op is a forward and a reverse direction with weights
//   of their own (index 0 and 1 of W, R, B, P and the initial states), whose
//   gradients are stacked again, and which both read X, so X's gradients add;
// - layout 1 (batch first) is layout 0 transposed.
//
// The backward ops take the forward op's sequence_lens, clip and
// activations (those of their direction) and differentiate them.
//
//===----------------------------------------------------------------------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

namespace {

/// The operands and result gradients of a recurrent op; absent ones are
/// null (initial_c, p and dL/dY_c exist for the LSTM only). The recurrent
/// mask is shaped like a state.
struct RecurrentValues {
  Value x, w, r, b, initialH, initialC, p, recurrentMask, y, yGrad, yHGrad,
      yCGrad;
};

/// The gradients of one forward, layout-0 direction (number `direction` of
/// the op), in the backward op's result order: x, w, r, b, initial_h, then
/// initial_c and p (LSTM).
using DirectionGradient = function_ref<SmallVector<Value>(
    const RecurrentValues &, int64_t direction)>;

/// What a value of RecurrentValues holds, in layout 0.
enum class Holds {
  Sequence, // X: [time, batch, input]
  Steps,    // Y, dL/dY: [time, direction, batch, hidden]
  State,    // initial_h, initial_c, dL/dY_h, dL/dY_c: [direction, batch, hidden]
  Weights,  // W, R, B, P: [direction, ...]
};

/// Applies `apply` to every value of `values`, keeping null ones null.
RecurrentValues mapValues(const RecurrentValues &values,
                          function_ref<Value(Value, Holds)> apply) {
  auto map = [&](Value value, Holds holds) {
    return value ? apply(value, holds) : Value();
  };
  return {map(values.x, Holds::Sequence),      map(values.w, Holds::Weights),
          map(values.r, Holds::Weights),       map(values.b, Holds::Weights),
          map(values.initialH, Holds::State),  map(values.initialC, Holds::State),
          map(values.p, Holds::Weights),
          map(values.recurrentMask, Holds::State), map(values.y, Holds::Steps),
          map(values.yGrad, Holds::Steps),     map(values.yHGrad, Holds::State),
          map(values.yCGrad, Holds::State)};
}

/// The gradients of every result of `values`' op (see DirectionGradient)
/// for any direction and layout; `lens` is its sequence_lens or null.
SmallVector<Value> recurrentGradients(DlcBuilder &b, RecurrentValues values,
                                      Value lens, StringRef direction,
                                      bool batchFirst,
                                      DirectionGradient gradientOf) {
  // Layout 1 to layout 0: X [batch, time, input], Y [batch, time,
  // direction, hidden] and states [batch, direction, hidden].
  if (batchFirst)
    values = mapValues(values, [&](Value value, Holds holds) {
      switch (holds) {
      case Holds::Sequence:
      case Holds::State:
        return b.transpose(value, {1, 0, 2});
      case Holds::Steps:
        return b.transpose(value, {1, 2, 0, 3});
      case Holds::Weights:
        return value;
      }
      llvm_unreachable("covered switch");
    });

  int64_t directions = direction == "bidirectional" ? 2 : 1;
  // Time is axis 0 of X [time, batch, input] and of Y [time, 1, batch,
  // hidden] once sliced to one direction.
  auto reverseInTime = [&](Value value, Holds holds) {
    if (!lens)
      return b.reverse(value, 0);
    return b.reverseSequences(value, lens, /*timeAxis=*/0,
                              /*batchAxis=*/holds == Holds::Steps ? 2 : 1);
  };
  Value xGrad;
  SmallVector<SmallVector<Value>> perDirection;
  for (int64_t index = 0; index < directions; ++index) {
    bool reversed = direction == "reverse" || index == 1;
    RecurrentValues one = mapValues(values, [&](Value value, Holds holds) {
      if (directions > 1 && holds != Holds::Sequence)
        value = b.slice(value, holds == Holds::Steps ? 1 : 0, index,
                        index + 1);
      bool alongTime = holds == Holds::Sequence || holds == Holds::Steps;
      return reversed && alongTime ? reverseInTime(value, holds) : value;
    });
    SmallVector<Value> grads = gradientOf(one, index);
    Value x =
        reversed ? reverseInTime(grads[0], Holds::Sequence) : grads[0];
    xGrad = xGrad ? b.add(xGrad, x) : x;
    perDirection.push_back(grads);
  }

  SmallVector<Value> result = {xGrad};
  for (size_t operand = 1; operand < perDirection.front().size(); ++operand) {
    SmallVector<Value> stacked;
    for (const SmallVector<Value> &grads : perDirection)
      stacked.push_back(grads[operand]);
    result.push_back(directions > 1 ? b.concat(stacked, 0) : stacked.front());
  }
  if (batchFirst) {
    result[0] = b.transpose(result[0], {1, 0, 2});
    // initial_h and initial_c: [dir, batch, hidden] -> [batch, dir, hidden].
    for (size_t state : {4, 5})
      if (state < result.size())
        result[state] = b.transpose(result[state], {1, 0, 2});
  }
  return result;
}

/// The values of `op` and its result gradients `g`.
template <typename Op>
RecurrentValues valuesOf(Op op, ArrayRef<Value> g) {
  RecurrentValues values;
  values.x = op.getX();
  values.w = op.getW();
  values.r = op.getR();
  values.b = op.getB();
  values.initialH = op.getInitialH();
  values.recurrentMask = op.getRecurrentMask();
  values.y = op.getY();
  values.yGrad = g[0];
  values.yHGrad = g[1];
  return values;
}

/// The gradients of `op`'s operands, in operand order: X, W, R, then B,
/// none for sequence_lens (integers), initial_h where present, then
/// `lstmGrads` (the LSTM's initial_c and P where present) and none for the
/// recurrent mask (a dropout mask: constant), from the gradients of every
/// result (`all`, see DirectionGradient).
template <typename Op>
SmallVector<Value> operandGradients(Op op, ArrayRef<Value> all,
                                    ArrayRef<Value> lstmGrads = {}) {
  SmallVector<Value> result = {all[0], all[1], all[2]};
  if (op.getB())
    result.push_back(all[3]);
  if (op.getSequenceLens())
    result.push_back(Value());
  if (op.getInitialH())
    result.push_back(all[4]);
  llvm::append_range(result, lstmGrads);
  if (op.getRecurrentMask())
    result.push_back(Value());
  return result;
}

/// The activations of direction `direction` of `op`, as attributes of the
/// backward op that differentiates it.
template <typename Op>
RecurrentActivationAttrs activationsOf(Op op, int64_t direction) {
  SmallVector<RecurrentActivation> all = op.resolveActivations();
  size_t perDirection = all.size() / op.getNumDirections();
  return recurrentActivationAttrs(
      op.getContext(),
      ArrayRef(all).slice(direction * perDirection, perDirection));
}

} // namespace

// The rules, found by GradientModel (GradientRules.h) in namespace dlc.

/// g = {dL/dY, dL/dY_h}.
static Gradients gradient(RnnOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value lens = op.getSequenceLens();
  SmallVector<Value> all = recurrentGradients(
      b, valuesOf(op, g), lens, op.getDirection(), op.getLayout() == 1,
      [&](const RecurrentValues &v, int64_t direction) -> SmallVector<Value> {
        RecurrentActivationAttrs fns = activationsOf(op, direction);
        auto grad = RnnGradOp::create(
            b.builder(), v.x, v.w, v.r, v.b, lens, v.initialH,
            v.recurrentMask, v.y, v.yGrad,
            v.yHGrad, fns.names, fns.alphas, fns.betas, op.getClipAttr());
        return SmallVector<Value>(grad->getResults());
      });
  return operandGradients(op, all);
}

/// g = {dL/dY, dL/dY_h}.
static Gradients gradient(GruOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value lens = op.getSequenceLens();
  SmallVector<Value> all = recurrentGradients(
      b, valuesOf(op, g), lens, op.getDirection(), op.getLayout() == 1,
      [&](const RecurrentValues &v, int64_t direction) -> SmallVector<Value> {
        RecurrentActivationAttrs fns = activationsOf(op, direction);
        auto grad = GruGradOp::create(
            b.builder(), v.x, v.w, v.r, v.b, lens, v.initialH,
            v.recurrentMask, v.y, v.yGrad,
            v.yHGrad, fns.names, fns.alphas, fns.betas, op.getClipAttr(),
            op.getLinearBeforeReset());
        return SmallVector<Value>(grad->getResults());
      });
  return operandGradients(op, all);
}

/// g = {dL/dY, dL/dY_h, dL/dY_c}.
static Gradients gradient(LstmOp op, DlcBuilder &b, ArrayRef<Value> g) {
  RecurrentValues values = valuesOf(op, g);
  values.initialC = op.getInitialC();
  values.p = op.getP();
  values.yCGrad = g[2];
  Value lens = op.getSequenceLens();
  SmallVector<Value> all = recurrentGradients(
      b, values, lens, op.getDirection(), op.getLayout() == 1,
      [&](const RecurrentValues &v, int64_t direction) -> SmallVector<Value> {
        RecurrentActivationAttrs fns = activationsOf(op, direction);
        auto grad = LstmGradOp::create(
            b.builder(), v.x, v.w, v.r, v.b, lens, v.initialH, v.initialC,
            v.p, v.recurrentMask, v.y, v.yGrad, v.yHGrad, v.yCGrad, fns.names,
            fns.alphas,
            fns.betas, op.getClipAttr(), op.getInputForget());
        return SmallVector<Value>(grad->getResults());
      });
  SmallVector<Value> lstmGrads;
  if (op.getInitialC())
    lstmGrads.push_back(all[5]);
  if (op.getP())
    lstmGrads.push_back(all[6]);
  return operandGradients(op, all, lstmGrads);
}

void registerRecurrentGradients(MLIRContext *context) {
  attachGradientRules<RnnOp, GruOp, LstmOp>(context);
}

} // namespace dlc
