//===- NodeImporter.h - Import context of one graph node ---------*- C++ -*-===//
//
// The per-operator importers (OpImporters.cpp) read inputs and attributes
// through this class. Attribute errors are reported at the node and recorded,
// so an importer reads everything it needs and checks failed() once.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_NODEIMPORTER_H
#define DLC_FRONTEND_NODEIMPORTER_H

#include "dlc/Dialect/DlcOps.h"
#include "dlc/proto/model.pb.h"
#include "mlir/IR/Builders.h"

#include <functional>
#include <map>
#include <optional>

namespace dlc {

class NodeImporter {
public:
  using ValueLookup = std::function<mlir::Value(const std::string &)>;
  /// ONNX sequences of tensors, by name. dlc resolves them during import:
  /// a sequence is the list of the values it holds, so its length and the
  /// positions read from it must be known then.
  using SequenceTable =
      std::map<std::string, llvm::SmallVector<mlir::Value>>;

  /// Imports a subgraph at the builder's insertion point, its inputs bound
  /// to the given values: its outputs, or failure (the errors reported).
  using SubgraphImport =
      std::function<mlir::FailureOr<llvm::SmallVector<mlir::Value>>(
          const proto::Graph &, mlir::ValueRange)>;

  NodeImporter(const proto::Node &node, int64_t opset, mlir::Location loc,
               mlir::OpBuilder &builder, ValueLookup lookup,
               const SequenceTable &sequences, SubgraphImport importSubgraph,
               bool differentiable)
      : node_(node), opset_(opset), loc_(loc), builder_(builder),
        lookup_(std::move(lookup)), sequences_(sequences),
        importSubgraph_(std::move(importSubgraph)),
        differentiable_(differentiable) {}

  const proto::Node &node() const { return node_; }
  int64_t opset() const { return opset_; }
  mlir::Location loc() const { return loc_; }
  mlir::OpBuilder &builder() { return builder_; }
  mlir::MLIRContext *context() { return builder_.getContext(); }
  /// Whether the graph will be differentiated (ImportOptions).
  bool differentiable() const { return differentiable_; }

  /// Reports an error at the node and marks the import failed.
  mlir::InFlightDiagnostic error();
  bool failed() const { return failed_; }

  bool hasInput(int index) const;
  /// A required input; reports an error when it is absent.
  mlir::Value input(int index);
  /// An optional input, or null.
  mlir::Value optionalInput(int index);
  /// The graph value called `name` (a tensor another attribute names, as
  /// Gradient's xs and y do); null, with the error at the node, if none.
  mlir::Value valueNamed(const std::string &name);
  /// A required input that is a sequence: its elements.
  std::optional<llvm::SmallVector<mlir::Value>> sequenceInput(int index);
  /// An input whose value must be known now (an initializer, a Constant
  /// node, or ops on those and static shapes that create() folded), as
  /// integers.
  std::optional<llvm::SmallVector<int64_t>> constantInts(int index);
  /// Like constantInts, for a float tensor (its values as doubles).
  std::optional<llvm::SmallVector<double>> constantFloats(int index);
  /// A constant scalar input as a float, if present.
  std::optional<float> constantFloat(int index);
  /// A constant scalar input of any numeric type, if present.
  std::optional<double> constantScalar(int index);

  bool hasAttr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t defaultValue);
  float floatAttr(llvm::StringRef name, float defaultValue);
  std::string stringAttr(llvm::StringRef name, llvm::StringRef defaultValue);
  llvm::SmallVector<int64_t> intsAttr(llvm::StringRef name,
                                      llvm::ArrayRef<int64_t> defaultValue);
  llvm::SmallVector<float> floatsAttr(llvm::StringRef name);
  llvm::SmallVector<std::string> stringsAttr(llvm::StringRef name);
  /// A tensor attribute as an MLIR constant, or null (absent or invalid).
  mlir::DenseElementsAttr tensorAttr(llvm::StringRef name);
  /// A required graph attribute (a branch or a body), or null with the error
  /// at the node.
  const proto::Graph *graphAttr(llvm::StringRef name);
  /// Imports `graph`, a subgraph of this node, at the builder's insertion
  /// point with its inputs bound to `arguments`; its nodes see the values
  /// of the enclosing graphs. Its outputs, or failure (errors reported).
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  importSubgraph(const proto::Graph &graph, mlir::ValueRange arguments);
  /// Makes a negative `axis` of a rank-`rank` tensor positive; false, with
  /// the error at the node, when it is outside [-rank, rank).
  bool normalizeAxis(int64_t &axis, int64_t rank);
  /// Whether every dimension of `shape` (which `what` names) is >= 0; the
  /// error at the node otherwise.
  bool checkShape(llvm::ArrayRef<int64_t> shape, llvm::StringRef what);
  /// Reports attributes of a form that dlc does not implement.
  void rejectAttrValue(llvm::StringRef name, llvm::StringRef why);

