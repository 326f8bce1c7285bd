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
  spec.objectives.clear();
  const auto &outputs = model.graph().outputs();
  // The first loss reads the first output unless it names one; the others
  // must name theirs.
  auto addObjective = [&](const proto::Loss &loss, const std::string &field,
                          const auto &metrics) -> Status {
    OutputObjective objective;
    std::optional<LossKind> kind = lossFromName(loss.name());
    if (!kind)
      return Status::error(path + ": " + field + ".name: unknown loss '" +
                           loss.name() + "' (known: " + knownLossNames() +
                           ")");
    objective.loss = *kind;
    objective.fromLogits = loss.from_logits();
    if (!loss.output().empty()) {
      auto found = std::find_if(outputs.begin(), outputs.end(),
                                [&](const proto::ValueInfo &info) {
                                  return info.name() == loss.output();
                                });
      if (found == outputs.end())
        return Status::error(path + ": " + field +
                             ".output: the graph has no output '" +
                             loss.output() + "'");
      objective.output = found - outputs.begin();
    } else if (!spec.objectives.empty()) {
      return Status::error(path + ": " + field +
                           ".output: name the graph output of this loss");
    }
    for (const OutputObjective &other : spec.objectives)
      if (other.output == objective.output)
        return Status::error(path + ": " + field + ": output '" +
                             outputs.Get(objective.output).name() +
                             "' has a loss already");
    if (loss.has_weight())
      objective.weight = loss.weight();
    for (const std::string &name : metrics) {
      std::optional<MetricKind> metric = metricFromName(name, *kind);
      if (!metric)
        return Status::error(path + ": " + field + " metrics: unknown "
                             "metric '" + name + "' for loss '" +
                             loss.name() + "' (known: " + knownMetricNames() +
                             ")");
      objective.metrics.push_back({*metric, name});
    }
    spec.objectives.push_back(objective);
    return Status::ok();
  };
  if (outputs.empty())
    return Status::error(path + ": the graph has no output to train");
  DLC_RETURN_IF_ERROR(
      addObjective(training.loss(), "training.loss", training.metrics()));
  for (int index = 0; index < training.output_losses_size(); ++index)
    DLC_RETURN_IF_ERROR(addObjective(
        training.output_losses(index),
        "training.output_losses[" + std::to_string(index) + "]",
        training.output_losses(index).metrics()));
  if (spec.objectives.size() > 1)
    for (OutputObjective &objective : spec.objectives)
      objective.prefix = outputs.Get(objective.output).name() + "_";
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
  std::vector<std::string> weights = weightInitializers(model);
  for (const std::string &name : training.frozen())
    if (llvm::none_of(weights, [&](const std::string &weight) {
          return freezes(name, weight);
        }))
      return Status::error(path + ": training.frozen: '" + name +
                           "' names no weight of the graph (a float "
                           "initializer, or a layer whose weights are '" +
                           name + "/...')");
  for (const proto::Regularizer &regularizer : training.regularizers()) {
    if (!llvm::is_contained(weights, regularizer.parameter()))
      return Status::error(path + ": training.regularizers: '" +
                           regularizer.parameter() +
                           "' is not a weight (float initializer) of the graph");
    // A frozen weight's penalty is a constant: nothing to differentiate.
    if (!isFrozen(model, regularizer.parameter()))
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
// The training module
//===----------------------------------------------------------------------===//

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

/// A declared shape with -1 for symbolic dimensions.
std::vector<int64_t> declaredShape(const proto::ValueInfo &info) {
  std::vector<int64_t> shape;
  for (const proto::Dim &dim : info.shape())
    shape.push_back(dim.value_case() == proto::Dim::kSize ? dim.size() : -1);
  return shape;
}

} // namespace

