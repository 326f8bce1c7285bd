//===- Compile.cpp - Compile a model file ahead of time -------------------===//
#include "dlc/Api/Compile.h"

#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Compiler/ObjectFile.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"
#include "dlc/Runtime/ThreadPool.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

#include <set>

using namespace mlir;

namespace dlc {

namespace {

/// The shape each graph input is compiled for: its declared one, with a
/// dynamic first dimension set to `batch`.
Result<std::map<std::string, std::vector<int64_t>>>
inputShapesOf(const proto::Model &model, const std::string &path,
              int64_t batch) {
  std::set<std::string> initializers;
  for (const proto::Tensor &tensor : model.graph().initializers())
    initializers.insert(tensor.name());
  std::vector<std::string> constantOperands = constantOperandInputs(model);
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const proto::ValueInfo &info : model.graph().inputs()) {
    if (initializers.count(info.name()))
      continue;
    if (llvm::is_contained(constantOperands, info.name()))
      return Status::error(path + ": input '" + info.name() +
                           "' is read as a constant (a shape or axes); "
                           "compiling it ahead of time needs its value");
    std::vector<int64_t> shape;
    for (int i = 0; i < info.shape_size(); ++i) {
      const proto::Dim &dim = info.shape(i);
      if (dim.value_case() == proto::Dim::kSize)
        shape.push_back(dim.size());
      else if (i == 0)
        shape.push_back(batch);
      else
        return Status::error(path + ": input '" + info.name() +
                             "': dimension " + std::to_string(i) +
                             " is dynamic; only the first (batch) may be");
    }
    shapes[info.name()] = shape;
  }
  return shapes;
}

} // namespace

Status compileModelFile(const std::string &modelPath,
                        const std::string &outputPath,
                        const CompileOptions &options) {
  if (options.emit != "mlir" && options.emit != "llvm" &&
      options.emit != "obj")
    return Status::error("--emit=" + options.emit +
                         ": expected mlir, llvm or obj");
  if (options.batch < 1)
    return Status::error("--batch must be at least 1, got " +
                         std::to_string(options.batch));
  Result<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options.cpu);
  if (!machine)
    return machine.status();
  Result<proto::Model> model = loadModelFile(modelPath);
  if (!model)
    return model.status();
  auto shapes = inputShapesOf(*model, modelPath, options.batch);
  if (!shapes)
    return shapes.status();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  registerImporterDialects(context);
  DiagnosticCollector diagnostics(context);
  ImportOptions importOptions;
  importOptions.inputShapes = *shapes;
  OwningOpRef<ModuleOp> module =
      importModel(context, *model, modelPath, importOptions);
  if (!module)
    return diagnostics.toStatus(modelPath + ": import failed");
  std::vector<std::vector<int64_t>> inputShapes;
  for (const proto::ValueInfo &info : model->graph().inputs())
    if (auto found = shapes->find(info.name()); found != shapes->end())
      inputShapes.push_back(found->second);

  CpuPipelineOptions pipeline;
  pipeline.vectorWidth = vectorWidthOf(**machine);
  // Tasks for this machine's threads; the code runs on any number.
  pipeline.threads = ThreadPool::global().threadCount();
  Result<LoweredFunction> lowered =
      lowerFunction(*module, inputShapes, "main", pipeline);
  if (!lowered)
    return Status::error(modelPath + ": " + lowered.status().message());

  std::error_code error;
  llvm::ToolOutputFile output(outputPath, error,
                              options.emit == "obj"
                                  ? llvm::sys::fs::OF_None
                                  : llvm::sys::fs::OF_Text);
  if (error)
    return Status::error(outputPath + ": " + error.message());
  if (options.emit == "mlir") {
    lowered->module->print(output.os());
  } else {
    DLC_RETURN_IF_ERROR(writeCompiledFunction(
        *lowered, "main", **machine, options.symbol,
        options.emit == "llvm" ? EmitKind::LlvmIr : EmitKind::Object,
        output.os()));
  }
  output.keep();
  return Status::ok();
}

} // namespace dlc