  /// Creates `OpTy`, infers its result type and folds it when the op's folder
  /// can (constant operands, static shapes), so that shape computations on
  /// static shapes become constants; null (with the error at the node) when
  /// the operands do not satisfy the op's shape rule.
  template <typename OpTy, typename... Args> mlir::Value create(Args &&...args) {
    if (failed_)
      return {};
    auto placeholder = mlir::RankedTensorType::get({}, builder_.getF32Type());
    auto op = OpTy::create(builder_, loc_, placeholder,
                           std::forward<Args>(args)...);
    return refine(op.getOperation()) ? fold(op.getOperation()) : mlir::Value();
  }

  /// Like create, for an op with `numResults` results; empty on failure.
  template <typename OpTy, typename... Args>
  llvm::SmallVector<mlir::Value> createResults(unsigned numResults,
                                               Args &&...args) {
    if (failed_)
      return {};
    llvm::SmallVector<mlir::Type> placeholders(
        numResults, mlir::RankedTensorType::get({}, builder_.getF32Type()));
    auto op = OpTy::create(builder_, loc_, mlir::TypeRange(placeholders),
                           std::forward<Args>(args)...);
    if (!refine(op.getOperation()))
      return {};
    return llvm::SmallVector<mlir::Value>(op->getResults());
  }

  /// The folded replacement of `op`, just created and not used yet (erasing
  /// it), or its result: for ops whose result type is their operand's,
  /// which create() cannot infer.
  mlir::Value fold(mlir::Operation *op);

  /// Binds the node's outputs (the first values.size() ones).
  mlir::LogicalResult setOutputs(mlir::ValueRange values);
  /// The values bound by setOutputs.
  llvm::ArrayRef<mlir::Value> outputs() const { return outputs_; }
  /// Binds the node's output 0 to a sequence of `elements`.
  void setSequenceOutput(llvm::SmallVector<mlir::Value> elements) {
    sequenceOutput_ = std::move(elements);
  }
  const std::optional<llvm::SmallVector<mlir::Value>> &sequenceOutput() const {
    return sequenceOutput_;
  }
  /// Errors if the node asks for more than `count` outputs.
  void limitOutputs(int count, llvm::StringRef why);

private:
  const proto::Attribute *findAttr(llvm::StringRef name) const;
  const proto::Attribute *typedAttr(llvm::StringRef name,
                                    proto::Attribute::ValueCase kind,
                                    llvm::StringRef kindName);
  /// Infers the result types of `op`; erases it and fails the import when
  /// its operands do not satisfy the shape rule.
  bool refine(mlir::Operation *op);

  const proto::Node &node_;
  int64_t opset_;
  mlir::Location loc_;
  mlir::OpBuilder &builder_;
  ValueLookup lookup_;
  const SequenceTable &sequences_;
  SubgraphImport importSubgraph_;
  bool differentiable_;
  bool failed_ = false;
  llvm::SmallVector<mlir::Value> outputs_;
  std::optional<llvm::SmallVector<mlir::Value>> sequenceOutput_;

};

/// The values of `graph` whose values the compiler needs as constants: the
/// constant operands of its nodes (Reshape's shape, Range's bounds, ...,
/// those of subgraphs included) and every value they are computed from,
/// except through Shape and Size, whose results depend only on shapes.
std::vector<std::string> constantOperandNames(const proto::Graph &graph,
                                              int64_t opset);

/// The first input of a Loop body that the body needs as a constant (its
/// iteration number at a Slice, say), or empty: such a loop is unrolled.
std::string loopBodyConstantInput(const proto::Graph &body, int64_t opset);

/// Imports one node into the dlc dialect; false if the op is unknown.
using OpImporter = std::function<void(NodeImporter &)>;
const OpImporter *findOpImporter(llvm::StringRef op);
/// What ONNX's reductions read besides their data: the axes (attribute, or
/// a constant input 1 when `axesInput`), keepdims, and whether empty axes
/// mean no reduction at all (noop_with_empty_axes).
struct ReduceOptions {
  llvm::SmallVector<int64_t> axes;
  bool keepdims;
  bool noop;
};
/// Null (the error at the node) when the axes are not a constant.
std::optional<ReduceOptions> readReduceOptions(NodeImporter &n,
                                               bool axesInput);

