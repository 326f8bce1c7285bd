//===- ControlFlowImporters.cpp - ONNX If, Loop and Scan as scf -----------===//
//
// ONNX's control flow runs subgraphs; dlc imports them into the regions of
// scf ops, whose tensors the CPU pipeline bufferizes like any other:
//
// - If: with a condition known at compile time, just the branch it takes
//   (PyTorch exports test shapes this way); otherwise scf.if, whose
//   branches must produce the same types.
// - Loop: scf.for when the trip count is known and the condition stays
//   true (the body's condition output folds to true), its scan outputs
//   stacked into tensors of the trip count; scf.while when the body
//   computes the condition. A body that needs its iteration number or a
//   carried value as a constant (a Slice at the iteration number, a
//   Reshape to a carried shape) cannot be one region for every iteration:
//   that loop is unrolled during import, each iteration imported with its
//   counter as a constant.
// - Scan: scf.for over the scanned axis.
//
// A loop's carried values keep their type from one iteration to the next,
// as the scf ops require (unrolled loops excepted).
//
// A graph that will be differentiated (a training step, ONNX's Gradient)
// gets the forms autodiff handles instead: an If on a run-time condition
// computes both branches and selects each output with dlc.where, and Loop
// and Scan are unrolled.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace dlc {
namespace {

/// Unrolling beyond this many iterations would make a graph larger than a
/// user expects from one node.
constexpr int64_t kMaxUnrolledIterations = 4096;

/// A subgraph imported into a block that no operation holds yet: the types
/// of its outputs decide the scf op that will hold it.
class DetachedBody {
public:
  DetachedBody(NodeImporter &n, TypeRange argumentTypes)
      : n_(n), block_(std::make_unique<Block>()) {
    for (Type type : argumentTypes)
      block_->addArgument(type, n.loc());
  }

  /// Imports `graph` into the block, its inputs bound to the values
  /// `bindInputs` gives: the block's arguments, or constants it builds.
  FailureOr<SmallVector<Value>>
  import(const proto::Graph &graph,
         function_ref<SmallVector<Value>(DlcBuilder &, ValueRange)>
             bindInputs) {
    OpBuilder::InsertionGuard guard(n_.builder());
    n_.builder().setInsertionPointToEnd(block_.get());
    DlcBuilder b(n_.builder(), n_.loc());
    SmallVector<Value> inputs = bindInputs(b, block_->getArguments());
    return n_.importSubgraph(graph, inputs);
  }

  /// Moves the imported operations to the end of `target`, the block's
  /// arguments replaced by `replacements`; returns `values` (outputs of the
  /// import) as they are there.
  SmallVector<Value> moveTo(Block *target, ValueRange replacements,
                            ValueRange values) {
    SmallVector<Value> moved;
    for (Value value : values) {
      auto argument = dyn_cast<BlockArgument>(value);
      moved.push_back(argument && argument.getOwner() == block_.get()
                          ? replacements[argument.getArgNumber()]
                          : value);
    }
    for (auto [argument, replacement] :
         llvm::zip(block_->getArguments(), replacements))
      argument.replaceAllUsesWith(replacement);
    target->getOperations().splice(target->end(), block_->getOperations());
    return moved;
  }

private:
  NodeImporter &n_;
  std::unique_ptr<Block> block_;
};

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// A rank-0 tensor holding `scalar`.
Value scalarTensor(OpBuilder &b, Location loc, Value scalar) {
  return tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({}, scalar.getType()), scalar);
}

/// The one element of a tensor of one element (a condition).
Value onlyElement(OpBuilder &b, Location loc, Value tensor) {
  int64_t rank = tensorType(tensor).getRank();
  SmallVector<Value> zeros(
      rank, rank ? arith::ConstantIndexOp::create(b, loc, 0) : Value());
  return tensor::ExtractOp::create(b, loc, tensor, zeros);
}

/// The value of a boolean tensor of one element known at compile time.
std::optional<bool> knownCondition(Value condition) {
  DenseElementsAttr attr;
  if (!matchPattern(condition, m_Constant(&attr)) ||
      attr.getNumElements() != 1)
    return std::nullopt;
  return *attr.getValues<bool>().begin();
}

