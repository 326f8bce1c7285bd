//===- PoolGradient.cpp - Lower the gradients of pooling to linalg --------===//
//
// A pool's gradient sends each window's gradient back to input positions.
// linalg cannot scatter, so the loops run the other way: over input
// positions i and kernel offsets w, each finding the one window o (if any)
// that reads i at offset w, from o * stride + w * dilation = i + padBegin,
// and gathering from it with tensor.extract. Where windows are disjoint
// (a 2x2 pool of stride 2), the offset follows from the position and the
// loops over offsets go away. The max and average gradients differ only in
// what a window contributes.
//
// Where windows overlap without dilation (a 3x3 pool of stride 2), the
// input positions are split by phase: padded position q*s + r is read only
// at offsets w = r + j*s, by window q - j. For each phase r the offsets are
// then known, and the gradient of the positions of that phase is an
// elementwise sum over j of window values read at q - j: affine reads of
// the window tensors (padded with zeros so that q - j never leaves them),
// which the CPU target vectorizes, instead of a division and a gather per
// position and offset. Each phase's result is written to every s-th
// position of dx.
//
//===----------------------------------------------------------------------===//
#include "WindowUtils.h"

#include "dlc/Dialect/DlcOps.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// The row-major index of a kernel offset (one index per dimension).
Value flatOffset(OpBuilder &b, Location loc, ValueRange position,
                 ArrayRef<int64_t> kernel) {
  Value offset = position.front();
  for (unsigned d = 1; d < position.size(); ++d)
    offset = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(
            b, loc, offset, arith::ConstantIndexOp::create(b, loc, kernel[d])),
        position[d]);
  return offset;
}

/// What window o contributes to an input position it reads at offset w:
/// given one element of each per-window tensor at o and the flat (row-major)
/// index of w, as an index.
using WindowContribution = llvm::function_ref<Value(
    OpBuilder &, Location, ValueRange windowElements, Value offset)>;

/// Whether windows never share an input position: no dilation, and a
/// stride of at least the kernel in every dimension (2x2 pools of stride 2).
bool windowsAreDisjoint(const PoolWindow &window) {
  for (unsigned d = 0; d < window.rank(); ++d)
    if (window.dilations[d] != 1 || window.strides[d] < window.kernel[d])
      return false;
  return true;
}

/// Whether the windows tile the input from its start: no padding before,
/// no dilation, strides equal to the kernel (a 2x2 pool of stride 2), and
/// every window inside the input.
bool windowsTileInput(const PoolWindow &window, ArrayRef<int64_t> inputSpatial,
                      ArrayRef<int64_t> outputSpatial) {
  for (unsigned d = 0; d < window.rank(); ++d)
    if (window.padBegin(d) != 0 || window.dilations[d] != 1 ||
        window.strides[d] != window.kernel[d] ||
        outputSpatial[d] * window.kernel[d] > inputSpatial[d])
      return false;
  return true;
}

