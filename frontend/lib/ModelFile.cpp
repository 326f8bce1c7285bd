//===- ModelFile.cpp - Reading, validating and writing dlc model files ----===//
//
// Implements the file handling and the validation rules of
// docs/model-format.md.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/DlcToOnnx.h"
#include "dlc/Frontend/OnnxToDlc.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Frontend/WeightInit.h"
#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/Gzip.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace dlc {
namespace {

std::string extensionOf(const std::string &path) {
  return std::filesystem::path(path).extension().string();
}

/// Keeps the first error of the text-format parser with its position; the
/// errors after it are usually consequences of the first.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string &message) override {
    if (error_.empty())
      error_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) +
               ": " + message;
  }
  const std::string &error() const { return error_; }

private:
  std::string error_;
};

Result<proto::Model> readTextModel(const std::string &path) {
  Result<std::string> text = readFileInflated(path);
  if (!text)
    return text.status();
  proto::Model model;
  // "model.pbtxt:4:29: ...", the usual form of a position in a file.
  if (Status parsed = parseTextProto(*text, model); !parsed)
    return Status::error(path + ":" + parsed.message());
  return model;
}

Result<proto::Model> readModel(const std::string &path) {
  std::string extension = extensionOf(path);
  if (extension == ".pbtxt")
    return readTextModel(path);
  if (extension == ".pb") {
    proto::Model model;
    DLC_RETURN_IF_ERROR(readBinaryProto(path, model, "dlc model"));
    return model;
  }
  if (extension == ".onnx") {
    onnx::ModelProto onnx;
    DLC_RETURN_IF_ERROR(readBinaryProto(path, onnx, "ONNX model"));
    return convertOnnxModel(onnx, path);
  }
  return Status::error(path + ": unknown model file extension '" + extension +
                       "' (expected .pbtxt, .pb or .onnx)");
}

/// Serializes `message`, which fails only past protobuf's limit of 2 GiB.
Status serializeBinary(const google::protobuf::MessageLite &message,
                       const std::string &path, std::string &bytes) {
  if (!message.SerializeToString(&bytes))
    return Status::error(path + ": the model is too large for a protobuf "
                                "file (2 GiB)");
  return Status::ok();
}

/// "graph input 'x'", or "graph input #2" when the name is missing.
std::string describeValue(const std::string &kind, const std::string &name,
                          int index) {
  return name.empty() ? kind + " #" + std::to_string(index)
                      : kind + " '" + name + "'";
}

/// Checks a model in graph order, remembering which graph input, initializer
/// or node defines each value so far.
class ModelValidator {
public:
  explicit ModelValidator(const std::string &path) : path_(path) {}

  Status validate(const proto::Model &model) {
    DLC_RETURN_IF_ERROR(checkVersions(model));
    return checkGraph(model.graph(), /*inSubgraph=*/false);
  }

private:
  /// Checks a graph whose nodes may read the values defined so far (a
  /// subgraph's: those of its enclosing graphs defined before its node).
  /// The values a subgraph defines are forgotten again when it ends.
  Status checkGraph(const proto::Graph &graph, bool inSubgraph) {
    std::vector<std::string> defined;
    Status status = checkGraphValues(graph, inSubgraph, defined);
    if (inSubgraph)
      for (const std::string &name : defined)
        definedBy_.erase(name);
    return status;
  }

  Status checkGraphValues(const proto::Graph &graph, bool inSubgraph,
                          std::vector<std::string> &defined) {
    for (int i = 0; i < graph.inputs_size(); ++i) {
      const proto::ValueInfo &input = graph.inputs(i);
      std::string where = describeValue("graph input", input.name(), i);
      DLC_RETURN_IF_ERROR(checkValueInfo(input, where, inSubgraph));
      DLC_RETURN_IF_ERROR(define(input.name(), where, "value", defined));
    }
    for (int i = 0; i < graph.initializers_size(); ++i) {
      const proto::Tensor &initializer = graph.initializers(i);
      std::string where = describeValue("initializer", initializer.name(), i);
      if (initializer.name().empty())
        return error(where, "name is empty");
      DLC_RETURN_IF_ERROR(checkTensorData(initializer)
                              .withContext(path_ + ": " + scope_ + where));
      DLC_RETURN_IF_ERROR(define(initializer.name(), where, "value", defined));
    }
    for (int i = 0; i < graph.nodes_size(); ++i)
      DLC_RETURN_IF_ERROR(checkNode(graph, i, defined));
    if (graph.outputs_size() == 0)
      return Status::error(path_ + ": " + scope_ + "graph has no outputs");
    for (int i = 0; i < graph.outputs_size(); ++i) {
      const proto::ValueInfo &output = graph.outputs(i);
      std::string where = describeValue("graph output", output.name(), i);
      DLC_RETURN_IF_ERROR(checkValueInfo(output, where, inSubgraph));
      if (!definedBy_.count(output.name()))
        return error(where, "is not defined by a graph input, an initializer "
                            "or a node");
    }
    return Status::ok();
  }

private:
  Status error(const std::string &where, const std::string &message) const {
    return Status::error(path_ + ": " + scope_ + where + ": " + message);
  }

