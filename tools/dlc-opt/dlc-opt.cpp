//===- dlc-opt.cpp - The dlc optimizer driver -----------------------------===//
//
// Like mlir-opt, with the dlc dialect, every pass of every layer (upstream's,
// the dialect's, the training-step generation of passes/, the lowering,
// code generation and the CPU target) and the CPU target's named pipeline.
//
//===----------------------------------------------------------------------===//
#include "dlc/Conversion/AllReduceBufferization.h"
#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Target/CPU/Pipeline.h"
#include "dlc/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  dlc::registerCpuPipeline();
  dlc::registerDlcTransformsPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<dlc::DlcDialect>();
  dlc::registerAllReduceBufferization(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
