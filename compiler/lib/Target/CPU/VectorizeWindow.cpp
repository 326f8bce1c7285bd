//===- VectorizeWindow.cpp - Vector code for convolution and pool tiles ---===//
//
// A register tile of an NCHW convolution computes, for one input channel c
// and one kernel row, the output rows of F channels over W positions:
//
//   out[f, o] += sum over taps t of  w[f, c, t] * in[c, o * stride + t * dilation]
//
// The vectors run along the output positions (contiguous in NCHW), so an
// output row is one accumulator and the code needs no transposes: for each
// tap, one load of the input row (strided lanes picked by a shuffle when the
// stride is above one) feeds F FMAs, each with one filter element broadcast
// (which x86 folds into the FMA as a memory operand). A depthwise tile reads
// each channel's own input row, with that channel's filter element; a pool
// tile is the same with the combination max or add and no filter. The accumulators are read at the start of the tile and written
// at its end: once the tile sits in loops over input channels and kernel
// rows, dlc-hoist-vector-transfers keeps them in registers across those.
//
//===----------------------------------------------------------------------===//
#include "VectorizeWindow.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace dlc::cpu {
namespace {

bool isConvolution(linalg::LinalgOp op) {
  return isa<linalg::Conv1DNcwFcwOp, linalg::Conv2DNchwFchwOp>(op);
}

bool isDepthwise(linalg::LinalgOp op) {
  return isa<linalg::DepthwiseConv1DNcwCwOp, linalg::DepthwiseConv2DNchwChwOp>(
      op);
}

/// The last entry of the op's `name` attribute (strides or dilations).
int64_t lastWindowAttr(linalg::LinalgOp op, StringRef name) {
  auto attr = op->getAttrOfType<DenseIntElementsAttr>(name);
  return attr.getValues<int64_t>()[attr.getNumElements() - 1];
}

} // namespace

bool isWindowOp(linalg::LinalgOp op) {
  if (!isa<linalg::Conv1DNcwFcwOp, linalg::Conv2DNchwFchwOp,
           linalg::DepthwiseConv1DNcwCwOp, linalg::DepthwiseConv2DNchwChwOp,
           linalg::PoolingNcwMaxOp, linalg::PoolingNchwMaxOp,
           linalg::PoolingNcwSumOp, linalg::PoolingNchwSumOp>(op))
    return false;
  return op.getDpsInits().size() == 1 &&
         getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32();
}

WindowLoops windowLoops(linalg::LinalgOp op) {
  size_t spatialRank = op.getRank(op.getDpsInitOperand(0)) - 2;
  size_t taps = op.getNumLoops() - 1;
  if (isDepthwise(op))
    return {1 + spatialRank, spatialRank, taps};
  return {1, 1 + spatialRank, taps};
}

LogicalResult vectorizeWindowTile(RewriterBase &rewriter,
                                  linalg::LinalgOp tile) {
  // Every loop but the channels, the last output and the last window
  // dimension must be unit.
  SmallVector<int64_t> ranges = tile.getStaticLoopRanges();
  WindowLoops loops = windowLoops(tile);
  Value input = tile.getDpsInputOperand(0)->get();
  Value filter = tile.getDpsInputOperand(1)->get();
  Value init = tile.getDpsInitOperand(0)->get();
  auto outputType = cast<RankedTensorType>(init.getType());
  unsigned rank = outputType.getRank();
  for (auto [loop, range] : llvm::enumerate(ranges))
    if (range != 1 && loop != loops.channels && loop != loops.positions &&
        loop != loops.taps)
      return tile.emitOpError(
          "window tile must be unit in every loop but the channels, the last "
          "output dimension and the last window dimension");

  Location loc = tile.getLoc();
  bool convolution = isConvolution(tile), depthwise = isDepthwise(tile);
  bool maximum = isa<linalg::PoolingNcwMaxOp, linalg::PoolingNchwMaxOp>(tile);
  int64_t channels = ranges[loops.channels];
  int64_t positions = ranges[loops.positions], taps = ranges[loops.taps];
  int64_t stride = lastWindowAttr(tile, "strides");
  int64_t dilation = lastWindowAttr(tile, "dilations");
  Type elementType = outputType.getElementType();
  auto rowType = VectorType::get({positions}, elementType);
  // The input lanes one tap reads: every stride-th of a contiguous span.
  int64_t span = (positions - 1) * stride + 1;
  auto spanType = VectorType::get({span}, elementType);
  SmallVector<int64_t> strideLanes;
  for (int64_t lane = 0; lane < positions; ++lane)
    strideLanes.push_back(lane * stride);

  rewriter.setInsertionPoint(tile);
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  Value zero = index(0);
  Value padding = arith::ConstantOp::create(
      rewriter, loc, elementType, rewriter.getZeroAttr(elementType));
  SmallVector<bool> inBounds = {true};
  // Indices of the element at `channel` (dimension 1) and `last` (the last
  // dimension) of an operand of `rank`, zero elsewhere.
  auto at = [&](unsigned operandRank, int64_t channel, int64_t last) {
    SmallVector<Value> indices(operandRank, zero);
    indices[1] = index(channel);
    indices.back() = index(last);
    return indices;
  };
  auto inputRow = [&](int64_t channel, int64_t tap) -> Value {
    Value row = vector::TransferReadOp::create(
        rewriter, loc, spanType, input, at(rank, channel, tap * dilation),
        padding, inBounds);
    if (stride == 1)
      return row;
    return vector::ShuffleOp::create(rewriter, loc, rowType, row, row,
                                     rewriter.getDenseI64ArrayAttr(strideLanes));
  };

  SmallVector<Value> accumulators;
  for (int64_t channel = 0; channel < channels; ++channel)
    accumulators.push_back(vector::TransferReadOp::create(
        rewriter, loc, rowType, init, at(rank, channel, 0), padding,
        inBounds));
  auto filterType = cast<RankedTensorType>(filter.getType());
  for (int64_t tap = 0; tap < taps; ++tap) {
    Value shared = convolution ? inputRow(0, tap) : Value();
    for (int64_t channel = 0; channel < channels; ++channel) {
      Value &acc = accumulators[channel];
      if (convolution || depthwise) {
        // The filter element w[f, 0.., tap].
        SmallVector<Value> weightIndices(filterType.getRank(), zero);
        weightIndices[0] = index(channel);
        weightIndices.back() = index(tap);
        Value weight =
            tensor::ExtractOp::create(rewriter, loc, filter, weightIndices);
        Value broadcast =
            vector::BroadcastOp::create(rewriter, loc, rowType, weight);
        Value row = convolution ? shared : inputRow(channel, tap);
        acc = vector::FMAOp::create(rewriter, loc, row, broadcast, acc);
      } else if (maximum) {
        acc = arith::MaximumFOp::create(rewriter, loc, acc,
                                        inputRow(channel, tap));
      } else {
        acc = arith::AddFOp::create(rewriter, loc, acc, inputRow(channel, tap));
      }
    }
  }
  Value result = init;
  for (auto [channel, acc] : llvm::enumerate(accumulators))
    result = vector::TransferWriteOp::create(rewriter, loc, acc, result,
                                             at(rank, channel, 0), inBounds)
                 .getResult();
  rewriter.replaceOp(tile, result);
  return success();
}

} // namespace dlc::cpu
