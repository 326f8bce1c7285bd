//===- LinkedTrainer.cpp - Training steps linked into a program -----------===//
#include "dlc/Runtime/LinkedTrainer.h"

#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/ModelWire.h"

#include <cstdio>
#include <sstream>

namespace dlc {

//===----------------------------------------------------------------------===//
// The manifest
//===----------------------------------------------------------------------===//

namespace {

std::string formatDims(const std::vector<int64_t> &dims) {
  std::string text;
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? "," : "") + std::to_string(dims[i]);
  return text;
}

std::vector<int64_t> parseDims(const std::string &text) {
  std::vector<int64_t> dims;
  std::istringstream sizes(text);
  for (std::string size; std::getline(sizes, size, ',');)
    dims.push_back(std::stoll(size));
  return dims;
}

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The format of the model file `path`, by extension: .onnx, or dlc's
/// binary format; compiled trainers cannot write text (.pbtxt).
Result<ModelFormat> formatOf(const std::string &path) {
  if (endsWith(path, ".pbtxt"))
    return Status::error(path + ": a compiled trainer reads and writes "
                                "binary model files (.pb) and ONNX (.onnx); "
                                "`dlc convert` turns one into text");
  return endsWith(path, ".onnx") ? ModelFormat::Onnx : ModelFormat::Dlc;
}

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.17g", value);
  return text;
}

} // namespace

std::string TrainerManifest::format() const {
  std::string text;
  text += "learning_rate " + formatNumber(setup.learningRate) + "\n";
  text += "epochs " + std::to_string(defaults.epochs) + "\n";
  text += "batch_size " + std::to_string(defaults.batchSize) + "\n";
  text += "validation_split " + formatNumber(defaults.validationSplit) + "\n";
  text += std::string("batch_statistics ") +
          (setup.batchStatistics ? "1" : "0") + "\n";
  // A "labels" line per loss, each followed by its output's line.
  for (const LabelFormat &labels : setup.labels) {
    text += std::string("labels ") +
            (labels.classIndices ? "class_indices" : "values") + "\n";
    text += "output " + std::to_string(labels.output) + " " +
            labels.outputName + " " + dtypeName(labels.outputType) + " " +
            formatDims(labels.outputSampleShape) + "\n";
  }
  for (const std::string &name : setup.objectiveNames)
    text += "objective " + name + "\n";
  for (const std::string &name : setup.slotNames)
    text += "slot " + name + "\n";
  for (const TensorSpec &input : setup.inputs)
    text += "input " + input.name + " " + dtypeName(input.dtype) + " " +
            formatDims(input.shape) + "\n";
  return text;
}

Result<TrainerManifest> TrainerManifest::parse(std::string_view text) {
  TrainerManifest manifest;
  TrainerSetup &setup = manifest.setup;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string key, first, second, third, fourth;
    fields >> key >> first >> second >> third >> fourth;
    auto malformed = [&] {
      return Status::error("malformed trainer manifest line '" + line + "'");
    };
    try {
      if (key == "learning_rate") {
        setup.learningRate = std::stod(first);
      } else if (key == "epochs") {
        manifest.defaults.epochs = std::stoll(first);
      } else if (key == "batch_size") {
        manifest.defaults.batchSize = std::stoll(first);
      } else if (key == "validation_split") {
        manifest.defaults.validationSplit = std::stod(first);
      } else if (key == "batch_statistics") {
        setup.batchStatistics = first == "1";
      } else if (key == "labels") {
        setup.labels.emplace_back();
        setup.labels.back().classIndices = first == "class_indices";
      } else if (key == "output") {
        std::optional<DType> dtype = dtypeFromName(third);
        if (!dtype || setup.labels.empty())
          return malformed();
        LabelFormat &labels = setup.labels.back();
        labels.output = std::stoul(first);
        labels.outputName = second;
        labels.outputType = *dtype;
        labels.outputSampleShape = parseDims(fourth);
      } else if (key == "objective") {
        setup.objectiveNames.push_back(first);
      } else if (key == "slot") {
        setup.slotNames.push_back(first);
      } else if (key == "input") {
        std::optional<DType> dtype = dtypeFromName(second);
        if (!dtype)
          return malformed();
        setup.inputs.push_back({first, *dtype, parseDims(third)});
      } else {
        return malformed();
      }
    } catch (const std::exception &) {
      return malformed();
    }
  }
  if (setup.labels.empty())
    return Status::error("trainer manifest: no labels line");
  return manifest;
}

//===----------------------------------------------------------------------===//
// LinkedTrainer
//===----------------------------------------------------------------------===//

