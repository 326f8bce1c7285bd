//===- CompileTrainer.cpp - `dlc compile --train` -------------------------===//
//
// A model file to a program that trains it: its training and evaluation
// steps compiled ahead of time for one batch size (shorter batches are
// padded to it and masked), linked with the runtime's trainer main
// (runtime/lib/TrainerMain.cpp) through a function table, with the model
// file and its weights as data (dlc/Runtime/LinkedTrainer.h).
//
//===----------------------------------------------------------------------===//
#include "CompileTrainer.h"

#include "CompilerContext.h"
#include "Linking.h"

#include "dlc/Api/TrainingSession.h"
#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Compiler/ObjectFile.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/LinkedTrainer.h"
#include "dlc/Runtime/ThreadPool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc {

namespace {

/// The model without the initializers named in `parameters`.
proto::Model withoutInitializers(proto::Model model,
                                 const std::vector<NamedTensor> &parameters) {
  auto &initializers = *model.mutable_graph()->mutable_initializers();
  initializers.erase(
      std::remove_if(initializers.begin(), initializers.end(),
                     [&](const proto::Tensor &tensor) {
                       return std::any_of(
                           parameters.begin(), parameters.end(),
                           [&](const NamedTensor &parameter) {
                             return parameter.name == tensor.name();
                           });
                     }),
      initializers.end());
  return model;
}

/// A model file holding only `tensors`, as initializers in this order.
Result<std::string> weightsFile(const std::vector<NamedTensor> &tensors) {
  proto::Model weights;
  for (const NamedTensor &tensor : tensors) {
    Result<proto::Tensor> value = tensorToProto(tensor.tensor, tensor.name);
    if (!value)
      return value.status();
    *weights.mutable_graph()->add_initializers() = std::move(*value);
  }
  return weights.SerializeAsString();
}

/// `inputs` with their open first dimension set to `batch`; other open
/// dimensions are an error.
Result<std::vector<TensorSpec>> boundInputs(std::vector<TensorSpec> inputs,
                                            int64_t batch,
                                            const std::string &path) {
  for (TensorSpec &input : inputs)
    for (size_t d = 0; d < input.shape.size(); ++d) {
      if (input.shape[d] >= 0)
        continue;
      if (d != 0)
        return Status::error(path + ": input '" + input.name +
                             "': dimension " + std::to_string(d) +
                             " is dynamic; only the first (batch) may be");
      input.shape[d] = batch;
    }
  return inputs;
}

/// Compiles the functions of training modules into objects in a folder,
/// collecting the function table's entries.
class StepCompiler {
public:
  StepCompiler(const TemporaryFolder &folder, llvm::TargetMachine &machine,
               const std::string &modelPath)
      : folder_(folder), machine_(machine), modelPath_(modelPath) {
    pipeline_.vectorWidth = vectorWidthOf(machine);
    // Tasks for this machine's threads; the code runs on any number.
    pipeline_.threads = ThreadPool::global().threadCount();
  }

  Status compile(ModuleOp module, const std::string &entry,
                 const std::string &role, int64_t batch) {
    auto function = module.lookupSymbol<func::FuncOp>(entry);
    std::vector<std::vector<int64_t>> shapes;
    for (Type type : function.getArgumentTypes()) {
      ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
      shapes.emplace_back(shape.begin(), shape.end());
    }
    Result<LoweredFunction> lowered =
        lowerFunction(module, shapes, entry, pipeline_);
    if (!lowered)
      return Status::error(modelPath_ + ": @" + entry + " for batch " +
                           std::to_string(batch) + ": " +
                           lowered.status().message());
    std::string symbol = "dlc_" + role + "_" + std::to_string(batch);
    std::string object = folder_.file(symbol + ".o");
    std::error_code error;
    llvm::raw_fd_ostream out(object, error);
    if (error)
      return Status::error(object + ": " + error.message());
    DLC_RETURN_IF_ERROR(writeCompiledFunction(*lowered, entry, machine_,
                                              symbol, EmitKind::Object, out));
    entries_.push_back({role, batch, symbol});
    objects_.push_back(object);
    return Status::ok();
  }

  const std::vector<TableEntry> &entries() const { return entries_; }
  const std::vector<std::string> &objects() const { return objects_; }

private:
  const TemporaryFolder &folder_;
  llvm::TargetMachine &machine_;
  std::string modelPath_;
  CpuPipelineOptions pipeline_;
  std::vector<TableEntry> entries_;
  std::vector<std::string> objects_;
};

} // namespace

Status compileTrainer(const std::string &modelPath,
                      const std::string &outputPath, int64_t batchSize,
                      llvm::TargetMachine &machine) {
  Result<proto::Model> model = loadModelFile(modelPath);
  if (!model)
    return model.status();
  Result<TrainingSpec> spec = trainingSpecFromProto(*model, modelPath);
  if (!spec)
    return spec.status();
  Result<TrainingParts> parts = trainingPartsOf(*model, modelPath, *spec);
  if (!parts)
    return parts.status();
  const proto::Training &training = model->training();
  TrainerManifest manifest;
  manifest.setup = parts->setup;
  manifest.defaults.epochs = training.epochs() ? training.epochs() : 1;
  manifest.defaults.batchSize =
      batchSize ? batchSize
                : (training.batch_size() ? training.batch_size() : 32);
  manifest.defaults.validationSplit = training.validation_split();
  int64_t batch = manifest.defaults.batchSize;
  model->mutable_training()->mutable_optimizer()->set_learning_rate(
      manifest.setup.learningRate);

  std::unique_ptr<MLIRContext> context =
      createCompilerContext(registerGradientRules);
  Result<TemporaryFolder> folder = TemporaryFolder::create("dlc-trainer");
  if (!folder)
    return folder.status();
  StepCompiler steps(*folder, machine, modelPath);
  Result<std::vector<TensorSpec>> inputs =
      boundInputs(parts->setup.inputs, batch, modelPath);
  if (!inputs)
    return inputs.status();
  Result<OwningOpRef<ModuleOp>> module =
      buildTrainingModule(*context, *model, modelPath, *spec, *inputs);
  if (!module)
    return module.status();
  DLC_RETURN_IF_ERROR(steps.compile(**module, "train_step", "train", batch));
  DLC_RETURN_IF_ERROR(steps.compile(**module, "evaluate", "evaluate", batch));

  Result<std::string> weights = weightsFile(parts->parameters);
  if (!weights)
    return weights.status();
  std::string table = folder->file("table.o");
  {
    std::error_code error;
    llvm::raw_fd_ostream out(table, error);
    if (error)
      return Status::error(table + ": " + error.message());
    DLC_RETURN_IF_ERROR(writeFunctionTable(
        "dlc_trainer_functions", steps.entries(),
        {{"dlc_trainer_manifest", manifest.format()},
         {"dlc_trainer_model",
          withoutInitializers(*model, parts->parameters).SerializeAsString()},
         {"dlc_trainer_weights", *weights}},
        machine, out));
  }
  std::vector<std::string> arguments = steps.objects();
  arguments.push_back(table);
  for (const char *name : {"DlcTrainerMain", "DlcRuntime", "DlcRuntimeCore"}) {
    Result<std::string> archive = runtimeArchive(name);
    if (!archive)
      return archive.status();
    arguments.push_back(*archive);
  }
  arguments.insert(arguments.end(), {DLC_STATIC_ZLIB, "-pthread"});
  return runLinker(arguments, outputPath);
}

} // namespace dlc
