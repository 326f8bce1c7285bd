//===- TrainingSession.cpp - Compiled training of a model -----------------===//
#include "dlc/Api/TrainingSession.h"

#include "CompilerContext.h"

#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Target/CPU/Pipeline.h"
#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Compiler/JitFunction.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/Random.h"
#include "dlc/Training/TrainingFunctions.h"
#include "dlc/Dialect/Transforms/Passes.h"
#include "dlc/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstring>

using namespace mlir;

namespace dlc {

//===----------------------------------------------------------------------===//
// The training section
//===----------------------------------------------------------------------===//

Result<TrainingSpec> trainingSpecFromProto(const proto::Model &model,
                                           const std::string &path) {
  if (!model.has_training() || model.training().loss().name().empty())
    return Status::error(path + ": the model has no loss (training.loss.name); "
                                "give one in the model file or with --loss");
  const proto::Training &training = model.training();
  TrainingSpec spec;
  std::optional<LossKind> loss = lossFromName(training.loss().name());
  if (!loss)
    return Status::error(path + ": training.loss.name: unknown loss '" +
                         training.loss().name() + "' (known: " +
                         knownLossNames() + ")");
  spec.loss = *loss;
  spec.fromLogits = training.loss().from_logits();
  const auto &outputs = model.graph().outputs();
  if (!training.loss().output().empty()) {
    auto found = std::find_if(outputs.begin(), outputs.end(),
                              [&](const proto::ValueInfo &info) {
                                return info.name() == training.loss().output();
                              });
    if (found == outputs.end())
      return Status::error(path + ": training.loss.output: the graph has no "
                                  "output '" + training.loss().output() + "'");
    spec.lossOutput = found - outputs.begin();
  }
  std::string optimizerName = training.optimizer().name().empty()
                                  ? "rmsprop"
                                  : training.optimizer().name();
  std::optional<OptimizerKind> optimizer = optimizerFromName(optimizerName);
  if (!optimizer)
    return Status::error(path + ": training.optimizer.name: unknown optimizer '" +
                         optimizerName + "' (known: " + knownOptimizerNames() +
                         ")");
  const proto::Optimizer &settings = training.optimizer();
  spec.optimizer.kind = *optimizer;
  spec.optimizer.momentum = settings.momentum();
  spec.optimizer.nesterov = settings.nesterov();
  if (settings.rho() != 0)
    spec.optimizer.rho = settings.rho();
  if (settings.beta_1() != 0)
    spec.optimizer.beta1 = settings.beta_1();
  if (settings.beta_2() != 0)
    spec.optimizer.beta2 = settings.beta_2();
  if (settings.epsilon() != 0)
    spec.optimizer.epsilon = settings.epsilon();
  for (const std::string &name : training.metrics()) {
    std::optional<MetricKind> metric = metricFromName(name, spec.loss);
    if (!metric)
      return Status::error(path + ": training.metrics: unknown metric '" +
                           name + "' for loss '" + training.loss().name() +
                           "' (known: " + knownMetricNames() + ")");
    spec.metrics.push_back({*metric, name});
  }
  std::vector<std::string> parameters = parameterInitializers(model);
  for (const proto::Regularizer &regularizer : training.regularizers()) {
    if (!llvm::is_contained(parameters, regularizer.parameter()))
      return Status::error(path + ": training.regularizers: '" +
                           regularizer.parameter() +
                           "' is not a weight (float initializer) of the graph");
    spec.regularizers[regularizer.parameter()] = {regularizer.l1(),
                                                  regularizer.l2()};
  }
  return spec;
}

double learningRateFromProto(const proto::Training &training) {
  if (training.optimizer().learning_rate() > 0)
    return training.optimizer().learning_rate();
  std::optional<OptimizerKind> kind = optimizerFromName(
      training.optimizer().name().empty() ? "rmsprop"
                                          : training.optimizer().name());
  return defaultLearningRate(kind.value_or(OptimizerKind::RMSprop));
}

//===----------------------------------------------------------------------===//
// Compiled steps
//===----------------------------------------------------------------------===//

/// The training module of one batch shape and its entry points, each
/// compiled on first use.
struct TrainingSession::CompiledSteps {
  OwningOpRef<ModuleOp> module;
  std::vector<std::vector<int64_t>> trainShapes, evaluateShapes, predictShapes;
  std::unique_ptr<JitFunction> train, evaluate, predict;