/// Whether `condition` is a boolean tensor of one element; the error at the
/// node otherwise.
bool checkCondition(NodeImporter &n, Value condition, StringRef what) {
  RankedTensorType type = tensorType(condition);
  if (type.getElementType().isInteger(1) && type.hasStaticShape() &&
      type.getNumElements() == 1)
    return true;
  n.error() << what << " must be a bool tensor of one element, got " << type;
  return false;
}

/// Whether the carried values keep their types through the body; the error
/// at the node otherwise.
bool checkCarriedTypes(NodeImporter &n, ValueRange initial,
                       ValueRange updated) {
  for (auto [index, pair] : llvm::enumerate(llvm::zip(initial, updated))) {
    auto [before, after] = pair;
    if (before.getType() != after.getType()) {
      n.error() << "carried value " << index << " enters the body as "
                << before.getType() << " and leaves it as " << after.getType()
                << "; dlc's loops keep each carried value's type";
      return false;
    }
  }
  return true;
}

/// The offsets, sizes and strides of the slice of a tensor of `shape` that
/// is one position wide at `position` along `axis`.
struct UnitSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};
UnitSlice unitSliceAlong(OpBuilder &b, ArrayRef<int64_t> shape, int64_t axis,
                         Value position) {
  UnitSlice slice;
  for (int64_t size : shape) {
    slice.offsets.push_back(b.getIndexAttr(0));
    slice.sizes.push_back(b.getIndexAttr(size));
    slice.strides.push_back(b.getIndexAttr(1));
  }
  slice.offsets[axis] = position;
  slice.sizes[axis] = b.getIndexAttr(1);
  return slice;
}

/// `element` written into `stack` at `position` along `axis` (the
/// dimension that `element` lacks).
Value insertAlong(OpBuilder &b, Location loc, Value element, Value stack,
                  int64_t axis, Value position) {
  UnitSlice slice =
      unitSliceAlong(b, tensorType(stack).getShape(), axis, position);
  return tensor::InsertSliceOp::create(b, loc, element, stack, slice.offsets,
                                       slice.sizes, slice.strides);
}

/// The slice of `value` at `position` along `axis`, without that dimension.
Value extractAlong(OpBuilder &b, Location loc, Value value, int64_t axis,
                   Value position) {
  RankedTensorType type = tensorType(value);
  UnitSlice slice = unitSliceAlong(b, type.getShape(), axis, position);
  SmallVector<int64_t> sliceShape(type.getShape());
  sliceShape.erase(sliceShape.begin() + axis);
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(sliceShape, type.getElementType()), value,
      slice.offsets, slice.sizes, slice.strides);
}

/// The values of an unrolled loop's scan output stacked along a new
/// dimension `axis`, in order.
Value stackAlong(DlcBuilder &b, ArrayRef<Value> values, int64_t axis) {
  SmallVector<Value> rows;
  for (Value value : values)
    rows.push_back(b.unsqueeze(value, {axis}));
  return b.concat(rows, axis);
}

/// An empty tensor of `elementType`'s shape with `count` inserted at `axis`.
Value emptyStack(OpBuilder &b, Location loc, RankedTensorType elementType,
                 int64_t axis, int64_t count) {
  SmallVector<int64_t> shape(elementType.getShape());
  shape.insert(shape.begin() + axis, count);
  return tensor::EmptyOp::create(b, loc, shape,
                                 elementType.getElementType());
}

//===----------------------------------------------------------------------===//
// If
//===----------------------------------------------------------------------===//

/// Whether both branches of an If produce the same types; the error at the
/// node otherwise.
bool checkBranchTypes(NodeImporter &n, ValueRange thenOutputs,
                      ValueRange elseOutputs) {
  if (thenOutputs.size() != elseOutputs.size()) {
    n.error() << "then_branch has " << thenOutputs.size()
              << " outputs and else_branch " << elseOutputs.size();
    return false;
  }
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(thenOutputs, elseOutputs))) {
    auto [thenValue, elseValue] = pair;
    if (thenValue.getType() != elseValue.getType()) {
      n.error() << "output " << index << " is " << thenValue.getType()
                << " in then_branch and " << elseValue.getType()
                << " in else_branch; dlc needs one type for both";
      return false;
    }
  }
  return true;
}

