//===- ObjectFile.cpp - A lowered function as LLVM IR or an object file ---===//
#include "dlc/Compiler/ObjectFile.h"

#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Runtime/CpuFeatures.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;

namespace {

/// "input NAME DTYPE D0,D1,..." for one tensor.
std::string signatureLine(const char *role, const dlc::TensorSpec &spec,
                          bool batchFirst) {
  std::string line = std::string(role) + " " + spec.name + " " +
                     dlc::dtypeName(spec.dtype) + " ";
  for (size_t i = 0; i < spec.shape.size(); ++i)
    line += (i ? "," : "") + std::to_string(spec.shape[i]);
  return line + (batchFirst ? " batch" : "") + "\n";
}

/// `symbol`_run(void **buffers): loads the data pointers and calls `entry`.
dlc::Status addRunFunction(llvm::Module &module, llvm::Function &entry,
                           const std::string &symbol, size_t bufferCount) {
  if (entry.arg_size() != bufferCount ||
      llvm::any_of(entry.args(), [](const llvm::Argument &argument) {
        return !argument.getType()->isPointerTy();
      }))
    return dlc::Status::error(
        "the compiled function does not take one pointer per tensor");
  llvm::LLVMContext &context = module.getContext();
  auto *pointer = llvm::PointerType::getUnqual(context);
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                       {pointer}, /*isVarArg=*/false);
  auto *run = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                     symbol + "_run", module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", run));
  llvm::SmallVector<llvm::Value *> arguments;
  for (unsigned i = 0; i < bufferCount; ++i)
    arguments.push_back(builder.CreateLoad(
        pointer, builder.CreateConstGEP1_64(pointer, run->getArg(0), i)));
  builder.CreateCall(&entry, arguments);
  builder.CreateRetVoid();
  return dlc::Status::ok();
}

/// Constants from this many bytes on are shared (weights, not the small
/// tables the code reads).
constexpr uint64_t kSharedConstantBytes = 4096;

/// The bytes of `value` as it lies in memory, when it is made of data
/// arrays (the form weights take); false otherwise.
bool appendConstantBytes(const llvm::Constant *value,
                         const llvm::DataLayout &layout, std::string &bytes) {
  if (auto *data = llvm::dyn_cast<llvm::ConstantDataSequential>(value)) {
    bytes += data->getRawDataValues();
    return true;
  }
  if (llvm::isa<llvm::ConstantAggregateZero>(value)) {
    bytes.append(layout.getTypeAllocSize(value->getType()), '\0');
    return true;
  }
  if (auto *array = llvm::dyn_cast<llvm::ConstantArray>(value)) {
    for (const llvm::Use &element : array->operands())
      if (!appendConstantBytes(llvm::cast<llvm::Constant>(element.get()),
                               layout, bytes))
        return false;
    return true;
  }
  return false;
}

/// Moves the large internal constants of `module` to `shared`, each named
/// by its contents, and leaves declarations of those names: the same
/// weights in several objects then refer to one definition.
void shareLargeConstants(llvm::Module &module,
                         std::vector<dlc::SharedConstant> &shared) {
  const llvm::DataLayout &layout = module.getDataLayout();
  std::vector<llvm::GlobalVariable *> large;
  for (llvm::GlobalVariable &global : module.globals())
    if (global.hasInitializer() && global.isConstant() &&
        global.hasLocalLinkage() &&
        layout.getTypeAllocSize(global.getValueType()) >= kSharedConstantBytes)
      large.push_back(&global);
  for (llvm::GlobalVariable *global : large) {
    std::string bytes;
    if (!appendConstantBytes(global->getInitializer(), layout, bytes) ||
        bytes.size() != layout.getTypeAllocSize(global->getValueType()))
      continue;
    std::string symbol = "dlc_constant_" +
                         llvm::utohexstr(llvm::xxh3_64bits(bytes)) + "_" +
                         std::to_string(bytes.size());
    // The same weights twice in one function share one declaration too.
    if (llvm::GlobalVariable *existing = module.getNamedGlobal(symbol)) {
      global->replaceAllUsesWith(existing);
      global->eraseFromParent();
      continue;
    }
    uint64_t alignment = std::max<uint64_t>(global->getAlign().valueOrOne().value(), 64);
    shared.push_back({symbol, std::move(bytes), alignment});
    global->setInitializer(nullptr);
    global->setLinkage(llvm::GlobalValue::ExternalLinkage);
    global->setVisibility(llvm::GlobalValue::HiddenVisibility);
    global->setName(symbol);
  }
}

/// An exported constant C string.
void addString(llvm::Module &module, const std::string &name,
               const std::string &text) {
  llvm::Constant *value =
      llvm::ConstantDataArray::getString(module.getContext(), text);
  new llvm::GlobalVariable(module, value->getType(), /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage, value, name);
}

