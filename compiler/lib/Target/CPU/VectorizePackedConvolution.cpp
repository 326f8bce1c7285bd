//===- VectorizePackedConvolution.cpp - Vector code for packed convolution tiles ===//
//
// A register tile of a packed convolution (PackedConvolution.h) covers V
// blocks of L output channels at P output positions: V * P accumulators of
// L lanes. For each input channel and window offset it loads the V filter
// vectors once and multiplies each by the P input elements, broadcast
// (neighbouring positions and kernel columns share elements, whose
// broadcasts LLVM then reuses):
//
//   for c, for k (all window dimensions but the last):   (scf.for)
//     for t in the last window dimension:                (unrolled)
//       w[v] = packed[v, c, k, t, 0:L]
//       acc[v, p] += broadcast(in[c, p * stride + (k, t) * dilation]) * w[v]
//
// The input element's indices come from the op's input map, which reads
// NCHW or blocked input alike. The accumulators are loop-carried values, so
// they stay in registers for the whole reduction. They start from the
// tile's initial value: the bias of each channel (or a constant) when the
// op producing the initial value broadcasts one (that op, fused into the
// tile, then goes away), else the elements of the initial tensor.
//
// At the end, with blocked output, each accumulator is one vector store,
// after the tile's epilogue (a ReLU fused into the tile) when there is one,
// applied to the accumulators in registers. With NCHW output each channel
// block's accumulators, a (positions x lanes) matrix, are transposed in
// registers and written as whole output rows, one per channel; a tile then
// has at most as many positions as lanes. (Writing lanes one by one
// straight into the tensor made chains of hundreds of tensor.insert, and
// bufferization quadratic in them; copying through a small tile with the
// lanes innermost cost 14% of the convnet's second convolution.)
//
//===----------------------------------------------------------------------===//
#include "PackedConvolution.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace dlc::cpu {
namespace {

Value constantIndex(OpBuilder &builder, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(builder, loc, value);
}

/// Where the outputs of a tile lie: NCHW, or in blocks of channels.
struct OutputLayout {
  bool blocked;
  int64_t lanes;

  /// Indices in an output tile of lane `lane` of channel block `block` at
  /// `position`.
  SmallVector<int64_t> indices(int64_t block, int64_t lane,
                               ArrayRef<int64_t> position) const {
    SmallVector<int64_t> result = {0, blocked ? block : block * lanes + lane};
    result.append(position.begin(), position.end());
    if (blocked)
      result.push_back(lane);
    return result;
  }

  /// Whether output index `dim` varies with the output channel.
  bool isChannelIndex(unsigned dim, unsigned rank) const {
    return dim == 1 || (blocked && dim + 1 == rank);
  }
};

SmallVector<Value> constantIndices(OpBuilder &builder, Location loc,
                                   ArrayRef<int64_t> values) {
  return llvm::map_to_vector(values, [&](int64_t value) {
    return constantIndex(builder, loc, value);
  });
}

/// The value `producer` broadcasts along the output channels when it is the
/// tile's fused initial value of that form: a linalg op that yields either
/// a value from outside (a constant fill) or its one input, which is a
/// scalar or a tensor indexed by the output channel alone (a bias).
/// Null otherwise.
Value broadcastSource(Operation *producer, const OutputLayout &layout) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(producer);
  if (!linalgOp || linalgOp.getNumDpsInputs() > 1 ||
      linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getNumLoops() != linalgOp.getNumParallelLoops() ||
      !linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0))
           .isIdentity())
    return {};
  auto yield = cast<linalg::YieldOp>(linalgOp.getBlock()->getTerminator());
  if (yield.getNumOperands() != 1)
    return {};
  Value yielded = yield.getOperand(0);
  if (!linalgOp->isAncestor(yielded.getParentRegion()->getParentOp()))
    return yielded;
  if (linalgOp.getNumDpsInputs() != 1 ||
      yielded != linalgOp.getBlock()->getArgument(0))
    return {};
  OpOperand *source = linalgOp.getDpsInputOperand(0);
  if (!isa<RankedTensorType>(source->get().getType()))
    return source->get();
  // The producer's loops are the output's indices: the source may depend
  // on those of the channel alone.
  AffineMap map = linalgOp.getMatchingIndexingMap(source);
  for (unsigned dim = 0; dim < map.getNumDims(); ++dim)
    if (!layout.isChannelIndex(dim, map.getNumDims()) &&
        map.isFunctionOfDim(dim))
      return {};
  return source->get();
}

