//===- JitFunction.cpp - A model function JIT-compiled for the host CPU ---===//
#include "dlc/Compiler/JitFunction.h"

#include "dlc/Target/CPU/Pipeline.h"
#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Compiler/ExternalConstants.h"

#include "dlc/Runtime/BufferPool.h"
#include "dlc/Runtime/ThreadPool.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Support/Timing.h"
#include "dlc/Dialect/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

dlc::Result<dlc::DType> dlc::dtypeOf(Type type) {
  if (type.isF32())
    return DType::Float32;
  if (type.isF64())
    return DType::Float64;
  if (type.isF16())
    return DType::Float16;
  if (type.isBF16())
    return DType::BFloat16;
  if (type.isInteger(1))
    return DType::Bool;
  if (type.isInteger(8))
    return DType::Int8;
  if (type.isInteger(32))
    return DType::Int32;
  if (type.isInteger(64))
    return DType::Int64;
  std::string name;
  llvm::raw_string_ostream(name) << type;
  return Status::error("element type " + name + " has no runtime dtype");
}

Type dlc::elementTypeOf(DType dtype, MLIRContext &context) {
  switch (dtype) {
  case DType::Float32:
    return Float32Type::get(&context);
  case DType::Float64:
    return Float64Type::get(&context);
  case DType::Int8:
  case DType::UInt8:
    return IntegerType::get(&context, 8);
  case DType::Int32:
    return IntegerType::get(&context, 32);
  case DType::Int64:
    return IntegerType::get(&context, 64);
  case DType::Bool:
    return IntegerType::get(&context, 1);
  case DType::Float16:
    return Float16Type::get(&context);
  case DType::BFloat16:
    return BFloat16Type::get(&context);
  }
  llvm_unreachable("unknown dtype");
}

namespace {

/// MLIR's pass-manager debugging flags (`--mlir-print-ir-after-all`,
/// `--mlir-print-ir-before=PASS`, `--mlir-timing`, ...) read once from the
/// environment variable DLC_MLIR_OPTIONS, so that every program that compiles
/// through the JIT (dlc run/train, drivers linking libdlc) can show its IR.
/// With `--mlir-timing`, the pass manager reports the time of each pass.
mlir::LogicalResult applyDebugOptions(PassManager &pm) {
  static const bool parsed = [] {
    dlc::registerCpuPipeline(); // pass names for --mlir-print-ir-after=PASS
    registerPassManagerCLOptions();
    registerAsmPrinterCLOptions(); // --mlir-elide-elementsattrs-if-larger
    registerDefaultTimingManagerCLOptions();
    const char *programName = "dlc";
    llvm::cl::ParseCommandLineOptions(1, &programName, "", nullptr, nullptr,
                                      "DLC_MLIR_OPTIONS");
    return true;
  }();
  (void)parsed;
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  auto timing = std::make_unique<DefaultTimingManager>();
  applyDefaultTimingManagerCLOptions(*timing);
  if (timing->isEnabled())
    pm.enableTiming(std::move(timing)); // after the other instrumentations
  return success();
}

dlc::Result<dlc::TensorSpec> specOf(Type type, Attribute name) {
  auto tensorType = cast<RankedTensorType>(type);
  dlc::Result<dlc::DType> dtype = dlc::dtypeOf(tensorType.getElementType());
  if (!dtype)
    return dtype.status();
  auto nameAttr = dyn_cast_if_present<StringAttr>(name);
  return dlc::TensorSpec{nameAttr ? nameAttr.str() : std::string(), *dtype,
                         std::vector<int64_t>(tensorType.getShape().begin(),
                                              tensorType.getShape().end())};
}

} // namespace

