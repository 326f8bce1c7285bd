//===- Signedness.cpp - Move integer signedness from types to ops ---------===//
//
// The dlc dialect types unsigned integers as MLIR's ui8 ... ui64, while
// arith, linalg and vector take signless integers only. Before the ops are
// lowered, every unsigned type in the function becomes the signless type of
// its width, and each dlc op that reads or writes unsigned values is marked,
// so that its lowering picks the unsigned arithmetic (divui, cmpi ult,
// maxui, shrui, extui, uitofp, fptoui). The bits in memory do not change:
// the compiled function still reads and writes the caller's unsigned data.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

bool isUnsignedType(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

/// `type` (a scalar or a shaped type) with unsigned integers made signless.
Type signless(Type type) {
  if (!isUnsignedType(type))
    return type;
  Type element = IntegerType::get(
      type.getContext(), getElementTypeOrSelf(type).getIntOrFloatBitWidth());
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.clone(element);
  return element;
}

/// `attribute` with its unsigned types made signless (same bits), or null
/// when it is a kind of elements attribute this step cannot retype.
Attribute signless(Attribute attribute) {
  if (auto type = dyn_cast<TypeAttr>(attribute))
    return TypeAttr::get(signless(type.getValue()));
  auto elements = dyn_cast<ElementsAttr>(attribute);
  if (!elements || !isUnsignedType(elements.getType()))
    return attribute;
  auto type = cast<ShapedType>(signless(elements.getType()));
  if (auto dense = dyn_cast<DenseElementsAttr>(attribute))
    return dense.bitcast(type.getElementType());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attribute))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return {};
}

} // namespace

bool hasUnsignedOperands(Operation *op) {
  return op->hasAttr(kUnsignedOperandsAttr);
}

bool hasUnsignedResults(Operation *op) {
  return op->hasAttr(kUnsignedResultsAttr);
}

LogicalResult eraseSignedness(func::FuncOp func) {
  MLIRContext *context = func.getContext();
  // Every op is marked before any value loses its unsigned type.
  func.walk([&](Operation *op) {
    if (!isa<DlcDialect>(op->getDialect()))
      return;
    if (llvm::any_of(op->getOperandTypes(), isUnsignedType))
      op->setAttr(kUnsignedOperandsAttr, UnitAttr::get(context));
    if (llvm::any_of(op->getResultTypes(), isUnsignedType))
      op->setAttr(kUnsignedResultsAttr, UnitAttr::get(context));
  });
  WalkResult walk = func.walk([&](Operation *op) {
    if (op == func.getOperation())
      return WalkResult::advance();
    for (NamedAttribute named : op->getAttrs()) {
      Attribute retyped = signless(named.getValue());
      if (!retyped) {
        op->emitError("cannot lower attribute '")
            << named.getName() << "' of unsigned element type";
        return WalkResult::interrupt();
      }
      if (retyped != named.getValue())
        op->setAttr(named.getName(), retyped);
    }
    for (OpResult result : op->getResults())
      result.setType(signless(result.getType()));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  func.walk([](Block *block) {
    for (BlockArgument argument : block->getArguments())
      argument.setType(signless(argument.getType()));
  });
  auto retype = [](TypeRange types) {
    return llvm::map_to_vector(types, [](Type t) { return signless(t); });
  };
  func.setType(FunctionType::get(context, retype(func.getArgumentTypes()),
                                 retype(func.getResultTypes())));
  return success();
}

} // namespace dlc::lowering