/// If in a graph that will be differentiated: both branches computed and
/// each output selected by the condition, which Where's gradient rule
/// differentiates (the branch not taken gets a zero gradient).
void selectBranch(NodeImporter &n, Value condition,
                  const proto::Graph &thenGraph,
                  const proto::Graph &elseGraph) {
  FailureOr<SmallVector<Value>> thenOutputs = n.importSubgraph(thenGraph, {});
  if (failed(thenOutputs))
    return;
  FailureOr<SmallVector<Value>> elseOutputs = n.importSubgraph(elseGraph, {});
  if (failed(elseOutputs) ||
      !checkBranchTypes(n, *thenOutputs, *elseOutputs))
    return;
  DlcBuilder b(n.builder(), n.loc());
  SmallVector<Value> selected;
  for (auto [thenValue, elseValue] : llvm::zip(*thenOutputs, *elseOutputs))
    selected.push_back(b.where(condition, thenValue, elseValue));
  (void)n.setOutputs(selected);
}

void importIf(NodeImporter &n) {
  Value condition = n.input(0);
  const proto::Graph *thenGraph = n.graphAttr("then_branch");
  const proto::Graph *elseGraph = n.graphAttr("else_branch");
  if (n.failed() || !checkCondition(n, condition, "the condition"))
    return;
  if (std::optional<bool> known = knownCondition(condition)) {
    FailureOr<SmallVector<Value>> outputs =
        n.importSubgraph(*known ? *thenGraph : *elseGraph, {});
    if (succeeded(outputs))
      (void)n.setOutputs(*outputs);
    return;
  }
  if (n.differentiable())
    return selectBranch(n, condition, *thenGraph, *elseGraph);
  auto bindNothing = [](DlcBuilder &, ValueRange) {
    return SmallVector<Value>();
  };
  DetachedBody thenBody(n, {}), elseBody(n, {});
  FailureOr<SmallVector<Value>> thenOutputs =
      thenBody.import(*thenGraph, bindNothing);
  if (failed(thenOutputs))
    return;
  FailureOr<SmallVector<Value>> elseOutputs =
      elseBody.import(*elseGraph, bindNothing);
  if (failed(elseOutputs) ||
      !checkBranchTypes(n, *thenOutputs, *elseOutputs))
    return;
  SmallVector<Type> types(ValueRange(*thenOutputs).getTypes());
  OpBuilder &b = n.builder();
  Value flag = onlyElement(b, n.loc(), condition);
  auto ifOp = scf::IfOp::create(b, n.loc(), types, flag,
                                /*addThenBlock=*/true, /*addElseBlock=*/true);
  for (auto [block, body, outputs] :
       {std::tuple(ifOp.thenBlock(), &thenBody, &*thenOutputs),
        std::tuple(ifOp.elseBlock(), &elseBody, &*elseOutputs)}) {
    SmallVector<Value> results = body->moveTo(block, {}, *outputs);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(block);
    scf::YieldOp::create(b, n.loc(), results);
  }
  (void)n.setOutputs(ifOp.getResults());
}

//===----------------------------------------------------------------------===//
// Loop
//===----------------------------------------------------------------------===//

/// What a Loop node reads: M, the initial condition, the carried values.
struct LoopOperands {
  const proto::Graph *body;
  std::optional<int64_t> tripCount;
  Value condition; // null: absent, always true
  SmallVector<Value> carried;
  int64_t numScanOutputs;
};

