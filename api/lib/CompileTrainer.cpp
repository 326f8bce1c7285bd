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
#include "FunctionTable.h"
#include "InputShapes.h"

#include "dlc/Api/TrainingSession.h"
#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Compiler/ObjectFile.h"
#include "dlc/Frontend/DlcToOnnx.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/LinkedTrainer.h"

using namespace mlir;

namespace dlc {

namespace {

bool isParameter(const std::vector<NamedTensor> &parameters,
                 const std::string &name) {
  return std::any_of(parameters.begin(), parameters.end(),
                     [&](const NamedTensor &parameter) {
                       return parameter.name == name;
                     });
}

/// The model without the initializers named in `parameters`.
proto::Model withoutInitializers(proto::Model model,
                                 const std::vector<NamedTensor> &parameters) {
  auto &initializers = *model.mutable_graph()->mutable_initializers();
  initializers.erase(
      std::remove_if(initializers.begin(), initializers.end(),
                     [&](const proto::Tensor &tensor) {
                       return isParameter(parameters, tensor.name());
                     }),
      initializers.end());
  return model;
}

/// `model` as ONNX without the initializers named in `parameters` (their
/// graph inputs, which ONNX's IR version 3 requires, stay); empty when the
/// model has no ONNX form.
std::string onnxWithoutWeights(const proto::Model &model,
                               const std::vector<NamedTensor> &parameters) {
  Result<onnx::ModelProto> onnx = convertToOnnx(model, "the model");
  if (!onnx)
    return "";
  auto &initializers = *onnx->mutable_graph()->mutable_initializer();
  initializers.erase(
      std::remove_if(initializers.begin(), initializers.end(),
                     [&](const onnx::TensorProto &tensor) {
                       return isParameter(parameters, tensor.name());
                     }),
      initializers.end());
  return onnx->SerializeAsString();
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

} // namespace

Status compileTrainer(const std::string &modelPath,
                      const std::string &outputPath, int64_t batchSize,
                      bool sharedLibrary, llvm::TargetMachine &machine) {
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
  FunctionTableBuilder steps(*folder, machine, modelPath);
  Result<std::map<std::string, std::vector<int64_t>>> shapes =
      inputShapesOf(*model, modelPath, batch);
  if (!shapes)
    return shapes.status();
  std::vector<TensorSpec> inputs = parts->setup.inputs;
  for (TensorSpec &input : inputs)
    input.shape = shapes->at(input.name);
  Result<OwningOpRef<ModuleOp>> module =
      buildTrainingModule(*context, *model, modelPath, *spec, inputs,
                          Weights::Arguments);
  if (!module)
    return module.status();
  DLC_RETURN_IF_ERROR(steps.add(**module, "train_step", "train", batch));
  DLC_RETURN_IF_ERROR(steps.add(**module, "evaluate", "evaluate", batch));

  Result<std::string> weights = weightsFile(parts->parameters);
  if (!weights)
    return weights.status();
  Result<std::vector<std::string>> objects = steps.finish(
      "dlc_compiled_trainer_functions",
      {{"dlc_compiled_trainer_manifest", manifest.format()},
       {"dlc_compiled_trainer_model",
        withoutInitializers(*model, parts->parameters).SerializeAsString()},
       {"dlc_compiled_trainer_onnx_model", onnxWithoutWeights(*model, parts->parameters)},
       {"dlc_compiled_trainer_weights", *weights}});
  if (!objects)
    return objects.status();
  if (sharedLibrary)
    return linkSharedLibrary(
        *objects, {"DlcTrainerLibrary", "DlcCInterface"},
        {"DlcRuntime", "DlcRuntimeCore"}, "dlc_trainer_*",
        {"dlc_common.h", "dlc_trainer.h"}, outputPath);
  // zlib inside, for gzip'd data sets.
  return linkProgram(*objects,
                     {"DlcTrainerMain", "DlcRuntime", "DlcRuntimeCore"},
                     outputPath, {kStaticZlib});
}

} // namespace dlc
