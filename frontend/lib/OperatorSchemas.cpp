//===- OperatorSchemas.cpp - A node's inputs against ONNX's schema -------===//
//
// Before an importer sees a node, its inputs are checked against the schema
// ONNX publishes for the operator at the model's opset (libonnx's
// OpSchemaRegistry): how many inputs it takes, which are required, which
// element types each accepts, and which inputs must share one type. So an
// importer may assume what ONNX promises, and a model that breaks the
// promise gets an error that names the node, the input and the types.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "mlir/IR/BuiltinTypes.h"

#include <onnx/defs/data_type_utils.h>
#include <onnx/defs/schema.h>

#include <map>

using namespace mlir;

namespace dlc {
namespace {

/// ONNX's name of the tensor type with `element`, as schemas spell it.
std::string onnxTypeString(Type element) {
  std::string name;
  if (element.isF32())
    name = "float";
  else if (element.isF64())
    name = "double";
  else if (element.isF16())
    name = "float16";
  else if (element.isBF16())
    name = "bfloat16";
  else if (element.isInteger(1))
    name = "bool";
  else if (auto integer = dyn_cast<IntegerType>(element))
    name = (integer.isUnsigned() ? "uint" : "int") +
           std::to_string(integer.getWidth());
  return "tensor(" + name + ")";
}

/// The schema of `op` (a qualified name for another domain) at `opset`.
const onnx::OpSchema *schemaOf(const std::string &op, int64_t opset) {
  size_t dot = op.rfind('.');
  if (dot == std::string::npos)
    return onnx::OpSchemaRegistry::Schema(op, opset, "");
  // The training domain has one version.
  return onnx::OpSchemaRegistry::Schema(op.substr(dot + 1), 1,
                                        op.substr(0, dot));
}

} // namespace

LogicalResult checkNodeInputs(const proto::Node &node, int64_t opset,
                              ArrayRef<Type> elementTypes, Location loc) {
  const onnx::OpSchema *schema = schemaOf(node.op(), opset);
  if (!schema)
    return success(); // dlc's own operators have no ONNX schema.
  const auto &formals = schema->inputs();
  bool variadicTail =
      !formals.empty() &&
      formals.back().GetOption() == onnx::OpSchema::Variadic;
  int count = node.inputs_size();
  if (!variadicTail && count > static_cast<int>(formals.size()))
    return emitError(loc) << "has " << count << " inputs; " << node.op()
                          << " takes at most " << formals.size();
  std::map<std::string, std::pair<std::string, int>> bound;
  for (int i = 0; i < std::max<int>(count, formals.size()); ++i) {
    const onnx::OpSchema::FormalParameter &formal =
        formals[std::min<size_t>(i, formals.size() - 1)];
    bool present = i < count && !node.inputs(i).empty();
    if (!present) {
      if (i < static_cast<int>(formals.size()) &&
          formal.GetOption() == onnx::OpSchema::Single)
        return emitError(loc) << "input " << i << " ('" << formal.GetName()
                              << "') is required";
      continue;
    }
    Type element = i < static_cast<int>(elementTypes.size())
                       ? elementTypes[i]
                       : Type();
    if (!element)
      continue; // A sequence: its elements' types are checked where used.
    std::string type = onnxTypeString(element);
    const onnx::DataTypeSet &allowed = formal.GetTypes();
    if (!allowed.count(onnx::Utils::DataTypeUtils::ToType(type))) {
      InFlightDiagnostic error =
          emitError(loc) << "input " << i << " ('" << node.inputs(i)
                         << "') is a " << type << "; " << node.op()
                         << " takes";
      std::vector<std::string> names;
      for (onnx::DataType option : allowed)
        names.push_back(*option);
      std::sort(names.begin(), names.end());
      for (const std::string &name : names)
        error << " " << name;
      return error;
    }
    // Inputs of one type parameter (T) must agree.
    const std::string &parameter = formal.GetTypeStr();
    bool isParameter = llvm::any_of(
        schema->typeConstraintParams(),
        [&](const auto &constraint) {
          return constraint.type_param_str == parameter;
        });
    if (!isParameter ||
        (formal.GetOption() == onnx::OpSchema::Variadic &&
         !formal.GetIsHomogeneous()))
      continue;
    auto [first, inserted] = bound.try_emplace(parameter, type, i);
    if (!inserted && first->second.first != type)
      return emitError(loc)
             << "inputs " << first->second.second << " and " << i
             << " must have one element type (" << parameter << "), not "
             << first->second.first << " and " << type;
  }
  return success();
}

} // namespace dlc
