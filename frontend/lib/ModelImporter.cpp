//===- ModelImporter.cpp - dlc model (proto) to the dlc dialect -----------===//
#include "dlc/Frontend/ModelImporter.h"

#include "NodeImporter.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/ScopeExit.h"

#include <algorithm>
#include <map>
#include <set>

using namespace mlir;

namespace dlc {

Type elementTypeOf(proto::DataType dtype, MLIRContext *context) {
  switch (dtype) {
  case proto::FLOAT32:
    return Float32Type::get(context);
  case proto::FLOAT64:
    return Float64Type::get(context);
  case proto::INT8:
    return IntegerType::get(context, 8);
  case proto::INT32:
    return IntegerType::get(context, 32);
  case proto::INT64:
    return IntegerType::get(context, 64);
  case proto::BOOL:
    return IntegerType::get(context, 1);
  case proto::FLOAT16:
    return Float16Type::get(context);
  case proto::BFLOAT16:
    return BFloat16Type::get(context);
  case proto::INT16:
    return IntegerType::get(context, 16);
  case proto::UINT8:
    return IntegerType::get(context, 8, IntegerType::Unsigned);
  case proto::UINT16:
    return IntegerType::get(context, 16, IntegerType::Unsigned);
  case proto::UINT32:
    return IntegerType::get(context, 32, IntegerType::Unsigned);
  case proto::UINT64:
    return IntegerType::get(context, 64, IntegerType::Unsigned);
  default:
    return {};
  }
}

namespace {

/// A constant tensor as an MLIR attribute (bools through the bool API, other
/// types from their little-endian bytes).
DenseElementsAttr toAttribute(const Tensor &tensor, RankedTensorType type) {
  if (tensor.dtype() == DType::Bool) {
    SmallVector<bool> values(tensor.typed<uint8_t>(),
                             tensor.typed<uint8_t>() + tensor.numElements());
    return DenseElementsAttr::get(type, values);
  }
  ArrayRef<char> bytes(static_cast<const char *>(tensor.data()),
                       tensor.sizeInBytes());
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

} // namespace

//===----------------------------------------------------------------------===//
// NodeImporter
//===----------------------------------------------------------------------===//

InFlightDiagnostic NodeImporter::error() {
  failed_ = true;
  return emitError(loc_);
}

bool NodeImporter::hasInput(int index) const {
  return index < node_.inputs_size() && !node_.inputs(index).empty();
}

Value NodeImporter::input(int index) {
  if (!hasInput(index)) {
    error() << "missing required input " << index;
    return {};
  }
  const std::string &name = node_.inputs(index);
  if (sequences_.count(name)) {
    error() << "input " << index << " ('" << name
            << "') is a sequence; this operator takes a tensor";
    return {};
  }
  Value value = lookup_(name);
  failed_ |= !value;
  return value;
}

Value NodeImporter::optionalInput(int index) {
  return hasInput(index) ? input(index) : Value();
}

Value NodeImporter::valueNamed(const std::string &name) {
  if (sequences_.count(name)) {
    error() << "'" << name << "' is a sequence, not a tensor";
    return {};
  }
  Value value = lookup_(name);
  failed_ |= !value;
  return value;
}

std::optional<SmallVector<Value>> NodeImporter::sequenceInput(int index) {
  if (!hasInput(index)) {
    error() << "missing required input " << index;
    return std::nullopt;
  }
  auto found = sequences_.find(node_.inputs(index));
  if (found == sequences_.end()) {
    error() << "input " << index << " ('" << node_.inputs(index)
            << "') must be a sequence";
    return std::nullopt;
  }
  return found->second;
}

/// The constant value of `value`, if it is one (create() folds what it can).
static DenseElementsAttr constantValue(Value value) {
  DenseElementsAttr attr;
  if (matchPattern(value, m_Constant(&attr)))
    return attr;
  return {};
}

/// An integer element as ONNX means it: unsigned types and bool are
/// zero-extended (uint8 200 is 200, not -56), the others sign-extended.
static int64_t integerValue(const APInt &element, Type type) {
  return type.isUnsignedInteger() || type.isInteger(1)
             ? static_cast<int64_t>(element.getZExtValue())
             : element.getSExtValue();
}

std::optional<SmallVector<int64_t>> NodeImporter::constantInts(int index) {
  Value value = input(index);
  if (!value)
    return std::nullopt;
  DenseElementsAttr attr = constantValue(value);
  if (!attr || !isa<IntegerType>(attr.getElementType())) {
    error() << "input " << index << " ('" << node_.inputs(index)
            << "') must be a constant integer tensor (an initializer, a "
               "Constant node, or computed from those and static shapes)";
    return std::nullopt;
  }
  SmallVector<int64_t> values;
  for (const APInt &element : attr.getValues<APInt>())
    values.push_back(integerValue(element, attr.getElementType()));
  return values;
}

/// A float of any width as a double (APFloat::convertToFloat only takes
/// single precision).
static double asDouble(APFloat value) {
  bool losesInfo;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

std::optional<SmallVector<double>> NodeImporter::constantFloats(int index) {
  Value value = input(index);
  if (!value)
    return std::nullopt;
  DenseElementsAttr attr = constantValue(value);
  if (!attr || !isa<FloatType>(attr.getElementType())) {
    error() << "input " << index << " ('" << node_.inputs(index)
            << "') must be a constant float tensor (an initializer, a "
               "Constant node, or computed from those)";
    return std::nullopt;
  }
  SmallVector<double> values;
  for (const APFloat &element : attr.getValues<APFloat>())
    values.push_back(asDouble(element));
  return values;
}

std::optional<float> NodeImporter::constantFloat(int index) {
  if (!hasInput(index))
    return std::nullopt;
  DenseElementsAttr attr = constantValue(input(index));
  if (!attr || !isa<FloatType>(attr.getElementType()) ||
      attr.getNumElements() != 1) {
    error() << "input " << index << " ('" << node_.inputs(index)
            << "') must be a constant float scalar";
    return std::nullopt;
  }
  return static_cast<float>(asDouble(*attr.getValues<APFloat>().begin()));
}

std::optional<double> NodeImporter::constantScalar(int index) {
  if (!hasInput(index))
    return std::nullopt;
  DenseElementsAttr attr = constantValue(input(index));
  if (!attr || attr.getNumElements() != 1 ||
      !attr.getElementType().isIntOrFloat()) {
    error() << "input " << index << " ('" << node_.inputs(index)
            << "') must be a constant numeric scalar";
    return std::nullopt;
  }
  if (isa<FloatType>(attr.getElementType()))
    return asDouble(*attr.getValues<APFloat>().begin());
  return static_cast<double>(integerValue(*attr.getValues<APInt>().begin(),
                                          attr.getElementType()));
}

const proto::Attribute *NodeImporter::findAttr(StringRef name) const {
  for (const proto::Attribute &attribute : node_.attributes())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

bool NodeImporter::hasAttr(StringRef name) const { return findAttr(name); }

const proto::Attribute *
NodeImporter::typedAttr(StringRef name, proto::Attribute::ValueCase kind,
                        StringRef kindName) {
  const proto::Attribute *attribute = findAttr(name);
  if (attribute && attribute->value_case() != kind) {
    error() << "attribute '" << name << "' must be " << kindName;
    return nullptr;
  }
  return attribute;
}

int64_t NodeImporter::intAttr(StringRef name, int64_t defaultValue) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kI, "an int");
  return attribute ? attribute->i() : defaultValue;
}

float NodeImporter::floatAttr(StringRef name, float defaultValue) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kF, "a float");
  return attribute ? attribute->f() : defaultValue;
}

