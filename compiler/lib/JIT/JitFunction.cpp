//===- JitFunction.cpp - A model function JIT-compiled for the host CPU ---===//
#include "dlc/Compiler/JitFunction.h"

#include "dlc/Compiler/ExternalConstants.h"
#include "dlc/Runtime/BufferPool.h"
#include "dlc/Runtime/ProcessGroup.h"
#include "dlc/Runtime/RuntimeChecks.h"
#include "dlc/Runtime/ThreadPool.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

dlc::Result<std::unique_ptr<dlc::JitFunction>>
dlc::JitFunction::compile(ModuleOp source,
                          const std::vector<std::vector<int64_t>> &inputShapes,
                          const std::string &entry, int64_t vectorWidth) {
  if (vectorWidth != 0 && vectorWidth != 4 && vectorWidth != 8 &&
      vectorWidth != 16)
    return Status::error("vector width " + std::to_string(vectorWidth) +
                         " is none of 4, 8 and 16 lanes (0: the host's)");
  CpuPipelineOptions options;
  // Cut into tasks for the threads the code will run on.
  options.threads = ThreadPool::global().threadCount();
  options.vectorWidth = vectorWidth;
  options.runtimeChecks = runtimeChecksEnabled();
  Result<LoweredFunction> lowered =
      lowerFunction(source, inputShapes, entry, options);
  if (!lowered)
    return lowered.status();
  std::unique_ptr<JitFunction> function(new JitFunction());
  function->entry_ = entry;
  function->inputs_ = lowered->inputs;
  function->outputs_ = lowered->outputs;
  OwningOpRef<ModuleOp> module = std::move(lowered->module);
  MLIRContext &context = *source.getContext();

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
    add("dlc_runtime_check_failed", &dlc_runtime_check_failed);
    add("dlc_all_reduce_enqueue", &dlc_all_reduce_enqueue);
    add("dlc_all_reduce_run", &dlc_all_reduce_run);
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
