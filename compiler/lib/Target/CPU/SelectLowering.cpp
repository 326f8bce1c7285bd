//===- SelectLowering.cpp - Attach lowering configurations to root ops ----===//
#include "dlc/Target/CPU/CpuStrategy.h"
#include "dlc/Target/CPU/Passes.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_SELECTLOWERING
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

struct SelectLoweringPass
    : dlc::cpu::impl::SelectLoweringBase<SelectLoweringPass> {
  using Base::Base;

  void runOnOperation() override {
    dlc::cpu::CpuTarget target{vectorWidth, parallelTasks};
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics() ||
          op->hasAttr(dlc::cpu::LoweringConfig::kAttrName))
        return;
      if (std::optional<dlc::cpu::LoweringConfig> config =
              dlc::cpu::selectLoweringConfig(op, target))
        op->setAttr(dlc::cpu::LoweringConfig::kAttrName,
                    config->toAttr(op->getContext()));
    });
  }
};

} // namespace