/// Machine code for `module` into `out`, as an object file.
dlc::Status emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                       llvm::raw_pwrite_stream &out) {
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, out, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return dlc::Status::error("the target cannot emit object files");
  codegen.run(module);
  return dlc::Status::ok();
}

} // namespace

dlc::Result<std::unique_ptr<llvm::TargetMachine>>
dlc::createTargetMachine(const std::string &cpu) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return Status::error("no code generator for " + triple.str() + ": " +
                         error);
  std::string cpuName = cpu == "native" ? llvm::sys::getHostCPUName().str() : cpu;
  std::string features;
  if (cpu == "native") {
    llvm::SubtargetFeatures hostFeatures;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(feature.getKey(), feature.getValue());
    features = hostFeatures.getString();
  }
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpuName))
    return Status::error("--cpu=" + cpu + ": not a CPU LLVM knows for " +
                         triple.str() +
                         " (try native, x86-64-v3, x86-64-v4 or znver4)");
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpuName, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return Status::error("cannot create a code generator for --cpu=" + cpu);
  return machine;
}

int64_t dlc::vectorWidthOf(const llvm::TargetMachine &machine) {
  const llvm::MCSubtargetInfo &subtarget = *machine.getMCSubtargetInfo();
  if (subtarget.checkFeatures("+avx512f"))
    return 16;
  if (subtarget.checkFeatures("+avx"))
    return 8;
  return 4;
}

dlc::Status dlc::writeCompiledFunction(LoweredFunction &function,
                                       const std::string &entry,
                                       llvm::TargetMachine &machine,
                                       const std::string &symbol,
                                       EmitKind kind,
                                       llvm::raw_pwrite_stream &out,
                                       bool batchFirst,
                                       std::vector<SharedConstant> *shared) {
  MLIRContext &context = *function.module->getContext();
  DiagnosticCollector diagnostics(context);
  registerBuiltinDialectTranslation(context);
  registerLLVMDialectTranslation(context);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(*function.module, llvmContext, symbol);
  if (!module)
    return diagnostics.toStatus("translation to LLVM IR failed");
  module->setTargetTriple(machine.getTargetTriple());
  module->setDataLayout(machine.createDataLayout());

  llvm::Function *main = module->getFunction(entry);
  if (!main)
    return Status::error("the compiled module has no @" + entry);
  // Only the two symbols below are exported; the model's own names (main,
  // main_tasks_N, its weights) stay inside the object.
  main->setName(symbol + "_" + entry);
  for (llvm::Function &other : module->functions())
    if (!other.isDeclaration())
      other.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &global : module->globals())
    if (!global.isDeclaration())
      global.setLinkage(llvm::GlobalValue::InternalLinkage);
  DLC_RETURN_IF_ERROR(addRunFunction(
      *module, *main, symbol,
      function.inputs.size() + function.outputs.size()));
  // Every function is compiled for the chosen CPU (the model's function is
  // inlined into the run function).
  for (llvm::Function &defined : module->functions())
    if (!defined.isDeclaration()) {
      defined.addFnAttr("target-cpu", machine.getTargetCPU());
      defined.addFnAttr("target-features", machine.getTargetFeatureString());
    }
  std::string signature;
  for (const TensorSpec &input : function.inputs)
    signature += signatureLine("input", input, batchFirst);
  for (const TensorSpec &output : function.outputs)
    signature += signatureLine("output", output, batchFirst);
  addString(*module, symbol + "_signature", signature);
  // The extensions the program checks for when it starts.
  std::string features;
  for (const std::string &feature : checkableCpuFeatures())
    if (machine.getMCSubtargetInfo()->checkFeatures("+" + feature))
      features += (features.empty() ? "" : ",") + feature;
  addString(*module, symbol + "_cpu_features", features);

  if (llvm::Error error = makeOptimizingTransformer(
          /*optLevel=*/3, /*sizeLevel=*/0, &machine)(module.get()))
    return Status::error("optimizing the compiled code failed: " +
                         llvm::toString(std::move(error)));
  if (shared)
    shareLargeConstants(*module, *shared);
  if (llvm::verifyModule(*module, &llvm::errs()))
    return Status::error("the compiled module is not valid LLVM IR");
  if (kind == EmitKind::LlvmIr) {
    module->print(out, nullptr);
    return Status::ok();
  }
  return emitObject(*module, machine, out);
}