/// buildPoolGradient where the windows tile the input: the covered part
/// of dx seen as [N, C, O0, K0, O1, K1, ...] is elementwise over the
/// windows (each window value broadcast over its offsets), which the CPU
/// target vectorizes; the positions past the last window are zero.
Value buildTiledPoolGradient(OpBuilder &b, Location loc,
                             RankedTensorType inputType,
                             const PoolWindow &window, ValueRange windowValues,
                             WindowContribution contribution) {
  MLIRContext *context = b.getContext();
  unsigned k = window.rank();
  Type elementType = inputType.getElementType();
  ArrayRef<int64_t> outputSpatial =
      cast<RankedTensorType>(windowValues.front().getType())
          .getShape()
          .drop_front(2);
  // Loops n, c, then (o_d, w_d) per spatial dimension.
  unsigned loops = 2 + 2 * k;
  SmallVector<int64_t> tiledShape(inputType.getShape().take_front(2));
  SmallVector<AffineExpr> windowExprs = loopDims(context, 0, 2);
  for (unsigned d = 0; d < k; ++d) {
    tiledShape.push_back(outputSpatial[d]);
    tiledShape.push_back(window.kernel[d]);
    windowExprs.push_back(getAffineDimExpr(2 + 2 * d, context));
  }
  auto tiledType = RankedTensorType::get(tiledShape, elementType);
  SmallVector<AffineMap> maps(
      windowValues.size(), AffineMap::get(loops, 0, windowExprs, context));
  maps.push_back(AffineMap::getMultiDimIdentityMap(loops, context));
  auto generic = linalg::GenericOp::create(
      b, loc, tiledType, windowValues,
      tensor::EmptyOp::create(b, loc, tiledShape, elementType).getResult(),
      maps, SmallVector<utils::IteratorType>(loops, utils::IteratorType::parallel),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> position;
        for (unsigned d = 0; d < k; ++d)
          position.push_back(
              linalg::IndexOp::create(nested, nestedLoc, 3 + 2 * d));
        linalg::YieldOp::create(
            nested, nestedLoc,
            contribution(nested, nestedLoc, args.drop_back(),
                         flatOffset(nested, nestedLoc, position,
                                    window.kernel)));
      });
  SmallVector<int64_t> coveredShape(inputType.getShape().take_front(2));
  SmallVector<int64_t> padBegin(k, 0), padEnd;
  for (unsigned d = 0; d < k; ++d) {
    coveredShape.push_back(outputSpatial[d] * window.kernel[d]);
    padEnd.push_back(inputType.getDimSize(2 + d) - coveredShape.back());
  }
  Value covered = buildReshape(
      b, loc, generic.getResult(0),
      RankedTensorType::get(coveredShape, elementType));
  if (llvm::all_of(padEnd, [](int64_t size) { return size == 0; }))
    return covered;
  return buildSpatialPad(b, loc, covered, padBegin, padEnd,
                         buildScalar(b, loc, elementType, 0));
}

/// The row-major index of each tuple of `extents` (one range per
/// dimension), in order.
SmallVector<SmallVector<int64_t>> allTuples(ArrayRef<int64_t> extents) {
  SmallVector<SmallVector<int64_t>> tuples = {{}};
  for (int64_t extent : extents) {
    SmallVector<SmallVector<int64_t>> longer;
    for (const SmallVector<int64_t> &tuple : tuples)
      for (int64_t value = 0; value < extent; ++value) {
        longer.push_back(tuple);
        longer.back().push_back(value);
      }
    tuples = std::move(longer);
  }
  return tuples;
}

