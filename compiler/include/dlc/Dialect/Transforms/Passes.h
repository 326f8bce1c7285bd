//===- Passes.h - Passes of the dlc dialect itself ---------------*- C++ -*-===//
#ifndef DLC_DIALECT_TRANSFORMS_PASSES_H
#define DLC_DIALECT_TRANSFORMS_PASSES_H

#include "dlc/Dialect/DlcDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {
#define GEN_PASS_DECL
#include "dlc/Dialect/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Dialect/Transforms/Passes.h.inc"
} // namespace dlc

#endif // DLC_DIALECT_TRANSFORMS_PASSES_H
