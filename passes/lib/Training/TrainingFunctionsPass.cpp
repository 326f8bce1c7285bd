//===- TrainingFunctionsPass.cpp - dlc-training-functions for dlc-opt -----===//
#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Training/TrainingFunctions.h"
#include "dlc/Transforms/Passes.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_TRAININGFUNCTIONS
#include "dlc/Transforms/Passes.h.inc"

namespace {

struct TrainingFunctionsPass
    : impl::TrainingFunctionsBase<TrainingFunctionsPass> {
  using TrainingFunctionsBase::TrainingFunctionsBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    TrainingFunctionsBase::getDependentDialects(registry);
    registerGradientRules(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TrainingSpec spec;
    std::optional<LossKind> lossKind = lossFromName(loss);
    if (!lossKind) {
      module.emitError("unknown loss '")
          << loss << "'; known: " << knownLossNames();
      return signalPassFailure();
    }
    OutputObjective &objective = spec.objectives.front();
    objective.loss = *lossKind;
    objective.fromLogits = fromLogits;
    std::optional<OptimizerKind> optimizerKind = optimizerFromName(optimizer);
    if (!optimizerKind) {
      module.emitError("unknown optimizer '")
          << optimizer << "'; known: " << knownOptimizerNames();
      return signalPassFailure();
    }
    spec.optimizer.kind = *optimizerKind;
    spec.optimizer.momentum = momentum;
    spec.optimizer.nesterov = nesterov;
    for (const std::string &name : metrics) {
      std::optional<MetricKind> metric = metricFromName(name, objective.loss);
      if (!metric) {
        module.emitError("unknown metric '")
            << name << "' for this loss; known: " << knownMetricNames();
        return signalPassFailure();
      }
      objective.metrics.push_back({*metric, name});
    }
    spec.dataParallel = dataParallel;
    if (failed(buildTrainingFunctions(module, spec)))
      signalPassFailure();
  }
};

} // namespace
} // namespace dlc
