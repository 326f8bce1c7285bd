//===- IndexedImporters.cpp - ONNX ops that address elements by index -----===//
//
// ScatterElements (and the older Scatter), ScatterND, GatherND, MaxUnpool,
// ReverseSequence and Compress. Each computes, for every index it is given,
// the row-major position of the element it names, and becomes one
// dlc.gather or dlc.scatter along axis 0 of the flattened data: the cost is
// one read or write per index, whatever the size of the data.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

Type i64(DlcBuilder &b) { return b.builder().getI64Type(); }

/// A 1-D int64 constant.
Value int64s(DlcBuilder &b, ArrayRef<int64_t> values) {
  return b.constant(
      RankedTensorType::get({static_cast<int64_t>(values.size())}, i64(b)),
      SmallVector<double>(values.begin(), values.end()));
}

/// `indices` as int64 with negative entries counted from the end of an
/// axis of `extent` (a scalar, or a vector along the last axis).
Value countFromEnd(DlcBuilder &b, Value indices, Value extent) {
  Value index = b.cast(indices, i64(b));
  Value zero = b.scalar(i64(b), 0);
  return b.add(index, b.where(b.less(index, zero), extent, zero));
}

/// DlcBuilder::flatPositionsAlongAxis of `indices`, whose negative entries
/// count from the end of `axis`.
Value flatPositionsAlongAxis(DlcBuilder &b, Value indices,
                             ArrayRef<int64_t> shape, int64_t axis) {
  return b.flatPositionsAlongAxis(
      countFromEnd(b, indices, b.scalar(i64(b), shape[axis])), shape, axis);
}

/// The flat position, in a tensor whose leading dimensions are `dims`, of
/// each index tuple along the last axis of `tuples`; that axis is reduced
/// away.
Value flatPositionsOfTuples(DlcBuilder &b, Value tuples,
                            ArrayRef<int64_t> dims) {
  int64_t rank = tensorType(tuples).getRank();
  Value index = countFromEnd(b, tuples, int64s(b, dims));
  return b.reduceSum(b.mul(index, int64s(b, stridesOf(dims))), {rank - 1},
                     /*keepdims=*/false);
}

/// `data` (of `shape`) with `updates` (one per flat position) scattered at
/// `positions` along its flattened form, reshaped back.
Value scatterFlat(DlcBuilder &b, Value data,
                  Value positions, Value updates, ArrayRef<int64_t> tail,
                  StringRef reduction) {
  ArrayRef<int64_t> shape = tensorType(data).getShape();
  int64_t count = tensorType(positions).getNumElements();
  SmallVector<int64_t> flatShape = {ShapedType::getNumElements(shape) / ShapedType::getNumElements(tail)};
  SmallVector<int64_t> updateShape = {count};
  llvm::append_range(flatShape, tail);
  llvm::append_range(updateShape, tail);
  Value flatData = b.reshape(data, flatShape);
  Value scattered = ScatterOp::create(
      b.builder(), flatData.getType(), flatData,
      b.reshape(positions, {count}), b.reshape(updates, updateShape),
      b.builder().getI64IntegerAttr(0), b.builder().getStringAttr(reduction));
  return b.reshape(scattered, shape);
}

/// The `reduction` attribute of the scatters (opset 16 on; "none" before).
std::optional<std::string> readReduction(NodeImporter &n) {
  std::string reduction = n.stringAttr("reduction", "none");
  if (reduction == "none" || reduction == "add" || reduction == "mul" ||
      reduction == "max" || reduction == "min")
    return reduction;
  n.rejectAttrValue("reduction", "must be none, add, mul, max or min");
  return std::nullopt;
}

bool checkStatic(NodeImporter &n, ArrayRef<Value> values) {
  for (Value value : values)
    if (!tensorType(value).hasStaticShape()) {
      n.error() << "needs static shapes (bind the input shapes)";
      return false;
    }
  return true;
}

/// ScatterElements (Scatter before opset 11): `data` with
/// `data[.., indices[i][j]..., ..] = updates[i][j]...` along `axis`.
void importScatterElements(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1), updates = n.input(2);
  int64_t axis = n.intAttr("axis", 0);
  std::optional<std::string> reduction = readReduction(n);
  if (n.failed() || !reduction || !checkStatic(n, {data, indices, updates}))
    return;
  RankedTensorType dataType = tensorType(data), indexType = tensorType(indices);
  if (!n.normalizeAxis(axis, dataType.getRank()))
    return;
  if (indexType.getShape() != tensorType(updates).getShape() ||
      indexType.getRank() != dataType.getRank()) {
    n.error() << "indices and updates must have one shape, of the data's "
                 "rank";
    return;
  }
  for (int64_t d = 0; d < dataType.getRank(); ++d)
    if (d != axis && indexType.getDimSize(d) > dataType.getDimSize(d)) {
      n.error() << "indices are larger than the data along axis " << d;
      return;
    }
  DlcBuilder b(n.builder(), n.loc());
  Value positions =
      flatPositionsAlongAxis(b, indices, dataType.getShape(), axis);
  (void)n.setOutputs(
      scatterFlat(b, data, positions, updates, {}, *reduction));
}

