//===- LoweringConfig.h - How the CPU target compiles one op ------*- C++ -*-===//
//
// The CPU target's decision for one linalg op, attached to the op as the
// dictionary attribute `dlc.lowering_config` (the idea of IREE's
// lowering_config): tile sizes per loop for the parallel level (the tasks
// that threads share) and the cache level, the order of the cache loops,
// and the register tile, which becomes the vector shape. The
// attribute is visible in dlc-opt output, and an op that already carries one
// (written by hand for an experiment) keeps it.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TARGET_CPU_LOWERINGCONFIG_H
#define DLC_TARGET_CPU_LOWERINGCONFIG_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

namespace dlc::cpu {

struct LoweringConfig {
  /// The attribute name on the op.
  static constexpr llvm::StringLiteral kAttrName = "dlc.lowering_config";

  /// One entry per loop of the op; 0 leaves the loop whole at that level.
  /// Tasks of the parallel loop that threads share (empty: one task); only
  /// loops that are parallel are split, so no two tasks write the same
  /// element.
  llvm::SmallVector<int64_t> parallelTiles;
  /// Blocks of the operands that stay in cache across the register tiles.
  llvm::SmallVector<int64_t> cacheTiles;
  /// The order of the cache-level loops, outermost first (a permutation of
  /// the op's loops; empty keeps the op's order).
  llvm::SmallVector<int64_t> cacheInterchange;
  /// The register tile within a cache tile: the shape of the vectors. A
  /// loop whose size this does not divide ends with one smaller tile.
  /// Empty: the op is only cut into tasks here, and each task is vectorized
  /// on buffers by the generic strategy (dlc-vectorize-linalg).
  llvm::SmallVector<int64_t> vectorTiles;

  /// Whether the target tiles the op for caches and registers and
  /// vectorizes it itself.
  bool hasRegisterTiles() const { return !vectorTiles.empty(); }

  mlir::DictionaryAttr toAttr(mlir::MLIRContext *context) const;

  /// The configuration `op` carries, if any; an error on the op when the
  /// attribute is malformed or does not fit its loops.
  static mlir::FailureOr<std::optional<LoweringConfig>>
  read(mlir::Operation *op, unsigned loopCount);
};

} // namespace dlc::cpu

#endif // DLC_TARGET_CPU_LOWERINGCONFIG_H
