//===- GridSampleImporter.cpp - ONNX GridSample as gathers of taps --------===//
//
// GridSample (opset 16, PyTorch's grid_sample): each output point reads the
// input at the position its grid entry (x, y in [-1, 1]) names, with
// nearest, bilinear or bicubic interpolation. The grid's coordinates are
// mapped to pixels (align_corners), brought inside by the padding mode
// ("border" clamps, "reflection" mirrors), and each of the 1, 4 or 16 taps
// is one dlc.gather of the channels at a computed pixel, weighted and
// summed. Taps outside the image read 0 ("zeros"), the edge ("border") or
// the mirrored pixel ("reflection").
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

/// Sampling along one axis of `size` pixels.
struct Axis {
  int64_t size;
  bool alignCorners;
  /// The coordinates a grid value can name: pixel centers (align_corners)
  /// or pixel edges.
  double low() const { return alignCorners ? 0.0 : -0.5; }
  double high() const {
    return alignCorners ? size - 1.0 : size - 0.5;
  }
};

/// Grid values in [-1, 1] as pixel coordinates.
Value denormalize(DlcBuilder &b, Value grid, const Axis &axis) {
  Value one = b.scalarLike(grid, 1);
  if (axis.alignCorners)
    return b.mul(b.add(grid, one), b.scalarLike(grid, (axis.size - 1) / 2.0));
  return b.div(b.sub(b.mul(b.add(grid, one), b.scalarLike(grid, axis.size)),
                     one),
               b.scalarLike(grid, 2));
}

/// x - 2 * floor(x / 2): 0 for even whole numbers, 1 for odd ones.
Value parity(DlcBuilder &b, Value x) {
  Value two = b.scalarLike(x, 2);
  return b.sub(x, b.mul(two, FloorOp::create(b.builder(), b.div(x, two))));
}

/// `x` mirrored at the axis' bounds until it lies between them: a point
/// `past` beyond one bound, after k whole ranges and a rest r, lands r
/// inside that bound (k even) or the other one (k odd).
Value reflect(DlcBuilder &b, Value x, const Axis &axis) {
  Value low = b.scalarLike(x, axis.low()), high = b.scalarLike(x, axis.high());
  Value range = b.scalarLike(x, axis.high() - axis.low());
  auto mirror = [&](Value past, Value near, Value far, bool fromLow) {
    Value ranges = FloorOp::create(b.builder(), b.div(past, range));
    Value rest = b.sub(past, b.mul(ranges, range));
    Value odd = b.greater(parity(b, ranges), b.scalarLike(x, 0.5));
    Value nearSide = fromLow ? b.add(near, rest) : b.sub(near, rest);
    Value farSide = fromLow ? b.sub(far, rest) : b.add(far, rest);
    return b.where(odd, farSide, nearSide);
  };
  Value below = mirror(b.sub(low, x), low, high, /*fromLow=*/true);
  Value above = mirror(b.sub(x, high), high, low, /*fromLow=*/false);
  return b.where(b.less(x, low), below, b.where(b.greater(x, high), above, x));
}

/// A sampling coordinate outside the axis' bounds brought inside as the
/// padding mode says (zeros: left as it is).
Value bringInside(DlcBuilder &b, Value x, const Axis &axis,
                  StringRef padding) {
  if (padding == "border")
    return b.where(b.logicalNot(b.equal(
                       b.clip(x, axis.low(), axis.high()), x)),
                   b.clip(x, 0, axis.size - 1), x);
  if (padding == "reflection")
    return reflect(b, x, axis);
  return x;
}

/// The cubic convolution weights (Keys, a = -0.75) of the taps at -1, 0,
/// 1, 2 from floor(x), for t = x - floor(x).
SmallVector<Value> cubicWeights(DlcBuilder &b, Value t) {
  const double a = -0.75;
  auto c = [&](double value) { return b.scalarLike(t, value); };
  auto outer = [&](Value d) { // |d| in [1, 2]
    return b.sub(
        b.mul(b.add(b.mul(b.sub(b.mul(c(a), d), c(5 * a)), d), c(8 * a)), d),
        c(4 * a));
  };
  auto inner = [&](Value d) { // |d| in [0, 1]
    return b.add(b.mul(b.mul(b.sub(b.mul(c(a + 2), d), c(a + 3)), d), d),
                 c(1));
  };
  Value one = c(1);
  return {outer(b.add(t, one)), inner(t), inner(b.sub(one, t)),
          outer(b.sub(c(2), t))};
}

/// The taps along one axis: their integer positions (as floats) and
/// weights.
struct Taps {
  SmallVector<Value> positions, weights;
};

