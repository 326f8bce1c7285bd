//===- HoistVectorTransfers.cpp - Loop-invariant transfers to registers ---===//
#include "dlc/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_HOISTVECTORTRANSFERS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

struct HoistVectorTransfersPass
    : dlc::cpu::impl::HoistVectorTransfersBase<HoistVectorTransfersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    RewritePatternSet patterns(&getContext());
    memref::populateFoldMemRefAliasOpPatterns(patterns);
    // Folding views is an optimization: where the driver stops before a
    // fixed point (large training steps), the IR is still correct.
    (void)applyPatternsGreedily(func, std::move(patterns));
    // A read and a write pair up only if their indices are the same values.
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance(func);
    eliminateCommonSubExpressions(rewriter, dominance, func);
    // One outermost loop nest at a time: upstream re-walks its whole root
    // after every hoist, which on a function of hundreds of tiled ops
    // (MobileNetV2) took seconds.
    SmallVector<Operation *> nests;
    func.walk<WalkOrder::PreOrder>([&](LoopLikeOpInterface loop) {
      nests.push_back(loop);
      return WalkResult::skip();
    });
    for (Operation *nest : nests)
      linalg::hoistRedundantVectorTransfers(nest, /*verifyNonZeroTrip=*/false);
  }
};

} // namespace