dlc::Status dlc::writeFunctionTable(
    const std::string &tableName, const std::vector<TableEntry> &entries,
    const std::vector<std::pair<std::string, std::string>> &blobs,
    const std::vector<SharedConstant> &constants,
    const WeightsPlacement &weights, llvm::TargetMachine &machine,
    llvm::raw_pwrite_stream &out) {
  llvm::LLVMContext context;
  llvm::Module module(tableName, context);
  module.setTargetTriple(machine.getTargetTriple());
  module.setDataLayout(machine.createDataLayout());
  auto *pointer = llvm::PointerType::getUnqual(context);
  auto *int64 = llvm::Type::getInt64Ty(context);
  auto *runType = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                          {pointer}, /*isVarArg=*/false);
  auto constantString = [&](const std::string &text, const std::string &name,
                            llvm::GlobalValue::LinkageTypes linkage) {
    llvm::Constant *value = llvm::ConstantDataArray::getString(context, text);
    return new llvm::GlobalVariable(module, value->getType(),
                                    /*isConstant=*/true, linkage, value, name);
  };
  // {role, batch, run, signature, cpu features} per entry, then a null
  // role.
  auto *entryType =
      llvm::StructType::get(pointer, int64, pointer, pointer, pointer);
  std::vector<llvm::Constant *> rows;
  for (const TableEntry &entry : entries) {
    llvm::Function *run =
        llvm::Function::Create(runType, llvm::GlobalValue::ExternalLinkage,
                               entry.symbol + "_run", module);
    auto external = [&](const std::string &name) {
      return new llvm::GlobalVariable(
          module, llvm::Type::getInt8Ty(context), /*isConstant=*/true,
          llvm::GlobalValue::ExternalLinkage, nullptr, name);
    };
    rows.push_back(llvm::ConstantStruct::get(
        entryType,
        {constantString(entry.role, "", llvm::GlobalValue::PrivateLinkage),
         llvm::ConstantInt::get(int64, entry.batch), run,
         external(entry.symbol + "_signature"),
         external(entry.symbol + "_cpu_features")}));
  }
  rows.push_back(llvm::Constant::getNullValue(entryType));
  auto *tableType = llvm::ArrayType::get(entryType, rows.size());
  new llvm::GlobalVariable(module, tableType, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantArray::get(tableType, rows),
                           tableName);
  for (const auto &[name, bytes] : blobs) {
    llvm::Constant *data = llvm::ConstantDataArray::get(
        context, llvm::ArrayRef<uint8_t>(
                     reinterpret_cast<const uint8_t *>(bytes.data()),
                     bytes.size()));
    auto *global = new llvm::GlobalVariable(
        module, data->getType(), /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, data, name);
    global->setAlignment(llvm::Align(64));
    new llvm::GlobalVariable(module, int64, /*isConstant=*/true,
                             llvm::GlobalValue::ExternalLinkage,
                             llvm::ConstantInt::get(int64, bytes.size()),
                             name + "_size");
  }
  // The shared constants, and the rows that fill them from a weights file.
  auto *weightType = llvm::StructType::get(pointer, int64, int64);
  std::vector<llvm::Constant *> weightRows;
  for (size_t i = 0; i < constants.size(); ++i) {
    const SharedConstant &constant = constants[i];
    auto *type = llvm::ArrayType::get(llvm::Type::getInt8Ty(context),
                                      constant.bytes.size());
    llvm::Constant *value =
        weights.inFile
            ? llvm::ConstantAggregateZero::get(type)
            : llvm::ConstantDataArray::get(
                  context, llvm::ArrayRef<uint8_t>(
                               reinterpret_cast<const uint8_t *>(
                                   constant.bytes.data()),
                               constant.bytes.size()));
    auto *global = new llvm::GlobalVariable(
        module, type, /*isConstant=*/!weights.inFile,
        llvm::GlobalValue::ExternalLinkage, value, constant.symbol);
    global->setVisibility(llvm::GlobalValue::HiddenVisibility);
    global->setAlignment(llvm::Align(constant.alignment));
    if (weights.inFile)
      weightRows.push_back(llvm::ConstantStruct::get(
          weightType, {global, llvm::ConstantInt::get(int64, weights.offsets[i]),
                       llvm::ConstantInt::get(int64, constant.bytes.size())}));
  }
  weightRows.push_back(llvm::Constant::getNullValue(weightType));
  auto *weightTableType = llvm::ArrayType::get(weightType, weightRows.size());
  new llvm::GlobalVariable(module, weightTableType, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantArray::get(weightTableType, weightRows),
                           tableName + "_weights");
  addString(module, tableName + "_weights_file",
            weights.inFile ? weights.fileName : "");
  new llvm::GlobalVariable(module, int64, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantInt::get(int64, weights.digest),
                           tableName + "_weights_digest");
  if (llvm::verifyModule(module, &llvm::errs()))
    return Status::error("the function table is not valid LLVM IR");
  return emitObject(module, machine, out);
}