  Result<JitFunction *> get(std::unique_ptr<JitFunction> &slot,
                            const std::vector<std::vector<int64_t>> &shapes,
                            const std::string &entry) {
    if (!slot) {
      Result<std::unique_ptr<JitFunction>> compiled =
          JitFunction::compile(*module, shapes, entry);
      if (!compiled)
        return compiled.status();
      slot = std::move(*compiled);
    }
    return slot.get();
  }
};

namespace {

std::vector<int64_t> shapeOf(Type type) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
  return {shape.begin(), shape.end()};
}

std::vector<std::vector<int64_t>> argumentShapes(func::FuncOp function) {
  std::vector<std::vector<int64_t>> shapes;
  for (Type type : function.getArgumentTypes())
    shapes.push_back(shapeOf(type));
  return shapes;
}

Tensor scalarTensor(DType dtype, double value) {
  Tensor tensor(dtype, {});
  if (dtype == DType::Float64)
    tensor.typed<double>()[0] = value;
  else
    tensor.typed<float>()[0] = static_cast<float>(value);
  return tensor;
}

double scalarValue(const Tensor &tensor) {
  return tensor.dtype() == DType::Float64 ? tensor.typed<double>()[0]
                                          : tensor.typed<float>()[0];
}

} // namespace

//===----------------------------------------------------------------------===//
// TrainingSession
//===----------------------------------------------------------------------===//

TrainingSession::TrainingSession()
    : context_(createCompilerContext(registerGradientRules)) {}

TrainingSession::~TrainingSession() = default;

Result<std::unique_ptr<TrainingSession>>
TrainingSession::create(proto::Model model, const std::string &path,
                        TrainingSpec spec, double learningRate) {
  std::unique_ptr<TrainingSession> session(new TrainingSession());
  session->path_ = path;
  session->model_ = std::move(model);
  session->spec_ = std::move(spec);
  session->learningRate_ = learningRate;
  const proto::Graph &graph = session->model_.graph();
  if (session->spec_.lossOutput >= static_cast<unsigned>(graph.outputs_size()))
    return Status::error(path + ": the loss reads output " +
                         std::to_string(session->spec_.lossOutput) +
                         ", but the graph has " +
                         std::to_string(graph.outputs_size()));
  std::set<std::string> initializers;
  for (const proto::Tensor &initializer : graph.initializers())
    initializers.insert(initializer.name());
  for (const proto::ValueInfo &info : graph.inputs())
    if (!initializers.count(info.name()))
      session->inputs_.push_back(&info);

  std::vector<std::string> slotNames =
      optimizerSlots(session->spec_.optimizer);
  for (const std::string &name : parameterInitializers(session->model_)) {
    auto found = std::find_if(
        graph.initializers().begin(), graph.initializers().end(),
        [&](const proto::Tensor &tensor) { return tensor.name() == name; });
    Result<Tensor> value = tensorFromProto(*found);
    if (!value)
      return Status::error(path + ": initializer '" + name +
                           "': " + value.status().message());
    session->parameters_.push_back({name, *value});
    for (const std::string &slot : slotNames) {
      Tensor zeros(value->dtype(), value->shape());
      std::memset(zeros.data(), 0, zeros.sizeInBytes());
      session->slots_.push_back({name + "/" + slot, zeros});
    }
  }
  if (session->parameters_.empty())
    return Status::error(path + ": the model has no weights to train (float "
                                "initializers read by its nodes)");
  session->objectiveNames_.push_back("loss");
  for (const MetricSpec &metric : session->spec_.metrics)
    session->objectiveNames_.push_back(metric.name);
  return session;
}