Result<TrainingParts> trainingPartsOf(const proto::Model &model,
                                      const std::string &path,
                                      const TrainingSpec &spec) {
  const proto::Graph &graph = model.graph();
  TrainingParts parts;
  std::set<std::string> initializers;
  for (const proto::Tensor &initializer : graph.initializers())
    initializers.insert(initializer.name());
  for (const proto::ValueInfo &info : graph.inputs()) {
    if (initializers.count(info.name()))
      continue;
    Result<DType> dtype = dtypeFromProto(info.dtype());
    if (!dtype)
      return Status::error(path + ": input '" + info.name() +
                           "': " + dtype.status().message());
    parts.setup.inputs.push_back({info.name(), *dtype, declaredShape(info)});
  }

  for (const OutputObjective &objective : spec.objectives) {
    if (objective.output >= static_cast<unsigned>(graph.outputs_size()))
      return Status::error(path + ": the loss reads output " +
                           std::to_string(objective.output) +
                           ", but the graph has " +
                           std::to_string(graph.outputs_size()));
    const proto::ValueInfo &output = graph.outputs(objective.output);
    Result<DType> outputType = dtypeFromProto(output.dtype());
    if (!outputType)
      return Status::error(path + ": output '" + output.name() +
                           "': " + outputType.status().message());
    std::vector<int64_t> outputShape = declaredShape(output);
    LabelFormat labels;
    labels.output = objective.output;
    labels.outputName = output.name();
    labels.outputType = *outputType;
    if (!outputShape.empty())
      labels.outputSampleShape.assign(outputShape.begin() + 1,
                                      outputShape.end());
    labels.classIndices =
        objective.loss == LossKind::SparseCategoricalCrossentropy;
    parts.setup.labels.push_back(labels);
  }
  parts.setup.objectiveNames = objectiveNames(spec);
  parts.setup.slotNames = optimizerSlots(spec.optimizer);
  parts.setup.batchStatistics =
      std::any_of(graph.nodes().begin(), graph.nodes().end(),
                  [](const proto::Node &node) {
                    return node.op() == "BatchNormalization";
                  });
  parts.setup.learningRate = learningRateFromProto(model.training());
  parts.setup.dataParallel = spec.dataParallel;
  auto read = [&](const std::vector<std::string> &names,
                  std::vector<NamedTensor> &into) -> Status {
    for (const std::string &name : names) {
      auto found = std::find_if(
          graph.initializers().begin(), graph.initializers().end(),
          [&](const proto::Tensor &tensor) { return tensor.name() == name; });
      Result<Tensor> value = tensorFromProto(*found);
      if (!value)
        return Status::error(path + ": initializer '" + name +
                             "': " + value.status().message());
      into.push_back({name, *value});
    }
    return Status::ok();
  };
  DLC_RETURN_IF_ERROR(read(parameterInitializers(model), parts.parameters));
  DLC_RETURN_IF_ERROR(read(frozenInitializers(model), parts.frozen));
  if (parts.parameters.empty())
    return Status::error(path + ": the model has no weights to train (float "
                                "initializers read by its nodes)");
  return parts;
}

Result<OwningOpRef<ModuleOp>>
buildTrainingModule(MLIRContext &context, const proto::Model &model,
                    const std::string &path, const TrainingSpec &spec,
                    const std::vector<TensorSpec> &inputs, Weights weights) {
  DiagnosticCollector diagnostics(context);
  // Imported for these shapes, so that shape computations fold.
  ImportOptions importOptions;
  importOptions.weights = weights;
  importOptions.differentiable = true;
  std::vector<std::vector<int64_t>> mainShapes;
  for (const TensorSpec &input : inputs) {
    importOptions.inputShapes[input.name] = input.shape;
    mainShapes.push_back(input.shape);
  }
  OwningOpRef<ModuleOp> module =
      importModel(context, model, path, importOptions);
  if (!module)
    return diagnostics.toStatus(path + ": import failed");
  func::FuncOp main = module->lookupSymbol<func::FuncOp>("main");
  for (Type type : main.getArgumentTypes().drop_front(inputs.size()))
    mainShapes.push_back(shapeOf(type));
  PassManager shapes(&context);
  ShapeInferenceOptions shapeOptions;
  shapeOptions.inputShapes = formatInputShapes(mainShapes);
  shapes.addNestedPass<func::FuncOp>(createShapeInference(shapeOptions));
  if (failed(shapes.run(*module)))
    return diagnostics.toStatus(path + ": shape inference failed");
  if (failed(buildTrainingFunctions(*module, spec)))
    return diagnostics.toStatus(path + ": building the training step failed");
  return module;
}

