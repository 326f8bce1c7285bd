//===- Recurrent.cpp - Lower dlc.lstm, dlc.gru and dlc.rnn to an scf.for --===//
//
// Each direction of a recurrent op becomes one scf.for over the time steps
// (never unrolled) whose tensor iter_args carry the hidden state, the LSTM
// cell state and the Y sequence. The input projection X Wᵀ + biases does not
// depend on the state, so it is one matmul over all steps before the loop;
// each step adds H Rᵀ (a linalg.matmul), evaluates the gates with
// linalg.generic ops and writes its Y slice with tensor.insert_slice.
//
// The three ops differ only in their cell (class Cell); the loop, biases,
// sequence_lens masking, directions and layouts are shared.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "RecurrentActivations.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

//===----------------------------------------------------------------------===//
// Slices and scalar math
//===----------------------------------------------------------------------===//

/// The slice of `source` at `offsets` with `sizes`, as a tensor of `shape`
/// (the unit dimensions that `shape` leaves out are dropped).
Value extract(OpBuilder &b, Location loc, Value source,
              ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes,
              ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(source.getType()).getElementType());
  SmallVector<OpFoldResult> strides(sizes.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(
      b, loc, type, source, offsets,
      getAsIndexOpFoldResult(b.getContext(), sizes), strides);
}

/// Inserts `value` into `dest` at `offsets`, as a slice of `sizes`.
Value insert(OpBuilder &b, Location loc, Value value, Value dest,
             ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes) {
  SmallVector<OpFoldResult> strides(sizes.size(), b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(
      b, loc, value, dest, offsets,
      getAsIndexOpFoldResult(b.getContext(), sizes), strides);
}

/// Columns [index * hidden, (index + 1) * hidden) of a [rows, G * hidden]
/// matrix: gate `index` of a gate block.
Value gateColumns(OpBuilder &b, Location loc, Value gates, int64_t index,
                  int64_t hidden) {
  int64_t rows = cast<RankedTensorType>(gates.getType()).getDimSize(0);
  return extract(b, loc, gates,
                 {b.getIndexAttr(0), b.getIndexAttr(index * hidden)},
                 {rows, hidden}, {rows, hidden});
}

/// Elements [index * hidden, (index + 1) * hidden) of a vector.
Value gateVector(OpBuilder &b, Location loc, Value vector, int64_t index,
                 int64_t hidden) {
  return extract(b, loc, vector, {b.getIndexAttr(index * hidden)}, {hidden},
                 {hidden});
}

Value add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::AddFOp::create(b, loc, lhs, rhs);
}
Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::MulFOp::create(b, loc, lhs, rhs);
}
Value constant(OpBuilder &b, Location loc, Value like, double value) {
  return buildScalar(b, loc, like.getType(), value);
}

/// `states` times `mask` (broadcast over leading dimensions), or `states`
/// where there is no mask: Ht-1 as the products with R read it under
/// recurrent dropout.
Value maskedBy(OpBuilder &b, Location loc, Value states, Value mask) {
  if (!mask)
    return states;
  return buildElementwise(b, loc, {states, mask},
                          cast<RankedTensorType>(states.getType()),
                          [](OpBuilder &nb, Location nl, ValueRange v) {
                            return mul(nb, nl, v[0], v[1]);
                          });
}

//===----------------------------------------------------------------------===//
// Cells
//===----------------------------------------------------------------------===//

/// The state a step carries: [batch, hidden] tensors (`c` for LSTM only).
struct State {
  Value h, c;
};

/// One direction's parameters, as the cells use them.
struct Direction {
  int64_t hidden;
  Value recurrentT;                          // Rᵀ: [hidden, G * hidden]
  Value recurrentBias;                       // Rb: [G * hidden], null without B
  Value peepholes;                           // P: [3 * hidden] (LSTM), or null
  GateActivations activations;              // f, g, h of this direction
  Value recurrentMask;                       // [batch, hidden], or null

  /// Activation `index` of a gate pre-activation, clipped first if asked.
  Value gate(OpBuilder &b, Location loc, unsigned index, Value x) const {
    return activations.gate(b, loc, index, x);
  }
  /// Ht-1 as the products with R read it.
  Value recurrentInput(OpBuilder &b, Location loc, Value h) const {
    return maskedBy(b, loc, h, recurrentMask);
  }
};

/// What distinguishes LSTM, GRU and RNN: the gate count, whether a cell
/// state is carried besides h, and one time step.
class Cell {
public:
  Cell(int64_t gates, bool hasCellState)
      : gates(gates), hasCellState(hasCellState) {}
  virtual ~Cell() = default;

  /// The bias folded into the input projection, [G * hidden]. Usually
  /// Wb + Rb, since both are plain terms of every gate's pre-activation.
  virtual Value inputBias(OpBuilder &b, Location loc, Value wb, Value rb,
                          int64_t hidden) const {
    return buildElementwise(b, loc, {wb, rb},
                            cast<RankedTensorType>(wb.getType()),
                            [](OpBuilder &nb, Location nl, ValueRange args) {
                              return add(nb, nl, args[0], args[1]);
                            });
  }

  /// The state after one step, given the step's input projection
  /// `inputGates` ([batch, G * hidden], biases included) and `prev`.
  virtual State step(OpBuilder &b, Location loc, const Direction &dir,
                     Value inputGates, State prev) const = 0;

  const int64_t gates;
  const bool hasCellState;
};

/// Ht = f(x + Ht-1 Rᵀ).
class RnnCell : public Cell {
public:
  RnnCell() : Cell(1, /*hasCellState=*/false) {}
  State step(OpBuilder &b, Location loc, const Direction &dir, Value inputGates,
             State prev) const override {
    Value recurrent = buildMatmul(
        b, loc, dir.recurrentInput(b, loc, prev.h), dir.recurrentT);
    Value h = buildElementwise(
        b, loc, {inputGates, recurrent},
        cast<RankedTensorType>(prev.h.getType()),
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          return dir.gate(nb, nl, 0, add(nb, nl, args[0], args[1]));
        });
    return {h, {}};
  }
};

/// Gates i, o, f, c; Ct = f . Ct-1 + i . g(c), Ht = o . h(Ct), with optional
/// peepholes and input_forget (f = 1 - i).
class LstmCell : public Cell {
public:
  explicit LstmCell(bool inputForget)
      : Cell(4, /*hasCellState=*/true), inputForget(inputForget) {}

  State step(OpBuilder &b, Location loc, const Direction &dir, Value inputGates,
             State prev) const override {
    int64_t hidden = dir.hidden;
    auto stateType = cast<RankedTensorType>(prev.h.getType());
    Value recurrent = buildMatmul(
        b, loc, dir.recurrentInput(b, loc, prev.h), dir.recurrentT);
    // Inputs: the x and h parts of gates i, f, c, then Ct-1, then Pi, Pf.
    enum { I = 0, O = 1, F = 2, C = 3 };
    SmallVector<Value> inputs;
    for (int64_t gateIndex : {I, F, C}) {
      inputs.push_back(gateColumns(b, loc, inputGates, gateIndex, hidden));
      inputs.push_back(gateColumns(b, loc, recurrent, gateIndex, hidden));
    }
    inputs.push_back(prev.c);
    if (dir.peepholes) {
      inputs.push_back(gateVector(b, loc, dir.peepholes, 0, hidden));
      inputs.push_back(gateVector(b, loc, dir.peepholes, 2, hidden));
    }
    Value cell = buildElementwise(
        b, loc, inputs, stateType,
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value cPrev = args[6];
          Value iPre = add(nb, nl, args[0], args[1]);
          Value fPre = add(nb, nl, args[2], args[3]);
          if (dir.peepholes) {
            iPre = add(nb, nl, iPre, mul(nb, nl, args[7], cPrev));
            fPre = add(nb, nl, fPre, mul(nb, nl, args[8], cPrev));
          }
          Value i = dir.gate(nb, nl, 0, iPre);
          Value f =
              inputForget
                  ? arith::SubFOp::create(nb, nl, constant(nb, nl, i, 1.0), i)
                  : dir.gate(nb, nl, 0, fPre);
          Value candidate = dir.gate(nb, nl, 1, add(nb, nl, args[4], args[5]));
          return add(nb, nl, mul(nb, nl, f, cPrev), mul(nb, nl, i, candidate));
        });
    // The output gate's peephole reads the new cell state.
    inputs = {gateColumns(b, loc, inputGates, O, hidden),
              gateColumns(b, loc, recurrent, O, hidden), cell};
    if (dir.peepholes)
      inputs.push_back(gateVector(b, loc, dir.peepholes, 1, hidden));
    Value h = buildElementwise(
        b, loc, inputs, stateType,
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value oPre = add(nb, nl, args[0], args[1]);
          if (dir.peepholes)
            oPre = add(nb, nl, oPre, mul(nb, nl, args[3], args[2]));
          // h(Ct) is not a gate: clip does not apply.
          Value squashed =
              activate(nb, nl, dir.activations.functions[2], args[2]);
          return mul(nb, nl, dir.gate(nb, nl, 0, oPre), squashed);
        });
    return {h, cell};
  }

