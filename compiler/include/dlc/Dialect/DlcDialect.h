//===- DlcDialect.h - The dlc dialect -----------------------------*- C++ -*-===//
#ifndef DLC_DIALECT_DLCDIALECT_H
#define DLC_DIALECT_DLCDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"

#include "dlc/Dialect/DlcDialect.h.inc"

#endif // DLC_DIALECT_DLCDIALECT_H