LinkedTrainer::LinkedTrainer(std::string programName, TrainerManifest manifest,
                             std::vector<NamedTensor> parameters,
                             std::string model, std::string onnxModel)
    : Trainer(std::move(programName), std::move(manifest.setup),
              std::move(parameters)),
      defaults_(manifest.defaults), model_(std::move(model)),
      onnxModel_(std::move(onnxModel)) {
  stepBatchSize_ = defaults_.batchSize;
}

Result<std::unique_ptr<LinkedTrainer>>
LinkedTrainer::create(std::string programName, std::string_view manifestText,
                      std::string_view model, std::string_view onnxModel,
                      std::string_view weights, const LinkedFunction *table) {
  Result<TrainerManifest> manifest = TrainerManifest::parse(manifestText);
  if (!manifest)
    return manifest.status();
  Result<ModelWeights> parameters = decodeModelWeights(weights, programName);
  if (!parameters)
    return parameters.status();
  std::unique_ptr<LinkedTrainer> trainer(new LinkedTrainer(
      programName, std::move(*manifest), std::move(parameters->initializers),
      std::string(model), std::string(onnxModel)));
  for (const LinkedFunction *row = table; row->role; ++row) {
    Result<LinkedCall> call = LinkedCall::create(*row);
    if (!call)
      return call.status();
    if (row->batch != trainer->defaults_.batchSize ||
        !trainer->calls_.emplace(row->role, std::move(*call)).second)
      return Status::error(programName + ": unexpected compiled function '" +
                           row->role + "' for batch " +
                           std::to_string(row->batch));
  }
  for (const char *role : {"train", "evaluate"}) {
    auto found = trainer->calls_.find(role);
    if (found == trainer->calls_.end())
      return Status::error(programName + ": the program has no " + role +
                           " step");
    const LinkedCall *call = &found->second;
    CompiledStep step = [call](const std::vector<Tensor> &arguments,
                               std::vector<Tensor> reusable) {
      return call->run(arguments, std::move(reusable));
    };
    (std::string(role) == "train" ? trainer->steps_.train
                                  : trainer->steps_.evaluate) = step;
  }
  trainer->steps_.predict = [programName](const std::vector<Tensor> &,
                                          std::vector<Tensor>)
      -> Result<std::vector<Tensor>> {
    return Status::error(programName + ": a compiled trainer does not "
                                       "predict; compile the model "
                                       "without --train for that");
  };
  return trainer;
}

Status LinkedTrainer::setStepBatchSize(int64_t samples) {
  if (samples != defaults_.batchSize)
    return Status::error(modelPath() + ": this program's steps take batches "
                                       "of " +
                         std::to_string(defaults_.batchSize) +
                         " samples (dlc compile --train --batch " +
                         std::to_string(defaults_.batchSize) + "); got " +
                         std::to_string(samples));
  return Status::ok();
}

Result<Trainer::Steps *>
LinkedTrainer::stepsFor(const std::vector<Tensor> &inputs) {
  int64_t samples = inputs.front().shape()[0];
  if (samples != defaults_.batchSize)
    return Status::error(
        modelPath() + ": this program's steps take batches of " +
        std::to_string(defaults_.batchSize) + " samples, got " +
        std::to_string(samples) +
        (samples < defaults_.batchSize && batchStatistics()
             ? "; the model normalizes with batch statistics, so a short "
               "batch cannot be padded: choose a batch size that divides "
               "the number of samples"
             : ""));
  return &steps_;
}

Status LinkedTrainer::writeModelFile(
    const std::string &path, const std::vector<NamedTensor> &tensors,
    const std::map<std::string, std::string> &metadata) const {
  Result<ModelFormat> format = formatOf(path);
  if (!format)
    return format.status();
  if (*format == ModelFormat::Onnx && onnxModel_.empty())
    return Status::error(path + ": this model has no ONNX form (its "
                                "conversion failed when it was compiled); "
                                "save it as .pb");
  return writeFileAtomically(
      path, {appendModelWeights(*format == ModelFormat::Onnx ? onnxModel_
                                                              : model_,
                                tensors, metadata, *format)});
}

Result<StoredTensors>
LinkedTrainer::readModelFile(const std::string &path) const {
  Result<ModelFormat> format = formatOf(path);
  if (!format)
    return format.status();
  Result<std::string> bytes = readFile(path);
  if (!bytes)
    return bytes.status();
  Result<ModelWeights> weights = decodeModelWeights(*bytes, path, *format);
  if (!weights)
    return weights.status();
  StoredTensors stored;
  for (NamedTensor &tensor : weights->initializers)
    stored.tensors[tensor.name] = std::move(tensor.tensor);
  stored.metadata = std::move(weights->metadata);
  return stored;
}

} // namespace dlc
