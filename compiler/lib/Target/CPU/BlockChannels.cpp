//===- BlockChannels.cpp - Chains of window ops in blocks of channels -----===//
//
// One walk over the function's ops in order. A packed convolution writes
// blocked output when its result flows, through elementwise ops, into a pool
// or a packed convolution (reachesWindowOp), and is followed by an unblock
// copy (ChannelBlocks.h); each later op whose inputs are such copies then
// reads the blocked tensors instead and is followed by its own copy. The
// copies left unread go away at the end. A copy that stays (before a
// flatten, or an op with other operands) runs as scalar loops; an output
// that no chain takes keeps the packed convolution's NCHW store.
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/Passes.h"

#include "ChannelBlocks.h"
#include "PackedConvolution.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_BLOCKCHANNELS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;
using namespace dlc::cpu;

namespace {

bool isPool(Operation *op) {
  return isa<linalg::PoolingNcwMaxOp, linalg::PoolingNchwMaxOp,
             linalg::PoolingNcwSumOp, linalg::PoolingNchwSumOp>(op);
}

int64_t lanesOf(Value blocked) {
  return cast<RankedTensorType>(blocked.getType()).getShape().back();
}

/// The blocked tensor of `value` when `value` is its unblock copy in
/// blocks of `lanes` and read by one op only, which can then read the
/// blocked tensor instead.
Value soleUnblockSource(Value value, int64_t lanes) {
  Value source = unblockSource(value);
  if (!source || !value.hasOneUse() || lanesOf(source) != lanes)
    return {};
  return source;
}

/// An f32 pool whose window starts from a fill (the initial -inf or 0).
bool isBlockablePool(linalg::LinalgOp op) {
  return isPool(op) && op.hasPureTensorSemantics() && !op.hasDynamicShape() &&
         getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32() &&
         op.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
}

/// An f32 depthwise convolution of static shape.
bool isBlockableDepthwise(Operation *op) {
  auto depthwise = dyn_cast<linalg::LinalgOp>(op);
  return isa<linalg::DepthwiseConv1DNcwCwOp, linalg::DepthwiseConv2DNchwChwOp>(
             op) &&
         depthwise.hasPureTensorSemantics() && !depthwise.hasDynamicShape() &&
         llvm::all_of(op->getOperandTypes(), [](Type type) {
           return getElementTypeOrSelf(type).isF32();
         });
}

/// A tensor.pad with zeros of static sizes, of the spatial dimensions only.
bool isSpatialZeroPad(tensor::PadOp pad) {
  auto isZero = [](int64_t size) { return size == 0; };
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  Value padding = pad.getConstantPaddingValue();
  return padding && matchPattern(padding, m_AnyZeroFloat()) &&
         !ShapedType::isDynamicShape(low) && !ShapedType::isDynamicShape(high) &&
         llvm::all_of(low.take_front(2), isZero) &&
         llvm::all_of(high.take_front(2), isZero);
}

/// The zero padding that a depthwise convolution's input is read through,
/// if any, when it has no other reader.
tensor::PadOp depthwisePadding(linalg::LinalgOp depthwise) {
  Value input = depthwise.getDpsInputs()[0];
  auto pad = input.getDefiningOp<tensor::PadOp>();
  if (!pad || !input.hasOneUse() || !isSpatialZeroPad(pad))
    return {};
  return pad;
}

/// An elementwise op reading every input element for element.
bool isBlockableElementwise(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || !isElementwiseIntoEmpty(generic) ||
      generic.getNumDpsInputs() == 0)
    return false;
  return llvm::all_of(generic.getDpsInputOperands(), [&](OpOperand *input) {
    return generic.getMatchingIndexingMap(input).isIdentity();
  });
}

bool reachesWindowOp(Value value, int64_t lanes);