std::string NodeImporter::stringAttr(StringRef name, StringRef defaultValue) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kS, "a string");
  return attribute ? attribute->s() : defaultValue.str();
}

SmallVector<int64_t> NodeImporter::intsAttr(StringRef name,
                                            ArrayRef<int64_t> defaultValue) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kInts, "a list of ints");
  if (!attribute)
    return SmallVector<int64_t>(defaultValue);
  return SmallVector<int64_t>(attribute->ints().values().begin(),
                              attribute->ints().values().end());
}

SmallVector<float> NodeImporter::floatsAttr(StringRef name) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kFloats, "a list of floats");
  if (!attribute)
    return {};
  return SmallVector<float>(attribute->floats().values().begin(),
                            attribute->floats().values().end());
}

SmallVector<std::string> NodeImporter::stringsAttr(StringRef name) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kStrings, "a list of strings");
  if (!attribute)
    return {};
  return SmallVector<std::string>(attribute->strings().values().begin(),
                                  attribute->strings().values().end());
}

DenseElementsAttr NodeImporter::tensorAttr(StringRef name) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kTensor, "a tensor");
  if (!attribute)
    return {};
  Result<Tensor> tensor = tensorFromProto(attribute->tensor());
  Type element = elementTypeOf(attribute->tensor().dtype(), context());
  if (!tensor || !element) {
    rejectAttrValue(name, tensor ? "unsupported dtype"
                                 : tensor.status().message());
    return {};
  }
  return toAttribute(*tensor,
                     RankedTensorType::get(tensor->shape(), element));
}

