//===- CompilerContext.cpp - The MLIR context models are compiled in ------===//
#include "CompilerContext.h"

#include "dlc/Frontend/ModelImporter.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"

std::unique_ptr<mlir::MLIRContext> dlc::createCompilerContext(
    const std::function<void(mlir::DialectRegistry &)> &extend) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  if (extend)
    extend(registry);
  auto context = std::make_unique<mlir::MLIRContext>(registry);
  context->loadAllAvailableDialects();
  registerImporterDialects(*context);
  return context;
}