private:
  bool inputForget;
};

/// Gates z, r, h; Ht = (1 - z) . g(h) + z . Ht-1. The reset gate applies to
/// Ht-1 before its product with Rhᵀ, or (linear_before_reset) to the product
/// plus Rbh, which then cannot be folded into the input projection.
class GruCell : public Cell {
public:
  explicit GruCell(bool linearBeforeReset)
      : Cell(3, /*hasCellState=*/false), linearBeforeReset(linearBeforeReset) {}

  Value inputBias(OpBuilder &b, Location loc, Value wb, Value rb,
                  int64_t hidden) const override {
    Value sum = Cell::inputBias(b, loc, wb, rb, hidden);
    if (!linearBeforeReset)
      return sum;
    // Keep only Wbh for gate h; the step adds Rbh inside r . (...).
    return insert(b, loc, gateVector(b, loc, wb, H, hidden), sum,
                  {b.getIndexAttr(H * hidden)}, {hidden});
  }

  State step(OpBuilder &b, Location loc, const Direction &dir, Value inputGates,
             State prev) const override {
    int64_t hidden = dir.hidden;
    auto stateType = cast<RankedTensorType>(prev.h.getType());
    Value xz = gateColumns(b, loc, inputGates, Z, hidden);
    Value xr = gateColumns(b, loc, inputGates, R, hidden);
    Value xh = gateColumns(b, loc, inputGates, H, hidden);
    // Ht = (1 - z) . candidate + z . Ht-1, from z's parts and the candidate.
    auto blend = [&](OpBuilder &nb, Location nl, Value zx, Value zh,
                     Value candidate, Value hPrev) {
      Value z = dir.gate(nb, nl, 0, add(nb, nl, zx, zh));
      Value keep = arith::SubFOp::create(nb, nl, constant(nb, nl, z, 1.0), z);
      return add(nb, nl, mul(nb, nl, keep, candidate), mul(nb, nl, z, hPrev));
    };

    Value maskedH = dir.recurrentInput(b, loc, prev.h);
    if (linearBeforeReset) {
      Value recurrent = buildMatmul(b, loc, maskedH, dir.recurrentT);
      SmallVector<Value> inputs = {
          xz,    gateColumns(b, loc, recurrent, Z, hidden),
          xr,    gateColumns(b, loc, recurrent, R, hidden),
          xh,    gateColumns(b, loc, recurrent, H, hidden),
          prev.h};
      if (dir.recurrentBias)
        inputs.push_back(gateVector(b, loc, dir.recurrentBias, H, hidden));
      Value h = buildElementwise(
          b, loc, inputs, stateType,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Value r = dir.gate(nb, nl, 0, add(nb, nl, args[2], args[3]));
            Value linear = args[5];
            if (dir.recurrentBias)
              linear = add(nb, nl, linear, args[7]);
            Value candidate = dir.gate(
                nb, nl, 1, add(nb, nl, args[4], mul(nb, nl, r, linear)));
            return blend(nb, nl, args[0], args[1], candidate, args[6]);
          });
      return {h, {}};
    }

    // z and r need Ht-1 Rzᵀ and Ht-1 Rrᵀ; gate h needs (r . Ht-1) Rhᵀ.
    Value recurrentZr = buildMatmul(
        b, loc, maskedH,
        extract(b, loc, dir.recurrentT, {b.getIndexAttr(0), b.getIndexAttr(0)},
                {hidden, 2 * hidden}, {hidden, 2 * hidden}));
    Value resetH = buildElementwise(
        b, loc, {xr, gateColumns(b, loc, recurrentZr, R, hidden), maskedH},
        stateType, [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value r = dir.gate(nb, nl, 0, add(nb, nl, args[0], args[1]));
          return mul(nb, nl, r, args[2]);
        });
    Value recurrentH = buildMatmul(
        b, loc, resetH, gateColumns(b, loc, dir.recurrentT, H, hidden));
    Value h = buildElementwise(
        b, loc,
        {xz, gateColumns(b, loc, recurrentZr, Z, hidden), xh, recurrentH,
         prev.h},
        stateType, [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value candidate = dir.gate(nb, nl, 1, add(nb, nl, args[2], args[3]));
          return blend(nb, nl, args[0], args[1], candidate, args[4]);
        });
    return {h, {}};
  }

private:
  enum { Z = 0, R = 1, H = 2 };
  bool linearBeforeReset;
};

//===----------------------------------------------------------------------===//
// The time loop
//===----------------------------------------------------------------------===//

/// A recurrent op's operands and attributes, whatever its cell.
struct Recurrence {
  Value x, w, r, b, sequenceLens, initialH, initialC, peepholes,
      recurrentMask;
  int64_t hidden;
  StringRef direction;
  bool batchFirst;
  std::optional<float> clip;
  SmallVector<RecurrentActivation> activations;
};

template <typename OpTy> Recurrence recurrenceOf(OpTy op) {
  Recurrence rec;
  rec.x = op.getX();
  rec.w = op.getW();
  rec.r = op.getR();
  rec.b = op.getB();
  rec.sequenceLens = op.getSequenceLens();
  rec.initialH = op.getInitialH();
  rec.recurrentMask = op.getRecurrentMask();
  rec.hidden = op.getHiddenSize();
  rec.direction = op.getDirection();
  rec.batchFirst = op.getLayout() == 1;
  if (std::optional<APFloat> clip = op.getClip())
    rec.clip = clip->convertToFloat();
  rec.activations = op.resolveActivations();
  return rec;
}

/// Rows of `active` where step `t` is within the sequence (t < lens[row]),
/// else rows of `inactive`, or zeros when `inactive` is null.
Value maskSteps(OpBuilder &b, Location loc, Value lens, Value t, Value active,
                Value inactive) {
  Value time = arith::IndexCastOp::create(
      b, loc, getElementTypeOrSelf(lens.getType()), t);
  SmallVector<Value> inputs = {lens, active};
  if (inactive)
    inputs.push_back(inactive);
  return buildElementwise(
      b, loc, inputs, cast<RankedTensorType>(active.getType()),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value within = arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::slt,
                                             time, args[0]);
        Value otherwise = inactive ? args[2] : constant(nb, nl, args[1], 0.0);
        return (Value)arith::SelectOp::create(nb, nl, within, args[1],
                                              otherwise);
      });
}

