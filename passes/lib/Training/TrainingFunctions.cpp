//===- TrainingFunctions.cpp - Generate the train and evaluate steps ------===//
#include "dlc/Training/TrainingFunctions.h"

#include "TrainingBuilders.h"
#include "dlc/Autodiff/Autodiff.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace dlc {
namespace {

/// A function under construction: its arguments with their names.
class FunctionBuilder {
public:
  FunctionBuilder(ModuleOp module, StringRef name, Location loc)
      : module_(module), name_(name), loc_(loc) {}

  unsigned addArgument(Type type, StringRef name) {
    argumentTypes_.push_back(type);
    argumentNames_.push_back(name.str());
    return argumentTypes_.size() - 1;
  }

  /// Creates the function with an entry block; the builder is left at its
  /// end.
  func::FuncOp create(OpBuilder &builder) {
    builder.setInsertionPointToEnd(module_.getBody());
    function_ = func::FuncOp::create(
        builder, loc_, name_, builder.getFunctionType(argumentTypes_, {}));
    Block *body = function_.addEntryBlock();
    for (auto [index, name] : llvm::enumerate(argumentNames_))
      function_.setArgAttr(index, "dlc.name", builder.getStringAttr(name));
    builder.setInsertionPointToEnd(body);
    return function_;
  }

  Value argument(unsigned index) { return function_.getArgument(index); }

