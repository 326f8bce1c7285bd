//===- dlc-opt.cpp - The dlc optimizer driver -----------------------------===//
//
// Like mlir-opt, with the dlc dialect, dlc's passes and its named pipelines.
//
//===----------------------------------------------------------------------===//
#include "dlc/Compiler/CpuPipeline.h"
#include "dlc/Dialect/DlcDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  dlc::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<dlc::DlcDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