const proto::Graph *NodeImporter::graphAttr(StringRef name) {
  const proto::Attribute *attribute =
      typedAttr(name, proto::Attribute::kGraph, "a graph");
  if (!attribute && !failed_)
    error() << "missing required attribute '" << name << "'";
  return attribute ? &attribute->graph() : nullptr;
}

FailureOr<SmallVector<Value>>
NodeImporter::importSubgraph(const proto::Graph &graph, ValueRange arguments) {
  FailureOr<SmallVector<Value>> outputs = importSubgraph_(graph, arguments);
  failed_ |= mlir::failed(outputs);
  return outputs;
}

bool NodeImporter::checkShape(ArrayRef<int64_t> shape, StringRef what) {
  if (llvm::all_of(shape, [](int64_t dim) { return dim >= 0; }))
    return true;
  InFlightDiagnostic diagnostic = error() << what << " [";
  llvm::interleaveComma(shape, diagnostic);
  diagnostic << "] has a negative dimension";
  return false;
}

void NodeImporter::rejectAttrValue(StringRef name, StringRef why) {
  error() << "attribute '" << name << "': " << why;
}

bool NodeImporter::normalizeAxis(int64_t &axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    error() << "axis " << axis << " is outside a tensor of rank " << rank;
    return false;
  }
  if (axis < 0)
    axis += rank;
  return true;
}

bool NodeImporter::refine(Operation *op) {
  if (succeeded(refineResultTypes(op)))
    return true;
  failed_ = true;
  op->erase();
  return false;
}

Value NodeImporter::fold(Operation *op) {
  Value result = op->getResult(0);
  SmallVector<OpFoldResult> folded;
  if (mlir::failed(op->fold(folded)) || folded.empty())
    return result;
  Value replacement = dyn_cast<Value>(folded.front());
  if (!replacement) {
    Operation *constant = op->getDialect()->materializeConstant(
        builder_, cast<Attribute>(folded.front()), result.getType(),
        op->getLoc());
    if (!constant)
      return result;
    replacement = constant->getResult(0);
  }
  // The op was just created, so nothing uses its result yet.
  op->erase();
  return replacement;
}

LogicalResult NodeImporter::setOutputs(ValueRange values) {
  if (failed_ || llvm::any_of(values, [](Value v) { return !v; }))
    return failure();
  outputs_.assign(values.begin(), values.end());
  return success();
}

