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

#include "PackedConvolution.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

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

/// `filter` (F, C, K...) reordered to (F / lanes, C, K..., lanes).
Value packFilter(OpBuilder &builder, Location loc, Value filter,
                 int64_t lanes) {
  auto type = cast<RankedTensorType>(filter.getType());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> packedShape = {shape[0] / lanes};
  packedShape.append(shape.begin() + 1, shape.end());
  packedShape.push_back(lanes);
  auto packedType = RankedTensorType::get(packedShape, type.getElementType());

  DenseElementsAttr weights;
  if (matchPattern(filter, m_Constant(&weights))) {
    int64_t perChannel = type.getNumElements() / shape[0];
    auto source = weights.getValues<float>();
    std::vector<float> packed(type.getNumElements());
    for (int64_t channel = 0; channel < shape[0]; ++channel)
      for (int64_t offset = 0; offset < perChannel; ++offset)
        packed[((channel / lanes) * perChannel + offset) * lanes +
               channel % lanes] = source[channel * perChannel + offset];
    return arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(packedType, ArrayRef(packed)));
  }

  // packed[fo, c, k..., fi] = filter[fo * lanes + fi, c, k...]
  MLIRContext *context = builder.getContext();
  unsigned rank = packedShape.size();
  SmallVector<AffineExpr> sourceExprs = {getAffineDimExpr(0, context) * lanes +
                                         getAffineDimExpr(rank - 1, context)};
  for (unsigned dim = 1; dim + 1 < rank; ++dim)
    sourceExprs.push_back(getAffineDimExpr(dim, context));
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, sourceExprs, context),
      AffineMap::getMultiDimIdentityMap(rank, context)};
  Value empty = tensor::EmptyOp::create(builder, loc, packedShape,
                                        type.getElementType());
  return linalg::GenericOp::create(
             builder, loc, packedType, ValueRange{filter}, ValueRange{empty},
             maps,
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &body, Location bodyLoc, ValueRange args) {
               linalg::YieldOp::create(body, bodyLoc, args[0]);
             })
      .getResult(0);
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
          packFilter(rewriter, loc, op.getDpsInputOperand(1)->get(), vectorWidth);
      Value result = dlc::cpu::buildPackedConvolution(
          rewriter, loc, op.getDpsInputOperand(0)->get(), packed,
          op.getDpsInits()[0],
          {windowAttr(op, "strides"), windowAttr(op, "dilations")});
      rewriter.replaceOp(op, result);
    }
  }
};

} // namespace
