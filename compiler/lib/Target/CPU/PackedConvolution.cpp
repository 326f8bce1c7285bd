//===- PackedConvolution.cpp - Convolutions with output channels in lanes -===//
#include "PackedConvolution.h"

#include "ChannelBlocks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace dlc::cpu {

bool isPackedConvolution(linalg::LinalgOp op) {
  return isa<linalg::GenericOp>(op) && op->hasAttr(kPackedConvolutionAttr);
}

PackedConvolutionLoops packedConvolutionLoops(linalg::LinalgOp op) {
  return {(op.getNumLoops() - 4) / 2};
}

bool isBlocked(Value tensor, unsigned spatialRank) {
  return cast<RankedTensorType>(tensor.getType()).getRank() ==
         int64_t(spatialRank) + 3;
}

bool hasBlockedOutput(linalg::LinalgOp op) {
  return isBlocked(op.getDpsInits()[0], packedConvolutionLoops(op).spatialRank);
}

linalg::GenericOp packedConvolutionEpilogue(linalg::LinalgOp op) {
  if (!isPackedConvolution(op) || !hasBlockedOutput(op) ||
      !op->getResult(0).hasOneUse())
    return {};
  auto consumer =
      dyn_cast<linalg::GenericOp>(op->getResult(0).use_begin()->getOwner());
  if (!consumer || consumer.getNumDpsInits() != 1 ||
      consumer.getNumLoops() != consumer.getNumParallelLoops() ||
      consumer.payloadUsesValueFromOperand(consumer.getDpsInitOperand(0)))
    return {};
  for (OpOperand *input : consumer.getDpsInputOperands())
    if (!consumer.getMatchingIndexingMap(input).isIdentity())
      return {};
  // It writes the blocks, or unblocks them (ChannelBlocks.h).
  auto blockedType = cast<RankedTensorType>(op->getResult(0).getType());
  AffineMap output =
      consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0));
  if (!output.isIdentity() &&
      output != unblockedIndices(blockedType.getRank(),
                                 blockedType.getShape().back(),
                                 op.getContext()))
    return {};
  // Its body must apply lane by lane to vectors.
  for (Operation &bodyOp : consumer.getBlock()->without_terminator())
    if (!OpTrait::hasElementwiseMappableTraits(&bodyOp))
      return {};
  return consumer;
}

bool isPackedConvolutionEpilogue(linalg::LinalgOp op) {
  return llvm::any_of(op.getDpsInputs(), [&](Value input) {
    auto producer = input.getDefiningOp<linalg::LinalgOp>();
    return producer && packedConvolutionEpilogue(producer) == op.getOperation();
  });
}

WindowGeometry packedConvolutionGeometry(linalg::LinalgOp op) {
  auto attr = op->getAttrOfType<DictionaryAttr>(kPackedConvolutionAttr);
  auto values = [&](StringRef name) {
    ArrayRef<int64_t> array = attr.getAs<DenseI64ArrayAttr>(name).asArrayRef();
    return SmallVector<int64_t>(array.begin(), array.end());
  };
  return {values("strides"), values("dilations")};
}

SmallVector<SmallVector<int64_t>> rowMajorIndices(ArrayRef<int64_t> sizes) {
  SmallVector<SmallVector<int64_t>> indices = {{}};
  for (int64_t size : sizes) {
    SmallVector<SmallVector<int64_t>> extended;
    for (const SmallVector<int64_t> &prefix : indices)
      for (int64_t index = 0; index < size; ++index) {
        extended.push_back(prefix);
        extended.back().push_back(index);
      }
    indices = std::move(extended);
  }
  return indices;
}

Value buildPackedConvolution(OpBuilder &builder, Location loc, Value input,
                             Value packedFilter, Value init,
                             const WindowGeometry &geometry) {
  MLIRContext *context = builder.getContext();
  unsigned spatialRank = geometry.strides.size();
  PackedConvolutionLoops loops{spatialRank};
  int64_t lanes =
      cast<RankedTensorType>(packedFilter.getType()).getShape().back();
  auto loop = [&](unsigned position) {
    return getAffineDimExpr(position, context);
  };

  // In blocked layout (ChannelBlocks.h) channel c of the input is lane
  // c mod L of block c floordiv L, and output channel block fo and lane fi
  // are indices of their own.
  bool blockedInput = isBlocked(input, spatialRank);
  bool blockedOutput = isBlocked(init, spatialRank);
  // The input's blocks may be wider than the output's (16 lanes in, 8
  // out where the output channels fill only half vectors).
  int64_t inputLanes =
      blockedInput
          ? cast<RankedTensorType>(input.getType()).getShape().back()
          : 1;
  AffineExpr inputChannel = loop(loops.inputChannels());
  SmallVector<AffineExpr> inputExprs = {
      loop(loops.batch()),
      blockedInput ? inputChannel.floorDiv(inputLanes) : inputChannel};
  SmallVector<AffineExpr> filterExprs = {loop(loops.channelBlocks()),
                                         inputChannel};
  SmallVector<AffineExpr> outputExprs = {loop(loops.batch())};
  outputExprs.push_back(blockedOutput ? loop(loops.channelBlocks())
                                      : loop(loops.channelBlocks()) * lanes +
                                            loop(loops.lanes()));
  for (unsigned dim = 0; dim < spatialRank; ++dim) {
    inputExprs.push_back(loop(loops.output(dim)) * geometry.strides[dim] +
                         loop(loops.window(dim)) * geometry.dilations[dim]);
    filterExprs.push_back(loop(loops.window(dim)));
    outputExprs.push_back(loop(loops.output(dim)));
  }
  if (blockedInput)
    inputExprs.push_back(inputChannel % inputLanes);
  filterExprs.push_back(loop(loops.lanes()));
  if (blockedOutput)
    outputExprs.push_back(loop(loops.lanes()));
  SmallVector<AffineMap> maps;
  for (ArrayRef<AffineExpr> exprs : {inputExprs, filterExprs, outputExprs})
    maps.push_back(AffineMap::get(loops.count(), 0, exprs, context));
  SmallVector<utils::IteratorType> iterators(loops.count(),
                                             utils::IteratorType::parallel);
  for (unsigned position = loops.inputChannels(); position < loops.count();
       ++position)
    iterators[position] = utils::IteratorType::reduction;

  auto convolution = linalg::GenericOp::create(
      builder, loc, init.getType(), ValueRange{input, packedFilter},
      ValueRange{init}, maps, iterators,
      [](OpBuilder &body, Location bodyLoc, ValueRange args) {
        Value product = arith::MulFOp::create(body, bodyLoc, args[0], args[1]);
        Value sum = arith::AddFOp::create(body, bodyLoc, args[2], product);
        linalg::YieldOp::create(body, bodyLoc, sum);
      });
  convolution->setAttr(
      kPackedConvolutionAttr,
      builder.getDictionaryAttr(
          {builder.getNamedAttr("strides",
                                builder.getDenseI64ArrayAttr(geometry.strides)),
           builder.getNamedAttr(
               "dilations", builder.getDenseI64ArrayAttr(geometry.dilations))}));
  return convolution.getResult(0);
}

} // namespace dlc::cpu