void NodeImporter::limitOutputs(int count, StringRef why) {
  for (int i = count; i < node_.outputs_size(); ++i)
    if (!node_.outputs(i).empty())
      error() << "output " << i << " ('" << node_.outputs(i)
              << "') is not supported: " << why;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

namespace {

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const proto::Model &model,
                const std::string &path, const ImportOptions &options)
      : context_(context), model_(model), path_(path),
        boundInputs_(options.boundInputs), inputShapes_(options.inputShapes),
        weights_(options.weights),
        differentiable_(options.differentiable ||
                        holdsGradientOperator(model.graph())),
        builder_(&context),
        fileLoc_(FileLineColLoc::get(&context, path, 0, 0)) {}

  OwningOpRef<ModuleOp> run() {
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc_);
    builder_.setInsertionPointToEnd(module->getBody());
    const proto::Graph &graph = model_.graph();
    if (failed(checkOperatorsKnown(graph)))
      return nullptr;
    for (const proto::Tensor &initializer : graph.initializers())
      initializers_[initializer.name()] = &initializer;

    SmallVector<Type> argumentTypes;
    SmallVector<std::string> argumentNames;
    for (const proto::ValueInfo &info : graph.inputs()) {
      if (boundInputs_.count(info.name()) || initializers_.count(info.name()))
        continue;
      Type type = typeOf(info);
      if (!type)
        return nullptr;
      argumentTypes.push_back(type);
      argumentNames.push_back(info.name());
    }
    size_t firstParameter = argumentTypes.size();
    auto addWeights = [&](const std::vector<std::string> &names) {
      for (const std::string &name : names) {
        const proto::Tensor &initializer = *initializers_.at(name);
        SmallVector<int64_t> shape(initializer.shape().begin(),
                                   initializer.shape().end());
        argumentTypes.push_back(RankedTensorType::get(
            shape, elementTypeOf(initializer.dtype(), &context_)));
        argumentNames.push_back(name);
      }
    };
    if (weights_ != Weights::Constants)
      addWeights(parameterInitializers(model_));
    size_t firstFrozen = argumentTypes.size();
    if (weights_ == Weights::ArgumentsWithFrozen)
      addWeights(frozenInitializers(model_));
    auto func = func::FuncOp::create(builder_, fileLoc_, "main",
                                     builder_.getFunctionType(argumentTypes, {}));
    Block *body = func.addEntryBlock();
    entryBlock_ = body;
    for (auto [index, name] : llvm::enumerate(argumentNames)) {
      values_[name] = body->getArgument(index);
      func.setArgAttr(index, "dlc.name", builder_.getStringAttr(name));
      if (index >= firstFrozen)
        func.setArgAttr(index, "dlc.frozen", builder_.getUnitAttr());
      else if (index >= firstParameter)
        func.setArgAttr(index, "dlc.parameter", builder_.getUnitAttr());
    }
    builder_.setInsertionPointToEnd(body);

    for (int index = 0; index < graph.nodes_size(); ++index)
      if (failed(importNode(graph.nodes(index), index)))
        return nullptr;

    SmallVector<Value> results;
    for (const proto::ValueInfo &info : graph.outputs()) {
      Value value = lookup(info.name());
      if (!value)
        return nullptr;
      results.push_back(value);
    }
    func::ReturnOp::create(builder_, fileLoc_, results);
    func.setType(builder_.getFunctionType(argumentTypes,
                                          ValueRange(results).getTypes()));
    for (auto [index, info] : llvm::enumerate(graph.outputs()))
      func.setResultAttr(index, "dlc.name", builder_.getStringAttr(info.name()));
    // What an op's verifier rejects (an attribute out of its range) fails
    // here, at the node's location, rather than in a later pass.
    if (failed(mlir::verify(*module)))
      return nullptr;
    return module;
  }