dlc::Result<std::unique_ptr<dlc::JitFunction>>
dlc::JitFunction::compile(ModuleOp source,
                          const std::vector<std::vector<int64_t>> &inputShapes,
                          const std::string &entry, int64_t vectorWidth) {
  if (vectorWidth != 0 && vectorWidth != 4 && vectorWidth != 8 &&
      vectorWidth != 16)
    return Status::error("vector width " + std::to_string(vectorWidth) +
                         " is none of 4, 8 and 16 lanes (0: the host's)");
  MLIRContext &context = *source.getContext();
  DiagnosticCollector diagnostics(context);
  OwningOpRef<ModuleOp> module = source.clone();
  auto main = module->lookupSymbol<func::FuncOp>(entry);
  if (!main)
    return Status::error("the module has no @" + entry + " function");
  for (auto other : llvm::make_early_inc_range(module->getOps<func::FuncOp>()))
    if (other != main)
      other.erase();

  std::unique_ptr<JitFunction> function(new JitFunction());
  function->entry_ = entry;
  // Bind shapes first to learn the output shapes the caller must allocate.
  PassManager shapes(&context);
  ShapeInferenceOptions shapeOptions;
  shapeOptions.inputShapes = formatInputShapes(inputShapes);
  shapes.addNestedPass<func::FuncOp>(createShapeInference(shapeOptions));
  if (failed(shapes.run(*module)))
    return diagnostics.toStatus("shape inference failed");
  for (unsigned i = 0; i < main.getNumArguments(); ++i) {
    Result<TensorSpec> spec =
        specOf(main.getArgumentTypes()[i], main.getArgAttr(i, "dlc.name"));
    if (!spec)
      return spec.status();
    function->inputs_.push_back(*spec);
  }
  for (unsigned i = 0; i < main.getNumResults(); ++i) {
    Result<TensorSpec> spec =
        specOf(main.getResultTypes()[i], main.getResultAttr(i, "dlc.name"));
    if (!spec)
      return spec.status();
    function->outputs_.push_back(*spec);
  }

  PassManager pm(&context);
  CpuPipelineOptions options;
  // Cut into tasks for the threads the code will run on.
  options.threads = ThreadPool::global().threadCount();
  options.vectorWidth = vectorWidth;
  buildCpuPipeline(pm, options);
  if (failed(applyDebugOptions(pm)))
    return diagnostics.toStatus("invalid DLC_MLIR_OPTIONS");
  if (failed(pm.run(*module)))
    return diagnostics.toStatus("compilation failed");

  function->constants_ = std::make_unique<ExternalConstants>();
  function->constants_->takeFrom(*module);

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(context);
  registerLLVMDialectTranslation(context);
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                /*targetMachine=*/nullptr);
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize;
  // Strided memref copies lower to a call into MLIR's C runner utilities.
  llvm::StringRef runtimeLibraries[] = {DLC_MLIR_C_RUNNER_UTILS};
  engineOptions.sharedLibPaths = runtimeLibraries;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(*module, engineOptions);
  if (!engine)
    return Status::error("JIT compilation failed: " +
                         llvm::toString(engine.takeError()));
  // Weights are in buffers of their own; buffers come from the runtime's
  // pool (generic allocation functions), parallel loops run on its threads.
  const ExternalConstants &constants = *function->constants_;
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    for (auto [name, address] : constants.symbols())
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                 llvm::JITSymbolFlags::Exported};
    auto add = [&](llvm::StringRef name, auto *function) {
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                                 llvm::JITSymbolFlags::Exported};
    };
    add("_mlir_memref_to_llvm_alloc", &_mlir_memref_to_llvm_alloc);
    add("_mlir_memref_to_llvm_aligned_alloc",
        &_mlir_memref_to_llvm_aligned_alloc);
    add("_mlir_memref_to_llvm_free", &_mlir_memref_to_llvm_free);
    add("dlc_parallel_for", &dlc_parallel_for);
    return symbols;
  });
  function->engine_ = std::move(*engine);
  return function;
}

dlc::JitFunction::~JitFunction() = default;

dlc::Result<std::vector<dlc::Tensor>>
dlc::JitFunction::run(const std::vector<Tensor> &inputs,
                      std::vector<Tensor> reusable) const {
  if (inputs.size() != inputs_.size())
    return Status::error("expected " + std::to_string(inputs_.size()) +
                         " inputs, got " + std::to_string(inputs.size()));
  std::vector<void *> pointers;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].dtype() != inputs_[i].dtype ||
        inputs[i].shape() != inputs_[i].shape)
      return Status::error("input '" + inputs_[i].name +
                           "' does not match the compiled signature");
    pointers.push_back(const_cast<void *>(inputs[i].data()));
  }
  std::vector<Tensor> outputs;
  for (auto [i, spec] : llvm::enumerate(outputs_)) {
    bool reuse = i < reusable.size() && reusable[i].dtype() == spec.dtype &&
                 reusable[i].shape() == spec.shape &&
                 reusable[i].ownsBufferAlone();
    if (reuse)
      outputs.push_back(std::move(reusable[i]));
    else
      outputs.emplace_back(spec.dtype, spec.shape);
    pointers.push_back(outputs.back().data());
  }
  // invokePacked takes a pointer to each argument value.
  std::vector<void *> arguments;
  for (void *&pointer : pointers)
    arguments.push_back(&pointer);
  if (llvm::Error error = engine_->invokePacked(entry_, arguments))
    return Status::error("running the compiled model failed: " +
                         llvm::toString(std::move(error)));
  return outputs;
}