/// The carried values and scan outputs of a Loop unrolled during import;
/// `why` says why it is unrolled.
void unrollLoop(NodeImporter &n, const LoopOperands &loop, StringRef why) {
  if (!loop.tripCount) {
    n.error() << why << ", so dlc unrolls the loop, which needs a trip "
                        "count known at compile time";
    return;
  }
  if (*loop.tripCount > kMaxUnrolledIterations) {
    n.error() << why << ", so dlc would unroll the loop, but its "
              << *loop.tripCount << " iterations are more than "
              << kMaxUnrolledIterations;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = n.builder().getI64Type(), i1 = n.builder().getI1Type();
  Value condition = loop.condition
                        ? loop.condition
                        : b.constant(RankedTensorType::get({}, i1), {1});
  SmallVector<Value> carried = loop.carried;
  SmallVector<SmallVector<Value>> scans(loop.numScanOutputs);
  for (int64_t iteration = 0; iteration < *loop.tripCount; ++iteration) {
    std::optional<bool> proceed = knownCondition(condition);
    if (!proceed) {
      n.error() << why << ", so dlc unrolls the loop, and then its "
                          "condition must be known at compile time";
      return;
    }
    if (!*proceed)
      break;
    SmallVector<Value> inputs{
        b.constant(RankedTensorType::get({}, i64), {double(iteration)}),
        condition};
    llvm::append_range(inputs, carried);
    FailureOr<SmallVector<Value>> outputs =
        n.importSubgraph(*loop.body, inputs);
    if (failed(outputs))
      return;
    condition = outputs->front();
    if (!checkCondition(n, condition, "the body's condition output"))
      return;
    carried.assign(outputs->begin() + 1,
                   outputs->begin() + 1 + carried.size());
    for (auto [stack, value] :
         llvm::zip(scans, ArrayRef(*outputs).drop_front(1 + carried.size())))
      stack.push_back(value);
  }
  SmallVector<Value> results = carried;
  for (const SmallVector<Value> &stack : scans) {
    if (stack.empty()) {
      n.error() << "the loop ran no iteration, so its scan outputs have no "
                   "element to take their shape from";
      return;
    }
    results.push_back(stackAlong(b, stack, 0));
  }
  (void)n.setOutputs(results);
}

/// The loop as scf.for: the trip count is known and the condition stays
/// true. False when the body computes its condition (the caller builds
/// scf.while); true when it built the loop or reported an error.
bool importCountedLoop(NodeImporter &n, const LoopOperands &loop) {
  if (!loop.tripCount ||
      (loop.condition && knownCondition(loop.condition) != true))
    return false;
  SmallVector<Type> argumentTypes{
      RankedTensorType::get({}, n.builder().getI64Type())};
  llvm::append_range(argumentTypes, ValueRange(loop.carried).getTypes());
  DetachedBody body(n, argumentTypes);
  FailureOr<SmallVector<Value>> outputs =
      body.import(*loop.body, [](DlcBuilder &b, ValueRange arguments) {
        SmallVector<Value> inputs{
            arguments.front(),
            b.constant(RankedTensorType::get({}, b.builder().getI1Type()),
                       {1})};
        llvm::append_range(inputs, arguments.drop_front());
        return inputs;
      });
  if (failed(outputs))
    return true;
  if (knownCondition(outputs->front()) != true)
    return false; // discards this import of the body
  size_t numCarried = loop.carried.size();
  if (!checkCarriedTypes(n, loop.carried,
                         ArrayRef(*outputs).slice(1, numCarried)))
    return true;
  OpBuilder &b = n.builder();
  Location loc = n.loc();
  SmallVector<Value> initial = loop.carried;
  for (Value scan : ArrayRef(*outputs).drop_front(1 + numCarried))
    initial.push_back(
        emptyStack(b, loc, tensorType(scan), 0, *loop.tripCount));
  auto forOp = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, *loop.tripCount),
      arith::ConstantIndexOp::create(b, loc, 1), initial,
      [&](OpBuilder &inner, Location loc, Value iv, ValueRange iterArgs) {
        Value iteration = scalarTensor(
            inner, loc,
            arith::IndexCastOp::create(inner, loc, inner.getI64Type(), iv));
        SmallVector<Value> replacements{iteration};
        llvm::append_range(replacements, iterArgs.take_front(numCarried));
        SmallVector<Value> results = body.moveTo(
            inner.getInsertionBlock(), replacements, *outputs);
        SmallVector<Value> yielded(results.begin() + 1,
                                   results.begin() + 1 + numCarried);
        for (auto [stack, value] :
             llvm::zip(iterArgs.drop_front(numCarried),
                       ArrayRef(results).drop_front(1 + numCarried)))
          yielded.push_back(insertAlong(inner, loc, value, stack, 0, iv));
        scf::YieldOp::create(inner, loc, yielded);
      });
  (void)n.setOutputs(forOp.getResults());
  return true;
}