/// buildPoolGradient for overlapping windows without dilation, phase by
/// phase (see the top).
Value buildPhasedPoolGradient(OpBuilder &b, Location loc,
                              RankedTensorType inputType,
                              const PoolWindow &window,
                              ValueRange windowValues,
                              WindowContribution contribution) {
  MLIRContext *context = b.getContext();
  unsigned k = window.rank();
  Type elementType = inputType.getElementType();
  ArrayRef<int64_t> inputSpatial = inputType.getShape().drop_front(2);
  ArrayRef<int64_t> outputSpatial =
      cast<RankedTensorType>(windowValues.front().getType())
          .getShape()
          .drop_front(2);
  // Per dimension: the most offsets of one phase, and the phase positions
  // q in [0, Q) that cover the padded input up to its last position.
  SmallVector<int64_t> mostTerms, phaseSize, padBefore, padAfter;
  for (unsigned d = 0; d < k; ++d) {
    int64_t s = window.strides[d];
    mostTerms.push_back(llvm::divideCeil(window.kernel[d], s));
    phaseSize.push_back(
        llvm::divideCeil(window.padBegin(d) + inputSpatial[d], s));
    padBefore.push_back(mostTerms[d] - 1);
    padAfter.push_back(std::max<int64_t>(0, phaseSize[d] - outputSpatial[d]));
  }
  SmallVector<Value> padded;
  for (Value values : windowValues) {
    Type type = cast<RankedTensorType>(values.getType()).getElementType();
    padded.push_back(buildSpatialPad(b, loc, values, padBefore, padAfter,
                                     buildScalar(b, loc, type, 0)));
  }

  Value zero = buildScalar(b, loc, elementType, 0);
  Value dx = buildFilled(b, loc, inputType, zero);
  SmallVector<int64_t> phaseShape(inputType.getShape().take_front(2));
  llvm::append_range(phaseShape, phaseSize);
  auto phaseType = RankedTensorType::get(phaseShape, elementType);
  AffineMap identity = AffineMap::getMultiDimIdentityMap(2 + k, context);
  for (const SmallVector<int64_t> &phase : allTuples(window.strides)) {
    // The offsets r + j*s inside the kernel, per dimension.
    SmallVector<int64_t> terms;
    for (unsigned d = 0; d < k; ++d)
      terms.push_back(std::max<int64_t>(
          0, llvm::divideCeil(window.kernel[d] - phase[d], window.strides[d])));
    // The phase's positions inside dx: from q0 on, `count` of them.
    SmallVector<OpFoldResult> phaseOffsets(2, b.getIndexAttr(0)),
        dxOffsets(2, b.getIndexAttr(0)), sizes, units(2 + k, b.getIndexAttr(1)),
        strides(2, b.getIndexAttr(1));
    sizes.push_back(b.getIndexAttr(inputType.getDimSize(0)));
    sizes.push_back(b.getIndexAttr(inputType.getDimSize(1)));
    bool empty = llvm::is_contained(terms, 0);
    for (unsigned d = 0; d < k; ++d) {
      int64_t s = window.strides[d];
      int64_t q0 = std::max<int64_t>(
          0, llvm::divideCeil(window.padBegin(d) - phase[d], s));
      int64_t first = q0 * s + phase[d] - window.padBegin(d);
      int64_t count =
          first < inputSpatial[d] ? (inputSpatial[d] - 1 - first) / s + 1 : 0;
      empty |= count == 0;
      phaseOffsets.push_back(b.getIndexAttr(q0));
      dxOffsets.push_back(b.getIndexAttr(first));
      sizes.push_back(b.getIndexAttr(count));
      strides.push_back(b.getIndexAttr(s));
    }
    if (empty)
      continue; // no offset of the kernel, or no position, in this phase
    SmallVector<SmallVector<int64_t>> termTuples = allTuples(terms);
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (const SmallVector<int64_t> &j : termTuples) {
      // Window q - j, at index q + padBefore - j of the padded values: the
      // slice from padBefore - j on, read elementwise.
      SmallVector<OpFoldResult> from(2, b.getIndexAttr(0)), extent;
      for (int64_t size : phaseShape)
        extent.push_back(b.getIndexAttr(size));
      for (unsigned d = 0; d < k; ++d)
        from.push_back(b.getIndexAttr(padBefore[d] - j[d]));
      for (Value values : padded) {
        inputs.push_back(tensor::ExtractSliceOp::create(b, loc, values, from,
                                                        extent, units));
        maps.push_back(identity);
      }
    }
    maps.push_back(identity);
    SmallVector<utils::IteratorType> iterators(2 + k,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        b, loc, phaseType, inputs, buildFilled(b, loc, phaseType, zero), maps,
        iterators,
        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          Value sum;
          size_t perTerm = padded.size();
          for (auto [index, j] : llvm::enumerate(termTuples)) {
            // The row-major index of offset r + j*s, a constant.
            int64_t offset = 0;
            for (unsigned d = 0; d < k; ++d)
              offset = offset * window.kernel[d] + phase[d] +
                       j[d] * window.strides[d];
            Value term = contribution(
                nested, nestedLoc, args.slice(index * perTerm, perTerm),
                arith::ConstantIndexOp::create(nested, nestedLoc, offset));
            sum = sum ? arith::AddFOp::create(nested, nestedLoc, sum, term)
                            .getResult()
                      : term;
          }
          linalg::YieldOp::create(nested, nestedLoc, sum);
        });
    Value part = tensor::ExtractSliceOp::create(
        b, loc, generic.getResult(0), phaseOffsets, sizes, units);
    dx = tensor::InsertSliceOp::create(b, loc, part, dx, dxOffsets, sizes,
                                       strides);
  }
  return dx;
}