  Status checkVersions(const proto::Model &model) const {
    int64_t format = model.format_version();
    if (format == 0)
      return Status::error(path_ + ": missing format_version (this dlc reads " +
                           std::to_string(kModelFormatVersion) + ")");
    if (format > kModelFormatVersion)
      return Status::error(path_ + ": format_version " +
                           std::to_string(format) +
                           " is newer than this dlc supports (" +
                           std::to_string(kModelFormatVersion) + ")");
    if (format < 0)
      return Status::error(path_ + ": format_version " +
                           std::to_string(format) + " is invalid");
    std::string supported = "(dlc supports " +
                            std::to_string(kMinOpsetVersion) + ".." +
                            std::to_string(kMaxOpsetVersion) + ")";
    int64_t opset = model.opset_version();
    if (opset == 0)
      return Status::error(path_ + ": missing opset_version " + supported);
    if (opset < kMinOpsetVersion || opset > kMaxOpsetVersion)
      return Status::error(path_ + ": opset_version " + std::to_string(opset) +
                           " is not supported " + supported);
    return Status::ok();
  }

  Status checkValueInfo(const proto::ValueInfo &info, const std::string &where,
                        bool inSubgraph) const {
    if (info.name().empty())
      return error(where, "name is empty");
    if (info.untyped()) {
      if (!inSubgraph)
        return error(where, "is untyped, which only a subgraph's inputs and "
                            "outputs may be");
      if (info.dtype() != proto::DATA_TYPE_UNSPECIFIED || info.shape_size())
        return error(where, "is untyped but gives a dtype or shape");
      return Status::ok();
    }
    Result<DType> dtype = dtypeFromProto(info.dtype());
    if (!dtype)
      return error(where, dtype.status().message());
    for (int i = 0; i < info.shape_size(); ++i) {
      const proto::Dim &dim = info.shape(i);
      std::string dimName = "shape dim " + std::to_string(i);
      switch (dim.value_case()) {
      case proto::Dim::kSize:
        if (dim.size() < 0)
          return error(where, dimName + " is negative (" +
                                  std::to_string(dim.size()) + ")");
        break;
      case proto::Dim::kSymbol:
        if (dim.symbol().empty())
          return error(where, dimName + " has an empty symbol");
        break;
      case proto::Dim::VALUE_NOT_SET:
        return error(where, dimName + " has neither a size nor a symbol");
      }
    }
    return Status::ok();
  }

  /// Records that `where` defines `name`; `what` is how `where` calls it.
  /// `defined` collects the names of the graph being checked.
  Status define(const std::string &name, const std::string &where,
                const std::string &what, std::vector<std::string> &defined) {
    auto [it, inserted] = definedBy_.emplace(name, scope_ + where);
    if (!inserted)
      return error(where, what + " '" + name + "' is already defined by " +
                              it->second);
    defined.push_back(name);
    return Status::ok();
  }

  Status checkNode(const proto::Graph &graph, int index,
                   std::vector<std::string> &defined) {
    const proto::Node &node = graph.nodes(index);
    std::string where = describeNode(node, index);
    if (node.op().empty())
      return error(where, "op is empty");
    DLC_RETURN_IF_ERROR(checkAttributes(node, where));
    for (const std::string &input : node.inputs())
      if (!input.empty() && !definedBy_.count(input))
        return error(where, undefinedInputMessage(graph, index, input));
    for (const proto::Attribute &attribute : node.attributes())
      if (attribute.has_graph())
        DLC_RETURN_IF_ERROR(checkSubgraph(attribute, where));
    // Empty output names mark omitted optional outputs, as in ONNX.
    bool hasOutput = false;
    for (const std::string &output : node.outputs()) {
      if (output.empty())
        continue;
      hasOutput = true;
      DLC_RETURN_IF_ERROR(define(output, where, "output", defined));
    }
    if (!hasOutput)
      return error(where, "has no outputs");
    return Status::ok();
  }