/// The loop as scf.while: the body computes the condition, so the number
/// of iterations is known only at run time, and there are no scan outputs.
void importConditionalLoop(NodeImporter &n, const LoopOperands &loop) {
  if (loop.numScanOutputs > 0) {
    n.error() << "the body computes the loop's condition, so the number of "
                 "iterations, and with it the shape of the scan outputs, is "
                 "known only at run time";
    return;
  }
  OpBuilder &b = n.builder();
  Location loc = n.loc();
  Type i64 = b.getI64Type(), i1 = b.getI1Type();
  SmallVector<Type> argumentTypes{RankedTensorType::get({}, i64),
                                  RankedTensorType::get({}, i1)};
  llvm::append_range(argumentTypes, ValueRange(loop.carried).getTypes());
  DetachedBody body(n, argumentTypes);
  FailureOr<SmallVector<Value>> outputs = body.import(
      *loop.body, [](DlcBuilder &, ValueRange arguments) {
        return SmallVector<Value>(arguments);
      });
  if (failed(outputs) ||
      !checkCondition(n, outputs->front(), "the body's condition output") ||
      !checkCarriedTypes(n, loop.carried, ArrayRef(*outputs).drop_front()))
    return;
  SmallVector<Value> initial{
      arith::ConstantIntOp::create(b, loc, i64, 0),
      loop.condition ? onlyElement(b, loc, loop.condition)
                     : arith::ConstantIntOp::create(b, loc, i1, 1)};
  llvm::append_range(initial, loop.carried);
  SmallVector<Type> types = llvm::to_vector(ValueRange(initial).getTypes());
  auto whileOp = scf::WhileOp::create(
      b, loc, types, initial,
      [&](OpBuilder &before, Location loc, ValueRange arguments) {
        Value proceed = arguments[1];
        if (loop.tripCount) {
          Value count = arith::ConstantIntOp::create(before, loc, i64,
                                                     *loop.tripCount);
          proceed = arith::AndIOp::create(
              before, loc, proceed,
              arith::CmpIOp::create(before, loc, arith::CmpIPredicate::slt,
                                    arguments[0], count));
        }
        scf::ConditionOp::create(before, loc, proceed, arguments);
      },
      [&](OpBuilder &after, Location loc, ValueRange arguments) {
        SmallVector<Value> replacements{
            scalarTensor(after, loc, arguments[0]),
            scalarTensor(after, loc, arguments[1])};
        llvm::append_range(replacements, arguments.drop_front(2));
        SmallVector<Value> results = body.moveTo(
            after.getInsertionBlock(), replacements, *outputs);
        SmallVector<Value> yielded{
            arith::AddIOp::create(
                after, loc, arguments[0],
                arith::ConstantIntOp::create(after, loc, i64, 1)),
            onlyElement(after, loc, results.front())};
        llvm::append_range(yielded, ArrayRef(results).drop_front());
        scf::YieldOp::create(after, loc, yielded);
      });
  (void)n.setOutputs(whileOp.getResults().drop_front(2));
}

void importLoop(NodeImporter &n) {
  LoopOperands loop;
  loop.body = n.graphAttr("body");
  if (n.hasInput(0))
    if (std::optional<double> count = n.constantScalar(0))
      loop.tripCount = std::max<int64_t>(static_cast<int64_t>(*count), 0);
  loop.condition = n.optionalInput(1);
  for (int i = 2; i < n.node().inputs_size(); ++i)
    loop.carried.push_back(n.input(i));
  if (n.failed())
    return;
  if (loop.condition && !checkCondition(n, loop.condition, "input 1 (cond)"))
    return;
  int64_t numCarried = loop.carried.size();
  loop.numScanOutputs = loop.body->outputs_size() - 1 - numCarried;
  if (loop.body->inputs_size() != 2 + numCarried ||
      loop.numScanOutputs < 0) {
    n.error() << "the body has " << loop.body->inputs_size() << " inputs and "
              << loop.body->outputs_size() << " outputs; a loop carrying "
              << numCarried << " values needs " << 2 + numCarried
              << " inputs and at least " << 1 + numCarried << " outputs";
    return;
  }
  if (!loop.tripCount && !loop.condition) {
    n.error() << "the loop has neither a trip count nor a condition, so it "
                 "never ends";
    return;
  }
  std::string constantInput = loopBodyConstantInput(*loop.body, n.opset());
  if (!constantInput.empty())
    return unrollLoop(n, loop,
                      "the body needs its input '" + constantInput +
                          "' as a constant");
  if (n.differentiable())
    return unrollLoop(n, loop, "the graph is differentiated");
  if (!importCountedLoop(n, loop))
    importConditionalLoop(n, loop);
}

//===----------------------------------------------------------------------===//
// Scan
//===----------------------------------------------------------------------===//