/// `value` copied into `dest`. The loop's state buffers are updated this
/// way: yielding the carried buffer itself lets one-shot-bufferize keep
/// one buffer per state across steps, and a copy is an op that neither
/// canonicalization nor elementwise fusion rewrites to a new tensor.
Value copyInto(OpBuilder &b, Location loc, Value value, Value dest) {
  return linalg::CopyOp::create(b, loc, value, dest).getResult(0);
}

/// The number of blocks of batch rows whose time loops run side by side:
/// the largest divisor of `batch` up to `wanted`, with rows in multiples of
/// 8 (whole register tiles of the step's matmul) unless there is one block.
int64_t rowBlockCount(int64_t batch, int64_t wanted) {
  for (int64_t blocks = std::min(wanted, batch); blocks > 1; --blocks)
    if (batch % blocks == 0 && (batch / blocks) % 8 == 0)
      return blocks;
  return 1;
}

/// Y, Y_h and (with a cell state) Y_c of `rec`, in its layout. Without
/// `needY`, Y is left empty (nothing uses it). With `needCells` a last
/// result holds every step's cell state, shaped like Y (the LSTM backward
/// pass reads them; layout 0 only). Batch rows are independent: with
/// `rowBlocks` > 1 the time loop runs in an scf.forall over blocks of rows,
/// each block stepping through all the time steps on its own (one parallel
/// loop for the whole sequence instead of one per step).
SmallVector<Value> buildRecurrence(OpBuilder &b, Location loc,
                                   const Recurrence &rec, const Cell &cell,
                                   bool needY, bool needCells = false,
                                   int64_t rowBlocks = 1) {
  assert((!needCells || (cell.hasCellState && !rec.batchFirst)) &&
         "cell sequences are of layout-0 LSTMs");
  bool hasCellState = cell.hasCellState;
  // Work in layout 0: [seq, batch, input], states [directions, batch, hidden].
  Value x = rec.x, initialH = rec.initialH, initialC = rec.initialC,
        recurrentMask = rec.recurrentMask;
  if (rec.batchFirst) {
    x = buildTranspose(b, loc, x, {1, 0, 2});
    for (Value *state : {&initialH, &initialC, &recurrentMask})
      if (*state)
        *state = buildTranspose(b, loc, *state, {1, 0, 2});
  }
  auto xType = cast<RankedTensorType>(x.getType());
  Type elementType = xType.getElementType();
  int64_t seq = xType.getDimSize(0), batch = xType.getDimSize(1),
          input = xType.getDimSize(2), hidden = rec.hidden,
          gateRows = cell.gates * hidden;
  int64_t directions = rec.direction == "bidirectional" ? 2 : 1;
  auto stateType = RankedTensorType::get({batch, hidden}, elementType);
  auto empty = [&](ArrayRef<int64_t> shape) -> Value {
    return tensor::EmptyOp::create(b, loc, shape, elementType);
  };
  Value zero = buildScalar(b, loc, elementType, 0.0);
  Value y = empty({seq, directions, batch, hidden});
  Value cells = needCells ? empty({seq, directions, batch, hidden}) : Value();
  Value finalH = empty({directions, batch, hidden});
  Value finalC = hasCellState ? empty({directions, batch, hidden}) : Value();
  // [batch, 1] broadcasts along the hidden dimension.
  Value lens =
      rec.sequenceLens
          ? buildReshape(b, loc, rec.sequenceLens,
                         RankedTensorType::get(
                             {batch, 1},
                             getElementTypeOrSelf(rec.sequenceLens.getType())))
          : Value();
  auto index = [&](int64_t value) -> OpFoldResult {
    return b.getIndexAttr(value);
  };
  /// Row `direction` of a per-direction [directions, rows, cols] operand.
  auto directionSlice = [&](Value operand, int64_t direction) {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(operand.getType()).getShape().drop_front();
    SmallVector<OpFoldResult> offsets(shape.size() + 1, index(0));
    offsets[0] = index(direction);
    SmallVector<int64_t> sizes = {1};
    llvm::append_range(sizes, shape);
    return extract(b, loc, operand, offsets, sizes, shape);
  };
  size_t perDirection = rec.activations.size() / directions;

  for (int64_t d = 0; d < directions; ++d) {
    bool reverse = rec.direction == "reverse" || d == 1;
    // Input projection of every step: [seq * batch, input] x [input, G*H].
    Value flatX = buildReshape(
        b, loc, x, RankedTensorType::get({seq * batch, input}, elementType));
    Value projection =
        buildMatmul(b, loc, flatX,
                    buildTranspose(b, loc, directionSlice(rec.w, d), {1, 0}));
    Direction dir{
        hidden,
        buildTranspose(b, loc, directionSlice(rec.r, d), {1, 0}),
        Value(),
        rec.peepholes ? directionSlice(rec.peepholes, d) : Value(),
        {ArrayRef(rec.activations).slice(d * perDirection, perDirection),
         rec.clip},
        recurrentMask ? directionSlice(recurrentMask, d) : Value()};
    if (rec.b) {
      Value biases = directionSlice(rec.b, d); // Wb then Rb
      Value wb = gateVector(b, loc, biases, 0, gateRows);
      dir.recurrentBias = gateVector(b, loc, biases, 1, gateRows);
      Value bias = cell.inputBias(b, loc, wb, dir.recurrentBias, hidden);
      projection =
          buildElementwise(b, loc, {projection, bias},
                           cast<RankedTensorType>(projection.getType()),
                           [](OpBuilder &nb, Location nl, ValueRange args) {
                             return add(nb, nl, args[0], args[1]);
                           });
    }
    projection = buildReshape(
        b, loc, projection,
        RankedTensorType::get({seq, batch, gateRows}, elementType));

    // Carried: h, then c (LSTM), then Y (when used).
    // A copy, since the loop writes the state in place, and an initial
    // state may be a caller's input.
    auto initialState = [&](Value initial) {
      if (!initial)
        return buildFilled(b, loc, stateType, zero);
      Value empty =
          tensor::EmptyOp::create(b, loc, stateType.getShape(), elementType);
      return copyInto(b, loc, directionSlice(initial, d), empty);
    };
    SmallVector<Value> carried = {initialState(initialH)};
    if (hasCellState)
      carried.push_back(initialState(initialC));
    if (needY)
      carried.push_back(y);
    if (needCells)
      carried.push_back(cells);
    // The time loop over `rows` batch rows: `stepInputs` [seq, rows, G*H],
    // `rowLens` [rows, 1] and `rowDir` (its recurrent mask) are theirs,
    // `initial` the carried values' rows.
    auto buildTimeLoop = [&](OpBuilder &lb, Location ll, Value stepInputs,
                             Value rowLens, const Direction &rowDir,
                             ValueRange initial, int64_t rows) {
      Value lower = arith::ConstantIndexOp::create(lb, ll, 0);
      Value upper = arith::ConstantIndexOp::create(lb, ll, seq);
      Value one = arith::ConstantIndexOp::create(lb, ll, 1);
      return scf::ForOp::create(
          lb, ll, lower, upper, one, initial,
          [&](OpBuilder &nb, Location nl, Value step, ValueRange args) {
            Value t = step;
            if (reverse)
              t = arith::SubIOp::create(
                  nb, nl, arith::ConstantIndexOp::create(nb, nl, seq - 1),
                  step);
            Value inputGates =
                extract(nb, nl, stepInputs, {t, index(0), index(0)},
                        {1, rows, gateRows}, {rows, gateRows});
            State prev{args[0], hasCellState ? args[1] : Value()};
            State next = cell.step(nb, nl, rowDir, inputGates, prev);
            Value output = next.h;
            // Past a sequence's end the state stays and Y is zero.
            if (rowLens) {
              output = maskSteps(nb, nl, rowLens, t, next.h, Value());
              next.h = maskSteps(nb, nl, rowLens, t, next.h, prev.h);
              if (hasCellState)
                next.c = maskSteps(nb, nl, rowLens, t, next.c, prev.c);
            }
            SmallVector<Value> yielded = {copyInto(nb, nl, next.h, prev.h)};
            if (hasCellState)
              yielded.push_back(copyInto(nb, nl, next.c, prev.c));
            SmallVector<OpFoldResult> stepOffsets = {t, index(d), index(0),
                                                     index(0)};
            if (needY)
              yielded.push_back(insert(nb, nl, output, args[yielded.size()],
                                       stepOffsets, {1, 1, rows, hidden}));
            if (needCells)
              yielded.push_back(insert(nb, nl, next.c, args[yielded.size()],
                                       stepOffsets, {1, 1, rows, hidden}));
            scf::YieldOp::create(nb, nl, yielded);
          });
    };
    int64_t blocks = rowBlockCount(batch, rowBlocks);
    ValueRange finalValues;
    if (blocks == 1) {
      finalValues = buildTimeLoop(b, loc, projection, lens, dir, carried, batch)
                        .getResults();
    } else {
      // Each block takes its rows of the step inputs and carried values
      // (h and c: [batch, hidden]; Y and cells: [seq, directions, batch,
      // hidden]) and puts them back when its loop is done.
      int64_t rows = batch / blocks;
      auto forall = scf::ForallOp::create(
          b, loc, ArrayRef<OpFoldResult>{index(blocks)}, carried,
          std::nullopt);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(forall.getBody());
      Value firstRow = arith::MulIOp::create(
          b, loc, forall.getInductionVar(0),
          arith::ConstantIndexOp::create(b, loc, rows));
      // Rows are the second-to-last dimension of every such tensor.
      auto rowSlice = [&](Value whole) {
        auto type = cast<RankedTensorType>(whole.getType());
        int64_t rowDim = type.getRank() - 2;
        SmallVector<OpFoldResult> offsets(type.getRank(), index(0));
        offsets[rowDim] = firstRow;
        SmallVector<int64_t> shape(type.getShape());
        shape[rowDim] = rows;
        return std::make_pair(offsets, shape);
      };
      auto extractRows = [&](Value whole) -> Value {
        if (!whole)
          return whole;
        auto [offsets, shape] = rowSlice(whole);
        return extract(b, loc, whole, offsets, shape, shape);
      };
      SmallVector<Value> initial = llvm::map_to_vector(
          forall.getRegionIterArgs(), [&](Value v) { return extractRows(v); });
      // The projection is [seq, batch, G*H], lens and the mask [batch, *].
      Direction rowDir = dir;
      rowDir.recurrentMask = extractRows(dir.recurrentMask);
      scf::ForOp loop = buildTimeLoop(b, loc, extractRows(projection),
                                      extractRows(lens), rowDir, initial, rows);
      b.setInsertionPointToStart(forall.getTerminator().getBody());
      for (auto [result, whole] :
           llvm::zip(loop.getResults(), forall.getRegionIterArgs())) {
        auto [offsets, shape] = rowSlice(whole);
        SmallVector<OpFoldResult> strides(offsets.size(), index(1));
        tensor::ParallelInsertSliceOp::create(
            b, loc, result, whole, offsets,
            getAsIndexOpFoldResult(b.getContext(), shape), strides);
      }
      finalValues = forall.getResults();
    }
    SmallVector<Value> loopResults(finalValues);
    SmallVector<OpFoldResult> stateOffsets = {index(d), index(0), index(0)};
    finalH = insert(b, loc, loopResults[0], finalH, stateOffsets,
                    {1, batch, hidden});
    if (hasCellState)
      finalC = insert(b, loc, loopResults[1], finalC, stateOffsets,
                      {1, batch, hidden});
    if (needY)
      y = loopResults[hasCellState ? 2 : 1];
    if (needCells)
      cells = loopResults.back();
  }

  if (rec.batchFirst) {
    y = buildTranspose(b, loc, y, {2, 0, 1, 3});
    finalH = buildTranspose(b, loc, finalH, {1, 0, 2});
    if (hasCellState)
      finalC = buildTranspose(b, loc, finalC, {1, 0, 2});
  }
  SmallVector<Value> results = {y, finalH};
  if (hasCellState)
    results.push_back(finalC);
  if (needCells)
    results.push_back(cells);
  return results;
}

