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

/// Upstream's hoisting within `nest` alone. Upstream replaces each loop it
/// hoists out of and then walks its root again: with the nest as root, that
/// walk would visit the freed loop (AddressSanitizer found it). So the nest
/// is hoisted inside an scf.execute_region of its own, which no hoist
/// replaces, and put back where it was after.
void hoistWithinNest(Operation *nest) {
  OpBuilder builder(nest);
  Location loc = nest->getLoc();
  auto wrapper =
      scf::ExecuteRegionOp::create(builder, loc, nest->getResultTypes());
  Block *body = builder.createBlock(&wrapper.getRegion());
  nest->replaceAllUsesWith(wrapper.getResults());
  nest->moveBefore(body, body->end());
  builder.setInsertionPointToEnd(body);
  scf::YieldOp::create(builder, loc, nest->getResults());

  linalg::hoistRedundantVectorTransfers(wrapper, /*verifyNonZeroTrip=*/false);

  Block &hoisted = wrapper.getRegion().front();
  auto yield = cast<scf::YieldOp>(hoisted.getTerminator());
  SmallVector<Value> results(yield.getOperands());
  wrapper->getBlock()->getOperations().splice(
      Block::iterator(wrapper), hoisted.getOperations(), hoisted.begin(),
      Block::iterator(yield));
  wrapper->replaceAllUsesWith(results);
  wrapper->erase();
}

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
    // (MobileNetV2) took seconds with the function as root.
    SmallVector<Operation *> nests;
    func.walk<WalkOrder::PreOrder>([&](LoopLikeOpInterface loop) {
      nests.push_back(loop);
      return WalkResult::skip();
    });
    for (Operation *nest : nests)
      hoistWithinNest(nest);
  }
};

} // namespace