Status TrainingSession::checkInputs(const std::vector<Tensor> &inputs) const {
  if (inputs.size() != inputs_.size())
    return Status::error(path_ + ": the model has " +
                         std::to_string(inputs_.size()) + " inputs, got " +
                         std::to_string(inputs.size()));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const proto::ValueInfo &info = *inputs_[i];
    Result<DType> declared = dtypeFromProto(info.dtype());
    bool matches = declared && *declared == inputs[i].dtype() &&
                   inputs[i].rank() == info.shape_size();
    for (int d = 0; matches && d < info.shape_size(); ++d)
      matches = info.shape(d).value_case() != proto::Dim::kSize ||
                info.shape(d).size() == inputs[i].shape()[d];
    if (!matches)
      return Status::error(path_ + ": input '" + info.name() + "': got " +
                           dtypeName(inputs[i].dtype()) + " " +
                           inputs[i].shapeString() +
                           ", which does not match the graph input");
  }
  return Status::ok();
}

Result<TrainingSession::CompiledSteps *>
TrainingSession::stepsFor(const std::vector<Tensor> &inputs) {
  DLC_RETURN_IF_ERROR(checkInputs(inputs));
  std::vector<std::vector<int64_t>> mainShapes;
  for (const Tensor &input : inputs)
    mainShapes.push_back(input.shape());
  for (const NamedTensor &parameter : parameters_)
    mainShapes.push_back(parameter.tensor.shape());
  std::string key = formatInputShapes(mainShapes);
  if (auto cached = compiled_.find(key); cached != compiled_.end())
    return cached->second.get();

  DiagnosticCollector diagnostics(*context_);
  auto steps = std::make_unique<CompiledSteps>();
  // Imported for these shapes, so that shape computations fold.
  ImportOptions importOptions;
  importOptions.weights = Weights::Arguments;
  for (size_t i = 0; i < inputs.size(); ++i)
    importOptions.inputShapes[inputs_[i]->name()] = inputs[i].shape();
  steps->module = importModel(*context_, model_, path_, importOptions);
  if (!steps->module)
    return diagnostics.toStatus(path_ + ": import failed");
  PassManager shapes(context_.get());
  ShapeInferenceOptions shapeOptions;
  shapeOptions.inputShapes = key;
  shapes.addNestedPass<func::FuncOp>(createShapeInference(shapeOptions));
  if (failed(shapes.run(*steps->module)))
    return diagnostics.toStatus(path_ + ": shape inference failed");
  if (failed(buildTrainingFunctions(*steps->module, spec_)))
    return diagnostics.toStatus(path_ + ": building the training step failed");
  ModuleOp module = *steps->module;
  steps->trainShapes =
      argumentShapes(module.lookupSymbol<func::FuncOp>("train_step"));
  steps->evaluateShapes =
      argumentShapes(module.lookupSymbol<func::FuncOp>("evaluate"));
  steps->predictShapes = argumentShapes(module.lookupSymbol<func::FuncOp>("main"));
  return compiled_.emplace(key, std::move(steps)).first->second.get();
}

