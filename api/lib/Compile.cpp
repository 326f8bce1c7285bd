//===- Compile.cpp - Compile a model file ahead of time -------------------===//
#include "dlc/Api/Compile.h"

#include "CompileTrainer.h"
#include "InputShapes.h"
#include "CompilerContext.h"
#include "FunctionTable.h"

#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Compiler/ObjectFile.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"
#include "dlc/Runtime/RuntimeChecks.h"
#include "dlc/Runtime/ThreadPool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <functional>
#include <set>

using namespace mlir;

namespace dlc {

namespace {


/// Whether every data input and every output leads with the same symbolic
/// (batch) dimension, so that a batch may run in pieces.
bool leadsWithBatch(const proto::Model &model) {
  std::set<std::string> initializers;
  for (const proto::Tensor &tensor : model.graph().initializers())
    initializers.insert(tensor.name());
  std::set<std::string> symbols;
  auto addFirst = [&](const proto::ValueInfo &info) {
    symbols.insert(info.shape_size() > 0 &&
                           info.shape(0).value_case() == proto::Dim::kSymbol
                       ? info.shape(0).symbol()
                       : "");
  };
  for (const proto::ValueInfo &info : model.graph().inputs())
    if (!initializers.count(info.name()))
      addFirst(info);
  for (const proto::ValueInfo &info : model.graph().outputs())
    addFirst(info);
  return symbols.size() == 1 && !symbols.begin()->empty();
}

/// A program or library: @main for `batch` samples and, when every tensor
/// leads with the batch, for each power of two below it, in a function
/// table (runtime/include/dlc/Runtime/BatchedFunction.h), linked with the
/// runtime; their weights once, inside or in `weightsPath`.
Status compileProgram(
    const proto::Model &model, const std::string &modelPath,
    const std::string &outputPath, int64_t batch, bool sharedLibrary,
    const std::string &weightsPath,
    const std::function<Result<OwningOpRef<ModuleOp>>(int64_t)> &importFor,
    llvm::TargetMachine &machine) {
  bool batchFirst = leadsWithBatch(model);
  std::vector<int64_t> sizes{batch};
  for (int64_t size = 1; batchFirst && size < batch; size *= 2)
    sizes.push_back(size);
  Result<TemporaryFolder> folder = TemporaryFolder::create("dlc-compile");
  if (!folder)
    return folder.status();
  FunctionTableBuilder table(*folder, machine, modelPath);
  for (int64_t size : sizes) {
    Result<OwningOpRef<ModuleOp>> module = importFor(size);
    if (!module)
      return module.status();
    DLC_RETURN_IF_ERROR(table.add(**module, "main", "run", size, batchFirst));
  }
  Result<std::vector<std::string>> objects =
      table.finish("dlc_compiled_functions", {}, weightsPath);
  if (!objects)
    return objects.status();
  if (sharedLibrary)
    return linkSharedLibrary(*objects, {"DlcModelLibrary", "DlcCInterface"},
                             {"DlcRuntimeCore"}, "dlc_model_*",
                             {"dlc_common.h", "dlc_model.h"}, outputPath);
  return linkProgram(*objects, {"DlcExecutableMain", "DlcRuntimeCore"},
                     outputPath);
}

} // namespace

Status compileModelFile(const std::string &modelPath,
                        const std::string &outputPath,
                        const CompileOptions &options) {
  if (options.emit != "mlir" && options.emit != "llvm" &&
      options.emit != "obj" && options.emit != "exe" && options.emit != "lib")
    return Status::error("--emit=" + options.emit +
                         ": expected exe, lib, obj, llvm or mlir");
  bool linked = options.emit == "exe" || options.emit == "lib";
  if (linked && options.symbol != CompileOptions().symbol)
    return Status::error("--symbol names an object's exports; programs and "
                         "libraries have their own interface");
  if (options.batch < 0)
    return Status::error("--batch must be at least 1, got " +
                         std::to_string(options.batch));
  if (!options.weights.empty() && (!linked || options.train))
    return Status::error("--weights applies to programs and libraries that "
                         "run a model (--emit=exe|lib without --train)");
  if (options.train && !linked)
    return Status::error("--train writes programs (--emit=exe) and libraries "
                         "(--emit=lib), not --emit=" + options.emit);
  Result<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options.cpu);
  if (!machine)
    return machine.status();
  if (options.train)
    return compileTrainer(modelPath, outputPath, options.batch,
                          options.emit == "lib", **machine);
  Result<proto::Model> model = loadModelFile(modelPath);
  if (!model)
    return model.status();
  int64_t batch = options.batch ? options.batch : 1;
  std::unique_ptr<MLIRContext> owner = createCompilerContext();
  MLIRContext &context = *owner;
  // @main with the inputs' batch dimension set to `size`.
  auto importFor = [&](int64_t size) -> Result<OwningOpRef<ModuleOp>> {
    auto shapes = inputShapesOf(*model, modelPath, size);
    if (!shapes)
      return shapes.status();
    DiagnosticCollector diagnostics(context);
    ImportOptions importOptions;
    importOptions.inputShapes = *shapes;
    OwningOpRef<ModuleOp> module =
        importModel(context, *model, modelPath, importOptions);
    if (!module)
      return diagnostics.toStatus(modelPath + ": import failed");
    return module;
  };
  if (linked)
    return compileProgram(*model, modelPath, outputPath, batch,
                          options.emit == "lib", options.weights, importFor,
                          **machine);

  Result<OwningOpRef<ModuleOp>> module = importFor(batch);
  if (!module)
    return module.status();
  auto main = (*module)->lookupSymbol<func::FuncOp>("main");
  std::vector<std::vector<int64_t>> inputShapes;
  for (Type type : main.getArgumentTypes()) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
    inputShapes.emplace_back(shape.begin(), shape.end());
  }
  CpuPipelineOptions pipeline;
  pipeline.vectorWidth = vectorWidthOf(**machine);
  // Tasks for this machine's threads; the code runs on any number.
  pipeline.threads = ThreadPool::global().threadCount();
  pipeline.runtimeChecks = runtimeChecksEnabled();
  Result<LoweredFunction> lowered =
      lowerFunction(**module, inputShapes, "main", pipeline);
  if (!lowered)
    return Status::error(modelPath + ": " + lowered.status().message());

  std::error_code error;
  llvm::ToolOutputFile output(outputPath, error,
                              options.emit == "obj" ? llvm::sys::fs::OF_None
                                                    : llvm::sys::fs::OF_Text);
  if (error)
    return Status::error(outputPath + ": " + error.message());
  if (options.emit == "mlir")
    lowered->module->print(output.os());
  else
    DLC_RETURN_IF_ERROR(writeCompiledFunction(
        *lowered, "main", **machine, options.symbol,
        options.emit == "llvm" ? EmitKind::LlvmIr : EmitKind::Object,
        output.os()));
  output.keep();
  return Status::ok();
}

} // namespace dlc