  void finish(OpBuilder &builder, ArrayRef<Value> results,
              ArrayRef<std::string> resultNames) {
    func::ReturnOp::create(builder, loc_, results);
    function_.setType(builder.getFunctionType(argumentTypes_,
                                              ValueRange(results).getTypes()));
    for (auto [index, name] : llvm::enumerate(resultNames))
      function_.setResultAttr(index, "dlc.name", builder.getStringAttr(name));
  }

private:
  ModuleOp module_;
  std::string name_;
  Location loc_;
  SmallVector<Type> argumentTypes_;
  SmallVector<std::string> argumentNames_;
  func::FuncOp function_;
};

/// What @main takes and gives, classified.
struct ForwardSignature {
  func::FuncOp main;
  SmallVector<unsigned> parameters, inputs;
  std::string nameOf(unsigned argument) const {
    auto name = dyn_cast_if_present<StringAttr>(
        func::FuncOp(main).getArgAttr(argument, "dlc.name"));
    return name ? name.str() : "arg" + std::to_string(argument);
  }
};

/// Copies @main's body into the current block with `arguments` standing for
/// its arguments; returns the values @main returns.
SmallVector<Value> inlineForward(OpBuilder &builder, func::FuncOp main,
                                 ArrayRef<Value> arguments) {
  IRMapping mapping;
  mapping.map(main.getArguments(), arguments);
  Block &body = main.getBody().front();
  for (Operation &op : body.without_terminator())
    builder.clone(op, mapping);
  SmallVector<Value> results;
  for (Value value : body.getTerminator()->getOperands())
    results.push_back(mapping.lookup(value));
  return results;
}

/// The total loss (each output's loss times its weight, plus the weight
/// penalties), each output's loss when there are several, then the
/// metrics: the values objectiveNames(spec) names.
FailureOr<SmallVector<Value>>
buildObjective(DlcBuilder &b, const TrainingSpec &spec,
               ArrayRef<Value> outputs, ArrayRef<Value> labels, Value mask,
               const std::map<std::string, Value> &parameters) {
  SmallVector<Value> losses, metrics;
  Value loss;
  for (auto [objective, objectiveLabels] :
       llvm::zip(spec.objectives, labels)) {
    Value output = outputs[objective.output];
    Value own = buildLoss(b, objective, output, objectiveLabels, mask);
    losses.push_back(own);
    if (objective.weight != 1.0)
      own = b.mul(b.scalarLike(own, objective.weight), own);
    loss = loss ? b.add(loss, own) : own;
    for (const MetricSpec &metric : objective.metrics)
      metrics.push_back(buildMetric(b, metric.kind, objective, output,
                                    objectiveLabels, mask));
  }
  for (const auto &[name, penalty] : spec.regularizers) {
    auto found = parameters.find(name);
    if (found == parameters.end())
      return emitError(b.loc()) << "regularizer of '" << name
                                << "': the model has no parameter of that name";
    Value weight = found->second;
    if (penalty.l1 != 0.0)
      loss = b.add(loss, b.mul(b.scalarLike(loss, penalty.l1),
                               b.reduceSum(b.abs(weight), {}, false)));
    if (penalty.l2 != 0.0)
      loss = b.add(loss, b.mul(b.scalarLike(loss, penalty.l2),
                               b.reduceSum(b.mul(weight, weight), {}, false)));
  }
  SmallVector<Value> values{loss};
  if (losses.size() > 1)
    llvm::append_range(values, losses);
  llvm::append_range(values, metrics);
  return values;
}

/// The step arguments of the objectives' labels: "labels", or with several
/// objectives "labels/<output name>".
SmallVector<unsigned> addLabelArguments(FunctionBuilder &function,
                                        const TrainingSpec &spec,
                                        ArrayRef<Type> labelTypes) {
  SmallVector<unsigned> arguments;
  for (auto [objective, type] : llvm::zip(spec.objectives, labelTypes)) {
    std::string name = "labels";
    if (spec.objectives.size() > 1)
      name += "/" + objective.prefix.substr(0, objective.prefix.size() - 1);
    arguments.push_back(function.addArgument(type, name));
  }
  return arguments;
}

SmallVector<Value> argumentsAt(FunctionBuilder &function,
                               ArrayRef<unsigned> indices) {
  SmallVector<Value> values;
  for (unsigned index : indices)
    values.push_back(function.argument(index));
  return values;
}

/// @main's signature and the types of the steps' labels and sample mask.
struct StepSignature {
  ForwardSignature forward;
  SmallVector<Type> labelTypes;
  Type maskType;
};

/// Data parallelism: each process holds a share of the batch, and the
/// values it computed become averages over the whole batch. Each process
/// weights its own by its count of samples; one dlc.all_reduce sums them
/// with the counts (one exchange per step), and the sums are divided by
/// the total count. The penalties' gradients, the same on every process,
/// come out once.
LogicalResult averageOverProcesses(DlcBuilder &b, Value mask,
                                   ArrayRef<Value *> values) {
  Value count = b.reduceSum(mask, {}, /*keepdims=*/false);
  SmallVector<Value> weighted;
  for (Value *value : values) {
    if (!tensorType(*value).getElementType().isF32())
      return emitError(b.loc())
             << "data-parallel training averages f32 values, got "
             << value->getType();
    weighted.push_back(b.mul(*value, count));
  }
  weighted.push_back(count);
  auto sums = AllReduceOp::create(b.builder(), weighted);
  Value total = sums.getResults().back();
  for (auto [value, sum] : llvm::zip(values, sums.getResults()))
    *value = b.div(sum, total);
  return success();
}

/// @train_step, or @gradients: the same up to the gradients, which it
/// returns instead of updating the parameters (no slots, learning rate or
/// iteration).
enum class StepKind { Train, Gradients };

LogicalResult buildStep(ModuleOp module, const StepSignature &signature,
                        const TrainingSpec &spec, StepKind kind) {
  const ForwardSignature &forward = signature.forward;
  ArrayRef<Type> labelTypes = signature.labelTypes;
  Type maskType = signature.maskType;
  func::FuncOp main = forward.main;
  bool train = kind == StepKind::Train;
  std::vector<std::string> slots;
  if (train)
    slots = optimizerSlots(spec.optimizer);
  FunctionBuilder function(module, train ? "train_step" : "gradients",
                           main.getLoc());
  SmallVector<unsigned> parameterArgs, slotArgs, inputArgs;
  for (unsigned parameter : forward.parameters)
    parameterArgs.push_back(function.addArgument(
        main.getArgumentTypes()[parameter], forward.nameOf(parameter)));
  for (unsigned parameter : forward.parameters)
    for (const std::string &slot : slots)
      slotArgs.push_back(
          function.addArgument(main.getArgumentTypes()[parameter],
                               forward.nameOf(parameter) + "/" + slot));
  for (unsigned input : forward.inputs)
    inputArgs.push_back(function.addArgument(main.getArgumentTypes()[input],
                                             forward.nameOf(input)));
  SmallVector<unsigned> labelArgs =
      addLabelArguments(function, spec, labelTypes);
  unsigned maskArg = function.addArgument(maskType, "sample_mask");
  auto scalarType = RankedTensorType::get(
      {}, cast<RankedTensorType>(maskType).getElementType());
  unsigned rateArg = 0, iterationArg = 0;
  if (train) {
    rateArg = function.addArgument(scalarType, "learning_rate");
    iterationArg = function.addArgument(scalarType, "iteration");
  }
  unsigned seedArg = function.addArgument(
      RankedTensorType::get({}, IntegerType::get(module.getContext(), 64)),
      "seed");

  OpBuilder builder(module.getContext());
  function.create(builder);
  SmallVector<Value> forwardArguments(main.getNumArguments());
  std::map<std::string, Value> parametersByName;
  for (auto [index, parameter] : llvm::enumerate(forward.parameters)) {
    forwardArguments[parameter] = function.argument(parameterArgs[index]);
    parametersByName[forward.nameOf(parameter)] = forwardArguments[parameter];
  }
  for (auto [index, input] : llvm::enumerate(forward.inputs))
    forwardArguments[input] = function.argument(inputArgs[index]);
  SmallVector<Value> outputs = inlineForward(builder, main, forwardArguments);
  FailureOr<llvm::MapVector<Value, Value>> statistics = switchToTrainingMode(
      *builder.getInsertionBlock(), function.argument(seedArg), outputs);
  if (failed(statistics))
    return failure();

  DlcBuilder b(builder, NameLoc::get(builder.getStringAttr("loss"),
                                     main.getLoc()));
  FailureOr<SmallVector<Value>> objective =
      buildObjective(b, spec, outputs, argumentsAt(function, labelArgs),
                     function.argument(maskArg), parametersByName);
  if (failed(objective))
    return failure();
  SmallVector<Value> parameterValues;
  for (unsigned arg : parameterArgs)
    parameterValues.push_back(function.argument(arg));
  FailureOr<SmallVector<Value>> gradients =
      buildGradients(builder, objective->front(), parameterValues);
  if (failed(gradients))
    return failure();
  if (!train) {
    std::vector<std::string> names;
    for (unsigned parameter : forward.parameters)
      names.push_back(forward.nameOf(parameter));
    function.finish(builder, *gradients, names);
    return success();
  }

  SmallVector<Value> newParameters, newSlots;
  std::vector<std::string> resultNames;
  DlcBuilder update(builder, NameLoc::get(builder.getStringAttr("optimizer"),
                                          main.getLoc()));
  if (spec.dataParallel) {
    // The moving statistics replace their parameters; the others' gradients
    // feed the optimizer.
    SmallVector<Value *> averaged;
    for (auto [index, parameter] : llvm::enumerate(parameterValues))
      if (!statistics->count(parameter))
        averaged.push_back(&(*gradients)[index]);
    for (auto &entry : *statistics)
      averaged.push_back(&entry.second);
    for (Value &value : *objective)
      averaged.push_back(&value);
    DlcBuilder allReduce(builder,
                         NameLoc::get(builder.getStringAttr("all_reduce"),
                                      main.getLoc()));
    if (failed(averageOverProcesses(allReduce, function.argument(maskArg),
                                    averaged)))
      return failure();
  }
  for (auto [index, parameter] : llvm::enumerate(parameterValues)) {
    SmallVector<Value> slotValues;
    for (size_t slot = 0; slot < slots.size(); ++slot)
      slotValues.push_back(
          function.argument(slotArgs[index * slots.size() + slot]));
    // Moving statistics follow their own rule, not the optimizer's.
    if (Value moving = statistics->lookup(parameter)) {
      newParameters.push_back(moving);
      llvm::append_range(newSlots, slotValues);
      continue;
    }
    SmallVector<Value> updated = buildOptimizerUpdate(
        update, spec.optimizer, parameter, (*gradients)[index], slotValues,
        function.argument(rateArg), function.argument(iterationArg));
    newParameters.push_back(updated.front());
    llvm::append_range(newSlots, llvm::drop_begin(updated));
  }
  for (unsigned parameter : forward.parameters)
    resultNames.push_back(forward.nameOf(parameter));
  for (unsigned parameter : forward.parameters)
    for (const std::string &slot : slots)
      resultNames.push_back(forward.nameOf(parameter) + "/" + slot);
  for (const std::string &name : objectiveNames(spec))
    resultNames.push_back(name);

  SmallVector<Value> results = newParameters;
  llvm::append_range(results, newSlots);
  llvm::append_range(results, *objective);
  function.finish(builder, results, resultNames);
  return success();
}

LogicalResult buildEvaluate(ModuleOp module, const StepSignature &signature,
                            const TrainingSpec &spec) {
  const ForwardSignature &forward = signature.forward;
  ArrayRef<Type> labelTypes = signature.labelTypes;
  Type maskType = signature.maskType;
  func::FuncOp main = forward.main;
  FunctionBuilder function(module, "evaluate", main.getLoc());
  SmallVector<Value> forwardArguments(main.getNumArguments());
  SmallVector<unsigned> argumentOf(main.getNumArguments());
  for (unsigned parameter : forward.parameters)
    argumentOf[parameter] = function.addArgument(
        main.getArgumentTypes()[parameter], forward.nameOf(parameter));
  for (unsigned input : forward.inputs)
    argumentOf[input] = function.addArgument(main.getArgumentTypes()[input],
                                             forward.nameOf(input));
  SmallVector<unsigned> labelArgs =
      addLabelArguments(function, spec, labelTypes);
  unsigned maskArg = function.addArgument(maskType, "sample_mask");

  OpBuilder builder(module.getContext());
  function.create(builder);
  std::map<std::string, Value> parametersByName;
  for (unsigned index = 0; index < main.getNumArguments(); ++index)
    forwardArguments[index] = function.argument(argumentOf[index]);
  for (unsigned parameter : forward.parameters)
    parametersByName[forward.nameOf(parameter)] = forwardArguments[parameter];
  SmallVector<Value> outputs = inlineForward(builder, main, forwardArguments);
  DlcBuilder b(builder, NameLoc::get(builder.getStringAttr("loss"),
                                     main.getLoc()));
  FailureOr<SmallVector<Value>> objective =
      buildObjective(b, spec, outputs, argumentsAt(function, labelArgs),
                     function.argument(maskArg), parametersByName);
  if (failed(objective))
    return failure();
  function.finish(builder, *objective, objectiveNames(spec));
  return success();
}

/// Classifies @main's arguments and derives the steps' label and mask types.
FailureOr<StepSignature> stepSignature(ModuleOp module,
                                       const TrainingSpec &spec) {
  StepSignature signature;
  ForwardSignature &forward = signature.forward;
  forward.main = module.lookupSymbol<func::FuncOp>("main");
  if (!forward.main)
    return module.emitError("the module has no @main function to train");
  func::FuncOp main = forward.main;
  for (unsigned index = 0; index < main.getNumArguments(); ++index)
    (main.getArgAttr(index, "dlc.parameter") ? forward.parameters
                                             : forward.inputs)
        .push_back(index);
  for (Type type : main.getArgumentTypes())
    if (!cast<RankedTensorType>(type).hasStaticShape())
      return main.emitError("training needs static shapes; bind the input "
                            "shapes first, got ")
             << type;
  if (spec.objectives.empty())
    return main.emitError("training needs a loss");
  SmallVector<Type> &labelTypes = signature.labelTypes;
  RankedTensorType firstOutput;
  for (const OutputObjective &objective : spec.objectives) {
    if (objective.output >= main.getNumResults())
      return main.emitError("the loss reads output ")
             << objective.output << ", but @main has " << main.getNumResults()
             << " results";
    auto outputType =
        dyn_cast<RankedTensorType>(main.getResultTypes()[objective.output]);
    if (!outputType || !isa<FloatType>(outputType.getElementType()) ||
        outputType.getRank() == 0)
      return main.emitError("the loss reads result ")
             << objective.output << ", which is not a float tensor of samples";
    if (firstOutput &&
        (outputType.getDimSize(0) != firstOutput.getDimSize(0) ||
         outputType.getElementType() != firstOutput.getElementType()))
      return main.emitError("the losses read results ")
             << firstOutput << " and " << outputType
             << ", whose samples or element types differ";
    if (!firstOutput)
      firstOutput = outputType;
    labelTypes.push_back(labelType(objective.loss, outputType));
  }
  // One weight per sample: 1, or 0 for the padding of a short batch.
  signature.maskType = RankedTensorType::get({firstOutput.getDimSize(0)},
                                             firstOutput.getElementType());
  return signature;
}

} // namespace

LogicalResult buildTrainingFunctions(ModuleOp module,
                                     const TrainingSpec &spec) {
  FailureOr<StepSignature> signature = stepSignature(module, spec);
  if (failed(signature))
    return failure();
  if (failed(buildStep(module, *signature, spec, StepKind::Train)) ||
      failed(buildEvaluate(module, *signature, spec)))
    return failure();
  // Gradients of values nobody reads (inputs, constants) are dropped.
  for (StringRef name : {"train_step", "evaluate"})
    eraseDeadPureOps(
        module.lookupSymbol<func::FuncOp>(name).getBody().front());
  return success();
}

LogicalResult buildGradientFunction(ModuleOp module, const TrainingSpec &spec) {
  FailureOr<StepSignature> signature = stepSignature(module, spec);
  if (failed(signature) ||
      failed(buildStep(module, *signature, spec, StepKind::Gradients)))
    return failure();
  eraseDeadPureOps(
      module.lookupSymbol<func::FuncOp>("gradients").getBody().front());
  return success();
}

} // namespace dlc
