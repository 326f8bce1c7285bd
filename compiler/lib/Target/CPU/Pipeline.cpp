//===- Pipeline.cpp - The CPU target's pipeline from dlc to LLVM ----------===//
//
// Built in C++ from typed options. `dlc-opt --dlc-cpu-pipeline
// --dump-pass-pipeline` prints it as the textual pipeline mlir-opt takes,
// every pass with its options.
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/Pipeline.h"

#include "dlc/Codegen/Passes.h"
#include "dlc/Conversion/Passes.h"
#include "dlc/Dialect/Transforms/Passes.h"
#include "dlc/Target/CPU/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Threading.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

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

void dlc::registerCpuPipeline() {
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    registerDlcDialectTransformsPasses();
    registerDlcConversionPasses();
    registerDlcCodegenPasses();
    cpu::registerDlcCpuPasses();
    PassPipelineRegistration<CpuPipelineOptions>(
        "dlc-cpu-pipeline",
        "Lower dlc to the LLVM dialect for this CPU (vectorized)",
        buildCpuPipeline);
  });
}

namespace {

/// dlc on tensors of any shape -> linalg on tensors of static shape, tiled,
/// vectorized and cut into parallel tasks by the CPU target's strategy.
void addTensorStages(OpPassManager &pm, const dlc::CpuPipelineOptions &options,
                     int64_t vectorWidth) {
  dlc::ShapeInferenceOptions shapes;
  shapes.inputShapes = options.inputShapes;
  pm.addNestedPass<func::FuncOp>(dlc::createShapeInference(shapes));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  int64_t threads = options.threads ? options.threads : dlc::hostThreadCount();
  dlc::ConvertDlcToLinalgOptions lowering;
  // A recurrent op's blocks of batch rows each step through the sequence
  // on a thread of their own.
  lowering.recurrentRowBlocks = threads;
  lowering.checkIndices = options.runtimeChecks;
  pm.addNestedPass<func::FuncOp>(dlc::createConvertDlcToLinalg(lowering));
  pm.addPass(createCanonicalizerPass());
  // Elementwise fusion that leaves the strategy's root ops named; the root
  // ops get a lowering configuration and are tiled and vectorized by it
  // while still on tensors.
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createFuseElementwise());
  dlc::cpu::PackConvolutionsOptions packing;
  packing.vectorWidth = vectorWidth;
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createPackConvolutions(packing));
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createBlockChannels());
  dlc::cpu::SelectLoweringOptions strategy;
  strategy.vectorWidth = vectorWidth;
  // Twice as many tasks as threads: a task that ends with a smaller tile
  // is then a small part of its thread's work.
  strategy.parallelTasks = threads > 1 ? 2 * threads : 1;
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createSelectLowering(strategy));
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createTileAndVectorize());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createDecomposePads());
}

/// Tensors -> buffers owned by the caller (results as out-parameters),
/// then the generic vectorizer for every op without a strategy.
void addBufferStages(OpPassManager &pm, int64_t vectorWidth) {
  pm.addNestedPass<func::FuncOp>(dlc::createFlattenEmptyBoundaryTensors());
  pm.addNestedPass<func::FuncOp>(dlc::createCopyAliasedResults());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // The body of an ONNX Loop or Scan may compute a carried value into a
  // new buffer rather than in place; the loop then carries that buffer and
  // deallocation frees the previous iteration's.
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // A tile written back into the view it was read from bufferizes to a
  // copy between two equal views: merged, the copy folds away.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  // Scratch tiles of a few registers (a packed convolution's accumulators)
  // go on the stack rather than through the buffer pool.
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = 1024;
  pm.addNestedPass<func::FuncOp>(
      bufferization::createPromoteBuffersToStackPass(stack));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addNestedPass<func::FuncOp>(dlc::createStridedCopiesToLinalg());
  dlc::VectorizeLinalgOptions vectorize;
  vectorize.vectorWidth = vectorWidth;
  pm.addNestedPass<func::FuncOp>(dlc::createVectorizeLinalg(vectorize));
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createHoistVectorTransfers());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// Buffers and vectors -> the LLVM dialect: parallel loops become calls
/// into the runtime's thread pool, exp/log/tanh polynomials, allocations
/// calls into the runtime's buffer pool.
void addLLVMStages(OpPassManager &pm) {
  pm.addPass(dlc::cpu::createOutlineParallelLoops());
  pm.addNestedPass<func::FuncOp>(dlc::cpu::createApproximateMath());
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMultiReductionPass());
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addNestedPass<func::FuncOp>(dlc::createHoistStaticAllocas());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.reassociateFPReductions = true;
  // A 16x16 transpose (a packed convolution's accumulators) as AVX-512
  // shuffles; other shapes lower element by element as before.
  vectorToLLVM.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle16x16;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  // Math without an LLVM intrinsic (erf in f64) calls libm lane by lane; the
  // vector extracts and inserts of that unrolling need lowering too.
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(dlc::cpu::createWidenBoolVectorAccess());
}

} // namespace

void dlc::buildCpuPipeline(OpPassManager &pm,
                           const CpuPipelineOptions &options) {
  int64_t width = options.vectorWidth ? options.vectorWidth : hostVectorWidth();
  addTensorStages(pm, options, width);
  addBufferStages(pm, width);
  // On loops over buffers: every access is explicit, none is lowered yet.
  if (options.runtimeChecks)
    pm.addPass(dlc::cpu::createInsertRuntimeChecks());
  addLLVMStages(pm);
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