/// Whether the op reading `use` could read it in blocks of `lanes`
/// channels instead, and would pass the layout on to a window op.
bool takesBlocked(OpOperand &use, int64_t lanes) {
  Operation *owner = use.getOwner();
  // A depthwise convolution pads its input in blocks, and is worth blocking
  // when its own result stays in blocks.
  if (auto pad = dyn_cast<tensor::PadOp>(owner))
    return pad.getResult().hasOneUse() && isSpatialZeroPad(pad) &&
           isBlockableDepthwise(pad.getResult().use_begin()->getOwner()) &&
           takesBlocked(*pad.getResult().use_begin(), lanes);
  if (isBlockableDepthwise(owner))
    return use.getOperandNumber() == 0 &&
           reachesWindowOp(owner->getResult(0), lanes);
  auto user = dyn_cast<linalg::LinalgOp>(owner);
  if (!user)
    return false;
  if (isPackedConvolution(user))
    return use.getOperandNumber() == 0;
  if (isBlockablePool(user))
    return use.getOperandNumber() == 0;
  if (!isBlockableElementwise(user))
    return false;
  // Its other inputs must be blocked already.
  for (OpOperand *input : user.getDpsInputOperands())
    if (input != &use && !soleUnblockSource(input->get(), lanes))
      return false;
  return reachesWindowOp(user->getResult(0), lanes);
}

/// Whether `value`, made in blocks of `lanes` channels, could stay in them
/// up to a pool, a packed convolution or a depthwise convolution that
/// passes them on.
bool reachesWindowOp(Value value, int64_t lanes) {
  return value.hasOneUse() && takesBlocked(*value.use_begin(), lanes);
}

/// The elementwise op of one input (an activation) that is the only
/// reader of `value`, or null.
linalg::GenericOp soleActivation(Value value) {
  if (!value.hasOneUse())
    return {};
  auto user = dyn_cast<linalg::GenericOp>(value.use_begin()->getOwner());
  if (!user || !isBlockableElementwise(user) || user.getNumDpsInputs() != 1)
    return {};
  return user;
}

void blockConvolution(RewriterBase &rewriter, linalg::LinalgOp convolution) {
  Value input = convolution.getDpsInputs()[0];
  Value filter = convolution.getDpsInputs()[1];
  Value init = convolution.getDpsInits()[0];
  int64_t lanes = lanesOf(filter);
  // Blocks of any width: the convolution reads input elements one by one.
  Value blockedInput = input.hasOneUse() ? unblockSource(input) : Value();
  bool blockedOutput = hasBlockedOutput(convolution);
  bool blockOutput =
      !blockedOutput && reachesWindowOp(convolution->getResult(0), lanes);
  // Without a chain to pass blocks on to, an activation can still unblock
  // them (blockElementwise): it then becomes the epilogue of the
  // convolution's tiles.
  linalg::GenericOp activation =
      blockedOutput || blockOutput
          ? linalg::GenericOp()
          : soleActivation(convolution->getResult(0));
  if (!blockedInput && !blockOutput && !activation)
    return;
  Location loc = convolution.getLoc();
  Value result = buildPackedConvolution(
      rewriter, loc, blockedInput ? blockedInput : input, filter,
      blockOutput || activation ? buildBlocked(rewriter, loc, init, lanes)
                                : init,
      packedConvolutionGeometry(convolution));
  rewriter.replaceOp(convolution, blockOutput || activation
                                      ? buildUnblock(rewriter, loc, result)
                                      : result);
}

SmallVector<int64_t> windowAttr(linalg::LinalgOp op, StringRef name) {
  return llvm::to_vector(
      op->getAttrOfType<DenseIntElementsAttr>(name).getValues<int64_t>());
}

