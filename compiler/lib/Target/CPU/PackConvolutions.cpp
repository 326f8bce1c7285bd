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

bool shouldPack(linalg::LinalgOp op, int64_t lanes) {
  if (!isa<linalg::Conv1DNcwFcwOp, linalg::Conv2DNchwFchwOp>(op) ||
      !op.hasPureTensorSemantics() || op.hasDynamicShape())
    return false;
  Value filter = op.getDpsInputOperand(1)->get();
  auto filterType = cast<RankedTensorType>(filter.getType());
  if (!filterType.getElementType().isF32() ||
      !getElementTypeOrSelf(op.getDpsInputOperand(0)->get().getType())
           .isF32() ||
      !getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32())
    return false;
  // Filter (F, C, K...): F output channels.
  return filterType.getShape()[0] % lanes == 0;
}

struct PackConvolutionsPass
    : dlc::cpu::impl::PackConvolutionsBase<PackConvolutionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> convolutions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (shouldPack(op, vectorWidth))
        convolutions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : convolutions) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      Value packed =
          dlc::cpu::buildBlockedFilter(rewriter, loc,
                                       op.getDpsInputOperand(1)->get(),
                                       vectorWidth);
      Value result = dlc::cpu::buildPackedConvolution(
          rewriter, loc, op.getDpsInputOperand(0)->get(), packed,
          op.getDpsInits()[0],
          {windowAttr(op, "strides"), windowAttr(op, "dilations")});
      rewriter.replaceOp(op, result);
    }
  }
};

} // namespace