Taps tapsOf(DlcBuilder &b, Value x, StringRef mode) {
  if (mode == "nearest")
    return {{x}, {b.splat(tensorType(x), 1)}};
  Value base = FloorOp::create(b.builder(), x);
  Value t = b.sub(x, base);
  if (mode == "bilinear")
    return {{base, b.add(base, b.scalarLike(x, 1))},
            {b.sub(b.scalarLike(x, 1), t), t}};
  Taps taps;
  for (int offset = -1; offset <= 2; ++offset)
    taps.positions.push_back(b.add(base, b.scalarLike(x, offset)));
  taps.weights = cubicWeights(b, t);
  return taps;
}

/// A tap position as a pixel index: out-of-image taps are clamped
/// ("border"), mirrored ("reflection") or flagged in `outside` ("zeros",
/// clamped so the read stays in bounds).
Value pixelIndex(DlcBuilder &b, Value position, const Axis &axis,
                 StringRef padding, Value &outside) {
  if (padding == "reflection")
    position = reflect(b, position, axis);
  if (padding == "zeros") {
    Value out = b.where(b.less(position, b.scalarLike(position, 0)),
                        b.less(position, b.scalarLike(position, 0)),
                        b.greater(position,
                                  b.scalarLike(position, axis.size - 1)));
    outside = outside ? b.where(outside, outside, out) : out;
  }
  return b.cast(b.clip(position, 0, axis.size - 1),
                b.builder().getI64Type());
}

void importGridSample(NodeImporter &n) {
  Value x = n.input(0), grid = n.input(1);
  std::string mode = n.stringAttr("mode", "bilinear");
  std::string padding = n.stringAttr("padding_mode", "zeros");
  bool alignCorners = n.intAttr("align_corners", 0);
  if (n.failed())
    return;
  if (mode != "bilinear" && mode != "nearest" && mode != "bicubic") {
    n.rejectAttrValue("mode", "must be bilinear, nearest or bicubic");
    return;
  }
  if (padding != "zeros" && padding != "border" && padding != "reflection") {
    n.rejectAttrValue("padding_mode", "must be zeros, border or reflection");
    return;
  }
  RankedTensorType type = tensorType(x), gridType = tensorType(grid);
  if (type.getRank() != 4 || gridType.getRank() != 4 ||
      !type.hasStaticShape() || !gridType.hasStaticShape() ||
      gridType.getDimSize(0) != type.getDimSize(0) ||
      gridType.getDimSize(3) != 2) {
    n.error() << "needs a static N x C x H x W input and an N x H' x W' x 2 "
                 "grid";
    return;
  }
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1);
  Axis rows{type.getDimSize(2), alignCorners},
      columns{type.getDimSize(3), alignCorners};
  int64_t outRows = gridType.getDimSize(1), outColumns = gridType.getDimSize(2);
  DlcBuilder b(n.builder(), n.loc());
  Type f32 = b.builder().getF32Type(), i64 = b.builder().getI64Type();
  Value coordinates = b.cast(grid, f32);
  auto gridAxis = [&](int64_t index) {
    return b.reshape(b.slice(coordinates, 3, index, index + 1),
                     {batch, outRows, outColumns});
  };
  // The grid holds (x, y): the column, then the row.
  Value column = denormalize(b, gridAxis(0), columns);
  Value row = denormalize(b, gridAxis(1), rows);
  if (mode == "nearest") {
    column = RoundOp::create(b.builder(), column);
    row = RoundOp::create(b.builder(), row);
  }
  column = bringInside(b, column, columns, padding);
  row = bringInside(b, row, rows, padding);
  Taps columnTaps = tapsOf(b, column, mode), rowTaps = tapsOf(b, row, mode);

  // Pixels as rows of channels: [N * H * W, C].
  Value pixels = b.reshape(b.transpose(b.cast(x, f32), {0, 2, 3, 1}),
                           {batch * rows.size * columns.size, channels});
  Value image = b.mul(b.positions(i64, 3, 0, batch),
                      b.scalar(i64, rows.size * columns.size));
  Value sum;
  for (auto [rowPosition, rowWeight] :
       llvm::zip(rowTaps.positions, rowTaps.weights))
    for (auto [columnPosition, columnWeight] :
         llvm::zip(columnTaps.positions, columnTaps.weights)) {
      Value outside;
      Value r = pixelIndex(b, rowPosition, rows, padding, outside);
      Value c = pixelIndex(b, columnPosition, columns, padding, outside);
      Value index =
          b.add(image, b.add(b.mul(r, b.scalar(i64, columns.size)), c));
      Value weight = b.mul(rowWeight, columnWeight);
      Value tap =
          b.mul(b.gather(pixels, index, 0), b.unsqueeze(weight, {3}));
      if (outside)
        tap = b.where(b.unsqueeze(outside, {3}), b.scalarLike(tap, 0), tap);
      sum = sum ? b.add(sum, tap) : tap;
    }
  (void)n.setOutputs(
      b.cast(b.transpose(sum, {0, 3, 1, 2}), type.getElementType()));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
gridSampleOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"GridSample", importGridSample},
  };
  return importers;
}

} // namespace dlc