/// The initial accumulators of a tile (block-major, then positions) and the
/// tensor to insert the results into.
std::pair<SmallVector<Value>, Value>
initialAccumulators(RewriterBase &rewriter, Location loc, Value init,
                    int64_t blocks, ArrayRef<SmallVector<int64_t>> positions,
                    const OutputLayout &layout, VectorType vectorType) {
  int64_t lanes = vectorType.getNumElements();
  SmallVector<Value> accumulators;
  Operation *producer = init.getDefiningOp();
  if (Value source = broadcastSource(producer, layout)) {
    auto sourceType = dyn_cast<RankedTensorType>(source.getType());
    for (int64_t block = 0; block < blocks; ++block) {
      Value vector;
      if (!sourceType) {
        vector = vector::BroadcastOp::create(rewriter, loc, vectorType, source);
      } else {
        // The bias of each lane's channel.
        AffineMap map = cast<linalg::LinalgOp>(producer).getMatchingIndexingMap(
            cast<linalg::LinalgOp>(producer).getDpsInputOperand(0));
        SmallVector<Value> elements;
        for (int64_t lane = 0; lane < lanes; ++lane) {
          SmallVector<int64_t> loopValues =
              layout.indices(block, lane, positions.front());
          elements.push_back(tensor::ExtractOp::create(
              rewriter, loc, source,
              constantIndices(rewriter, loc, map.compose(loopValues))));
        }
        vector =
            vector::FromElementsOp::create(rewriter, loc, vectorType, elements);
      }
      accumulators.append(positions.size(), vector);
    }
    return {accumulators, cast<linalg::LinalgOp>(producer).getDpsInits()[0]};
  }
  // Any other initial value: a vector of channels in blocked layout, else
  // element by element, its lanes a channel plane apart (a transposed load
  // of whole rows folds to the same scalar reads under canonicalization).
  Value padding = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(vectorType.getElementType()));
  for (int64_t block = 0; block < blocks; ++block)
    for (ArrayRef<int64_t> position : positions) {
      if (layout.blocked) {
        accumulators.push_back(vector::TransferReadOp::create(
            rewriter, loc, vectorType, init,
            constantIndices(rewriter, loc, layout.indices(block, 0, position)),
            padding, ArrayRef<bool>{true}));
        continue;
      }
      SmallVector<Value> elements;
      for (int64_t lane = 0; lane < lanes; ++lane)
        elements.push_back(tensor::ExtractOp::create(
            rewriter, loc, init,
            constantIndices(rewriter, loc,
                            layout.indices(block, lane, position))));
      accumulators.push_back(
          vector::FromElementsOp::create(rewriter, loc, vectorType, elements));
    }
  return {accumulators, init};
}

/// Writes the accumulators (block-major, then positions) of a tile of at
/// most `lanes` positions in rows of `rowLength` into `destination`: per
/// channel block, the (positions x lanes) matrix is transposed in
/// registers, so that each of its rows holds one channel's outputs,
/// written as whole output rows.
Value storeTransposed(RewriterBase &rewriter, Location loc,
                      ValueRange accumulators, Value destination,
                      int64_t blocks, ArrayRef<SmallVector<int64_t>> positions,
                      int64_t rowLength, VectorType vectorType) {
  int64_t lanes = vectorType.getNumElements();
  Value result = destination;
  for (int64_t block = 0; block < blocks; ++block) {
    auto matrixType =
        VectorType::get({lanes, lanes}, vectorType.getElementType());
    Value matrix = arith::ConstantOp::create(rewriter, loc,
                                             rewriter.getZeroAttr(matrixType));
    for (size_t position = 0; position < positions.size(); ++position)
      matrix = vector::InsertOp::create(
          rewriter, loc, accumulators[block * positions.size() + position],
          matrix, int64_t(position));
    // Upstream's 16x16 shuffle lowering with AVX-512.
    Value byChannel = vector::TransposeOp::create(rewriter, loc, matrix,
                                                  ArrayRef<int64_t>{1, 0});
    for (int64_t lane = 0; lane < lanes; ++lane) {
      Value channel = vector::ExtractOp::create(rewriter, loc, byChannel, lane);
      for (size_t first = 0; first < positions.size(); first += rowLength) {
        Value row = vector::ExtractStridedSliceOp::create(
            rewriter, loc, channel, ArrayRef<int64_t>{int64_t(first)},
            ArrayRef<int64_t>{rowLength}, ArrayRef<int64_t>{1});
        result = vector::TransferWriteOp::create(
                     rewriter, loc, row, result,
                     constantIndices(rewriter, loc,
                                     OutputLayout{false, lanes}.indices(
                                         block, lane, positions[first])),
                     ArrayRef<bool>{true})
                     .getResult();
      }
    }
  }
  return result;
}