/// The number of leading data dimensions an index tuple of ScatterND and
/// GatherND addresses (the last dimension of the indices), checked against
/// the `available` dimensions.
std::optional<int64_t> tupleLength(NodeImporter &n, Value indices,
                                   int64_t available) {
  RankedTensorType type = tensorType(indices);
  if (type.getRank() == 0 || type.getShape().back() > available) {
    n.error() << "the last dimension of the indices must name at most "
              << available << " data dimensions";
    return std::nullopt;
  }
  return type.getShape().back();
}

/// ScatterND: `data` with each slice `data[indices[i]...]` replaced by (or
/// combined with) `updates[i]`.
void importScatterND(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1), updates = n.input(2);
  std::optional<std::string> reduction = readReduction(n);
  if (n.failed() || !reduction || !checkStatic(n, {data, indices, updates}))
    return;
  ArrayRef<int64_t> shape = tensorType(data).getShape();
  std::optional<int64_t> k = tupleLength(n, indices, shape.size());
  if (!k)
    return;
  SmallVector<int64_t> expected(tensorType(indices).getShape().drop_back());
  llvm::append_range(expected, shape.drop_front(*k));
  if (tensorType(updates).getShape() != ArrayRef<int64_t>(expected)) {
    n.error() << "updates must have the shape of the indices without their "
                 "last dimension, then the data's after the "
              << *k << " indexed ones";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value positions = flatPositionsOfTuples(b, indices, shape.take_front(*k));
  (void)n.setOutputs(scatterFlat(b, data, positions, updates,
                                 shape.drop_front(*k), *reduction));
}

/// GatherND: the slices `data[b.., indices[b.., i]...]`, where the first
/// `batch_dims` dimensions of data and indices are walked together.
void importGatherND(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1);
  int64_t batchDims = n.intAttr("batch_dims", 0);
  if (n.failed() || !checkStatic(n, {data, indices}))
    return;
  ArrayRef<int64_t> shape = tensorType(data).getShape();
  ArrayRef<int64_t> indexShape = tensorType(indices).getShape();
  if (batchDims < 0 || batchDims >= static_cast<int64_t>(indexShape.size()) ||
      shape.take_front(batchDims) != indexShape.take_front(batchDims)) {
    n.error() << "batch_dims " << batchDims
              << " must count leading dimensions data and indices share";
    return;
  }
  std::optional<int64_t> k = tupleLength(n, indices, shape.size() - batchDims);
  if (!k)
    return;
  DlcBuilder b(n.builder(), n.loc());
  ArrayRef<int64_t> indexed = shape.slice(batchDims, *k);
  Value positions = flatPositionsOfTuples(b, indices, indexed);
  // Batch position p of the indices reads the p-th block of the data.
  int64_t outerRank = indexShape.size() - 1;
  SmallVector<int64_t> batchStrides = stridesOf(shape.take_front(batchDims));
  for (int64_t d = 0; d < batchDims; ++d)
    positions = b.add(
        positions,
        b.mul(b.positions(i64(b), outerRank, d, indexShape[d]),
              b.scalar(i64(b), batchStrides[d] * ShapedType::getNumElements(indexed))));
  SmallVector<int64_t> flatShape = {ShapedType::getNumElements(shape.take_front(batchDims + *k))};
  llvm::append_range(flatShape, shape.drop_front(batchDims + *k));
  (void)n.setOutputs(b.gather(b.reshape(data, flatShape), positions, 0));
}