private:
  static bool holdsGradientOperator(const proto::Graph &graph) {
    return llvm::any_of(graph.nodes(), [](const proto::Node &node) {
      return node.op() == "ai.onnx.preview.training.Gradient";
    });
  }

  Location inputLoc(StringRef name) {
    return NameLoc::get(builder_.getStringAttr(name), fileLoc_);
  }

  RankedTensorType typeOf(const proto::ValueInfo &info) {
    Type element = elementTypeOf(info.dtype(), &context_);
    if (!element) {
      emitError(inputLoc(info.name()))
          << "graph input '" << info.name() << "': dtype "
          << proto::DataType_Name(info.dtype())
          << " is not supported by the compiler";
      return {};
    }
    SmallVector<int64_t> shape;
    for (const proto::Dim &dim : info.shape())
      shape.push_back(dim.value_case() == proto::Dim::kSize
                          ? dim.size()
                          : ShapedType::kDynamic);
    if (auto given = inputShapes_.find(info.name());
        given != inputShapes_.end()) {
      auto specialized = RankedTensorType::get(given->second, element);
      if (failed(verifyCompatibleShape(specialized.getShape(), shape))) {
        emitError(inputLoc(info.name()))
            << "graph input '" << info.name() << "': " << specialized
            << " does not match the declared shape";
        return {};
      }
      return specialized;
    }
    return RankedTensorType::get(shape, element);
  }

  /// The value named `name`, materializing initializers and bound inputs as
  /// constants on first use.
  Value lookup(const std::string &name) {
    auto found = values_.find(name);
    if (found != values_.end())
      return found->second;
    if (sequences_.count(name)) {
      emitError(inputLoc(name))
          << "'" << name << "' is a sequence; dlc's graphs return tensors";
      return {};
    }
    const Tensor *tensor = nullptr;
    Tensor converted;
    if (auto bound = boundInputs_.find(name); bound != boundInputs_.end()) {
      tensor = &bound->second;
    } else if (auto init = initializers_.find(name); init != initializers_.end()) {
      Result<Tensor> result = tensorFromProto(*init->second);
      if (!result) {
        emitError(inputLoc(name)) << "initializer '" << name
                                  << "': " << result.status().message();
        return {};
      }
      converted = std::move(result).value();
      tensor = &converted;
    } else {
      emitError(inputLoc(name)) << "value '" << name << "' is not defined";
      return {};
    }
    Type element = elementTypeOf(dtypeToProto(tensor->dtype()), &context_);
    if (!element) {
      emitError(inputLoc(name)) << "tensor '" << name << "' has dtype "
                                << dtypeName(tensor->dtype())
                                << ", which the compiler does not support";
      return {};
    }
    auto type = RankedTensorType::get(tensor->shape(), element);
    // Constants go to the top of the function so every node can use them,
    // those of subgraphs included.
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(entryBlock_);
    Value value = ConstantOp::create(builder_, inputLoc(name),
                                     toAttribute(*tensor, type));
    values_[name] = value;
    return value;
  }

  static std::string nodeName(const proto::Node &node, int index) {
    return node.name().empty() ? node.op() + "#" + std::to_string(index)
                               : node.name();
  }

  /// One error naming every operator dlc cannot import and every node that
  /// uses each, before anything is imported: the whole gap at once.
  LogicalResult checkOperatorsKnown(const proto::Graph &graph) {
    std::map<std::string, std::vector<std::string>> unknown;
    collectUnknownOperators(graph, unknown);
    if (unknown.empty())
      return success();
    InFlightDiagnostic error = emitError(fileLoc_);
    if (unknown.size() == 1)
      error << "operator ";
    else
      error << unknown.size() << " operators are not supported: ";
    bool first = true;
    for (const auto &[op, nodes] : unknown) {
      error << (first ? "" : "; ") << "'" << op << "'"
            << (unknown.size() == 1 ? " is not supported" : "") << " ("
            << nodes.size() << (nodes.size() == 1 ? " node: " : " nodes: ");
      llvm::interleaveComma(nodes, error, [&](const std::string &name) {
        error << "'" << name << "'";
      });
      error << ")";
      first = false;
    }
    return failure();
  }

  /// The nodes of `graph` and of its subgraphs whose operator dlc cannot
  /// import, by operator.
  static void collectUnknownOperators(
      const proto::Graph &graph,
      std::map<std::string, std::vector<std::string>> &unknown) {
    for (auto [index, node] : llvm::enumerate(graph.nodes())) {
      if (!findOpImporter(node.op()))
        unknown[node.op()].push_back(nodeName(node, index));
      for (const proto::Attribute &attribute : node.attributes())
        if (attribute.has_graph())
          collectUnknownOperators(attribute.graph(), unknown);
    }
  }

  /// The type a subgraph declares for an input, dynamic where symbolic.
  RankedTensorType declaredType(const proto::ValueInfo &info) {
    SmallVector<int64_t> shape;
    for (const proto::Dim &dim : info.shape())
      shape.push_back(dim.value_case() == proto::Dim::kSize
                          ? dim.size()
                          : ShapedType::kDynamic);
    Type element = elementTypeOf(info.dtype(), &context_);
    return element ? RankedTensorType::get(shape, element) : nullptr;
  }

  /// Imports a subgraph (see NodeImporter::importSubgraph). The values it
  /// defines are visible only inside it.
  FailureOr<SmallVector<Value>> importSubgraph(const proto::Graph &graph,
                                               ValueRange arguments,
                                               Location loc) {
    if (static_cast<int>(arguments.size()) != graph.inputs_size())
      return emitError(loc) << "the subgraph has " << graph.inputs_size()
                            << " inputs, the operator binds "
                            << arguments.size();
    auto outerValues = values_;
    auto outerSequences = sequences_;
    auto outerInitializers = initializers_;
    llvm::scope_exit restoreScope([&] {
      values_ = std::move(outerValues);
      sequences_ = std::move(outerSequences);
      initializers_ = std::move(outerInitializers);
    });
    for (auto [info, argument] : llvm::zip(graph.inputs(), arguments)) {
      auto bound = cast<RankedTensorType>(argument.getType());
      if (!info.untyped()) {
        RankedTensorType declared = declaredType(info);
        if (!declared || declared.getElementType() != bound.getElementType() ||
            failed(verifyCompatibleShape(declared.getShape(),
                                         bound.getShape())))
          return emitError(loc)
                 << "subgraph input '" << info.name() << "' is declared "
                 << declared << ", but the operator binds " << bound;
      }
      values_[info.name()] = argument;
    }
    for (const proto::Tensor &initializer : graph.initializers())
      initializers_[initializer.name()] = &initializer;
    for (int index = 0; index < graph.nodes_size(); ++index)
      if (failed(importNode(graph.nodes(index), index)))
        return failure();
    SmallVector<Value> outputs;
    for (const proto::ValueInfo &info : graph.outputs()) {
      Value value = lookup(info.name());
      if (!value)
        return failure();
      outputs.push_back(value);
    }
    return outputs;
  }

  LogicalResult importNode(const proto::Node &node, int index) {
    std::string name = nodeName(node, index);
    Location loc = NameLoc::get(builder_.getStringAttr(name), fileLoc_);
    const OpImporter *importer = findOpImporter(node.op());
    SmallVector<Type> elementTypes;
    for (const std::string &input : node.inputs()) {
      Value value;
      bool tensor = !input.empty() && !sequences_.count(input);
      if (tensor && !(value = lookup(input)))
        return failure();
      elementTypes.push_back(
          value ? cast<RankedTensorType>(value.getType()).getElementType()
                : Type());
    }
    if (failed(checkNodeInputs(node, model_.opset_version(), elementTypes,
                               loc)))
      return failure();
    NodeImporter nodeImporter(
        node, model_.opset_version(), loc, builder_,
        [this](const std::string &value) { return lookup(value); },
        sequences_,
        [this, loc](const proto::Graph &graph, ValueRange arguments) {
          return importSubgraph(graph, arguments, loc);
        },
        differentiable_);
    // An importer fails when it reports an error, at the node or through
    // the shape rule of an op it built (DlcBuilder).
    bool reported = false;
    {
      ScopedDiagnosticHandler watch(&context_, [&](Diagnostic &diagnostic) {
        reported |= diagnostic.getSeverity() == DiagnosticSeverity::Error;
        return failure(); // Passed on to the caller's handler.
      });
      (*importer)(nodeImporter);
    }
    if (nodeImporter.failed() || reported)
      return failure();
    size_t bound = nodeImporter.outputs().size();
    if (const auto &sequence = nodeImporter.sequenceOutput()) {
      sequences_[node.outputs(0)] = *sequence;
      bound = 1;
    }
    for (auto [output, value] :
         llvm::zip(node.outputs(), nodeImporter.outputs()))
      if (!output.empty())
        values_[output] = value;
    if ((int)bound < node.outputs_size() && !node.outputs(bound).empty())
      return emitError(loc) << "output " << bound << " ('"
                            << node.outputs(bound) << "') is not supported";
    return success();
  }

  MLIRContext &context_;
  const proto::Model &model_;
  const std::string &path_;
  const std::map<std::string, Tensor> &boundInputs_;
  const std::map<std::string, std::vector<int64_t>> &inputShapes_;
  Weights weights_;
  bool differentiable_;
  OpBuilder builder_;
  Location fileLoc_;
  Block *entryBlock_ = nullptr;
  std::map<std::string, Value> values_;
  NodeImporter::SequenceTable sequences_;
  std::map<std::string, const proto::Tensor *> initializers_;
};

} // namespace