//===----------------------------------------------------------------------===//
// TrainingSession
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

/// A copy of a function that returns every float value it computes
/// (constants aside), in order, compiled; with the node and the op that
/// computed each value.
struct TracedFunction {
  std::unique_ptr<JitFunction> function;
  std::vector<std::string> nodes, ops;
};

Result<TracedFunction> compileTrace(ModuleOp module, StringRef entry) {
  OwningOpRef<ModuleOp> clone = module.clone();
  auto function = clone->lookupSymbol<func::FuncOp>(entry);
  auto trace = cast<func::FuncOp>(function->clone());
  trace.setSymName("trace");
  clone->push_back(trace);
  Block &body = trace.getBody().front();
  TracedFunction traced;
  SmallVector<Value> values;
  for (Operation &op : body.without_terminator())
    for (Value result : op.getResults())
      if (isFloatTensor(result.getType()) &&
          !op.hasTrait<OpTrait::ConstantLike>()) {
        values.push_back(result);
        traced.nodes.push_back(nodeNameOf(&op));
        traced.ops.push_back(op.getName().getStringRef().str());
      }
  Operation *terminator = body.getTerminator();
  OpBuilder builder(terminator);
  func::ReturnOp::create(builder, terminator->getLoc(), values);
  terminator->erase();
  trace.setType(builder.getFunctionType(trace.getArgumentTypes(),
                                        ValueRange(values).getTypes()));
  trace.setAllResultAttrs(ArrayRef<DictionaryAttr>{});
  Result<std::unique_ptr<JitFunction>> compiled =
      JitFunction::compile(*clone, argumentShapes(trace), "trace");
  if (!compiled)
    return compiled.status();
  traced.function = std::move(*compiled);
  return traced;
}

} // namespace

/// The training module of one batch shape and its entry points, each
/// compiled on first use.
struct TrainingSession::CompiledSteps : Trainer::Steps {
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<JitFunction> jitTrain, jitEvaluate, jitPredict;
  /// For inspection only (nodeOutputs and gradients).
  std::unique_ptr<TracedFunction> mainTrace;
  std::unique_ptr<JitFunction> jitGradients;

  /// The step that compiles `entry` into `slot` on first use.
  CompiledStep compiledOnFirstUse(std::unique_ptr<JitFunction> &slot,
                                  std::string entry) {
    return [this, &slot, entry](const std::vector<Tensor> &arguments,
                                std::vector<Tensor> reusable)
               -> Result<std::vector<Tensor>> {
      if (!slot) {
        auto function = module->lookupSymbol<func::FuncOp>(entry);
        Result<std::unique_ptr<JitFunction>> compiled =
            JitFunction::compile(*module, argumentShapes(function), entry);
        if (!compiled)
          return compiled.status();
        slot = std::move(*compiled);
      }
      return slot->run(arguments, std::move(reusable));
    };
  }

  explicit CompiledSteps(OwningOpRef<ModuleOp> trainingModule)
      : module(std::move(trainingModule)) {
    train = compiledOnFirstUse(jitTrain, "train_step");
    evaluate = compiledOnFirstUse(jitEvaluate, "evaluate");
    predict = compiledOnFirstUse(jitPredict, "main");
  }
};

TrainingSession::TrainingSession(std::string path, proto::Model model,
                                 TrainingSpec spec, TrainingParts parts)
    : Trainer(std::move(path), std::move(parts.setup),
              std::move(parts.parameters), std::move(parts.frozen)),
      context_(createCompilerContext(registerGradientRules)),
      model_(std::move(model)), spec_(std::move(spec)),
      compiled_(kDefaultCompilationCacheCapacity) {}