  Status checkAttributes(const proto::Node &node,
                         const std::string &where) const {
    std::unordered_set<std::string> names;
    for (int i = 0; i < node.attributes_size(); ++i) {
      const proto::Attribute &attribute = node.attributes(i);
      if (attribute.name().empty())
        return error(where, "attribute #" + std::to_string(i) + " has no name");
      std::string attributeName = "attribute '" + attribute.name() + "'";
      if (!names.insert(attribute.name()).second)
        return error(where, attributeName + " is given twice");
      if (attribute.value_case() == proto::Attribute::VALUE_NOT_SET)
        return error(where, attributeName + " has no value");
      if (attribute.has_tensor())
        DLC_RETURN_IF_ERROR(
            checkTensorData(attribute.tensor())
                .withContext(path_ + ": " + where + ": " + attributeName));
    }
    return Status::ok();
  }

  /// Checks the subgraph of `attribute` of the node `nodeWhere` describes.
  Status checkSubgraph(const proto::Attribute &attribute,
                       const std::string &nodeWhere) {
    std::string outer = scope_;
    scope_ += nodeWhere + ": attribute '" + attribute.name() + "': ";
    Status status = checkGraph(attribute.graph(), /*inSubgraph=*/true);
    scope_ = outer;
    return status;
  }

  /// Says whether a later node defines `input`: an out-of-order graph is a
  /// different mistake from a misspelled name.
  static std::string undefinedInputMessage(const proto::Graph &graph, int index,
                                           const std::string &input) {
    for (int later = index + 1; later < graph.nodes_size(); ++later)
      for (const std::string &output : graph.nodes(later).outputs())
        if (output == input)
          return "input '" + input + "' is defined only by the later " +
                 describeNode(graph.nodes(later), later) +
                 "; nodes must be in topological order";
    return "input '" + input +
           "' is not defined by a graph input, an initializer or an earlier "
           "node";
  }

  std::string path_;
  /// Where the graph being checked sits: empty for the model's graph,
  /// "node 'L' (Loop): attribute 'body': " for a subgraph.
  std::string scope_;
  std::unordered_map<std::string, std::string> definedBy_;
};

} // namespace

std::string describeNode(const proto::Node &node, int index) {
  std::string text = describeValue("node", node.name(), index);
  return node.op().empty() ? text : text + " (" + node.op() + ")";
}

Status readBinaryProto(const std::string &path,
                       google::protobuf::MessageLite &message,
                       const std::string &kind) {
  Result<std::string> bytes = readFileInflated(path);
  if (!bytes)
    return bytes.status();
  if (!message.ParseFromString(*bytes))
    return Status::error(path + ": not a valid " + kind +
                         " file (truncated or corrupt protobuf)");
  return Status::ok();
}

Status parseTextProto(const std::string &text,
                      google::protobuf::Message &message) {
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, &message))
    return Status::error(errors.error());
  return Status::ok();
}

Status validateModel(const proto::Model &model, const std::string &path) {
  return ModelValidator(path).validate(model);
}

Result<proto::Model> loadModelFile(const std::string &path) {
  Result<proto::Model> model = readModel(path);
  if (!model)
    return model;
  DLC_RETURN_IF_ERROR(materializeInitializers(*model, path));
  DLC_RETURN_IF_ERROR(validateModel(*model, path));
  return model;
}

Status saveModelFile(const proto::Model &model, const std::string &path) {
  std::string extension = extensionOf(path);
  std::string bytes;
  if (extension == ".pbtxt") {
    if (!google::protobuf::TextFormat::PrintToString(model, &bytes))
      return Status::error(path + ": cannot print the model as text");
  } else if (extension == ".pb") {
    DLC_RETURN_IF_ERROR(serializeBinary(model, path, bytes));
  } else if (extension == ".onnx") {
    Result<onnx::ModelProto> onnx = convertToOnnx(model, path);
    if (!onnx)
      return onnx.status();
    DLC_RETURN_IF_ERROR(serializeBinary(*onnx, path, bytes));
  } else {
    return Status::error(path + ": unknown model file extension '" + extension +
                         "' (expected .pbtxt, .pb or .onnx)");
  }
  return writeFileAtomically(path, {bytes});
}

} // namespace dlc
