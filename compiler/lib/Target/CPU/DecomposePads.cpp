//===- DecomposePads.cpp - Padding as a fill and an in-place interior -----===//
//
// Left to bufferization, a tensor.pad becomes a memset of the whole padded
// buffer and a memmove of the interior, both on one thread. Here it becomes
// a fill of the padded tensor, flattened to one dimension (so that whole
// vectors divide it where rows of odd width, 114 in MobileNetV2, do not),
// and a tensor.insert_slice of the source. Where the source is computed
// into a tensor.empty (through the destinations of its ops: a linalg op's
// output, a task loop's shared output), the interior of the padded tensor
// takes the empty tensor's place as that destination, so the source is
// written in place and nothing is copied. An empty tensor's contents are
// undefined, so any tensor of its shape may stand for it.
//
// Where the innermost dimension is not padded (channels in blocks) and the
// border is a small part of the tensor, only the border is filled.
//
// The pass runs after the last CSE on tensors: CSE would merge the fills of
// two pads of one shape, and bufferization then copy the shared tensor.
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_DECOMPOSEPADS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

/// The operand through which `value` is computed into a tensor.empty (the
/// destinations of the ops producing it, followed back), or null.
OpOperand *emptyDestination(Value value) {
  OpOperand *destination = nullptr;
  while (true) {
    if (value.getDefiningOp<tensor::EmptyOp>())
      return destination;
    auto result = dyn_cast<OpResult>(value);
    if (!result)
      return nullptr;
    Operation *op = result.getOwner();
    if (auto destinationStyle = dyn_cast<DestinationStyleOpInterface>(op))
      destination = destinationStyle.getTiedOpOperand(result);
    else if (auto forall = dyn_cast<scf::ForallOp>(op))
      destination = &forall.getOutputsMutable()[result.getResultNumber()];
    else if (auto loop = dyn_cast<scf::ForOp>(op))
      destination = &loop.getInitArgsMutable()[result.getResultNumber()];
    else
      return nullptr;
    value = destination->get();
  }
}

/// `padding` everywhere in a tensor of `type`: a fill over its elements
/// flattened to one dimension.
Value filledTensor(RewriterBase &rewriter, Location loc, RankedTensorType type,
                   Value padding) {
  Value flat = tensor::EmptyOp::create(rewriter, loc, {type.getNumElements()},
                                       type.getElementType());
  Value filled =
      linalg::FillOp::create(rewriter, loc, padding, flat).getResult(0);
  ReassociationIndices allDims;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    allDims.push_back(dim);
  return tensor::ExpandShapeOp::create(rewriter, loc, type, filled, {allDims});
}

/// A tensor of `pad`'s result type with `padding` on its border, the part
/// outside the source: one fill per padded side of each dimension, each
/// over the interior of the dimensions before it, so that no element is
/// written twice. Where the innermost dimension is not padded (channels
/// in blocks, NCHWc), every side is made of whole runs of it: whole
/// vectors.
Value borderFilledTensor(RewriterBase &rewriter, Location loc,
                         tensor::PadOp pad, Value padding) {
  RankedTensorType type = pad.getResultType();
  ArrayRef<int64_t> sourceShape = pad.getSourceType().getShape();
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  Value padded = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
  int64_t rank = type.getRank();
  auto fillSide = [&](int64_t dim, int64_t offset, int64_t size) {
    SmallVector<OpFoldResult> offsets, sizes;
    SmallVector<int64_t> shape;
    for (int64_t other = 0; other < rank; ++other) {
      int64_t otherOffset = other < dim ? low[other] : 0;
      int64_t otherSize =
          other < dim ? sourceShape[other] : type.getShape()[other];
      if (other == dim) {
        otherOffset = offset;
        otherSize = size;
      }
      offsets.push_back(rewriter.getIndexAttr(otherOffset));
      sizes.push_back(rewriter.getIndexAttr(otherSize));
      shape.push_back(otherSize);
    }
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    Value side = tensor::ExtractSliceOp::create(
        rewriter, loc, RankedTensorType::get(shape, type.getElementType()),
        padded, offsets, sizes, strides);
    Value filled =
        linalg::FillOp::create(rewriter, loc, padding, side).getResult(0);
    padded = tensor::InsertSliceOp::create(rewriter, loc, filled, padded,
                                           offsets, sizes, strides);
  };
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (low[dim] > 0)
      fillSide(dim, 0, low[dim]);
    if (high[dim] > 0)
      fillSide(dim, low[dim] + sourceShape[dim], high[dim]);
  }
  return padded;
}

void decompose(RewriterBase &rewriter, tensor::PadOp pad) {
  Value padding = pad.getConstantPaddingValue();
  RankedTensorType type = pad.getResultType();
  RankedTensorType sourceType = pad.getSourceType();
  if (!padding || !matchPattern(padding, m_Constant()) ||
      !type.hasStaticShape() || !sourceType.hasStaticShape() ||
      !llvm::all_of(pad.getStaticLow(), [](int64_t low) { return low >= 0; }))
    return;
  Location loc = pad.getLoc();
  SmallVector<OpFoldResult> offsets = pad.getMixedLowPad();
  SmallVector<OpFoldResult> sizes, strides;
  for (int64_t size : sourceType.getShape()) {
    sizes.push_back(rewriter.getIndexAttr(size));
    strides.push_back(rewriter.getIndexAttr(1));
  }
  OpOperand *destination = emptyDestination(pad.getSource());
  bool inPlace = destination &&
                 destination->get().getType() == sourceType &&
                 destination->getOwner()->getBlock() == pad->getBlock();
  // The filled tensor is made before the source, when the source is to be
  // computed into its interior.
  rewriter.setInsertionPoint(inPlace ? destination->getOwner()
                                     : pad.getOperation());
  // The border alone where it is whole vectors and at most a quarter of
  // the tensor (MobileNetV2's 114x114 rows: 3%). Around small images (7x7
  // in 9x9: 40%) LLVM unrolls the short loops over the sides into long
  // blocks that cost more to compile (1.5 s for MobileNetV2) than one
  // flat fill costs to run.
  bool innermostPadded =
      pad.getStaticLow().back() != 0 || pad.getStaticHigh().back() != 0;
  int64_t border = type.getNumElements() - sourceType.getNumElements();
  Value padded = innermostPadded || 4 * border > type.getNumElements()
                     ? filledTensor(rewriter, loc, type, padding)
                     : borderFilledTensor(rewriter, loc, pad, padding);
  if (inPlace) {
    Value interior = tensor::ExtractSliceOp::create(
        rewriter, loc, sourceType, padded, offsets, sizes, strides);
    rewriter.modifyOpInPlace(destination->getOwner(),
                             [&] { destination->set(interior); });
  }
  rewriter.setInsertionPoint(pad);
  rewriter.replaceOp(pad, tensor::InsertSliceOp::create(
                              rewriter, loc, pad.getSource(), padded, offsets,
                              sizes, strides));
}

struct DecomposePadsPass
    : dlc::cpu::impl::DecomposePadsBase<DecomposePadsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    for (tensor::PadOp pad : pads)
      decompose(rewriter, pad);
  }
};

} // namespace
