//===- DlcOps.h - Operators of the dlc dialect --------------------*- C++ -*-===//
#ifndef DLC_DIALECT_DLCOPS_H
#define DLC_DIALECT_DLCOPS_H

#include "dlc/Dialect/DlcDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.h.inc"

namespace dlc {
/// Recomputes the result types of a dlc op from its operands and attributes
/// (InferTypeOpInterface) and sets them. On failure the op's location gets
/// the diagnostic and the op is left unchanged.
mlir::LogicalResult refineResultTypes(mlir::Operation *op);
} // namespace dlc

#endif // DLC_DIALECT_DLCOPS_H