/// Records which node of `graph`, or of its subgraphs, defines each value,
/// and the names read at constant-operand positions, in graph order.
static void collectConstantOperands(
    const proto::Graph &graph, int64_t opset,
    std::map<std::string, const proto::Node *> &producers,
    std::vector<std::string> &operands) {
  for (const proto::Node &node : graph.nodes()) {
    for (const std::string &output : node.outputs())
      producers[output] = &node;
    for (int i = 0; i < node.inputs_size(); ++i)
      if (isConstantOperand(node.op(), opset, i))
        operands.push_back(node.inputs(i));
    // An unrolled loop must know whether each iteration runs.
    if (node.op() == "Loop" && node.inputs_size() > 1)
      for (const proto::Attribute &attribute : node.attributes())
        if (attribute.name() == "body" && attribute.has_graph() &&
            !loopBodyConstantInput(attribute.graph(), opset).empty())
          operands.push_back(node.inputs(1));
    for (const proto::Attribute &attribute : node.attributes())
      if (attribute.has_graph())
        collectConstantOperands(attribute.graph(), opset, producers,
                                operands);
  }
}

std::vector<std::string> constantOperandNames(const proto::Graph &graph,
                                              int64_t opset) {
  std::map<std::string, const proto::Node *> producers;
  std::vector<std::string> pending;
  collectConstantOperands(graph, opset, producers, pending);
  std::vector<std::string> result;
  std::set<std::string> seen;
  // Depth first in node order, so the list is the same on every run.
  std::reverse(pending.begin(), pending.end());
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    if (name.empty() || !seen.insert(name).second)
      continue;
    result.push_back(name);
    auto producer = producers.find(name);
    if (producer == producers.end() || producer->second->op() == "Shape" ||
        producer->second->op() == "Size")
      continue;
    for (const std::string &input : producer->second->inputs())
      pending.push_back(input);
  }
  return result;
}

