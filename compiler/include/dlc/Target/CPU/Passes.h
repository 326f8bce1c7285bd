//===- Passes.h - The CPU target's passes -------------------------*- C++ -*-===//
#ifndef DLC_TARGET_CPU_PASSES_H
#define DLC_TARGET_CPU_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc::cpu {
#define GEN_PASS_DECL
#include "dlc/Target/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

#endif // DLC_TARGET_CPU_PASSES_H