Result<Tensor> TrainingSession::prepareLabels(const Tensor &labels,
                                              int64_t batchSize) const {
  const proto::ValueInfo &output =
      model_.graph().outputs(spec_.lossOutput);
  std::vector<int64_t> sampleShape;
  for (int d = 1; d < output.shape_size(); ++d) {
    if (output.shape(d).value_case() != proto::Dim::kSize)
      return Status::error(path_ + ": output '" + output.name() +
                           "': dimension " + std::to_string(d) +
                           " must be static to train on it");
    sampleShape.push_back(output.shape(d).size());
  }
  if (labels.rank() == 0 || labels.shape()[0] != batchSize)
    return Status::error("labels: expected " + std::to_string(batchSize) +
                         " samples, got shape " + labels.shapeString());
  int64_t perSample = labels.numElements() / batchSize;
  if (spec_.loss == LossKind::SparseCategoricalCrossentropy) {
    if (sampleShape.empty())
      return Status::error(path_ + ": sparse_categorical_crossentropy needs "
                                   "an output with a class dimension");
    int64_t classes = sampleShape.back();
    sampleShape.pop_back();
    int64_t expected = 1;
    for (int64_t dim : sampleShape)
      expected *= dim;
    if (perSample != expected)
      return Status::error("labels: sparse_categorical_crossentropy expects " +
                           std::to_string(expected) +
                           " class index per sample, got shape " +
                           labels.shapeString());
    if (labels.dtype() == DType::Float32 || labels.dtype() == DType::Float64)
      return Status::error("labels: sparse_categorical_crossentropy expects "
                           "integer class indices, got " +
                           std::string(dtypeName(labels.dtype())));
    std::vector<int64_t> shape{batchSize};
    llvm::append_range(shape, sampleShape);
    Tensor indices = labels.castTo(DType::Int64).reshaped(shape);
    for (int64_t i = 0; i < indices.numElements(); ++i) {
      int64_t label = indices.typed<int64_t>()[i];
      if (label < 0 || label >= classes)
        return Status::error("labels: class index " + std::to_string(label) +
                             " (sample " + std::to_string(i) +
                             ") is outside [0, " + std::to_string(classes) +
                             ") of output '" + output.name() + "'");
    }
    return indices;
  }
  int64_t expected = 1;
  for (int64_t dim : sampleShape)
    expected *= dim;
  if (perSample != expected)
    return Status::error("labels: the loss compares them with output '" +
                         output.name() + "', which has " +
                         std::to_string(expected) +
                         " values per sample; got labels of shape " +
                         labels.shapeString());
  Result<DType> outputType = dtypeFromProto(output.dtype());
  if (!outputType)
    return outputType.status();
  std::vector<int64_t> shape{batchSize};
  llvm::append_range(shape, sampleShape);
  return labels.castTo(*outputType).reshaped(shape);
}

Result<TrainingSession::Batch>
TrainingSession::prepareBatch(const std::vector<Tensor> &inputs,
                              const Tensor &labels, bool withSlots) {
  Result<CompiledSteps *> steps = stepsFor(inputs);
  if (!steps)
    return steps.status();
  Result<Tensor> prepared = prepareLabels(labels, inputs.front().shape()[0]);
  if (!prepared)
    return prepared.status();
  Batch batch{*steps, {}};
  for (const NamedTensor &parameter : parameters_)
    batch.arguments.push_back(parameter.tensor);
  if (withSlots)
    for (const NamedTensor &slot : slots_)
      batch.arguments.push_back(slot.tensor);
  llvm::append_range(batch.arguments, inputs);
  batch.arguments.push_back(*prepared);
  return batch;
}

Result<std::vector<double>>
TrainingSession::trainBatch(const std::vector<Tensor> &inputs,
                            const Tensor &labels) {
  Result<Batch> batch = prepareBatch(inputs, labels, /*withSlots=*/true);
  if (!batch)
    return batch.status();
  CompiledSteps &steps = *batch->steps;
  Result<JitFunction *> train =
      steps.get(steps.train, steps.trainShapes, "train_step");
  if (!train)
    return train.status();
  std::vector<Tensor> &arguments = batch->arguments;
  DType scalarType = parameters_.front().tensor.dtype();
  arguments.push_back(scalarTensor(scalarType, learningRate_));
  arguments.push_back(scalarTensor(scalarType, iteration_ + 1));
  Tensor stepSeed(DType::Int64, {});
  SplitMix64 mixer(seed_ ^ static_cast<uint64_t>(iteration_) *
                               0x9E3779B97F4A7C15ull);
  stepSeed.typed<int64_t>()[0] = static_cast<int64_t>(mixer.next());
  arguments.push_back(stepSeed);
  // The new parameters and slots overwrite those of two steps ago.
  std::vector<Tensor> reusable = std::move(previousState_);
  previousState_.clear();
  // The arguments share the current buffers; they must not count as other
  // owners of the reusable ones.
  Result<std::vector<Tensor>> results =
      (*train)->run(arguments, std::move(reusable));
  if (!results)
    return results.status();

  size_t objectiveStart = parameters_.size() + slots_.size();
  std::vector<double> objective;
  for (size_t i = objectiveStart; i < results->size(); ++i)
    objective.push_back(scalarValue((*results)[i]));
  // A step whose loss is not finite is not applied, so the weights stay
  // those that explainNonFinite can examine.
  if (!std::isfinite(objective.front()))
    return objective;
  size_t next = 0;
  arguments.clear(); // drop the step's shares of the current buffers
  for (NamedTensor &parameter : parameters_) {
    previousState_.push_back(std::move(parameter.tensor));
    parameter.tensor = std::move((*results)[next++]);
  }
  for (NamedTensor &slot : slots_) {
    previousState_.push_back(std::move(slot.tensor));
    slot.tensor = std::move((*results)[next++]);
  }
  ++iteration_;
  return objective;
}