/// dx[n, c, i] = sum over offsets w of contribution(values[n, c, o], w),
/// where window o reads input position i at offset w; offsets that no window
/// of the `windowValues` (each N x C x O...) takes to i contribute zero.
///
/// In general the loops run over n, c, i and the offsets w (a reduction).
/// Where windows are disjoint, each position is read by at most one window
/// at one offset, w = (i + padBegin) mod stride, and the loops run over n, c
/// and i only.
Value buildPoolGradient(OpBuilder &b, Location loc, RankedTensorType inputType,
                        const PoolWindow &window, ValueRange windowValues,
                        WindowContribution contribution) {
  MLIRContext *context = b.getContext();
  unsigned k = window.rank();
  bool disjoint = windowsAreDisjoint(window);
  Type elementType = inputType.getElementType();
  ArrayRef<int64_t> outputSpatial =
      cast<RankedTensorType>(windowValues.front().getType())
          .getShape()
          .drop_front(2);
  if (windowsTileInput(window, inputType.getShape().drop_front(2),
                       outputSpatial))
    return buildTiledPoolGradient(b, loc, inputType, window, windowValues,
                                  contribution);
  if (!disjoint && llvm::all_of(window.dilations,
                                [](int64_t dilation) { return dilation == 1; }))
    return buildPhasedPoolGradient(b, loc, inputType, window, windowValues,
                                   contribution);
  Value init =
      buildFilled(b, loc, inputType, buildScalar(b, loc, elementType, 0));

  // Loops: n, c, i[k] (parallel), then w[k] (reduction) unless disjoint.
  unsigned loops = disjoint ? 2 + k : 2 + 2 * k;
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (!disjoint) {
    // Only its shape matters: it gives the offset loops their extent.
    inputs.push_back(
        tensor::EmptyOp::create(b, loc, window.kernel, elementType));
    maps.push_back(
        AffineMap::get(loops, 0, loopDims(context, 2 + k, k), context));
  }
  maps.push_back(AffineMap::get(loops, 0, loopDims(context, 0, 2 + k), context));
  SmallVector<utils::IteratorType> iterators(2 + k,
                                             utils::IteratorType::parallel);
  if (!disjoint)
    iterators.append(k, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      b, loc, inputType, inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        auto constant = [&](int64_t value) -> Value {
          return arith::ConstantIndexOp::create(nested, nestedLoc, value);
        };
        Value zero = constant(0);
        Value valid;
        SmallVector<Value> position;
        auto require = [&](Value condition) {
          valid =
              valid ? arith::AndIOp::create(nested, nestedLoc, valid, condition)
                    : condition;
        };
        SmallVector<Value> windowIndex = {
            linalg::IndexOp::create(nested, nestedLoc, 0),
            linalg::IndexOp::create(nested, nestedLoc, 1)};
        for (unsigned d = 0; d < k; ++d) {
          Value i = linalg::IndexOp::create(nested, nestedLoc, 2 + d);
          Value padded = arith::AddIOp::create(nested, nestedLoc, i,
                                               constant(window.padBegin(d)));
          Value o, w;
          if (disjoint) {
            // padded = o * stride + w with 0 <= w < stride; w must fall
            // inside the kernel (strides beyond it leave gaps).
            Value stride = constant(window.strides[d]);
            o = arith::DivSIOp::create(nested, nestedLoc, padded, stride);
            w = arith::RemSIOp::create(nested, nestedLoc, padded, stride);
            if (window.strides[d] != window.kernel[d])
              require(arith::CmpIOp::create(nested, nestedLoc,
                                            arith::CmpIPredicate::slt, w,
                                            constant(window.kernel[d])));
          } else {
            // The window starts at o * stride = i + padBegin - w * dilation,
            // which must be a multiple of the stride with 0 <= o < O.
            w = linalg::IndexOp::create(nested, nestedLoc, 2 + k + d);
            Value start = arith::SubIOp::create(
                nested, nestedLoc, padded,
                arith::MulIOp::create(nested, nestedLoc, w,
                                      constant(window.dilations[d])));
            o = start;
            require(arith::CmpIOp::create(
                nested, nestedLoc, arith::CmpIPredicate::sge, start, zero));
            if (window.strides[d] != 1) {
              Value stride = constant(window.strides[d]);
              o = arith::DivSIOp::create(nested, nestedLoc, start, stride);
              require(arith::CmpIOp::create(
                  nested, nestedLoc, arith::CmpIPredicate::eq,
                  arith::RemSIOp::create(nested, nestedLoc, start, stride),
                  zero));
            }
          }
          require(arith::CmpIOp::create(nested, nestedLoc,
                                        arith::CmpIPredicate::slt, o,
                                        constant(outputSpatial[d])));
          windowIndex.push_back(o);
          position.push_back(w);
        }
        // An invalid window index still has to be read in bounds.
        for (Value &index : MutableArrayRef(windowIndex).drop_front(2))
          index =
              arith::SelectOp::create(nested, nestedLoc, valid, index, zero);
        SmallVector<Value> elements;
        for (Value values : windowValues)
          elements.push_back(tensor::ExtractOp::create(nested, nestedLoc,
                                                       values, windowIndex));
        Value term = arith::SelectOp::create(
            nested, nestedLoc, valid,
            contribution(
                nested, nestedLoc, elements,
                flatOffset(nested, nestedLoc, position, window.kernel)),
            buildScalar(nested, nestedLoc, elementType, 0));
        linalg::YieldOp::create(
            nested, nestedLoc,
            disjoint ? term
                     : arith::AddFOp::create(nested, nestedLoc, args.back(),
                                             term)
                           .getResult());
      });
  return generic.getResult(0);
}