struct LstmLowering : OpRewritePattern<LstmOp> {
  LstmLowering(MLIRContext *context, int64_t rowBlocks)
      : OpRewritePattern(context), rowBlocks(rowBlocks) {}
  LogicalResult matchAndRewrite(LstmOp op,
                                PatternRewriter &rewriter) const override {
    Recurrence rec = recurrenceOf(op);
    rec.initialC = op.getInitialC();
    rec.peepholes = op.getP();
    rewriter.replaceOp(
        op, buildRecurrence(rewriter, op.getLoc(), rec,
                            LstmCell(op.getInputForget()),
                            !op.getY().use_empty(), /*needCells=*/false,
                            rowBlocks));
    return success();
  }
  int64_t rowBlocks;
};

struct GruLowering : OpRewritePattern<GruOp> {
  GruLowering(MLIRContext *context, int64_t rowBlocks)
      : OpRewritePattern(context), rowBlocks(rowBlocks) {}
  LogicalResult matchAndRewrite(GruOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildRecurrence(rewriter, op.getLoc(), recurrenceOf(op),
                            GruCell(op.getLinearBeforeReset()),
                            !op.getY().use_empty(), /*needCells=*/false,
                            rowBlocks));
    return success();
  }
  int64_t rowBlocks;
};

struct RnnLowering : OpRewritePattern<RnnOp> {
  RnnLowering(MLIRContext *context, int64_t rowBlocks)
      : OpRewritePattern(context), rowBlocks(rowBlocks) {}
  LogicalResult matchAndRewrite(RnnOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildRecurrence(rewriter, op.getLoc(), recurrenceOf(op), RnnCell(),
                            !op.getY().use_empty(), /*needCells=*/false,
                            rowBlocks));
    return success();
  }
  int64_t rowBlocks;
};

//===----------------------------------------------------------------------===//
// Backpropagation through time
//===----------------------------------------------------------------------===//
//
// The backward ops run one reverse scf.for that carries the gradients
// reaching the state (dH, and dC for LSTM) and collects dA, the gradients of
// every step's gate pre-activations, [seq, batch, G * hidden]. Everything
// else is a matmul over all steps after the loop, mirroring the forward
// lowering's hoisted input projection.

/// Shapes and helpers shared by the backward lowerings (layout 0, one
/// direction).
struct Backward {
  OpBuilder &b;
  Location loc;
  Type elementType;
  int64_t seq, batch, input, hidden;
  Value lens; // sequence_lens as [batch, 1], or null
  Value mask; // the recurrent mask as [batch, hidden], or null

  template <typename GradOp>
  Backward(OpBuilder &b, GradOp op)
      : b(b), loc(op.getLoc()),
        elementType(getElementTypeOrSelf(op.getX().getType())) {
    auto xType = cast<RankedTensorType>(op.getX().getType());
    seq = xType.getDimSize(0);
    batch = xType.getDimSize(1);
    input = xType.getDimSize(2);
    hidden = cast<RankedTensorType>(op.getR().getType()).getDimSize(2);
    if (Value sequenceLens = op.getSequenceLens())
      lens = buildReshape(
          b, loc, sequenceLens,
          RankedTensorType::get({batch, 1},
                                getElementTypeOrSelf(sequenceLens.getType())));
    if (Value recurrentMask = op.getRecurrentMask())
      mask = reshape(recurrentMask, {batch, hidden});
  }

  /// `states` ([seq, batch, hidden] or [batch, hidden]) as the products
  /// with R read them.
  Value masked(OpBuilder &nb, Location nl, Value states) const {
    return maskedBy(nb, nl, states, mask);
  }

