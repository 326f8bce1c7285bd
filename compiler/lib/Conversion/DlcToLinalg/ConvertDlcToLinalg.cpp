//===- ConvertDlcToLinalg.cpp - The dlc-to-linalg conversion pass ---------===//
#include "LoweringUtils.h"

#include "dlc/Conversion/Passes.h"

#include "dlc/Conversion/AllReduceBufferization.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace dlc {
#define GEN_PASS_DEF_CONVERTDLCTOLINALG
#include "dlc/Conversion/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// The lowering emits static-shaped IR; a dynamic dimension left at this
/// point means the caller did not bind the input shapes.
LogicalResult checkStaticShapes(func::FuncOp func) {
  WalkResult walk = func.walk([](Operation *op) {
    if (!isa<dlc::DlcDialect>(op->getDialect()))
      return WalkResult::advance();
    for (Type type : llvm::concat<Type>(op->getOperandTypes(),
                                        op->getResultTypes())) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (tensor && !tensor.hasStaticShape()) {
        op->emitError("cannot lower an op with a dynamic shape (")
            << type << "); bind the input shapes first "
            << "(dlc-shape-inference{input-shapes=...})";
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

struct ConvertDlcToLinalgPass
    : dlc::impl::ConvertDlcToLinalgBase<ConvertDlcToLinalgPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    dlc::registerAllReduceBufferization(registry);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (failed(checkStaticShapes(func)) ||
        failed(dlc::lowering::eraseSignedness(func)))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    dlc::lowering::populateElementwiseLowering(patterns);
    dlc::lowering::populateContractionLowering(patterns);
    dlc::lowering::populateWindowLowering(patterns);
    dlc::lowering::populateConvGradientLowering(patterns);
    dlc::lowering::populatePoolGradientLowering(patterns);
    dlc::lowering::populateReductionLowering(patterns);
    auto outOfRange = checkIndices ? dlc::lowering::OutOfRangeIndex::Stop
                                   : dlc::lowering::OutOfRangeIndex::Clamp;
    dlc::lowering::populateDataMovementLowering(patterns, outOfRange);
    dlc::lowering::populateRandomOpsLowering(patterns);
    dlc::lowering::populateScatterLowering(patterns, outOfRange);
    dlc::lowering::populateRecurrentLowering(patterns, recurrentRowBlocks);
    ConversionTarget target(getContext());
    target.addIllegalDialect<dlc::DlcDialect>();
    // Lowered by bufferization (AllReduceBufferization.h).
    target.addLegalOp<dlc::AllReduceOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(func, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