/// buildFirstMaxOffsets for large windows: a reduction over the offsets.
/// The comparison prefers the larger value and, between equal values, the
/// smaller offset, so the result does not depend on the order the reduction
/// visits the window in.
Value buildFirstMaxOffsetsByReduction(OpBuilder &b, Location loc, Value padded,
                                      const PoolWindow &window,
                                      RankedTensorType resultType) {
  MLIRContext *context = b.getContext();
  unsigned k = window.rank();
  Type elementType = resultType.getElementType();
  Type offsetType = b.getI64Type();
  Value lowest = buildLowest(b, loc, elementType);
  Value offsets = tensor::EmptyOp::create(b, loc, window.kernel, elementType);
  Value maxima = buildFilled(b, loc, resultType, lowest);
  // Past every offset, so that the first element of a window always wins
  // over the initial value.
  Value firstOffsets =
      buildFilled(b, loc, resultType.clone(offsetType),
                  buildScalar(b, loc, offsetType, window.numOffsets()));

  // Loops: n, c, o[k] (parallel), w[k] (reduction).
  unsigned loops = 2 + 2 * k;
  SmallVector<AffineExpr> inputExprs = loopDims(context, 0, 2);
  llvm::append_range(inputExprs, windowAccess(context, window.strides,
                                              window.dilations, 2, 2 + k));
  AffineMap outputMap =
      AffineMap::get(loops, 0, loopDims(context, 0, 2 + k), context);
  SmallVector<AffineMap> maps = {
      AffineMap::get(loops, 0, inputExprs, context),
      AffineMap::get(loops, 0, loopDims(context, 2 + k, k), context), outputMap,
      outputMap};
  SmallVector<utils::IteratorType> iterators(2 + k,
                                             utils::IteratorType::parallel);
  iterators.append(k, utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType, resultType.clone(offsetType)},
      ValueRange{padded, offsets}, ValueRange{maxima, firstOffsets}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value value = args[0], best = args[2], bestOffset = args[3];
        SmallVector<Value> position;
        for (unsigned d = 0; d < k; ++d)
          position.push_back(
              linalg::IndexOp::create(nested, nestedLoc, 2 + k + d));
        Value offset = arith::IndexCastOp::create(
            nested, nestedLoc, offsetType,
            flatOffset(nested, nestedLoc, position, window.kernel));
        Value greater = arith::CmpFOp::create(
            nested, nestedLoc, arith::CmpFPredicate::OGT, value, best);
        Value tiesEarlier = arith::AndIOp::create(
            nested, nestedLoc,
            arith::CmpFOp::create(nested, nestedLoc, arith::CmpFPredicate::OEQ,
                                  value, best),
            arith::CmpIOp::create(nested, nestedLoc, arith::CmpIPredicate::slt,
                                  offset, bestOffset));
        Value better =
            arith::OrIOp::create(nested, nestedLoc, greater, tiesEarlier);
        linalg::YieldOp::create(
            nested, nestedLoc,
            ValueRange{
                arith::SelectOp::create(nested, nestedLoc, better, value, best),
                arith::SelectOp::create(nested, nestedLoc, better, offset,
                                        bestOffset)});
      });
  return generic.getResult(1);
}

/// Windows of at most this many elements are compared in one loop body.
constexpr int64_t kMostUnrolledOffsets = 16;

