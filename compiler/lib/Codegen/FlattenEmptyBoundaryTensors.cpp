//===- FlattenEmptyBoundaryTensors.cpp - tensor<0xT> at the boundary ------===//
#include "dlc/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace dlc {
#define GEN_PASS_DEF_FLATTENEMPTYBOUNDARYTENSORS
#include "dlc/Codegen/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// `type` if it is a tensor of static shape with no elements, else null.
RankedTensorType emptyTensorType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || tensor.getNumElements() != 0)
    return {};
  return tensor;
}

RankedTensorType flatEmptyType(RankedTensorType type) {
  return RankedTensorType::get({0}, type.getElementType());
}

struct FlattenEmptyBoundaryTensorsPass
    : dlc::impl::FlattenEmptyBoundaryTensorsBase<
          FlattenEmptyBoundaryTensorsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Private functions are not called through the bare-pointer ABI.
    if (func.isExternal() || !func.isPublic())
      return;
    Block &entry = func.front();
    OpBuilder builder = OpBuilder::atBlockBegin(&entry);
    for (BlockArgument argument : entry.getArguments()) {
      RankedTensorType type = emptyTensorType(argument.getType());
      if (!type)
        continue;
      // No element is ever read, so any tensor of the shape will do.
      Value empty = tensor::EmptyOp::create(builder, argument.getLoc(),
                                            type.getShape(),
                                            type.getElementType());
      argument.replaceAllUsesWith(empty);
      argument.setType(flatEmptyType(type));
    }
    SmallVector<Type> resultTypes(func.getResultTypes());
    for (Type &type : resultTypes)
      if (RankedTensorType empty = emptyTensorType(type))
        type = flatEmptyType(empty);
    func.walk([&](func::ReturnOp ret) {
      builder.setInsertionPoint(ret);
      for (OpOperand &operand : ret->getOpOperands())
        if (RankedTensorType type = emptyTensorType(operand.get().getType()))
          operand.set(tensor::EmptyOp::create(builder, ret.getLoc(),
                                              flatEmptyType(type).getShape(),
                                              type.getElementType()));
    });
    func.setFunctionType(builder.getFunctionType(entry.getArgumentTypes(),
                                                 resultTypes));
  }
};

} // namespace