/// The input elements that each offset of a window meets, as one strided
/// slice of `blocked` (N, C/L, spatial..., L) per offset in row-major
/// order, each of `blockedOutput`'s shape.
SmallVector<Value> windowSlices(OpBuilder &builder, Location loc,
                                Value blocked,
                                RankedTensorType blockedOutput,
                                ArrayRef<int64_t> window,
                                linalg::LinalgOp windowOp) {
  SmallVector<int64_t> strides = windowAttr(windowOp, "strides");
  SmallVector<int64_t> dilations = windowAttr(windowOp, "dilations");
  unsigned rank = blockedOutput.getRank();
  SmallVector<Value> slices;
  for (ArrayRef<int64_t> offset : rowMajorIndices(window)) {
    SmallVector<OpFoldResult> sliceOffsets(rank, builder.getIndexAttr(0));
    SmallVector<OpFoldResult> sliceStrides(rank, builder.getIndexAttr(1));
    SmallVector<OpFoldResult> sliceSizes;
    for (int64_t size : blockedOutput.getShape())
      sliceSizes.push_back(builder.getIndexAttr(size));
    for (unsigned dim = 0; dim < window.size(); ++dim) {
      sliceOffsets[2 + dim] = builder.getIndexAttr(offset[dim] * dilations[dim]);
      sliceStrides[2 + dim] = builder.getIndexAttr(strides[dim]);
    }
    slices.push_back(tensor::ExtractSliceOp::create(
        builder, loc, blockedOutput, blocked, sliceOffsets, sliceSizes,
        sliceStrides));
  }
  return slices;
}

/// A pool over blocked input: out = combine(init, window slices...), one
/// strided slice of the input per window offset, elementwise.
void blockPool(RewriterBase &rewriter, linalg::LinalgOp pool) {
  Value blocked = unblockSource(pool.getDpsInputs()[0]);
  if (!blocked || !pool.getDpsInputs()[0].hasOneUse())
    return;
  int64_t lanes = lanesOf(blocked);
  auto outputType = cast<RankedTensorType>(pool.getDpsInits()[0].getType());
  RankedTensorType blockedOutput = blockedType(outputType, lanes);
  ArrayRef<int64_t> window =
      cast<RankedTensorType>(pool.getDpsInputs()[1].getType()).getShape();
  unsigned rank = blockedOutput.getRank();
  Location loc = pool.getLoc();
  SmallVector<Value> slices =
      windowSlices(rewriter, loc, blocked, blockedOutput, window, pool);

  bool maximum = isa<linalg::PoolingNcwMaxOp, linalg::PoolingNchwMaxOp>(pool);
  Value start =
      pool.getDpsInits()[0].getDefiningOp<linalg::FillOp>().getDpsInputs()[0];
  Value empty = tensor::EmptyOp::create(rewriter, loc, blockedOutput.getShape(),
                                        blockedOutput.getElementType());
  SmallVector<AffineMap> maps(
      slices.size() + 1,
      AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext()));
  auto combined = linalg::GenericOp::create(
      rewriter, loc, blockedOutput, slices, ValueRange{empty}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &body, Location bodyLoc, ValueRange args) {
        Value result = start;
        for (Value element : args.drop_back())
          result = maximum ? arith::MaximumFOp::create(body, bodyLoc, result,
                                                       element)
                                 .getResult()
                           : arith::AddFOp::create(body, bodyLoc, result,
                                                   element)
                                 .getResult();
        linalg::YieldOp::create(body, bodyLoc, result);
      });
  rewriter.replaceOp(pool,
                     buildUnblock(rewriter, loc, combined.getResult(0)));
}