/// Writes the accumulators (block-major, then positions) of a tile into
/// `destination` in blocked layout: each one vector of channels.
Value storeBlocked(RewriterBase &rewriter, Location loc,
                   ValueRange accumulators, Value destination, int64_t blocks,
                   ArrayRef<SmallVector<int64_t>> positions,
                   const OutputLayout &layout) {
  Value result = destination;
  for (int64_t block = 0; block < blocks; ++block)
    for (auto [index, position] : llvm::enumerate(positions))
      result = vector::TransferWriteOp::create(
                   rewriter, loc,
                   accumulators[block * positions.size() + index],
                   result,
                   constantIndices(rewriter, loc,
                                   layout.indices(block, 0, position)),
                   ArrayRef<bool>{true})
                   .getResult();
  return result;
}

/// The accumulators (block-major, then positions) of a tile with blocked
/// output after its `epilogue`: the epilogue's body on each accumulator, as
/// vectors, with its other inputs read at the same outputs.
SmallVector<Value> applyEpilogue(RewriterBase &rewriter, Location loc,
                                 linalg::GenericOp epilogue, Value convolution,
                                 ValueRange accumulators, int64_t blocks,
                                 ArrayRef<SmallVector<int64_t>> positions,
                                 const OutputLayout &layout,
                                 VectorType vectorType) {
  Block *body = epilogue.getBlock();
  Value padding = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(vectorType.getElementType()));
  // Values from outside the body (a ReLU's 0), broadcast once.
  DenseMap<Value, Value> broadcasts;
  auto vectorOf = [&](Value scalar) {
    auto [it, inserted] = broadcasts.try_emplace(scalar);
    if (inserted)
      it->second = vector::BroadcastOp::create(
          rewriter, loc,
          VectorType::get(vectorType.getShape(), scalar.getType()), scalar);
    return it->second;
  };
  SmallVector<Value> results;
  for (int64_t block = 0; block < blocks; ++block)
    for (auto [index, position] : llvm::enumerate(positions)) {
      IRMapping mapping;
      for (OpOperand *input : epilogue.getDpsInputOperands()) {
        Value lanes =
            input->get() == convolution
                ? accumulators[block * positions.size() + index]
                : vector::TransferReadOp::create(
                      rewriter, loc, vectorType, input->get(),
                      constantIndices(rewriter, loc,
                                      layout.indices(block, 0, position)),
                      padding, ArrayRef<bool>{true})
                      .getResult();
        mapping.map(epilogue.getMatchingBlockArgument(input), lanes);
      }
      for (Operation &op : body->without_terminator()) {
        SmallVector<Value> operands;
        for (Value operand : op.getOperands())
          operands.push_back(mapping.contains(operand)
                                 ? mapping.lookup(operand)
                                 : vectorOf(operand));
        SmallVector<Type> types;
        for (Type type : op.getResultTypes())
          types.push_back(VectorType::get(vectorType.getShape(), type));
        Operation *vectorOp =
            rewriter.create(loc, op.getName().getIdentifier(), operands, types,
                            op.getAttrs());
        mapping.map(op.getResults(), vectorOp->getResults());
      }
      results.push_back(mapping.lookup(body->getTerminator()->getOperand(0)));
    }
  return results;
}

} // namespace

