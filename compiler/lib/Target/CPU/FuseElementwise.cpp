//===- FuseElementwise.cpp - Elementwise fusion that keeps named ops ------===//
#include "dlc/Target/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

struct FuseElementwisePass
    : dlc::cpu::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // As upstream, a producer with one use fuses into its consumer; here
    // only into a linalg.generic, so that named ops keep their identity.
    linalg::ControlFusionFn oneUse = [](OpOperand *fusedOperand) {
      Operation *producer = fusedOperand->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    linalg::ControlFusionFn control = [&](OpOperand *fusedOperand) {
      auto consumer = dyn_cast<linalg::GenericOp>(fusedOperand->getOwner());
      if (!oneUse(fusedOperand) || !consumer)
        return false;
      // Fusing copies the producer's body into the consumer's, so fusing
      // a chain of N elementwise ops into one would take O(N^2) (minutes
      // for a graph of 30,000 Relus); a body past this size gains nothing.
      constexpr size_t kMaxFusedBodyOps = 256;
      auto producer = fusedOperand->get().getDefiningOp<linalg::GenericOp>();
      return !producer ||
             producer.getBody()->getOperations().size() +
                     consumer.getBody()->getOperations().size() <=
                 kMaxFusedBodyOps;
    };
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    // Constants fold wherever upstream folds them: a Gemm's transposed
    // weight becomes a constant instead of a copy on every call.
    linalg::populateConstantFoldLinalgOperations(patterns, oneUse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