/// A depthwise convolution over blocked input, elementwise over the blocked
/// output like a pool: out = init + sum of slice(k) * filter(k) over the
/// window offsets k, one strided slice of the (padded) input and one
/// vector of L channels' weights per offset, in the op's order of
/// accumulation. Returns the op computing it, or null.
linalg::GenericOp blockDepthwise(RewriterBase &rewriter,
                                 linalg::LinalgOp depthwise) {
  tensor::PadOp pad = depthwisePadding(depthwise);
  Value unblocked = pad ? pad.getSource() : depthwise.getDpsInputs()[0];
  Value blocked = unblockSource(unblocked);
  if (!blocked || !unblocked.hasOneUse())
    return {};
  int64_t lanes = lanesOf(blocked);
  if (!reachesWindowOp(depthwise->getResult(0), lanes))
    return {};
  Location loc = depthwise.getLoc();
  MLIRContext *context = rewriter.getContext();
  if (pad) {
    SmallVector<OpFoldResult> low = pad.getMixedLowPad();
    SmallVector<OpFoldResult> high = pad.getMixedHighPad();
    low.push_back(rewriter.getIndexAttr(0));
    high.push_back(rewriter.getIndexAttr(0));
    blocked = tensor::PadOp::create(rewriter, loc, Type(), blocked, low, high,
                                    pad.getConstantPaddingValue());
  }
  auto outputType =
      cast<RankedTensorType>(depthwise.getDpsInits()[0].getType());
  RankedTensorType blockedOutput = blockedType(outputType, lanes);
  unsigned rank = blockedOutput.getRank();
  // Filter (C, K...): blocked to (C/L, K..., L), one (C/L, L) slice per
  // window offset.
  Value filter = depthwise.getDpsInputs()[1];
  ArrayRef<int64_t> window =
      cast<RankedTensorType>(filter.getType()).getShape().drop_front();
  Value blockedFilter = buildBlockedFilter(rewriter, loc, filter, lanes);
  int64_t blocks = blockedOutput.getShape()[1];
  auto weightsType = RankedTensorType::get({blocks, lanes},
                                           blockedOutput.getElementType());
  SmallVector<Value> weights;
  for (ArrayRef<int64_t> offset : rowMajorIndices(window)) {
    SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(blocks)};
    for (int64_t position : offset) {
      offsets.push_back(rewriter.getIndexAttr(position));
      sizes.push_back(rewriter.getIndexAttr(1));
    }
    offsets.push_back(rewriter.getIndexAttr(0));
    sizes.push_back(rewriter.getIndexAttr(lanes));
    SmallVector<OpFoldResult> unitStrides(offsets.size(),
                                          rewriter.getIndexAttr(1));
    weights.push_back(tensor::ExtractSliceOp::create(
        rewriter, loc, weightsType, blockedFilter, offsets, sizes,
        unitStrides));
  }

  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  AffineMap channelOfBlock = AffineMap::get(
      rank, 0,
      {getAffineDimExpr(1, context), getAffineDimExpr(rank - 1, context)},
      context);
  // The initial value: a fill's value, or its blocked tensor (a bias).
  Value init = depthwise.getDpsInits()[0];
  auto fill = init.getDefiningOp<linalg::FillOp>();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (!fill) {
    inputs.push_back(buildBlocked(rewriter, loc, init, lanes));
    maps.push_back(identity);
  }
  SmallVector<Value> slices =
      windowSlices(rewriter, loc, blocked, blockedOutput, window, depthwise);
  inputs.append(slices);
  maps.append(slices.size(), identity);
  inputs.append(weights);
  maps.append(weights.size(), channelOfBlock);
  maps.push_back(identity);
  Value empty = tensor::EmptyOp::create(rewriter, loc, blockedOutput.getShape(),
                                        blockedOutput.getElementType());
  auto convolved = linalg::GenericOp::create(
      rewriter, loc, blockedOutput, inputs, ValueRange{empty}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &body, Location bodyLoc, ValueRange args) {
        ValueRange elements = args.drop_back();
        Value sum = fill ? fill.getDpsInputs()[0] : elements.front();
        if (!fill)
          elements = elements.drop_front();
        size_t offsets = elements.size() / 2;
        for (size_t k = 0; k < offsets; ++k)
          sum = arith::AddFOp::create(
              body, bodyLoc, sum,
              arith::MulFOp::create(body, bodyLoc, elements[k],
                                    elements[offsets + k]));
        linalg::YieldOp::create(body, bodyLoc, sum);
      });
  rewriter.replaceOp(depthwise,
                     buildUnblock(rewriter, loc, convolved.getResult(0)));
  return convolved;
}

