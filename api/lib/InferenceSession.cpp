//===- InferenceSession.cpp - Load a model file and run it, JIT-compiled --===//
#include "dlc/Api/InferenceSession.h"

#include "CompilerContext.h"

#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Compiler/JitFunction.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"
#include "dlc/Frontend/TensorData.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc {

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string declaredShapeText(const proto::ValueInfo &info) {
  std::string text = "[";
  for (int i = 0; i < info.shape_size(); ++i) {
    const proto::Dim &dim = info.shape(i);
    text += i ? ", " : "";
    text += dim.value_case() == proto::Dim::kSize ? std::to_string(dim.size())
                                                  : "?";
  }
  return text + "]";
}

} // namespace

InferenceSession::InferenceSession()
    : context_(createCompilerContext()),
      compiled_(kDefaultCompilationCacheCapacity) {}

InferenceSession::~InferenceSession() = default;

Result<std::unique_ptr<InferenceSession>>
InferenceSession::load(const std::string &path) {
  Result<proto::Model> model = loadModelFile(path);
  if (!model)
    return model.status();
  std::unique_ptr<InferenceSession> session(new InferenceSession());
  session->path_ = path;
  session->model_ = std::move(*model);
  std::set<std::string> initializers;
  for (const proto::Tensor &tensor : session->model_.graph().initializers())
    initializers.insert(tensor.name());
  for (const proto::ValueInfo &info : session->model_.graph().inputs())
    if (!initializers.count(info.name()))
      session->inputs_.push_back(&info);
  session->constantInputs_ = constantOperandInputs(session->model_);
  return session;
}

Result<std::string> InferenceSession::mlirText() {
  DiagnosticCollector diagnostics(*context_);
  OwningOpRef<ModuleOp> module = importModel(*context_, model_, path_);
  if (!module)
    return diagnostics.toStatus(path_ + ": import failed");
  std::string text;
  llvm::raw_string_ostream stream(text);
  module->print(stream);
  return text;
}

Status InferenceSession::checkInput(const proto::ValueInfo &info,
                                    const Tensor &tensor) const {
  Result<DType> declared = dtypeFromProto(info.dtype());
  bool matches = declared && *declared == tensor.dtype() &&
                 tensor.rank() == info.shape_size();
  for (int i = 0; matches && i < info.shape_size(); ++i)
    matches = info.shape(i).value_case() != proto::Dim::kSize ||
              info.shape(i).size() == tensor.shape()[i];
  if (matches)
    return Status::ok();
  return Status::error(
      path_ + ": input '" + info.name() + "': expected " +
      (declared ? dtypeName(*declared) : "?") + " " + declaredShapeText(info) +
      ", got " + dtypeName(tensor.dtype()) + " " + shapeText(tensor.shape()));
}

Result<std::vector<NamedTensor>>
InferenceSession::run(const std::vector<Tensor> &inputs) {
  if (inputs.size() != inputs_.size())
    return Status::error(path_ + ": the model has " +
                         std::to_string(inputs_.size()) + " inputs, got " +
                         std::to_string(inputs.size()));
  ImportOptions importOptions;
  std::vector<Tensor> arguments;
  std::vector<std::vector<int64_t>> shapes;
  // The cache key holds every shape, and the values of bound inputs, which
  // are compiled in as constants.
  std::string key;
  for (size_t i = 0; i < inputs.size(); ++i) {
    DLC_RETURN_IF_ERROR(checkInput(*inputs_[i], inputs[i]));
    key += shapeText(inputs[i].shape()) + ";";
    if (llvm::is_contained(constantInputs_, inputs_[i]->name())) {
      importOptions.boundInputs[inputs_[i]->name()] = inputs[i];
      key += std::string(static_cast<const char *>(inputs[i].data()),
                         inputs[i].sizeInBytes()) + ";";
    } else {
      arguments.push_back(inputs[i]);
      shapes.push_back(inputs[i].shape());
      importOptions.inputShapes[inputs_[i]->name()] = inputs[i].shape();
    }
  }

  std::unique_ptr<JitFunction> *cached = compiled_.find(key);
  if (!cached) {
    DiagnosticCollector diagnostics(*context_);
    // Imported for these shapes, so that shape computations fold.
    OwningOpRef<ModuleOp> module =
        importModel(*context_, model_, path_, importOptions);
    if (!module)
      return diagnostics.toStatus(path_ + ": import failed");
    Result<std::unique_ptr<JitFunction>> function =
        JitFunction::compile(*module, shapes);
    if (!function)
      return function.status();
    cached = &compiled_.insert(key, std::move(*function));
  }
  JitFunction &function = **cached;
  Result<std::vector<Tensor>> outputs = function.run(arguments);
  if (!outputs)
    return outputs.status();
  std::vector<NamedTensor> named;
  for (size_t i = 0; i < outputs->size(); ++i)
    named.push_back({function.outputs()[i].name, (*outputs)[i]});
  return named;
}

void InferenceSession::setCompilationCacheCapacity(size_t capacity) {
  compiled_.setCapacity(capacity);
}

} // namespace dlc
