//===- PackConvolutions.cpp - Filters in blocks of output channels --------===//
//
// Rewrites an NCHW / NCW convolution whose output channels fill whole
// vectors into a packed convolution (PackedConvolution.h). Its tile stores
// through an in-register transpose, a fraction of an instruction per output
// element, so even a first layer over one input channel (9 products per
// output) runs as fast as on the row kernel of VectorizeWindow.cpp, and
// takes its bias into the tile besides (MobileNetV2's 1x1 convolutions over
// 16 to 32 channels: 10% of the network on two threads).
//
// The filter is reordered once: at compile time when it is a constant (a
// model's weights), else by a copy on every call (a training step, whose
// filters are arguments; the copy is a small part of the convolution).
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/Passes.h"

#include "ChannelBlocks.h"
#include "PackedConvolution.h"


namespace dlc::cpu {
#define GEN_PASS_DEF_PACKCONVOLUTIONS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

SmallVector<int64_t> windowAttr(linalg::LinalgOp op, StringRef name) {
  auto attr = op->getAttrOfType<DenseIntElementsAttr>(name);
  return llvm::to_vector(attr.getValues<int64_t>());
}

/// The lanes of the vectors holding `op`'s output channels once packed:
/// the vector width, or half of it (8 lanes at least) where the channels
/// fill only such vectors (MobileNetV2's 24); 0 when `op` is not packed.
int64_t packingLanes(linalg::LinalgOp op, int64_t vectorWidth) {
  if (!isa<linalg::Conv1DNcwFcwOp, linalg::Conv2DNchwFchwOp>(op) ||
      !op.hasPureTensorSemantics() || op.hasDynamicShape())
    return 0;
  Value filter = op.getDpsInputOperand(1)->get();
  auto filterType = cast<RankedTensorType>(filter.getType());
  if (!filterType.getElementType().isF32() ||
      !getElementTypeOrSelf(op.getDpsInputOperand(0)->get().getType())
           .isF32() ||
      !getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32())
    return 0;
  // Filter (F, C, K...): F output channels.
  int64_t features = filterType.getShape()[0];
  for (int64_t lanes = vectorWidth; lanes == vectorWidth || lanes >= 8;
       lanes /= 2)
    if (features % lanes == 0)
      return lanes;
  return 0;
}

struct PackConvolutionsPass
    : dlc::cpu::impl::PackConvolutionsBase<PackConvolutionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, int64_t>> convolutions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (int64_t lanes = packingLanes(op, vectorWidth))
        convolutions.push_back({op, lanes});
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, lanes] : convolutions) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      Value packed = dlc::cpu::buildBlockedFilter(
          rewriter, loc, op.getDpsInputOperand(1)->get(), lanes);
      Value result = dlc::cpu::buildPackedConvolution(
          rewriter, loc, op.getDpsInputOperand(0)->get(), packed,
          op.getDpsInits()[0],
          {windowAttr(op, "strides"), windowAttr(op, "dilations")});
      rewriter.replaceOp(op, result);
    }
  }
};

} // namespace