/// buildFirstMaxOffsets for small windows: an elementwise op over the
/// windows whose operands are the window's elements, one strided slice of
/// the padded input per offset; the body keeps the first maximum in
/// registers, in row-major order.
Value buildFirstMaxOffsetsUnrolled(OpBuilder &b, Location loc, Value padded,
                                   const PoolWindow &window,
                                   RankedTensorType resultType) {
  unsigned k = window.rank();
  Type offsetType = b.getI64Type();
  int64_t count = window.numOffsets();
  ArrayRef<int64_t> windowsShape = resultType.getShape();
  SmallVector<Value> elements;
  for (int64_t flat = 0; flat < count; ++flat) {
    SmallVector<OpFoldResult> offsets(2, b.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
    SmallVector<int64_t> offset(k);
    for (int64_t d = k - 1, rest = flat; d >= 0; --d) {
      offset[d] = rest % window.kernel[d];
      rest /= window.kernel[d];
    }
    for (unsigned d = 0; d < k; ++d) {
      offsets.push_back(b.getIndexAttr(offset[d] * window.dilations[d]));
      strides.push_back(b.getIndexAttr(window.strides[d]));
    }
    elements.push_back(tensor::ExtractSliceOp::create(
        b, loc, resultType, padded, offsets,
        getAsIndexOpFoldResult(b.getContext(), windowsShape), strides));
  }
  Value firstMax = buildElementwise(
      b, loc, elements, resultType.clone(offsetType),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange window) {
        Value best = window[0];
        Value bestOffset = buildScalar(nested, nestedLoc, offsetType, 0);
        for (int64_t flat = 1; flat < count; ++flat) {
          // Strictly greater: between equal values the first one stays.
          Value greater = arith::CmpFOp::create(
              nested, nestedLoc, arith::CmpFPredicate::OGT, window[flat], best);
          best = arith::SelectOp::create(nested, nestedLoc, greater,
                                         window[flat], best);
          bestOffset = arith::SelectOp::create(
              nested, nestedLoc, greater,
              buildScalar(nested, nestedLoc, offsetType, flat), bestOffset);
        }
        return bestOffset;
      });
  return firstMax;
}

/// The flat offset (i64) of each window's first maximum in row-major window
/// order, an N x C x O... tensor.
Value buildFirstMaxOffsets(OpBuilder &b, Location loc, Value input,
                           const PoolWindow &window,
                           RankedTensorType resultType) {
  Value padded = buildPoolPad(
      b, loc, input, window, resultType.getShape().drop_front(2),
      buildLowest(b, loc, resultType.getElementType()));
  if (window.numOffsets() <= kMostUnrolledOffsets)
    return buildFirstMaxOffsetsUnrolled(b, loc, padded, window, resultType);
  return buildFirstMaxOffsetsByReduction(b, loc, padded, window, resultType);
}

/// Each window's gradient goes to its first maximum (see MaxPoolGradOp).
struct MaxPoolGradLowering : OpRewritePattern<MaxPoolGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPoolGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolWindow window = PoolWindow::of(op);
    auto gradType = cast<RankedTensorType>(op.getResultGrad().getType());
    Value firstMax =
        buildFirstMaxOffsets(rewriter, loc, op.getInput(), window, gradType);
    Type elementType = gradType.getElementType();
    Value result = buildPoolGradient(
        rewriter, loc, op.getType(), window,
        ValueRange{firstMax, op.getResultGrad()},
        [&](OpBuilder &b, Location nestedLoc, ValueRange elements,
            Value offset) -> Value {
          Value isFirstMax = arith::CmpIOp::create(
              b, nestedLoc, arith::CmpIPredicate::eq, elements[0],
              arith::IndexCastOp::create(b, nestedLoc, b.getI64Type(), offset));
          return arith::SelectOp::create(
              b, nestedLoc, isFirstMax, elements[1],
              buildScalar(b, nestedLoc, elementType, 0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Each window spreads its gradient divided by the forward op's divisor.
struct AveragePoolGradLowering : OpRewritePattern<AveragePoolGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AveragePoolGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolWindow window = PoolWindow::of(op);
    auto gradType = cast<RankedTensorType>(op.getResultGrad().getType());
    Value counts = buildWindowCounts(
        rewriter, loc, gradType.getElementType(), op.getInputSpatialShape(),
        gradType.getShape().drop_front(2), window, op.getCountIncludePad());
    Value scaled = buildElementwise(
        rewriter, loc, ValueRange{op.getResultGrad(), counts}, gradType,
        [](OpBuilder &b, Location nestedLoc, ValueRange args) {
          return arith::DivFOp::create(b, nestedLoc, args[0], args[1]);
        });
    Value result =
        buildPoolGradient(rewriter, loc, op.getType(), window, scaled,
                          [](OpBuilder &, Location, ValueRange elements,
                             Value) { return elements[0]; });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populatePoolGradientLowering(RewritePatternSet &patterns) {
  patterns.add<MaxPoolGradLowering, AveragePoolGradLowering>(
      patterns.getContext());
}

} // namespace dlc::lowering