/// Fuses the elementwise producers of `op` that only it reads (a blocked
/// bias) into it, then `op` into its one reader when that is elementwise
/// (its activation): one pass over the blocked tensors instead of three.
void fuseIntoNeighbours(RewriterBase &rewriter, linalg::GenericOp op) {
  auto fuse = [&](OpOperand &operand) -> Operation * {
    if (!linalg::areElementwiseOpsFusable(&operand))
      return nullptr;
    Operation *producer = operand.get().getDefiningOp();
    rewriter.setInsertionPoint(operand.getOwner());
    FailureOr<linalg::ElementwiseOpFusionResult> fused =
        linalg::fuseElementwiseOps(rewriter, &operand);
    if (failed(fused))
      return nullptr;
    for (auto [original, replacement] : fused->replacements)
      rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
        return use.getOwner() != producer;
      });
    return fused->fusedOp;
  };
  for (unsigned index = 0; index < op.getNumDpsInputs(); ++index) {
    OpOperand *input = op.getDpsInputOperand(index);
    auto producer = input->get().getDefiningOp<linalg::GenericOp>();
    if (!producer || !input->get().hasOneUse())
      continue;
    auto fused = dyn_cast_or_null<linalg::GenericOp>(fuse(*input));
    if (!fused)
      continue;
    rewriter.eraseOp(op);
    rewriter.eraseOp(producer);
    op = fused;
  }
  Value result = op.getResult(0);
  if (!result.hasOneUse())
    return;
  OpOperand &use = *result.use_begin();
  auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!consumer || !fuse(use))
    return;
  rewriter.eraseOp(consumer);
  rewriter.eraseOp(op);
}

/// An elementwise op whose inputs are all unblock copies, on their blocked
/// tensors instead; one that reads one and passes no blocks on unblocks
/// its result itself.
void blockElementwise(RewriterBase &rewriter, linalg::GenericOp op) {
  if (!isBlockableElementwise(op))
    return;
  Value first = unblockSource(op.getDpsInputs()[0]);
  if (!first)
    return;
  int64_t lanes = lanesOf(first);
  for (Value input : op.getDpsInputs())
    if (!soleUnblockSource(input, lanes))
      return;
  Location loc = op.getLoc();
  if (op.getNumDpsInputs() == 1 && !reachesWindowOp(op.getResult(0), lanes)) {
    // The end of a chain: the op unblocks as it goes.
    rewriter.replaceOp(op, buildUnblock(rewriter, loc, first, op));
    return;
  }
  Value blocked = buildBlocked(rewriter, loc, op.getResult(0), lanes);
  rewriter.replaceOp(op, buildUnblock(rewriter, loc, blocked));
}

struct BlockChannelsPass
    : dlc::cpu::impl::BlockChannelsBase<BlockChannelsPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    SmallVector<Operation *> ops =
        llvm::map_to_vector(body, [](Operation &op) { return &op; });
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::GenericOp> depthwiseConvolutions;
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp || !linalgOp.hasPureTensorSemantics())
        continue;
      if (isPackedConvolution(linalgOp))
        blockConvolution(rewriter, linalgOp);
      else if (isBlockablePool(linalgOp))
        blockPool(rewriter, linalgOp);
      else if (isBlockableDepthwise(linalgOp)) {
        if (linalg::GenericOp blocked = blockDepthwise(rewriter, linalgOp))
          depthwiseConvolutions.push_back(blocked);
      } else if (auto generic = dyn_cast<linalg::GenericOp>(op))
        blockElementwise(rewriter, generic);
    }
    // The copies and initial values no op reads any longer.
    auto eraseDeadOps = [&] {
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
        if (isOpTriviallyDead(&op))
          rewriter.eraseOp(&op);
    };
    eraseDeadOps();
    // Now that the chains are blocked, their activations read the
    // depthwise results element for element.
    for (linalg::GenericOp depthwise : depthwiseConvolutions)
      fuseIntoNeighbours(rewriter, depthwise);
    eraseDeadOps();
  }
};

} // namespace