LogicalResult vectorizePackedConvolutionTile(RewriterBase &rewriter,
                                             linalg::LinalgOp tile) {
  PackedConvolutionLoops loops = packedConvolutionLoops(tile);
  SmallVector<int64_t> ranges = tile.getStaticLoopRanges();
  Value input = tile.getDpsInputOperand(0)->get();
  AffineMap inputMap = tile.getMatchingIndexingMap(tile.getDpsInputOperand(0));
  Value filter = tile.getDpsInputOperand(1)->get();
  Value init = tile.getDpsInits()[0];
  auto filterType = cast<RankedTensorType>(filter.getType());
  int64_t lanes = filterType.getShape().back();
  if (ranges[loops.batch()] != 1 || ranges[loops.lanes()] != lanes)
    return tile.emitOpError("packed convolution tile must be one image and "
                            "whole blocks of output channels");
  int64_t positionCount = 1;
  for (unsigned dim = 0; dim < loops.spatialRank; ++dim)
    positionCount *= ranges[loops.output(dim)];
  if (positionCount > lanes)
    return tile.emitOpError("packed convolution tile has ")
           << positionCount << " output positions, more than its " << lanes
           << " lanes";
  unsigned spatialRank = loops.spatialRank;
  int64_t blocks = ranges[loops.channelBlocks()];
  SmallVector<int64_t> outputSizes, windowSizes;
  for (unsigned dim = 0; dim < spatialRank; ++dim) {
    outputSizes.push_back(ranges[loops.output(dim)]);
    windowSizes.push_back(ranges[loops.window(dim)]);
  }
  SmallVector<SmallVector<int64_t>> positions = rowMajorIndices(outputSizes);
  auto vectorType = VectorType::get({lanes}, filterType.getElementType());

  Location loc = tile.getLoc();
  rewriter.setInsertionPoint(tile);
  Operation *producer = init.getDefiningOp();
  OutputLayout layout{hasBlockedOutput(tile), lanes};
  auto [initial, destination] = initialAccumulators(
      rewriter, loc, init, blocks, positions, layout, vectorType);

  // Loops over the input channels and the window dimensions but the last.
  SmallVector<Value> lowerBounds, upperBounds, steps;
  auto addLoop = [&](int64_t size) {
    lowerBounds.push_back(constantIndex(rewriter, loc, 0));
    upperBounds.push_back(constantIndex(rewriter, loc, size));
    steps.push_back(constantIndex(rewriter, loc, 1));
  };
  addLoop(ranges[loops.inputChannels()]);
  for (unsigned dim = 0; dim + 1 < spatialRank; ++dim)
    addLoop(windowSizes[dim]);
  Value padding = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(vectorType.getElementType()));
  auto body = [&](OpBuilder &b, Location bodyLoc, ValueRange ivs,
                  ValueRange carried) -> scf::ValueVector {
    scf::ValueVector accumulators(carried.begin(), carried.end());
    Value channel = ivs[0];
    auto index = [&](int64_t value) {
      return constantIndex(b, bodyLoc, value);
    };
    for (int64_t tap = 0; tap < windowSizes.back(); ++tap) {
      SmallVector<Value> weights;
      for (int64_t block = 0; block < blocks; ++block) {
        SmallVector<Value> indices = {index(block), channel};
        indices.append(ivs.begin() + 1, ivs.end());
        indices.push_back(index(tap));
        indices.push_back(index(0));
        weights.push_back(vector::TransferReadOp::create(
            b, bodyLoc, vectorType, filter, indices, padding,
            ArrayRef<bool>{true}));
      }
      for (auto [positionIndex, position] : llvm::enumerate(positions)) {
        // The input map at (n = 0, o = position, c, k..., tap), e.g.
        // in[0, c, position * stride + window offset * dilation].
        SmallVector<OpFoldResult> loopValues(loops.count(), b.getIndexAttr(0));
        for (unsigned dim = 0; dim < spatialRank; ++dim)
          loopValues[loops.output(dim)] = b.getIndexAttr(position[dim]);
        loopValues[loops.inputChannels()] = channel;
        for (unsigned dim = 0; dim + 1 < spatialRank; ++dim)
          loopValues[loops.window(dim)] = ivs[1 + dim];
        loopValues[loops.window(spatialRank - 1)] = b.getIndexAttr(tap);
        SmallVector<Value> indices;
        for (AffineExpr expr : inputMap.getResults())
          indices.push_back(getValueOrCreateConstantIndexOp(
              b, bodyLoc,
              affine::makeComposedFoldedAffineApply(
                  b, bodyLoc,
                  AffineMap::get(inputMap.getNumDims(), 0, expr),
                  loopValues)));
        Value element = tensor::ExtractOp::create(b, bodyLoc, input, indices);
        Value broadcast =
            vector::BroadcastOp::create(b, bodyLoc, vectorType, element);
        for (int64_t block = 0; block < blocks; ++block) {
          Value &acc = accumulators[block * positions.size() + positionIndex];
          acc = vector::FMAOp::create(b, bodyLoc, broadcast, weights[block],
                                      acc);
        }
      }
    }
    return accumulators;
  };
  scf::LoopNest nest = scf::buildLoopNest(rewriter, loc, lowerBounds,
                                          upperBounds, steps, initial, body);

  // The results go to the convolution's output, or through its epilogue to
  // the epilogue's (which may unblock them).
  SmallVector<Value> results = nest.results;
  Operation *replaced = tile;
  Value target = destination;
  OutputLayout storeLayout = layout;
  if (linalg::GenericOp epilogue = packedConvolutionEpilogue(tile)) {
    rewriter.setInsertionPoint(epilogue);
    results = applyEpilogue(rewriter, loc, epilogue, tile->getResult(0),
                            nest.results, blocks, positions, layout,
                            vectorType);
    target = epilogue.getDpsInits()[0];
    storeLayout.blocked =
        epilogue.getMatchingIndexingMap(epilogue.getDpsInitOperand(0))
            .isIdentity();
    replaced = epilogue;
  }
  Value result =
      storeLayout.blocked
          ? storeBlocked(rewriter, loc, results, target, blocks, positions,
                         storeLayout)
          : storeTransposed(rewriter, loc, results, target, blocks, positions,
                            outputSizes.back(), vectorType);
  rewriter.replaceOp(replaced, result);
  if (replaced != tile)
    rewriter.eraseOp(tile);
  if (destination != init && producer->use_empty())
    rewriter.eraseOp(producer);
  return success();
}

} // namespace dlc::cpu
