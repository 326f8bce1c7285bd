//===- CpuStrategy.h - Per-op lowering decisions of the CPU target -*- C++ -*-===//
//
// The CPU target's equivalent of IREE's KernelDispatch: for each root op
// (the contractions today), the lowering configuration that fits this
// machine's vector registers and caches.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TARGET_CPU_CPUSTRATEGY_H
#define DLC_TARGET_CPU_CPUSTRATEGY_H

#include "dlc/Target/CPU/LoweringConfig.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace dlc::cpu {

/// What the strategy needs to know of the machine.
struct CpuTarget {
  /// f32 lanes per vector register: 16 with AVX-512, 8 with AVX2.
  int64_t vectorWidth = 16;
  /// Tasks to split each large op into for the threads (1: none). More
  /// tasks than threads even out the work of unequal tiles.
  int64_t parallelTasks = 1;
};

/// The configuration for `op`, or none to leave it to the generic
/// vectorizer (ops of dynamic shape, ops the target has no strategy for).
std::optional<LoweringConfig> selectLoweringConfig(mlir::linalg::LinalgOp op,
                                                   const CpuTarget &target);

} // namespace dlc::cpu

#endif // DLC_TARGET_CPU_CPUSTRATEGY_H