  RankedTensorType type(ArrayRef<int64_t> shape) const {
    return RankedTensorType::get(shape, elementType);
  }
  OpFoldResult index(int64_t value) const { return b.getIndexAttr(value); }
  Value reshape(Value value, ArrayRef<int64_t> shape) const {
    return buildReshape(b, loc, value, type(shape));
  }
  Value empty(ArrayRef<int64_t> shape) const {
    return tensor::EmptyOp::create(b, loc, shape, elementType);
  }
  Value zeros(ArrayRef<int64_t> shape) const {
    return buildFilled(b, loc, type(shape),
                       buildScalar(b, loc, elementType, 0.0));
  }
  /// A [seq, 1, batch, hidden] sequence (Y, its gradient, cell states) as
  /// [seq, batch, hidden].
  Value steps(Value sequence) const {
    return reshape(sequence, {seq, batch, hidden});
  }
  /// Step `t` of a [seq, batch, cols] tensor.
  Value step(OpBuilder &nb, Location nl, Value sequence, Value t) const {
    int64_t cols = cast<RankedTensorType>(sequence.getType()).getDimSize(2);
    return extract(nb, nl, sequence, {t, index(0), index(0)}, {1, batch, cols},
                   {batch, cols});
  }
  /// The state each step reads, [seq, batch, hidden]: `initial` ([1, batch,
  /// hidden], zeros when null), then the first seq - 1 states of `states`.
  Value previous(Value initial, Value states) const {
    Value result = insert(b, loc, initial ? initial : zeros({1, batch, hidden}),
                          empty({seq, batch, hidden}),
                          {index(0), index(0), index(0)}, {1, batch, hidden});
    if (seq == 1)
      return result;
    return insert(b, loc,
                  extract(b, loc, states, {index(0), index(0), index(0)},
                          {seq - 1, batch, hidden}, {seq - 1, batch, hidden}),
                  result, {index(1), index(0), index(0)},
                  {seq - 1, batch, hidden});
  }
  /// A fresh copy of a [1, batch, hidden] gradient as [batch, hidden]: the
  /// loop updates its carried gradients in place.
  Value carriedGrad(Value grad) const {
    return copyInto(b, loc, reshape(grad, {batch, hidden}),
                    empty({batch, hidden}));
  }

  /// The reverse loop over t = seq - 1 .. 0. `body` gets t and the carried
  /// state gradients and returns one [batch, cols] tensor per entry of
  /// `collectedCols` (dA_t first), then the state gradients for step t - 1.
  /// Returns the state gradients of the initial state, then the collected
  /// tensors over all steps, [seq, batch, cols]. Rows past their sequence's
  /// end (with sequence_lens) kept their state in the forward pass: their
  /// state gradients pass through and their collected rows are zeros.
  SmallVector<Value> reverseLoop(
      ValueRange stateGrads, ArrayRef<int64_t> collectedCols,
      function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
          body) const {
    size_t states = stateGrads.size();
    SmallVector<Value> carried(stateGrads);
    for (int64_t cols : collectedCols)
      carried.push_back(empty({seq, batch, cols}));
    Value lower = arith::ConstantIndexOp::create(b, loc, 0);
    Value upper = arith::ConstantIndexOp::create(b, loc, seq);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto loop = scf::ForOp::create(
        b, loc, lower, upper, one, carried,
        [&](OpBuilder &nb, Location nl, Value iteration, ValueRange args) {
          Value t = arith::SubIOp::create(
              nb, nl, arith::ConstantIndexOp::create(nb, nl, seq - 1),
              iteration);
          SmallVector<Value> out = body(nb, nl, t, args.take_front(states));
          if (lens)
            for (auto [position, value] : llvm::enumerate(out)) {
              Value kept = position < collectedCols.size()
                               ? Value()
                               : args[position - collectedCols.size()];
              value = maskSteps(nb, nl, lens, t, value, kept);
            }
          ArrayRef<Value> collected =
              ArrayRef(out).take_front(collectedCols.size());
          SmallVector<Value> yielded;
          for (auto [next, current] :
               llvm::zip(ArrayRef(out).drop_front(collectedCols.size()),
                         args.take_front(states)))
            yielded.push_back(copyInto(nb, nl, next, current));
          for (auto [value, all, cols] :
               llvm::zip(collected, args.drop_front(states), collectedCols))
            yielded.push_back(insert(
                nb, nl, value, all, {t, index(0), index(0)}, {1, batch, cols}));
          scf::YieldOp::create(nb, nl, yielded);
        });
    return SmallVector<Value>(loop.getResults());
  }

  /// Xt Wᵀ + the biases `cell` folds in, for every step: [seq, batch,
  /// G * hidden], as in the forward lowering.
  Value inputProjection(Value x, Value w, Value biases,
                        const Cell &cell) const {
    int64_t gateRows = cell.gates * hidden;
    Value projection = buildMatmul(
        b, loc, reshape(x, {seq * batch, input}),
        buildTranspose(b, loc, reshape(w, {gateRows, input}), {1, 0}));
    if (biases) {
      Value flat = reshape(biases, {2 * gateRows});
      Value bias =
          cell.inputBias(b, loc, gateVector(b, loc, flat, 0, gateRows),
                         gateVector(b, loc, flat, 1, gateRows), hidden);
      projection =
          buildElementwise(b, loc, {projection, bias},
                           cast<RankedTensorType>(projection.getType()),
                           [](OpBuilder &nb, Location nl, ValueRange v) {
                             return add(nb, nl, v[0], v[1]);
                           });
    }
    return reshape(projection, {seq, batch, gateRows});
  }

  /// `projection` ([seq, batch, G * hidden]) plus every step's Ht-1 Rᵀ,
  /// from the states the steps read, `prevStates` [seq, batch, hidden], and
  /// R as [G * hidden, hidden].
  Value preActivations(Value projection, Value prevStates, Value r) const {
    auto type = cast<RankedTensorType>(projection.getType());
    int64_t gateRows = type.getDimSize(2);
    Value recurrent = reshape(
        buildMatmul(b, loc, reshape(prevStates, {seq * batch, hidden}),
                    buildTranspose(b, loc, r, {1, 0})),
        {seq, batch, gateRows});
    return buildElementwise(b, loc, {projection, recurrent}, type,
                            [](OpBuilder &nb, Location nl, ValueRange v) {
                              return add(nb, nl, v[0], v[1]);
                            });
  }

  /// The gradients of x, w, r and b from the gradients of every step's gate
  /// pre-activations: dA for the input side (X Wᵀ + Wb) and dRec for the
  /// recurrent side (Ht-1 Rᵀ + Rb; the same tensor but for GRU's gate h),
  /// given the forward operands and the hidden state each step read.
  SmallVector<Value> parameterGrads(Value preGrads, Value recurrentGrads,
                                    Value x, Value w, Value prevStates) const {
    int64_t rows = seq * batch,
            gateRows = cast<RankedTensorType>(preGrads.getType()).getDimSize(2);
    bool shared = recurrentGrads == preGrads;
    Value flat = reshape(preGrads, {rows, gateRows});
    Value flatT = buildTranspose(b, loc, flat, {1, 0});
    Value flatRecurrent =
        shared ? flat : reshape(recurrentGrads, {rows, gateRows});
    Value flatRecurrentT =
        shared ? flatT : buildTranspose(b, loc, flatRecurrent, {1, 0});
    Value xGrad =
        reshape(buildMatmul(b, loc, flat, reshape(w, {gateRows, input})),
                {seq, batch, input});
    Value wGrad = reshape(buildMatmul(b, loc, flatT, reshape(x, {rows, input})),
                          {1, gateRows, input});
    Value rGrad = reshape(buildMatmul(b, loc, flatRecurrentT,
                                      reshape(prevStates, {rows, hidden})),
                          {1, gateRows, hidden});
    // The biases are plain terms of the pre-activations.
    Value inputBiasGrad = reshape(columnSums(flat), {1, gateRows});
    Value recurrentBiasGrad =
        shared ? inputBiasGrad
               : reshape(columnSums(flatRecurrent), {1, gateRows});
    Value bGrad = insert(b, loc, inputBiasGrad, empty({1, 2 * gateRows}),
                         {index(0), index(0)}, {1, gateRows});
    bGrad = insert(b, loc, recurrentBiasGrad, bGrad,
                   {index(0), index(gateRows)}, {1, gateRows});
    return {xGrad, wGrad, rGrad, bGrad};
  }