/// An axis or direction list of a Scan: `count` entries, `fallback` when
/// absent; empty, with the error at the node, when its length differs.
SmallVector<int64_t> scanList(NodeImporter &n, StringRef name, size_t count,
                              int64_t fallback) {
  SmallVector<int64_t> values =
      n.intsAttr(name, SmallVector<int64_t>(count, fallback));
  if (values.size() != count) {
    n.error() << "attribute '" << name << "' has " << values.size()
              << " entries for " << count << " values";
    return {};
  }
  return values;
}

/// What a Scan node reads, its axes normalized (the output axes once the
/// body's outputs are known).
struct ScanOperands {
  const proto::Graph *body;
  SmallVector<Value> states, inputs;
  SmallVector<int64_t> inputAxes, inputReversed, outputAxes, outputReversed;
  int64_t length; // along each input's scan axis
  /// The type of each input's slice: its type without the scan axis.
  SmallVector<Type> sliceTypes;
};

std::optional<ScanOperands> readScan(NodeImporter &n) {
  if (n.opset() < 9) {
    n.error() << "Scan of opset 8 (with a batch axis and sequence_lens) is "
                 "not supported; opset 9's Scan is";
    return std::nullopt;
  }
  ScanOperands scan;
  scan.body = n.graphAttr("body");
  int64_t numScanInputs = n.intAttr("num_scan_inputs", 0);
  if (n.failed())
    return std::nullopt;
  int64_t numInputs = n.node().inputs_size();
  if (numScanInputs < 1 || numScanInputs > numInputs) {
    n.error() << "num_scan_inputs is " << numScanInputs << " for "
              << numInputs << " inputs";
    return std::nullopt;
  }
  int64_t numStates = numInputs - numScanInputs;
  int64_t numScanOutputs = scan.body->outputs_size() - numStates;
  if (scan.body->inputs_size() != numInputs || numScanOutputs < 0) {
    n.error() << "the body has " << scan.body->inputs_size()
              << " inputs and " << scan.body->outputs_size()
              << " outputs for " << numStates << " states and "
              << numScanInputs << " scan inputs";
    return std::nullopt;
  }
  for (int64_t i = 0; i < numInputs; ++i)
    (i < numStates ? scan.states : scan.inputs).push_back(n.input(i));
  scan.inputAxes = scanList(n, "scan_input_axes", numScanInputs, 0);
  scan.inputReversed = scanList(n, "scan_input_directions", numScanInputs, 0);
  scan.outputAxes = scanList(n, "scan_output_axes", numScanOutputs, 0);
  scan.outputReversed =
      scanList(n, "scan_output_directions", numScanOutputs, 0);
  if (n.failed())
    return std::nullopt;
  std::optional<int64_t> length;
  for (auto [input, axis] : llvm::zip(scan.inputs, scan.inputAxes)) {
    RankedTensorType type = tensorType(input);
    if (!n.normalizeAxis(axis, type.getRank()))
      return std::nullopt;
    int64_t size = type.getDimSize(axis);
    if (ShapedType::isDynamic(size) || (length && *length != size)) {
      n.error() << "the scan inputs differ in length along their scan axes, "
                   "or one is not static";
      return std::nullopt;
    }
    length = size;
    SmallVector<int64_t> sliceShape(type.getShape());
    sliceShape.erase(sliceShape.begin() + axis);
    scan.sliceTypes.push_back(
        RankedTensorType::get(sliceShape, type.getElementType()));
  }
  scan.length = *length;
  return scan;
}

/// Normalizes the output axes for the body's scan outputs `elements`.
bool normalizeOutputAxes(NodeImporter &n, ScanOperands &scan,
                         ValueRange elements) {
  for (auto [value, axis] : llvm::zip(elements, scan.outputAxes))
    if (!n.normalizeAxis(axis, tensorType(value).getRank() + 1))
      return false;
  return true;
}