TrainingSession::~TrainingSession() = default;

Result<std::unique_ptr<TrainingSession>>
TrainingSession::create(proto::Model model, const std::string &path,
                        TrainingSpec spec, double learningRate) {
  Result<TrainingParts> parts = trainingPartsOf(model, path, spec);
  if (!parts)
    return parts.status();
  parts->setup.learningRate = learningRate;
  auto session = std::unique_ptr<TrainingSession>(new TrainingSession(
      path, std::move(model), std::move(spec), std::move(*parts)));
  // The graph inputs point into the model the session keeps.
  std::set<std::string> initializers;
  for (const proto::Tensor &initializer : session->model_.graph().initializers())
    initializers.insert(initializer.name());
  for (const proto::ValueInfo &info : session->model_.graph().inputs())
    if (!initializers.count(info.name()))
      session->graphInputs_.push_back(&info);
  return session;
}

Result<Trainer::Steps *>
TrainingSession::stepsFor(const std::vector<Tensor> &inputs) {
  std::vector<TensorSpec> specs = this->inputs();
  for (size_t i = 0; i < inputs.size(); ++i)
    specs[i].shape = inputs[i].shape();
  std::vector<std::vector<int64_t>> shapes;
  for (const Tensor &input : inputs)
    shapes.push_back(input.shape());
  std::string key = formatInputShapes(shapes);
  if (std::unique_ptr<CompiledSteps> *cached = compiled_.find(key))
    return cached->get();
  Result<OwningOpRef<ModuleOp>> module =
      buildTrainingModule(*context_, model_, modelPath_, spec_, specs);
  if (!module)
    return module.status();
  auto steps = std::make_unique<CompiledSteps>(std::move(*module));
  return compiled_.insert(key, std::move(steps)).get();
}

void TrainingSession::setCompilationCacheCapacity(size_t capacity) {
  compiled_.setCapacity(capacity);
}

//===----------------------------------------------------------------------===//
// Diagnosing a loss that is not finite
//===----------------------------------------------------------------------===//

Result<std::string>
TrainingSession::explainNonFinite(const std::vector<Tensor> &inputs,
                                  const std::vector<Tensor> &labels) {
  if (std::optional<std::string> weight = nonFiniteWeight())
    return *weight;
  Result<PreparedStep> step = prepareStep(inputs, labels);
  if (!step)
    return step.status();
  // This session's steps are CompiledSteps (stepsFor).
  auto *steps = static_cast<CompiledSteps *>(step->steps);
  std::vector<Tensor> arguments =
      stepArguments(step->batch, /*withSlots=*/false);

  Result<TracedFunction> trace = compileTrace(*steps->module, "evaluate");
  if (!trace)
    return trace.status();
  Result<std::vector<Tensor>> values = trace->function->run(arguments);
  if (!values)
    return values.status();
  for (size_t i = 0; i < values->size(); ++i)
    if (std::string kind = nonFiniteKind((*values)[i]); !kind.empty())
      return "node '" + trace->nodes[i] + "' (" + trace->ops[i] +
             ") produced " + kind;
  return std::string("no op produced a non-finite value when traced");
}

//===----------------------------------------------------------------------===//
// Inspection
//===----------------------------------------------------------------------===//

Result<std::vector<NamedTensor>>
TrainingSession::nodeOutputs(const std::vector<Tensor> &inputs) {
  DLC_RETURN_IF_ERROR(checkInputs(inputs));
  Result<Steps *> steps = stepsFor(inputs);
  if (!steps)
    return steps.status();
  auto *compiled = static_cast<CompiledSteps *>(*steps);
  if (!compiled->mainTrace) {
    Result<TracedFunction> trace = compileTrace(*compiled->module, "main");
    if (!trace)
      return trace.status();
    compiled->mainTrace =
        std::make_unique<TracedFunction>(std::move(*trace));
  }
  Result<std::vector<Tensor>> values =
      compiled->mainTrace->function->run(mainArguments(inputs));
  if (!values)
    return values.status();
  // A node lowers to several ops: its output is the last value it computes.
  std::vector<NamedTensor> outputs;
  std::map<std::string, size_t> indexOf;
  for (auto [node, value] : llvm::zip(compiled->mainTrace->nodes, *values)) {
    auto [found, added] = indexOf.emplace(node, outputs.size());
    if (added)
      outputs.push_back({node, value});
    else
      outputs[found->second].tensor = value;
  }
  return outputs;
}

