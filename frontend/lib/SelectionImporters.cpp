//===- SelectionImporters.cpp - ONNX ops that select elements by position -===//
//
// GatherElements, Trilu, ArgMin, Hardmax, OneHot, EyeLike, CumSum and TopK
// written as elementwise formulas that compare indices with positions
// (DlcBuilder::positions), so they lower, fuse and differentiate like any
// other graph.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {

Value gatherAlongAxis(NodeImporter &n, Value data, Value indices,
                      int64_t axis) {
  auto dataType = cast<RankedTensorType>(data.getType());
  auto indexType = cast<RankedTensorType>(indices.getType());
  int64_t rank = dataType.getRank();
  if (indexType.getRank() != rank) {
    n.error() << "indices have rank " << indexType.getRank()
              << ", data rank " << rank << " (they must be equal)";
    return {};
  }
  if (!n.normalizeAxis(axis, rank))
    return {};
  if (!dataType.hasStaticShape() || !indexType.hasStaticShape()) {
    n.error() << "needs static shapes (bind the input shapes)";
    return {};
  }
  DlcBuilder b(n.builder(), n.loc());
  // Off the axis, the result reads data at its own position: data beyond
  // the indices' extent is never read.
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (dim == axis || indexType.getDimSize(dim) == dataType.getDimSize(dim))
      continue;
    if (indexType.getDimSize(dim) > dataType.getDimSize(dim)) {
      n.error() << "indices are larger than the data along axis " << dim
                << " (" << indexType.getDimSize(dim) << " > "
                << dataType.getDimSize(dim) << ")";
      return {};
    }
    data = b.slice(data, dim, 0, indexType.getDimSize(dim));
  }
  int64_t extent = dataType.getDimSize(axis);
  Value zero = b.scalarLike(indices, 0);
  Value index = b.where(b.less(indices, zero),
                        b.add(indices, b.scalarLike(indices, extent)), indices);
  // [.., K, 1, ..] == [1, .., 1, D, 1, ..]: which of the axis' D positions
  // each of the K indices picks; the picked element is the sum over D.
  Value picks = b.equal(
      b.unsqueeze(index, {axis + 1}),
      b.positions(indexType.getElementType(), rank + 1, axis + 1, extent));
  Value candidates = b.unsqueeze(data, {axis});
  Value picked =
      n.create<WhereOp>(picks, candidates, b.scalarLike(data, 0));
  return picked ? b.reduceSum(picked, {axis + 1}, /*keepdims=*/false)
                : Value();
}

namespace {

/// GatherElements: `result[i][j] = data[indices[i][j]][j]` (axis 0), each
/// element a sum over the axis of the data, so its cost is the number of
/// indices times the length of the axis.
void importGatherElements(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1);
  int64_t axis = n.intAttr("axis", 0);
  if (n.failed())
    return;
  if (Value result = gatherAlongAxis(n, data, indices, axis))
    (void)n.setOutputs(result);
}

