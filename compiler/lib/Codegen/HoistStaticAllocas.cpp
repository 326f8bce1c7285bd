//===- HoistStaticAllocas.cpp - Stack buffers out of sequential loops -----===//
//
// A stack buffer allocated inside a loop takes new stack on every iteration
// (LLVM frees allocas only on return), so fixed-size ones are moved to the
// start of their allocation scope, past any sequential control flow.
//
//===----------------------------------------------------------------------===//
#include "dlc/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace dlc {
#define GEN_PASS_DEF_HOISTSTATICALLOCAS
#include "dlc/Codegen/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Whether `op` runs its regions in sequence, on one thread, so one buffer
/// can serve every execution of them.
bool isSequentialControlFlow(Operation *op) {
  return isa<scf::ForOp, scf::WhileOp, scf::IfOp, scf::ExecuteRegionOp>(op);
}

struct HoistStaticAllocasPass
    : dlc::impl::HoistStaticAllocasBase<HoistStaticAllocasPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaOp> allocas;
    getOperation().walk([&](memref::AllocaOp alloca) {
      if (alloca->getNumOperands() == 0 &&
          isSequentialControlFlow(alloca->getParentOp()))
        allocas.push_back(alloca);
    });
    for (memref::AllocaOp alloca : allocas) {
      Operation *outermost = alloca->getParentOp();
      while (isSequentialControlFlow(outermost->getParentOp()))
        outermost = outermost->getParentOp();
      Block *scope = outermost->getBlock();
      // Up to the nearest allocation scope: the function, or the body of a
      // parallel loop, each of whose iterations needs a buffer of its own.
      if (!scope->getParentOp()->hasTrait<OpTrait::AutomaticAllocationScope>())
        continue;
      alloca->moveBefore(scope, scope->begin());
    }
  }
};

} // namespace
