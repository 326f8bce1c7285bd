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
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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
  auto user = dyn_cast<linalg::LinalgOp>(use.getOwner());
  if (!user)
    return false;
  if (isPackedConvolution(user))
    return use.getOperandNumber() == 0 &&
           lanesOf(user.getDpsInputs()[1]) == lanes;
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
/// up to a pool or a packed convolution.
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
  Value blockedInput = soleUnblockSource(input, lanes);
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

/// A pool over blocked input: out = combine(init, window slices...), one
/// strided slice of the input per window offset, elementwise.
void blockPool(RewriterBase &rewriter, linalg::LinalgOp pool) {
  Value blocked = unblockSource(pool.getDpsInputs()[0]);
  if (!blocked || !pool.getDpsInputs()[0].hasOneUse())
    return;
  auto blockedInputType = cast<RankedTensorType>(blocked.getType());
  int64_t lanes = lanesOf(blocked);
  auto outputType = cast<RankedTensorType>(pool.getDpsInits()[0].getType());
  RankedTensorType blockedOutput = blockedType(outputType, lanes);
  ArrayRef<int64_t> window =
      cast<RankedTensorType>(pool.getDpsInputs()[1].getType()).getShape();
  auto attrValues = [&](StringRef name) {
    return llvm::to_vector(
        pool->getAttrOfType<DenseIntElementsAttr>(name).getValues<int64_t>());
  };
  SmallVector<int64_t> strides = attrValues("strides");
  SmallVector<int64_t> dilations = attrValues("dilations");
  unsigned rank = blockedInputType.getRank();
  Location loc = pool.getLoc();

  // One slice per window offset, in the order of the pool's window loops.
  SmallVector<Value> slices;
  for (ArrayRef<int64_t> offset : rowMajorIndices(window)) {
    SmallVector<OpFoldResult> sliceOffsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sliceStrides(rank, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> sliceSizes;
    for (int64_t size : blockedOutput.getShape())
      sliceSizes.push_back(rewriter.getIndexAttr(size));
    for (unsigned dim = 0; dim < window.size(); ++dim) {
      sliceOffsets[2 + dim] =
          rewriter.getIndexAttr(offset[dim] * dilations[dim]);
      sliceStrides[2 + dim] = rewriter.getIndexAttr(strides[dim]);
    }
    slices.push_back(tensor::ExtractSliceOp::create(
        rewriter, loc, blockedOutput, blocked, sliceOffsets, sliceSizes,
        sliceStrides));
  }

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
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp || !linalgOp.hasPureTensorSemantics())
        continue;
      if (isPackedConvolution(linalgOp))
        blockConvolution(rewriter, linalgOp);
      else if (isBlockablePool(linalgOp))
        blockPool(rewriter, linalgOp);
      else if (auto generic = dyn_cast<linalg::GenericOp>(op))
        blockElementwise(rewriter, generic);
    }
    // The copies and initial values no op reads any longer.
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isOpTriviallyDead(&op))
        rewriter.eraseOp(&op);
  }
};

} // namespace
