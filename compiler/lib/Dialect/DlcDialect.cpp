//===- DlcDialect.cpp - Registration of the dlc dialect -------------------===//
#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcOps.h"

using namespace mlir;

#include "dlc/Dialect/DlcDialect.cpp.inc"

void dlc::DlcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DlcOps.cpp.inc"
      >();
}

Operation *dlc::DlcDialect::materializeConstant(OpBuilder &builder,
                                                Attribute value, Type type,
                                                Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