/// Trilu: the upper (or lower) triangle of the last two dimensions from the
/// k-th diagonal on, zero elsewhere.
void importTrilu(NodeImporter &n) {
  Value x = n.input(0);
  bool upper = n.intAttr("upper", 1);
  int64_t k = 0;
  if (n.hasInput(1)) {
    std::optional<SmallVector<int64_t>> diagonal = n.constantInts(1);
    if (!diagonal)
      return;
    if (diagonal->size() != 1) {
      n.error() << "k must be a scalar";
      return;
    }
    k = diagonal->front();
  }
  if (n.failed())
    return;
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (rank < 2) {
    n.error() << "needs a tensor of rank 2 or more, got rank " << rank;
    return;
  }
  if (type.isDynamicDim(rank - 2) || type.isDynamicDim(rank - 1)) {
    n.error() << "needs static sizes of the last two dimensions";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  Value rows = b.positions(i64, rank, rank - 2, type.getDimSize(rank - 2));
  Value columns = b.positions(i64, rank, rank - 1, type.getDimSize(rank - 1));
  // Element (i, j) lies on diagonal j - i.
  Value diagonal = b.sub(columns, rows);
  Value kth = b.scalar(i64, k);
  Value outside = upper ? b.less(diagonal, kth) : b.greater(diagonal, kth);
  (void)n.setOutputs(b.where(outside, b.scalarLike(x, 0), x));
}

/// ArgMin as ArgMax of an order-reversing map: -x for floats, ~x = -x - 1
/// for integers (which, unlike -x, has no overflow at the minimum).
void importArgMin(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", 0);
  bool keepdims = n.intAttr("keepdims", 1);
  bool last = n.intAttr("select_last_index", 0);
  if (n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value reversed = b.neg(x);
  if (!isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType()))
    reversed = b.sub(reversed, b.scalarLike(x, 1));
  OpBuilder &builder = n.builder();
  (void)n.setOutputs(n.create<ArgMaxOp>(
      reversed, builder.getI64IntegerAttr(axis),
      builder.getBoolAttr(keepdims), builder.getBoolAttr(last)));
}

/// Hardmax (opset 13): 1 at the first maximum along `axis`, 0 elsewhere.
void importHardmax(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", -1);
  if (n.failed())
    return;
  if (n.opset() < 13) {
    n.error() << "Hardmax before opset 13 (over a flattened 2-D view) is not "
                 "supported";
    return;
  }
  auto type = cast<RankedTensorType>(x.getType());
  if (!n.normalizeAxis(axis, type.getRank()))
    return;
  if (type.isDynamicDim(axis)) {
    n.error() << "needs a static size of axis " << axis;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value first = b.argMax(x, axis, /*keepdims=*/true);
  Value isMaximum =
      b.equal(first, b.positions(b.builder().getI64Type(), type.getRank(),
                                 axis, type.getDimSize(axis)));
  (void)n.setOutputs(
      b.where(isMaximum, b.scalarLike(x, 1), b.scalarLike(x, 0)));
}

/// OneHot(indices, depth, [off, on]): a new axis of `depth` positions, `on`
/// where it equals the index (negative indices count from the end).
void importOneHot(NodeImporter &n) {
  Value indices = n.input(0), values = n.input(2);
  std::optional<double> depthValue = n.constantScalar(1);
  int64_t axis = n.intAttr("axis", -1);
  if (n.failed() || !depthValue)
    return;
  int64_t depth = static_cast<int64_t>(*depthValue);
  auto valuesType = cast<RankedTensorType>(values.getType());
  if (depth < 1 || valuesType.getNumElements() != 2) {
    n.error() << "needs a depth of 1 or more and values [off, on]";
    return;
  }
  int64_t rank = cast<RankedTensorType>(indices.getType()).getRank() + 1;
  if (!n.normalizeAxis(axis, rank))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  Value index = b.cast(indices, i64);
  index = b.where(b.less(index, b.scalar(i64, 0)),
                  b.add(index, b.scalar(i64, depth)), index);
  Value hot = b.equal(b.unsqueeze(index, {axis}),
                      b.positions(i64, rank, axis, depth));
  SmallVector<int64_t> scalarShape;
  Value off = b.reshape(b.slice(values, 0, 0, 1), scalarShape);
  Value on = b.reshape(b.slice(values, 0, 1, 2), scalarShape);
  (void)n.setOutputs(b.where(hot, on, off));
}

/// EyeLike: ones on the k-th diagonal of a matrix shaped like the input.
void importEyeLike(NodeImporter &n) {
  Value x = n.input(0);
  int64_t k = n.intAttr("k", 0);
  auto type = cast<RankedTensorType>(x.getType());
  Type elementType = type.getElementType();
  if (n.hasAttr("dtype"))
    elementType = onnxElementType(n.intAttr("dtype", 1), n.context());
  if (n.failed())
    return;
  if (!elementType) {
    n.rejectAttrValue("dtype", "the element type is not supported");
    return;
  }
  if (type.getRank() != 2 || !type.hasStaticShape()) {
    n.error() << "needs a matrix of static shape, got " << type;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  Value diagonal = b.sub(b.positions(i64, 2, 1, type.getDimSize(1)),
                         b.positions(i64, 2, 0, type.getDimSize(0)));
  Value onDiagonal = b.equal(diagonal, b.scalar(i64, k));
  (void)n.setOutputs(b.where(onDiagonal, b.scalar(elementType, 1),
                             b.scalar(elementType, 0)));
}

/// CumSum along a constant axis: each output position i sums the inputs j
/// with j <= i (j < i exclusive; reversed, j >= i or j > i), a masked sum
/// over a second copy of the axis; it costs the square of the axis' length.
void importCumSum(NodeImporter &n) {
  Value x = n.input(0);
  std::optional<SmallVector<int64_t>> axisValue = n.constantInts(1);
  bool exclusive = n.intAttr("exclusive", 0);
  bool reverse = n.intAttr("reverse", 0);
  if (n.failed() || !axisValue)
    return;
  auto type = cast<RankedTensorType>(x.getType());
  int64_t axis = axisValue->front();
  if (axisValue->size() != 1 || !n.normalizeAxis(axis, type.getRank()))
    return;
  if (type.isDynamicDim(axis)) {
    n.error() << "needs a static size of axis " << axis;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  int64_t rank = type.getRank() + 1, length = type.getDimSize(axis);
  Value out = b.positions(i64, rank, axis, length);
  Value in = b.positions(i64, rank, axis + 1, length);
  Value taken = reverse ? (exclusive ? b.greater(in, out)
                                     : b.logicalNot(b.less(in, out)))
                        : (exclusive ? b.less(in, out)
                                     : b.logicalNot(b.greater(in, out)));
  Value terms =
      b.where(taken, b.unsqueeze(x, {axis}), b.scalarLike(x, 0));
  (void)n.setOutputs(b.reduceSum(terms, {axis + 1}, /*keepdims=*/false));
}

/// TopK: the k largest (or smallest) elements along `axis` in order (equal
/// elements by index), and their indices. An element's rank is how many
/// elements precede it in that order, counted by comparing every pair along
/// the axis (length^2 comparisons a row); slot r of the result takes the
/// element of rank r. `sorted` = 0 leaves the order to the implementation:
/// this one.
void importTopK(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", -1);
  bool largest = n.intAttr("largest", 1);
  int64_t k = n.intAttr("k", 0);
  if (n.opset() >= 10) {
    std::optional<SmallVector<int64_t>> given = n.constantInts(1);
    if (!given)
      return;
    if (given->size() != 1) {
      n.error() << "K must hold one value";
      return;
    }
    k = given->front();
  }
  if (n.failed())
    return;
  RankedTensorType type = tensorType(x);
  int64_t rank = type.getRank();
  if (!n.normalizeAxis(axis, rank))
    return;
  int64_t length = type.getDimSize(axis);
  if (ShapedType::isDynamic(length) || k < 0 || k > length) {
    n.error() << "K = " << k << " must be within the static length "
              << length << " of axis " << axis;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  // Pairs [.., i, j, ..]: element i against element j of the axis.
  Value element = b.unsqueeze(x, {axis + 1});
  Value other = b.unsqueeze(x, {axis});
  Value position = b.positions(i64, rank + 1, axis, length);
  Value otherPosition = b.positions(i64, rank + 1, axis + 1, length);
  Value ahead = largest ? b.greater(other, element) : b.less(other, element);
  Value tieAhead = b.where(b.equal(other, element),
                           b.less(otherPosition, position),
                           b.scalar(b.builder().getI1Type(), 0));
  Value precedes = b.where(ahead, ahead, tieAhead);
  Value ranks = b.reduceSum(b.cast(precedes, i64), {axis + 1},
                            /*keepdims=*/true);
  // [.., i, r, ..]: whether element i goes to slot r.
  Value lands = b.equal(ranks, b.positions(i64, rank + 1, axis + 1, k));
  Value values = b.reduceSum(b.where(lands, element, b.scalarLike(x, 0)),
                             {axis}, /*keepdims=*/false);
  Value indices = b.reduceSum(b.where(lands, position, b.scalar(i64, 0)),
                              {axis}, /*keepdims=*/false);
  (void)n.setOutputs({values, indices});
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
selectionOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"GatherElements", importGatherElements},
      {"Trilu", importTrilu},
      {"ArgMin", importArgMin},
      {"Hardmax", importHardmax},
      {"OneHot", importOneHot},
      {"EyeLike", importEyeLike},
      {"CumSum", importCumSum},
      {"TopK", importTopK},
  };
  return importers;
}

} // namespace dlc