Result<std::vector<NamedTensor>>
TrainingSession::gradients(const std::vector<Tensor> &inputs,
                           const std::vector<Tensor> &labels) {
  Result<PreparedStep> step = prepareStep(inputs, labels);
  if (!step)
    return step.status();
  auto *steps = static_cast<CompiledSteps *>(step->steps);
  if (!steps->jitGradients) {
    DiagnosticCollector diagnostics(*context_);
    if (!steps->module->lookupSymbol<func::FuncOp>("gradients") &&
        failed(buildGradientFunction(*steps->module, spec_)))
      return diagnostics.toStatus(modelPath_ +
                                  ": building the gradient function failed");
    auto function = steps->module->lookupSymbol<func::FuncOp>("gradients");
    Result<std::unique_ptr<JitFunction>> compiled = JitFunction::compile(
        *steps->module, argumentShapes(function), "gradients");
    if (!compiled)
      return compiled.status();
    steps->jitGradients = std::move(*compiled);
  }
  std::vector<Tensor> arguments =
      stepArguments(step->batch, /*withSlots=*/false);
  arguments.push_back(nextStepSeed());
  Result<std::vector<Tensor>> values = steps->jitGradients->run(arguments);
  if (!values)
    return values.status();
  std::vector<NamedTensor> result;
  for (auto [parameter, gradient] : llvm::zip(parameters(), *values))
    result.push_back({parameter.name, gradient});
  return result;
}

//===----------------------------------------------------------------------===//
// Model files
//===----------------------------------------------------------------------===//

namespace {

/// Sets the initializers named like `tensors` to their values and appends
/// the others.
Status replaceInitializers(proto::Model &model,
                           const std::vector<NamedTensor> &tensors) {
  auto &initializers = *model.mutable_graph()->mutable_initializers();
  for (const NamedTensor &tensor : tensors) {
    Result<proto::Tensor> value = tensorToProto(tensor.tensor, tensor.name);
    if (!value)
      return value.status();
    auto found = std::find_if(initializers.begin(), initializers.end(),
                              [&](const proto::Tensor &initializer) {
                                return initializer.name() == tensor.name;
                              });
    if (found != initializers.end())
      *found = std::move(*value);
    else
      *initializers.Add() = std::move(*value);
  }
  return Status::ok();
}

} // namespace

Result<proto::Model> TrainingSession::trainedModel() const {
  proto::Model model = model_;
  DLC_RETURN_IF_ERROR(replaceInitializers(model, allWeights()));
  return model;
}

Status TrainingSession::writeModelFile(
    const std::string &path, const std::vector<NamedTensor> &tensors,
    const std::map<std::string, std::string> &metadata) const {
  proto::Model model = model_;
  DLC_RETURN_IF_ERROR(replaceInitializers(model, tensors));
  for (const auto &[key, value] : metadata)
    (*model.mutable_metadata())[key] = value;
  return saveModelFile(model, path);
}

Result<StoredTensors>
TrainingSession::readModelFile(const std::string &path) const {
  Result<proto::Model> model = loadModelFile(path);
  if (!model)
    return model.status();
  StoredTensors stored;
  for (const proto::Tensor &initializer : model->graph().initializers()) {
    Result<Tensor> value = tensorFromProto(initializer);
    if (!value)
      return Status::error(path + ": '" + initializer.name() +
                           "': " + value.status().message());
    stored.tensors[initializer.name()] = *value;
  }
  stored.metadata.insert(model->metadata().begin(), model->metadata().end());
  return stored;
}

} // namespace dlc
