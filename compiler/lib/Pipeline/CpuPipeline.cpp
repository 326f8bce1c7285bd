//===- CpuPipeline.cpp - The pipeline from dlc to LLVM for CPUs -----------===//
#include "dlc/Compiler/CpuPipeline.h"

#include "llvm/ADT/StringExtras.h"

#include "dlc/Conversion/Passes.h"
#include "dlc/Target/CPU/Passes.h"
#include "dlc/Transforms/Passes.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"

#include <mutex>
#include "llvm/Support/Threading.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

int64_t dlc::hostVectorWidth() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return 16;
  if (features.lookup("avx2") || features.lookup("avx"))
    return 8;
  return 4;
}

int64_t dlc::hostThreadCount() {
  return llvm::hardware_concurrency().compute_thread_count();
}

void dlc::registerAllPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    registerDlcTransformsPasses();
    registerDlcConversionPasses();
    cpu::registerDlcCpuPasses();
    PassPipelineRegistration<CpuPipelineOptions>(
        "dlc-cpu-pipeline",
        "Lower dlc to the LLVM dialect for this CPU (vectorized)",
        buildCpuPipeline);
  });
}

void dlc::buildCpuPipeline(OpPassManager &pm,
                           const CpuPipelineOptions &options) {
  // The pipeline is partly spelled as pass names, which must be registered.
  registerAllPasses();
  int64_t width = options.vectorWidth ? options.vectorWidth : hostVectorWidth();
  ShapeInferenceOptions shapeOptions;
  shapeOptions.inputShapes = options.inputShapes;
  pm.addNestedPass<func::FuncOp>(createShapeInference(shapeOptions));
  VectorizeLinalgOptions vectorOptions;
  vectorOptions.vectorWidth = width;

  // Upstream passes are spelled as in mlir-opt so the pipeline reads like the
  // command line that reproduces it.
  auto addUpstream = [&](StringRef pipeline) {
    if (failed(parsePassPipeline(pipeline, pm)))
      llvm::report_fatal_error("invalid built-in pass pipeline");
  };
  addUpstream("canonicalize,cse,func.func(convert-dlc-to-linalg),"
              "canonicalize");
  // The CPU target's strategy: elementwise fusion that leaves its root ops
  // named; root ops get a lowering configuration, and are tiled and
  // vectorized by it while still on tensors.
  pm.addNestedPass<func::FuncOp>(cpu::createFuseElementwise());
  cpu::SelectLoweringOptions loweringOptions;
  loweringOptions.vectorWidth = width;
  // Twice as many tasks as threads: a task that ends with a smaller tile
  // is then a small part of its thread's work.
  int64_t threads = options.threads ? options.threads : hostThreadCount();
  loweringOptions.parallelTasks = threads > 1 ? 2 * threads : 1;
  pm.addNestedPass<func::FuncOp>(cpu::createSelectLowering(loweringOptions));
  pm.addNestedPass<func::FuncOp>(cpu::createTileAndVectorize());
  addUpstream("canonicalize,cse,"
              "func.func(dlc-flatten-empty-boundary-tensors),"
              "func.func(dlc-copy-aliased-results),"
              "one-shot-bufferize{bufferize-function-boundaries "
              "function-boundary-type-conversion=identity-layout-map},"
              "buffer-results-to-out-params{modify-public-functions "
              "hoist-static-allocs},canonicalize,"
              "buffer-deallocation-pipeline");
  pm.addNestedPass<func::FuncOp>(createVectorizeLinalg(vectorOptions));
  pm.addNestedPass<func::FuncOp>(cpu::createHoistVectorTransfers());
  addUpstream("func.func(convert-linalg-to-loops),canonicalize,cse,"
              "dlc-cpu-outline-parallel-loops,"
              "func.func(dlc-cpu-approximate-math),"
              "func.func(lower-vector-multi-reduction),"
              "convert-vector-to-scf{full-unroll},"
              "func.func(dlc-hoist-static-allocas),"
              "lower-affine,convert-scf-to-cf,"
              "expand-strided-metadata,lower-affine,"
              "convert-vector-to-llvm{reassociate-fp-reductions},"
              "convert-math-to-llvm,convert-math-to-libm,"
              "finalize-memref-to-llvm{use-generic-functions},"
              "convert-arith-to-llvm,"
              "convert-index-to-llvm,"
              "convert-func-to-llvm{use-bare-ptr-memref-call-conv},"
              "convert-cf-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts");
}

std::string
dlc::formatInputShapes(const std::vector<std::vector<int64_t>> &shapes) {
  std::vector<std::string> entries;
  for (const std::vector<int64_t> &shape : shapes)
    entries.push_back(llvm::join(
        llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }),
        "x"));
  return llvm::join(entries, ",");
}
