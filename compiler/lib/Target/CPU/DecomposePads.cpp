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
  Value padded = filledTensor(rewriter, loc, type, padding);
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