  /// Sums of the columns of a matrix.
  Value columnSums(Value matrix) const {
    return buildReduction(
        b, loc, matrix, {0}, buildScalar(b, loc, elementType, 0.0),
        [](OpBuilder &nb, Location nl, Value lhs, Value rhs) {
          return add(nb, nl, lhs, rhs);
        },
        /*keepDims=*/false);
  }
};

Value sub(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::SubFOp::create(b, loc, lhs, rhs);
}
/// The derivative of tanh at the point where it gives `y`.
Value tanhSlopeAtOutput(OpBuilder &b, Location loc, Value y) {
  return sub(b, loc, constant(b, loc, y, 1.0), mul(b, loc, y, y));
}

template <typename GradOp> std::optional<float> clipOf(GradOp op) {
  if (std::optional<APFloat> clip = op.getClip())
    return clip->convertToFloat();
  return std::nullopt;
}

struct RnnGradLowering : OpRewritePattern<RnnGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RnnGradOp op,
                                PatternRewriter &rewriter) const override {
    Backward bw(rewriter, op);
    int64_t batch = bw.batch, hidden = bw.hidden;
    Value r = bw.reshape(op.getR(), {hidden, hidden});
    Value y = bw.steps(op.getY()), yGrad = bw.steps(op.getYGrad());
    Value initialH = op.getInitialH()
                         ? bw.reshape(op.getInitialH(), {1, batch, hidden})
                         : Value();
    // The states each step read, as its product with R read them.
    Value prevH = bw.masked(bw.b, bw.loc, bw.previous(initialH, y));
    SmallVector<RecurrentActivation> functions = op.resolveActivations();
    GateActivations activations{functions, clipOf(op)};
    // tanh' is read from the output Ht; any other slope needs the
    // pre-activations Xt Wᵀ + biases + Ht-1 Rᵀ, one matmul over all steps.
    bool slopeFromOutput = !activations.clip &&
                           functions[0].kind == RecurrentActivationKind::Tanh;
    Value pre;
    if (!slopeFromOutput)
      pre = bw.preActivations(bw.inputProjection(op.getX(), op.getW(),
                                                 op.getB(), RnnCell()),
                              prevH, r);
    SmallVector<Value> loop = bw.reverseLoop(
        bw.carriedGrad(op.getYHGrad()), {hidden},
        [&](OpBuilder &nb, Location nl, Value t,
            ValueRange grads) -> SmallVector<Value> {
          // Ht feeds Y[t] and the next step: both gradients meet here.
          Value preGrad = buildElementwise(
              nb, nl,
              {grads[0], bw.step(nb, nl, yGrad, t),
               bw.step(nb, nl, slopeFromOutput ? y : pre, t)},
              bw.type({batch, hidden}),
              [&](OpBuilder &eb, Location el, ValueRange v) {
                Value sum = add(eb, el, v[0], v[1]);
                Value slope = slopeFromOutput
                                  ? tanhSlopeAtOutput(eb, el, v[2])
                                  : activations.gateSlope(eb, el, 0, v[2]);
                return mul(eb, el, sum, slope);
              });
          // Ht = f(... + (m . Ht-1) Rᵀ), so dHt-1 = m . dAt R.
          return {preGrad, bw.masked(nb, nl, buildMatmul(nb, nl, preGrad, r))};
        });
    SmallVector<Value> results =
        bw.parameterGrads(loop[1], loop[1], op.getX(), op.getW(), prevH);
    results.push_back(bw.reshape(loop[0], {1, batch, hidden}));
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Gates i, o, f, c as in LstmCell. The cell states come from running the
/// forward recurrence again; each reverse step recomputes its gates from
/// the pre-activations Xt Wᵀ + biases + Ht-1 Rᵀ (+ peepholes).
struct LstmGradLowering : OpRewritePattern<LstmGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LstmGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Backward bw(b, op);
    int64_t seq = bw.seq, batch = bw.batch, hidden = bw.hidden,
            gateRows = 4 * hidden;
    enum { I = 0, O = 1, F = 2, C = 3 };
    bool inputForget = op.getInputForget();
    SmallVector<RecurrentActivation> functions = op.resolveActivations();
    GateActivations activations{functions, clipOf(op)};
    const RecurrentActivation &cellActivation = functions[2]; // h

    Recurrence rec;
    rec.x = op.getX();
    rec.w = op.getW();
    rec.r = op.getR();
    rec.b = op.getB();
    rec.sequenceLens = op.getSequenceLens();
    rec.initialH = op.getInitialH();
    rec.initialC = op.getInitialC();
    rec.peepholes = op.getP();
    rec.recurrentMask = op.getRecurrentMask();
    rec.hidden = hidden;
    rec.direction = "forward";
    rec.batchFirst = false;
    rec.clip = activations.clip;
    rec.activations = functions;
    Value cells = bw.steps(buildRecurrence(b, loc, rec, LstmCell(inputForget),
                                           /*needY=*/false,
                                           /*needCells=*/true)
                               .back());
    Value y = bw.steps(op.getY()), yGrad = bw.steps(op.getYGrad());
    auto initial = [&](Value state) {
      return state ? bw.reshape(state, {1, batch, hidden}) : Value();
    };
    // The states each step's product with R read.
    Value prevH = bw.masked(b, loc, bw.previous(initial(op.getInitialH()), y));
    Value prevC = bw.previous(initial(op.getInitialC()), cells);

    Value projection = bw.inputProjection(op.getX(), op.getW(), op.getB(),
                                          LstmCell(inputForget));
    Value r = bw.reshape(op.getR(), {gateRows, hidden});
    Value rT = buildTranspose(b, loc, r, {1, 0});
    Value p = op.getP() ? bw.reshape(op.getP(), {3 * hidden}) : Value();
    auto peephole = [&](int64_t gate) {
      return gateVector(b, loc, p, gate, hidden);
    };
    Value pI = p ? peephole(I) : Value(), pO = p ? peephole(O) : Value(),
          pF = p ? peephole(F) : Value();
    RankedTensorType stateType = bw.type({batch, hidden});

    SmallVector<Value> loop = bw.reverseLoop(
        {bw.carriedGrad(op.getYHGrad()), bw.carriedGrad(op.getYCGrad())},
        {gateRows},
        [&](OpBuilder &nb, Location nl, Value t,
            ValueRange grads) -> SmallVector<Value> {
          Value hPrev = bw.step(nb, nl, prevH, t);
          Value cPrev = bw.step(nb, nl, prevC, t);
          Value cell = bw.step(nb, nl, cells, t);
          Value pre = buildElementwise(
              nb, nl,
              {bw.step(nb, nl, projection, t), buildMatmul(nb, nl, hPrev, rT)},
              bw.type({batch, gateRows}),
              [](OpBuilder &eb, Location el, ValueRange v) {
                return add(eb, el, v[0], v[1]);
              });
          auto elementwise =
              [&](ValueRange inputs,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
                return buildElementwise(nb, nl, inputs, stateType, fn);
              };
          // The pre-activation of gate i, o or f: with peepholes, plus the
          // peephole times the cell state it reads.
          auto gatePre = [&](int64_t gate, Value peep, Value state) {
            Value columns = gateColumns(nb, nl, pre, gate, hidden);
            if (!peep)
              return columns;
            return elementwise({columns, peep, state},
                               [](OpBuilder &eb, Location el, ValueRange v) {
                                 return add(eb, el, v[0],
                                            mul(eb, el, v[1], v[2]));
                               });
          };
          Value iPre = gatePre(I, pI, cPrev), fPre = gatePre(F, pF, cPrev),
                oPre = gatePre(O, pO, cell),
                cPre = gateColumns(nb, nl, pre, C, hidden);
          // Ht = o . h(Ct); Ht feeds Y[t] and the next step.
          Value hGrad = elementwise(
              {grads[0], bw.step(nb, nl, yGrad, t)},
              [](OpBuilder &eb, Location el, ValueRange v) {
                return add(eb, el, v[0], v[1]);
              });
          Value oGrad = elementwise(
              {hGrad, oPre, cell}, [&](OpBuilder &eb, Location el,
                                       ValueRange v) {
                return mul(eb, el,
                           mul(eb, el, v[0],
                               activate(eb, el, cellActivation, v[2])),
                           activations.gateSlope(eb, el, 0, v[1]));
              });
          // Ct reaches the loss through Ht, the next step and (peephole)
          // the output gate.
          SmallVector<Value> inputs = {grads[1], hGrad, oPre, cell};
          if (p)
            llvm::append_range(inputs, ValueRange{oGrad, pO});
          Value cGrad = elementwise(
              inputs, [&](OpBuilder &eb, Location el, ValueRange v) {
                Value o = activations.gate(eb, el, 0, v[2]);
                Value viaH =
                    mul(eb, el, mul(eb, el, v[1], o),
                        activationSlope(eb, el, cellActivation, v[3]));
                Value sum = add(eb, el, v[0], viaH);
                return p ? add(eb, el, sum, mul(eb, el, v[4], v[5])) : sum;
              });
          // Ct = f . Ct-1 + i . g, with f = 1 - i under input_forget.
          Value iGrad = elementwise(
              {cGrad, iPre, cPre, cPrev},
              [&](OpBuilder &eb, Location el, ValueRange v) {
                Value g = activations.gate(eb, el, 1, v[2]);
                Value viaI = inputForget ? sub(eb, el, g, v[3]) : g;
                return mul(eb, el, mul(eb, el, v[0], viaI),
                           activations.gateSlope(eb, el, 0, v[1]));
              });
          Value fGrad =
              inputForget
                  ? buildFilled(nb, nl, stateType,
                                buildScalar(nb, nl, bw.elementType, 0.0))
                  : elementwise({cGrad, fPre, cPrev},
                                [&](OpBuilder &eb, Location el, ValueRange v) {
                                  return mul(eb, el, mul(eb, el, v[0], v[2]),
                                             activations.gateSlope(eb, el, 0,
                                                                   v[1]));
                                });
          Value candidateGrad = elementwise(
              {cGrad, iPre, cPre}, [&](OpBuilder &eb, Location el,
                                       ValueRange v) {
                Value i = activations.gate(eb, el, 0, v[1]);
                return mul(eb, el, mul(eb, el, v[0], i),
                           activations.gateSlope(eb, el, 1, v[2]));
              });
          // Ct-1 reaches Ct directly and through the i and f peepholes.
          inputs = {cGrad, inputForget ? iPre : fPre};
          if (p)
            llvm::append_range(inputs, ValueRange{iGrad, fGrad, pI, pF});
          Value cPrevGrad = elementwise(
              inputs, [&](OpBuilder &eb, Location el, ValueRange v) {
                Value f = activations.gate(eb, el, 0, v[1]);
                if (inputForget)
                  f = sub(eb, el, constant(eb, el, f, 1.0), f);
                Value direct = mul(eb, el, v[0], f);
                if (!p)
                  return direct;
                return add(eb, el, direct,
                           add(eb, el, mul(eb, el, v[2], v[4]),
                               mul(eb, el, v[3], v[5])));
              });
          Value preGrad = bw.empty({batch, gateRows});
          SmallVector<Value> gateGrads = {iGrad, oGrad, fGrad, candidateGrad};
          for (auto [index, grad] : llvm::enumerate(gateGrads))
            preGrad = insert(nb, nl, grad, preGrad,
                             {bw.index(0), bw.index(index * hidden)},
                             {batch, hidden});
          return {preGrad,
                  bw.masked(nb, nl, buildMatmul(nb, nl, preGrad, r)),
                  cPrevGrad};
        });

    SmallVector<Value> results =
        bw.parameterGrads(loop[2], loop[2], op.getX(), op.getW(), prevH);
    results.push_back(bw.reshape(loop[0], {1, batch, hidden}));
    results.push_back(bw.reshape(loop[1], {1, batch, hidden}));
    // dP sums dA of a gate times the cell state its peephole reads.
    Value flatGrads = bw.reshape(loop[2], {seq * batch, gateRows});
    Value pGrad = bw.empty({1, 3 * hidden});
    for (auto [gateIndex, states] :
         {std::pair<int64_t, Value>{I, prevC}, {O, cells}, {F, prevC}}) {
      Value product =
          buildElementwise(b, loc,
                           {gateColumns(b, loc, flatGrads, gateIndex, hidden),
                            bw.reshape(states, {seq * batch, hidden})},
                           bw.type({seq * batch, hidden}),
                           [](OpBuilder &nb, Location nl, ValueRange v) {
                             return mul(nb, nl, v[0], v[1]);
                           });
      pGrad =
          insert(b, loc, bw.reshape(bw.columnSums(product), {1, hidden}), pGrad,
                 {bw.index(0), bw.index(gateIndex * hidden)}, {1, hidden});
    }
    results.push_back(pGrad);
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Gates z, r, h as in GruCell; the hidden states come from Y and each
/// reverse step recomputes its gates from Ht-1. The gate h's recurrent
/// pre-activation gradient differs from its input one: r multiplies it
/// (linear_before_reset), or it multiplies r . Ht-1 rather than Ht-1.
struct GruGradLowering : OpRewritePattern<GruGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GruGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Backward bw(b, op);
    int64_t seq = bw.seq, batch = bw.batch, hidden = bw.hidden,
            gateRows = 3 * hidden;
    bool linearBeforeReset = op.getLinearBeforeReset();
    enum { Z = 0, R = 1, H = 2 };
    Value projection = bw.inputProjection(op.getX(), op.getW(), op.getB(),
                                          GruCell(linearBeforeReset));
    Value y = bw.steps(op.getY()), yGrad = bw.steps(op.getYGrad());
    Value initialH = op.getInitialH()
                         ? bw.reshape(op.getInitialH(), {1, batch, hidden})
                         : Value();
    Value prevH = bw.previous(initialH, y);
    // What the products with R read of them.
    Value maskedPrevH = bw.masked(b, loc, prevH);
    Value r = bw.reshape(op.getR(), {gateRows, hidden});
    auto rows = [&](int64_t first, int64_t count) {
      return extract(b, loc, r, {bw.index(first * hidden), bw.index(0)},
                     {count * hidden, hidden}, {count * hidden, hidden});
    };
    Value rZr = rows(Z, 2), rH = rows(H, 1);
    Value rZrT = buildTranspose(b, loc, rZr, {1, 0});
    Value rHT = buildTranspose(b, loc, rH, {1, 0});
    // Rbh stays out of the input projection with linear_before_reset.
    Value rbh = linearBeforeReset && op.getB()
                    ? gateVector(b, loc, bw.reshape(op.getB(), {2 * gateRows}),
                                 3 + H, hidden)
                    : Value();
    RankedTensorType stateType = bw.type({batch, hidden});
    auto elementwise =
        [&](OpBuilder &nb, Location nl, ValueRange inputs,
            function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
          return buildElementwise(nb, nl, inputs, stateType, fn);
        };
    SmallVector<RecurrentActivation> functions = op.resolveActivations();
    GateActivations activations{functions, clipOf(op)};
    auto sum = [](OpBuilder &eb, Location el, ValueRange v) {
      return add(eb, el, v[0], v[1]);
    };
    // Gate `index` (0: f, 1: g) of a pre-activation.
    auto gate = [&](OpBuilder &nb, Location nl, unsigned index, Value pre) {
      return elementwise(nb, nl, {pre},
                         [&](OpBuilder &eb, Location el, ValueRange v) {
                           return activations.gate(eb, el, index, v[0]);
                         });
    };

    SmallVector<int64_t> collected = {gateRows, gateRows};
    if (!linearBeforeReset)
      collected.push_back(hidden); // r . Ht-1, which Rh multiplies
    SmallVector<Value> loop = bw.reverseLoop(
        bw.carriedGrad(op.getYHGrad()), collected,
        [&](OpBuilder &nb, Location nl, Value t,
            ValueRange grads) -> SmallVector<Value> {
          Value hPrev = bw.step(nb, nl, prevH, t);
          Value maskedHPrev = bw.step(nb, nl, maskedPrevH, t);
          Value inputGates = bw.step(nb, nl, projection, t);
          auto inputGate = [&](int64_t gate) {
            return gateColumns(nb, nl, inputGates, gate, hidden);
          };
          Value recurrentZr = buildMatmul(nb, nl, maskedHPrev, rZrT);
          Value zPre = elementwise(
              nb, nl,
              {inputGate(Z), gateColumns(nb, nl, recurrentZr, Z, hidden)}, sum);
          Value resetPre = elementwise(
              nb, nl,
              {inputGate(R), gateColumns(nb, nl, recurrentZr, R, hidden)}, sum);
          Value z = gate(nb, nl, 0, zPre), reset = gate(nb, nl, 0, resetPre);
          // linear_before_reset: u = Ht-1 Rhᵀ + Rbh and h = g(xh + r . u);
          // else q = r . Ht-1 and h = g(xh + q Rhᵀ).
          Value linear, resetH;
          if (linearBeforeReset) {
            linear = buildMatmul(nb, nl, maskedHPrev, rHT);
            if (rbh)
              linear = elementwise(nb, nl, {linear, rbh}, sum);
          } else {
            resetH = elementwise(nb, nl, {reset, maskedHPrev},
                                 [](OpBuilder &eb, Location el, ValueRange v) {
                                   return mul(eb, el, v[0], v[1]);
                                 });
          }
          Value candidatePre = elementwise(
              nb, nl,
              {inputGate(H), reset,
               linearBeforeReset ? linear : buildMatmul(nb, nl, resetH, rHT)},
              [&](OpBuilder &eb, Location el, ValueRange v) {
                Value recurrent =
                    linearBeforeReset ? mul(eb, el, v[1], v[2]) : v[2];
                return add(eb, el, v[0], recurrent);
              });
          Value candidate = gate(nb, nl, 1, candidatePre);
          // Ht = (1 - z) . h + z . Ht-1; Ht feeds Y[t] and the next step.
          Value hGrad =
              elementwise(nb, nl, {grads[0], bw.step(nb, nl, yGrad, t)}, sum);
          Value candidateGrad = elementwise(
              nb, nl, {hGrad, z, candidatePre},
              [&](OpBuilder &eb, Location el, ValueRange v) {
                Value keep = sub(eb, el, constant(eb, el, v[1], 1.0), v[1]);
                return mul(eb, el, mul(eb, el, v[0], keep),
                           activations.gateSlope(eb, el, 1, v[2]));
              });
          Value zGrad = elementwise(
              nb, nl, {hGrad, zPre, candidate, hPrev},
              [&](OpBuilder &eb, Location el, ValueRange v) {
                return mul(eb, el, mul(eb, el, v[0], sub(eb, el, v[3], v[2])),
                           activations.gateSlope(eb, el, 0, v[1]));
              });
          // The gradient reaching r's product: with u, or with q through Rh.
          Value resetProductGrad = linearBeforeReset
                                       ? linear
                                       : buildMatmul(nb, nl, candidateGrad, rH);
          Value resetGrad = elementwise(
              nb, nl,
              {linearBeforeReset ? candidateGrad : resetProductGrad,
               linearBeforeReset ? resetProductGrad : maskedHPrev, resetPre},
              [&](OpBuilder &eb, Location el, ValueRange v) {
                return mul(eb, el, mul(eb, el, v[0], v[1]),
                           activations.gateSlope(eb, el, 0, v[2]));
              });
          // The recurrent side of gate h: r . dA_h with linear_before_reset.
          Value recurrentHGrad =
              linearBeforeReset
                  ? elementwise(nb, nl, {candidateGrad, reset},
                                [](OpBuilder &eb, Location el, ValueRange v) {
                                  return mul(eb, el, v[0], v[1]);
                                })
                  : candidateGrad;
          auto gates = [&](ArrayRef<Value> perGate) {
            Value result = bw.empty({batch, gateRows});
            for (auto [index, grad] : llvm::enumerate(perGate))
              result = insert(nb, nl, grad, result,
                              {bw.index(0), bw.index(index * hidden)},
                              {batch, hidden});
            return result;
          };
          Value preGrad = gates({zGrad, resetGrad, candidateGrad});
          Value recurrentGrad = gates({zGrad, resetGrad, recurrentHGrad});
          // dHt-1: directly through z . Ht-1, and through the recurrent
          // products and q = r . Ht-1, which read it masked.
          Value viaProducts =
              linearBeforeReset
                  ? buildMatmul(nb, nl, recurrentGrad, r)
                  : buildMatmul(nb, nl,
                                extract(nb, nl, recurrentGrad,
                                        {bw.index(0), bw.index(0)},
                                        {batch, 2 * hidden},
                                        {batch, 2 * hidden}),
                                rZr);
          if (!linearBeforeReset)
            viaProducts = elementwise(
                nb, nl, {viaProducts, resetProductGrad, reset},
                [](OpBuilder &eb, Location el, ValueRange v) {
                  return add(eb, el, v[0], mul(eb, el, v[1], v[2]));
                });
          Value prevGrad = elementwise(
              nb, nl, {hGrad, z, bw.masked(nb, nl, viaProducts)},
              [](OpBuilder &eb, Location el, ValueRange v) {
                return add(eb, el, mul(eb, el, v[0], v[1]), v[2]);
              });
          SmallVector<Value> out = {preGrad, recurrentGrad};
          if (!linearBeforeReset)
            out.push_back(resetH);
          out.push_back(prevGrad);
          return out;
        });

    SmallVector<Value> results =
        bw.parameterGrads(loop[1], loop[2], op.getX(), op.getW(), maskedPrevH);
    if (!linearBeforeReset) {
      // Rh multiplies q = r . Ht-1, not Ht-1.
      int64_t flatRows = seq * batch;
      Value hGrads = gateColumns(
          b, loc, bw.reshape(loop[2], {flatRows, gateRows}), H, hidden);
      Value rHGrad = buildMatmul(b, loc, buildTranspose(b, loc, hGrads, {1, 0}),
                                 bw.reshape(loop[3], {flatRows, hidden}));
      results[2] = insert(b, loc, rHGrad, results[2],
                          {bw.index(0), bw.index(H * hidden), bw.index(0)},
                          {1, hidden, hidden});
    }
    results.push_back(bw.reshape(loop[0], {1, batch, hidden}));
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateRecurrentLowering(RewritePatternSet &patterns,
                               int64_t rowBlocks) {
  patterns.add<LstmLowering, GruLowering, RnnLowering>(patterns.getContext(),
                                                        rowBlocks);
  patterns.add<RnnGradLowering, GruGradLowering, LstmGradLowering>(
      patterns.getContext());
}

} // namespace dlc::lowering