/// The importers of ComposedOpImporters.cpp: ONNX ops written as formulas
/// over other dlc ops.
const std::vector<std::pair<const char *, OpImporter>> &composedOpImporters();
/// The importers of SelectionImporters.cpp (GatherElements, Trilu, ArgMin,
/// Hardmax, OneHot, EyeLike, CumSum, TopK).
const std::vector<std::pair<const char *, OpImporter>> &
selectionOpImporters();
/// The importers of NormalizationImporters.cpp (LayerNormalization,
/// InstanceNormalization, MeanVarianceNormalization, LRN).
const std::vector<std::pair<const char *, OpImporter>> &
normalizationOpImporters();
/// The importers of ReshapingImporters.cpp (Split, Tile, DepthToSpace,
/// SpaceToDepth).
const std::vector<std::pair<const char *, OpImporter>> &
reshapingOpImporters();
/// The importers of ResizeImporter.cpp (Resize, Upsample).
const std::vector<std::pair<const char *, OpImporter>> &resizeOpImporters();
/// The importers of LossImporters.cpp (NegativeLogLikelihoodLoss,
/// SoftmaxCrossEntropyLoss).
const std::vector<std::pair<const char *, OpImporter>> &lossOpImporters();

/// ONNX GatherElements: `data` read at `indices` along `axis` (negative
/// indices count from the end), the other coordinates those of the result;
/// data and indices have one rank and static shapes. Null, with the error
/// at the node, otherwise.
mlir::Value gatherAlongAxis(NodeImporter &n, mlir::Value data,
                            mlir::Value indices, int64_t axis);

/// dlc.conv of `x` and `w` (plus `bias`, if not null) with the window
/// attributes of ONNX's Conv read from the node (strides, pads or auto_pad,
/// dilations, group); null, with the error at the node, when they are
/// invalid.
mlir::Value createConv(NodeImporter &n, mlir::Value x, mlir::Value w,
                       mlir::Value bias);

/// The importers of QuantizationImporters.cpp (QuantizeLinear,
/// DequantizeLinear, DynamicQuantizeLinear, MatMulInteger, ConvInteger,
/// QLinearMatMul, QLinearConv).
const std::vector<std::pair<const char *, OpImporter>> &
quantizationOpImporters();

/// The importers of IndexedImporters.cpp (ScatterElements, Scatter,
/// ScatterND, GatherND, MaxUnpool, ReverseSequence, Compress).
const std::vector<std::pair<const char *, OpImporter>> &indexedOpImporters();

/// The importers of SequenceImporters.cpp (SequenceEmpty, SequenceConstruct,
/// SequenceInsert, SequenceErase, SequenceAt, SequenceLength,
/// ConcatFromSequence, SplitToSequence).
const std::vector<std::pair<const char *, OpImporter>> &sequenceOpImporters();

/// The importer of GridSampleImporter.cpp.
const std::vector<std::pair<const char *, OpImporter>> &
gridSampleOpImporters();

/// The importers of SpectralImporters.cpp (DFT, STFT).
const std::vector<std::pair<const char *, OpImporter>> &spectralOpImporters();
/// The importer of DeterminantImporter.cpp (Det).
const std::vector<std::pair<const char *, OpImporter>> &
determinantOpImporters();

/// The importer of EinsumImporter.cpp.
const std::vector<std::pair<const char *, OpImporter>> &einsumOpImporters();
/// The importers of ControlFlowImporters.cpp (If, Loop, Scan).
const std::vector<std::pair<const char *, OpImporter>> &
controlFlowOpImporters();

/// The importers of TrainingOpImporters.cpp (Adagrad, Adam, Momentum,
/// Gradient of ai.onnx.preview.training), under their qualified names.
const std::vector<std::pair<const char *, OpImporter>> &
trainingOpImporters();

/// The element type of a dlc dtype (unsigned integers as MLIR's unsigned
/// types), or null for DATA_TYPE_UNSPECIFIED and unknown numbers.
mlir::Type elementTypeOf(proto::DataType dtype, mlir::MLIRContext *context);
/// The element type of an ONNX TensorProto.DataType number (Cast's `to`),
/// or null for types dlc lacks.
mlir::Type onnxElementType(int64_t code, mlir::MLIRContext *context);

/// Checks the inputs of `node` against ONNX's schema of its operator at
/// `opset` (OperatorSchemas.cpp): their number, the required ones, each
/// one's element type (`elementTypes[i]`, null for a sequence) and the
/// agreement of inputs that share a type parameter; the error at `loc`.
mlir::LogicalResult checkNodeInputs(const proto::Node &node, int64_t opset,
                                   llvm::ArrayRef<mlir::Type> elementTypes,
                                   mlir::Location loc);

/// Which inputs of `op` must be constants at this opset.
bool isConstantOperand(llvm::StringRef op, int64_t opset, int index);

} // namespace dlc

#endif // DLC_FRONTEND_NODEIMPORTER_H