std::string loopBodyConstantInput(const proto::Graph &body, int64_t opset) {
  std::vector<std::string> constants = constantOperandNames(body, opset);
  for (const proto::ValueInfo &input : body.inputs())
    if (llvm::is_contained(constants, input.name()))
      return input.name();
  return "";
}

std::vector<std::string> constantOperandInputs(const proto::Model &model) {
  std::set<std::string> graphInputs;
  for (const proto::ValueInfo &info : model.graph().inputs())
    graphInputs.insert(info.name());
  std::vector<std::string> result;
  for (const std::string &name :
       constantOperandNames(model.graph(), model.opset_version()))
    if (graphInputs.count(name))
      result.push_back(name);
  return result;
}

bool freezes(const std::string &entry, const std::string &weight) {
  return weight == entry || StringRef(weight).starts_with(entry + "/");
}

bool isFrozen(const proto::Model &model, const std::string &weight) {
  return llvm::any_of(model.training().frozen(), [&](const std::string &entry) {
    return freezes(entry, weight);
  });
}

std::vector<std::string> weightInitializers(const proto::Model &model) {
  std::vector<std::string> constants =
      constantOperandNames(model.graph(), model.opset_version());
  std::set<std::string> used;
  for (const proto::Node &node : model.graph().nodes())
    used.insert(node.inputs().begin(), node.inputs().end());
  std::vector<std::string> result;
  for (const proto::Tensor &initializer : model.graph().initializers())
    if ((initializer.dtype() == proto::FLOAT32 ||
         initializer.dtype() == proto::FLOAT64) &&
        used.count(initializer.name()) &&
        !llvm::is_contained(constants, initializer.name()))
      result.push_back(initializer.name());
  return result;
}

std::vector<std::string> parameterInitializers(const proto::Model &model) {
  std::vector<std::string> weights = weightInitializers(model);
  llvm::erase_if(weights, [&](const std::string &weight) {
    return isFrozen(model, weight);
  });
  return weights;
}

std::vector<std::string> frozenInitializers(const proto::Model &model) {
  std::vector<std::string> weights = weightInitializers(model);
  llvm::erase_if(weights, [&](const std::string &weight) {
    return !isFrozen(model, weight);
  });
  return weights;
}

OwningOpRef<ModuleOp> importModel(MLIRContext &context,
                                  const proto::Model &model,
                                  const std::string &path,
                                  const ImportOptions &options) {
  registerImporterDialects(context);
  return GraphImporter(context, model, path, options).run();
}

void registerImporterDialects(MLIRContext &context) {
  context.getOrLoadDialect<DlcDialect>();
  context.getOrLoadDialect<func::FuncDialect>();
  // Control flow (ControlFlowImporters.cpp).
  context.getOrLoadDialect<arith::ArithDialect>();
  context.getOrLoadDialect<scf::SCFDialect>();
  context.getOrLoadDialect<tensor::TensorDialect>();
}

} // namespace dlc