Result<std::vector<double>>
TrainingSession::evaluateBatch(const std::vector<Tensor> &inputs,
                               const Tensor &labels) {
  Result<Batch> batch = prepareBatch(inputs, labels, /*withSlots=*/false);
  if (!batch)
    return batch.status();
  CompiledSteps &steps = *batch->steps;
  Result<JitFunction *> evaluate =
      steps.get(steps.evaluate, steps.evaluateShapes, "evaluate");
  if (!evaluate)
    return evaluate.status();
  Result<std::vector<Tensor>> results = (*evaluate)->run(batch->arguments);
  if (!results)
    return results.status();
  std::vector<double> objective;
  for (const Tensor &value : *results)
    objective.push_back(scalarValue(value));
  return objective;
}

Result<std::vector<Tensor>>
TrainingSession::predictBatch(const std::vector<Tensor> &inputs) {
  Result<CompiledSteps *> steps = stepsFor(inputs);
  if (!steps)
    return steps.status();
  Result<JitFunction *> predict =
      (*steps)->get((*steps)->predict, (*steps)->predictShapes, "main");
  if (!predict)
    return predict.status();
  std::vector<Tensor> arguments = inputs;
  for (const NamedTensor &parameter : parameters_)
    arguments.push_back(parameter.tensor);
  return (*predict)->run(arguments);
}

//===----------------------------------------------------------------------===//
// Diagnosing a loss that is not finite
//===----------------------------------------------------------------------===//

namespace {

/// "NaN" or "infinity" if `tensor` (float) holds such a value, else empty.
std::string nonFiniteKind(const Tensor &tensor) {
  for (int64_t i = 0; i < tensor.numElements(); ++i) {
    double value = tensor.valueAt(i);
    if (std::isnan(value))
      return "NaN";
    if (std::isinf(value))
      return "infinity";
  }
  return "";
}

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// The node an op came from: the name of its NameLoc.
std::string nodeNameOf(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return "?";
}

} // namespace

Result<std::string>
TrainingSession::explainNonFinite(const std::vector<Tensor> &inputs,
                                  const Tensor &labels) {
  for (const NamedTensor &parameter : parameters_)
    if (std::string kind = nonFiniteKind(parameter.tensor); !kind.empty())
      return "weight '" + parameter.name + "' holds " + kind +
             " (an earlier update overflowed)";
  Result<Batch> batch = prepareBatch(inputs, labels, /*withSlots=*/false);
  if (!batch)
    return batch.status();

  // @trace is @evaluate returning every float value it computes, in order.
  OwningOpRef<ModuleOp> module = batch->steps->module->clone();
  auto evaluate = module->lookupSymbol<func::FuncOp>("evaluate");
  auto trace = cast<func::FuncOp>(evaluate->clone());
  trace.setSymName("trace");
  module->push_back(trace);
  Block &body = trace.getBody().front();
  SmallVector<Value> traced;
  SmallVector<Operation *> producers;
  for (Operation &op : body.without_terminator())
    for (Value result : op.getResults())
      if (isFloatTensor(result.getType()) && !op.hasTrait<OpTrait::ConstantLike>()) {
        traced.push_back(result);
        producers.push_back(&op);
      }
  Operation *terminator = body.getTerminator();
  OpBuilder builder(terminator);
  func::ReturnOp::create(builder, terminator->getLoc(), traced);
  terminator->erase();
  trace.setType(builder.getFunctionType(trace.getArgumentTypes(),
                                        ValueRange(traced).getTypes()));
  trace.setAllResultAttrs(ArrayRef<DictionaryAttr>{});

  Result<std::unique_ptr<JitFunction>> compiled =
      JitFunction::compile(*module, batch->steps->evaluateShapes, "trace");
  if (!compiled)
    return compiled.status();
  Result<std::vector<Tensor>> values = (*compiled)->run(batch->arguments);
  if (!values)
    return values.status();
  for (auto [value, producer] : llvm::zip(*values, producers))
    if (std::string kind = nonFiniteKind(value); !kind.empty())
      return "node '" + nodeNameOf(producer) + "' (" +
             producer->getName().getStringRef().str() + ") produced " + kind;
  return std::string("no op produced a non-finite value when traced");
}