/// Scan as scf.for over the scanned positions.
void importScanLoop(NodeImporter &n, ScanOperands &scan) {
  size_t numStates = scan.states.size();
  SmallVector<Type> argumentTypes(ValueRange(scan.states).getTypes());
  llvm::append_range(argumentTypes, scan.sliceTypes);
  DetachedBody body(n, argumentTypes);
  FailureOr<SmallVector<Value>> outputs = body.import(
      *scan.body, [](DlcBuilder &, ValueRange arguments) {
        return SmallVector<Value>(arguments);
      });
  if (failed(outputs) ||
      !checkCarriedTypes(n, scan.states,
                         ArrayRef(*outputs).take_front(numStates)) ||
      !normalizeOutputAxes(n, scan, ArrayRef(*outputs).drop_front(numStates)))
    return;

  OpBuilder &b = n.builder();
  Location loc = n.loc();
  SmallVector<Value> initial = scan.states;
  for (auto [value, axis] :
       llvm::zip(ArrayRef(*outputs).drop_front(numStates), scan.outputAxes))
    initial.push_back(emptyStack(b, loc, tensorType(value), axis, scan.length));
  // Position t of a reversed sequence is length - 1 - t.
  auto positionOf = [&](OpBuilder &inner, Value iv, bool reversed) -> Value {
    if (!reversed)
      return iv;
    return arith::SubIOp::create(
        inner, loc, arith::ConstantIndexOp::create(inner, loc, scan.length - 1),
        iv);
  };
  auto forOp = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, scan.length),
      arith::ConstantIndexOp::create(b, loc, 1), initial,
      [&](OpBuilder &inner, Location loc, Value iv, ValueRange iterArgs) {
        SmallVector<Value> replacements(iterArgs.take_front(numStates));
        for (auto [input, axis, reversed] :
             llvm::zip(scan.inputs, scan.inputAxes, scan.inputReversed))
          replacements.push_back(extractAlong(
              inner, loc, input, axis, positionOf(inner, iv, reversed)));
        SmallVector<Value> results = body.moveTo(
            inner.getInsertionBlock(), replacements, *outputs);
        SmallVector<Value> yielded(results.begin(),
                                   results.begin() + numStates);
        for (auto [stack, value, axis, reversed] :
             llvm::zip(iterArgs.drop_front(numStates),
                       ArrayRef(results).drop_front(numStates),
                       scan.outputAxes, scan.outputReversed))
          yielded.push_back(insertAlong(inner, loc, value, stack, axis,
                                        positionOf(inner, iv, reversed)));
        scf::YieldOp::create(inner, loc, yielded);
      });
  (void)n.setOutputs(forOp.getResults());
}

/// Scan in a graph that will be differentiated: the body imported once per
/// position, on slices cut by dlc.slice, its outputs stacked by dlc.concat.
void unrollScan(NodeImporter &n, ScanOperands &scan) {
  if (scan.length > kMaxUnrolledIterations) {
    n.error() << "the graph is differentiated, so dlc would unroll the scan, "
                 "but its "
              << scan.length << " positions are more than "
              << kMaxUnrolledIterations;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  SmallVector<Value> states = scan.states;
  SmallVector<SmallVector<Value>> stacks(scan.outputAxes.size());
  for (int64_t t = 0; t < scan.length; ++t) {
    SmallVector<Value> inputs = states;
    for (auto [input, axis, reversed, sliceType] :
         llvm::zip(scan.inputs, scan.inputAxes, scan.inputReversed,
                   scan.sliceTypes)) {
      int64_t position = reversed ? scan.length - 1 - t : t;
      inputs.push_back(b.reshape(b.slice(input, axis, position, position + 1),
                                 cast<RankedTensorType>(sliceType).getShape()));
    }
    FailureOr<SmallVector<Value>> outputs =
        n.importSubgraph(*scan.body, inputs);
    if (failed(outputs))
      return;
    states.assign(outputs->begin(), outputs->begin() + states.size());
    for (auto [stack, value] :
         llvm::zip(stacks, ArrayRef(*outputs).drop_front(states.size())))
      stack.push_back(value);
  }
  SmallVector<Value> results = states;
  for (auto [stack, axis, reversed] :
       llvm::zip(stacks, scan.outputAxes, scan.outputReversed)) {
    if (stack.empty()) {
      n.error() << "the scan has no positions, so its scan outputs have no "
                   "element to take their shape from";
      return;
    }
    if (!n.normalizeAxis(axis, tensorType(stack.front()).getRank() + 1))
      return;
    if (reversed)
      std::reverse(stack.begin(), stack.end());
    results.push_back(stackAlong(b, stack, axis));
  }
  (void)n.setOutputs(results);
}

void importScan(NodeImporter &n) {
  std::optional<ScanOperands> scan = readScan(n);
  if (!scan)
    return;
  if (n.differentiable())
    unrollScan(n, *scan);
  else
    importScanLoop(n, *scan);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
controlFlowOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"If", importIf},
      {"Loop", importLoop},
      {"Scan", importScan},
  };
  return importers;
}

} // namespace dlc
