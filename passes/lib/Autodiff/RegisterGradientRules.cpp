//===- RegisterGradientRules.cpp - The list of differentiable ops ---------===//
#include "GradientRules.h"

#include "dlc/Autodiff/Autodiff.h"

using namespace mlir;

void dlc::registerGradientRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, DlcDialect *) {
    registerElementwiseGradients(context);
    registerContractionGradients(context);
    registerReductionGradients(context);
    registerShapeGradients(context);
    registerWindowGradients(context);
    registerRecurrentGradients(context);
  });
}
