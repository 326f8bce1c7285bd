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
    // An op inside a parallel loop already (a block of a recurrent op's
    // batch rows) runs in its task, cut no further.
    dlc::cpu::CpuTarget inTask{vectorWidth, 1};
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics() ||
          op->hasAttr(dlc::cpu::LoweringConfig::kAttrName))
        return;
      bool nested = op->getParentOfType<scf::ForallOp>() != nullptr;
      if (std::optional<dlc::cpu::LoweringConfig> config =
              dlc::cpu::selectLoweringConfig(op, nested ? inTask : target))
        op->setAttr(dlc::cpu::LoweringConfig::kAttrName,
                    config->toAttr(op->getContext()));
    });
  }
};

} // namespace