/// MaxUnpool: zeros of the unpooled shape with each input element written at
/// the flat position (over the whole output, as MaxPool's indices count)
/// its index names. The spatial size is `output_shape` (input 2) or
/// (in - 1) * stride + kernel - pads.
void importMaxUnpool(NodeImporter &n) {
  Value x = n.input(0), indices = n.input(1);
  SmallVector<int64_t> kernel = n.intsAttr("kernel_shape", {});
  if (n.failed() || !checkStatic(n, {x, indices}))
    return;
  ArrayRef<int64_t> inputShape = tensorType(x).getShape();
  int64_t k = inputShape.size() - 2;
  if (k < 1) {
    n.error() << "input must have rank >= 3 (N x C x spatial...)";
    return;
  }
  SmallVector<int64_t> strides =
      n.intsAttr("strides", SmallVector<int64_t>(k, 1));
  SmallVector<int64_t> pads =
      n.intsAttr("pads", SmallVector<int64_t>(2 * k, 0));
  if (static_cast<int64_t>(kernel.size()) != k ||
      static_cast<int64_t>(strides.size()) != k ||
      static_cast<int64_t>(pads.size()) != 2 * k) {
    n.error() << "kernel_shape and strides need " << k
              << " entries and pads " << 2 * k;
    return;
  }
  SmallVector<int64_t> pooledFrom(inputShape.take_front(2));
  for (int64_t d = 0; d < k; ++d)
    pooledFrom.push_back((inputShape[2 + d] - 1) * strides[d] + kernel[d] -
                         pads[d] - pads[k + d]);
  SmallVector<int64_t> outputShape = pooledFrom;
  if (n.hasInput(2)) {
    std::optional<SmallVector<int64_t>> given = n.constantInts(2);
    if (!given)
      return;
    if (given->size() != inputShape.size()) {
      n.error() << "output_shape must have " << inputShape.size()
                << " entries";
      return;
    }
    outputShape = *given;
  }
  if (!n.checkShape(outputShape, "the output shape"))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value positions = b.cast(indices, i64(b));
  // The indices count positions in the tensor that was pooled; a larger
  // output_shape keeps each element's coordinates, so they are decoded
  // from the one shape and encoded in the other.
  if (outputShape != pooledFrom) {
    SmallVector<int64_t> from = stridesOf(pooledFrom),
                         to = stridesOf(outputShape);
    Value encoded = b.scalar(i64(b), 0);
    for (size_t d = 0; d < from.size(); ++d) {
      Value quotient = b.div(positions, b.scalar(i64(b), from[d]));
      Value coordinate = b.sub(
          quotient, b.mul(b.div(quotient, b.scalar(i64(b), pooledFrom[d])),
                          b.scalar(i64(b), pooledFrom[d])));
      encoded = b.add(encoded, b.mul(coordinate, b.scalar(i64(b), to[d])));
    }
    positions = encoded;
  }
  auto type =
      RankedTensorType::get(outputShape, tensorType(x).getElementType());
  (void)n.setOutputs(
      scatterFlat(b, b.splat(type, 0), positions, x, {}, "none"));
}

/// ReverseSequence: along `time_axis`, the first sequence_lens[b] elements
/// of batch entry b (along `batch_axis`) in reverse order, the rest as
/// they are.
void importReverseSequence(NodeImporter &n) {
  Value x = n.input(0), lengths = n.input(1);
  int64_t timeAxis = n.intAttr("time_axis", 0),
          batchAxis = n.intAttr("batch_axis", 1);
  if (n.failed() || !checkStatic(n, {x, lengths}))
    return;
  RankedTensorType type = tensorType(x);
  int64_t rank = type.getRank();
  if (rank < 2 || !n.normalizeAxis(timeAxis, rank) ||
      !n.normalizeAxis(batchAxis, rank) || timeAxis == batchAxis ||
      tensorType(lengths).getShape() !=
          ArrayRef<int64_t>{type.getDimSize(batchAxis)}) {
    if (!n.failed())
      n.error() << "needs distinct time and batch axes and one length per "
                   "batch entry";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(b.reverseSequences(x, lengths, timeAxis, batchAxis));
}

/// Compress: the slices along `axis` (of the flattened input without one)
/// where the condition holds. The condition decides the output's shape,
/// so it must be known when the graph compiles: a constant, or a graph
/// input dlc binds then.
void importCompress(NodeImporter &n) {
  Value x = n.input(0);
  std::optional<SmallVector<int64_t>> condition = n.constantInts(1);
  if (!condition || n.failed() || !checkStatic(n, {x}))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value data = x;
  int64_t axis = 0;
  if (n.hasAttr("axis")) {
    axis = n.intAttr("axis", 0);
    if (!n.normalizeAxis(axis, tensorType(x).getRank()))
      return;
  } else {
    data = b.reshape(x, {tensorType(x).getNumElements()});
  }
  int64_t length = tensorType(data).getDimSize(axis);
  if (static_cast<int64_t>(condition->size()) > length) {
    n.error() << "the condition has " << condition->size()
              << " entries for an axis of " << length;
    return;
  }
  SmallVector<int64_t> kept;
  for (auto [index, keep] : llvm::enumerate(*condition))
    if (keep)
      kept.push_back(index);
  (void)n.setOutputs(b.gather(data, int64s(b, kept), axis));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &indexedOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"ScatterElements", importScatterElements},
      {"Scatter", importScatterElements},
      {"ScatterND", importScatterND},
      {"GatherND", importGatherND},
      {"MaxUnpool", importMaxUnpool},
      {"ReverseSequence", importReverseSequence},
      {"Compress", importCompress},
  };
  return importers;
}

} // namespace dlc