//===----------------------------------------------------------------------===//
// Saving and restoring
//===----------------------------------------------------------------------===//

Result<proto::Model> TrainingSession::trainedModel() const {
  proto::Model model = model_;
  for (proto::Tensor &initializer : *model.mutable_graph()->mutable_initializers())
    for (const NamedTensor &parameter : parameters_)
      if (parameter.name == initializer.name()) {
        Result<proto::Tensor> value =
            tensorToProto(parameter.tensor, parameter.name);
        if (!value)
          return value.status();
        initializer = std::move(*value);
      }
  return model;
}

namespace {
constexpr const char *kIterationKey = "dlc.checkpoint.iteration";
constexpr const char *kLearningRateKey = "dlc.checkpoint.learning_rate";
} // namespace

Status TrainingSession::saveCheckpoint(
    const std::string &path,
    const std::map<std::string, std::string> &extra) const {
  Result<proto::Model> model = trainedModel();
  if (!model)
    return model.status();
  // Optimizer slots ride along as initializers no node reads.
  for (const NamedTensor &slot : slots_) {
    Result<proto::Tensor> value = tensorToProto(slot.tensor, slot.name);
    if (!value)
      return value.status();
    *model->mutable_graph()->add_initializers() = std::move(*value);
  }
  auto &metadata = *model->mutable_metadata();
  for (const auto &[key, value] : extra)
    metadata[key] = value;
  metadata[kIterationKey] = std::to_string(iteration_);
  char rate[32];
  std::snprintf(rate, sizeof(rate), "%.17g", learningRate_);
  metadata[kLearningRateKey] = rate;
  return saveModelFile(*model, path);
}

Result<std::map<std::string, std::string>>
TrainingSession::loadCheckpoint(const std::string &path) {
  Result<proto::Model> model = loadModelFile(path);
  if (!model)
    return model.status();
  std::map<std::string, const proto::Tensor *> stored;
  for (const proto::Tensor &initializer : model->graph().initializers())
    stored[initializer.name()] = &initializer;
  auto restore = [&](std::vector<NamedTensor> &tensors) -> Status {
    for (NamedTensor &tensor : tensors) {
      auto found = stored.find(tensor.name);
      if (found == stored.end())
        return Status::error(path + ": the checkpoint has no tensor '" +
                             tensor.name + "' (saved from another model or "
                             "optimizer?)");
      Result<Tensor> value = tensorFromProto(*found->second);
      if (!value)
        return Status::error(path + ": '" + tensor.name +
                             "': " + value.status().message());
      if (value->shape() != tensor.tensor.shape() ||
          value->dtype() != tensor.tensor.dtype())
        return Status::error(path + ": '" + tensor.name + "' has shape " +
                             value->shapeString() + ", the model expects " +
                             tensor.tensor.shapeString());
      tensor.tensor = *value;
    }
    return Status::ok();
  };
  DLC_RETURN_IF_ERROR(restore(parameters_));
  DLC_RETURN_IF_ERROR(restore(slots_));
  std::map<std::string, std::string> metadata(model->metadata().begin(),
                                              model->metadata().end());
  if (!metadata.count(kIterationKey) || !metadata.count(kLearningRateKey))
    return Status::error(path + ": not a training checkpoint (no " +
                         std::string(kIterationKey) + " metadata)");
  iteration_ = std::stoll(metadata[kIterationKey]);
  learningRate_ = std::stod(metadata[kLearningRateKey]);
  return metadata;
}

} // namespace dlc
