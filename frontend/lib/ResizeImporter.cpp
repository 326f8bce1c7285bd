//===- ResizeImporter.cpp - ONNX Resize and Upsample ----------------------===//
//
// Resize is separable: along each axis whose size changes, every output
// position reads a few input positions ("taps": 1 for nearest, 2 for linear,
// 4 for cubic) with weights that depend only on the position. The importer
// computes those taps at import time, as ONNX's reference implementation
// defines them, and writes the axis as sum_t gather(x, index_t) * weight_t:
// constant indices and weights, so the result lowers, fuses and
// differentiates like any other graph (dlc.gather has a gradient).
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"
#include "dlc/Runtime/MemoryLimit.h"
#include "dlc/Runtime/Tensor.h"

#include <cmath>

using namespace mlir;

namespace dlc {
namespace {

struct ResizeOptions {
  std::string mode = "nearest";
  std::string coordinates = "half_pixel";
  std::string nearest = "round_prefer_floor";
  double cubicA = -0.75;
  bool excludeOutside = false;
  double extrapolation = 0;
};

/// The taps of one output position along one axis.
struct Taps {
  SmallVector<int64_t, 4> indices;
  SmallVector<double, 4> weights;
  /// tf_crop_and_resize: the position lies outside the input, and reads the
  /// extrapolation value instead.
  bool outside = false;
};

/// Keys' cubic convolution weights of the 4 taps around a point at `ratio`
/// in (0, 1] past the second tap, with parameter A.
SmallVector<double, 4> cubicWeights(double ratio, double a) {
  auto near = [a](double d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };
  auto far = [a](double d) {
    return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
  };
  return {far(ratio + 1), near(ratio), near(1 - ratio), far(2 - ratio)};
}

/// The input coordinate of output position `o` (ONNX's
/// coordinate_transformation_mode); `scale` is the axis' scale factor and
/// `roi` its [start, end] (tf_crop_and_resize).
double inputCoordinate(const ResizeOptions &options, int64_t o, double scale,
                       int64_t in, std::pair<double, double> roi) {
  double outLength = scale * in; // ONNX's output_width, not rounded
  const std::string &mode = options.coordinates;
  if (mode == "align_corners")
    return outLength == 1 ? 0 : o * (in - 1) / (outLength - 1);
  if (mode == "asymmetric")
    return o / scale;
  if (mode == "tf_half_pixel_for_nn")
    return (o + 0.5) / scale;
  if (mode == "tf_crop_and_resize")
    return outLength == 1
               ? (roi.second - roi.first) * (in - 1) / 2
               : roi.first * (in - 1) +
                     o * (roi.second - roi.first) * (in - 1) / (outLength - 1);
  if (mode == "pytorch_half_pixel" && outLength == 1)
    return -0.5;
  return (o + 0.5) / scale - 0.5; // half_pixel, pytorch_half_pixel
}

Taps tapsAt(const ResizeOptions &options, double x, int64_t in) {
  Taps taps;
  if (options.coordinates == "tf_crop_and_resize" && (x < 0 || x > in - 1)) {
    taps.outside = true;
    return taps;
  }
  // The reference prefers the left neighbour: an integral x lies at ratio 1
  // past base = x - 1.
  double base = std::floor(x) == x ? x - 1 : std::floor(x);
  double ratio = x - base;
  auto at = [&](double index) {
    return static_cast<int64_t>(index);
  };
  if (options.mode == "nearest") {
    const std::string &rounding = options.nearest;
    bool right = rounding == "ceil"                ? true
                 : rounding == "floor"             ? ratio == 1
                 : rounding == "round_prefer_ceil" ? ratio >= 0.5
                                                   : ratio > 0.5;
    taps.indices = {at(right ? base + 1 : base)};
    taps.weights = {1};
  } else if (options.mode == "linear") {
    taps.indices = {at(base), at(base + 1)};
    taps.weights = {1 - ratio, ratio};
  } else {
    taps.indices = {at(base - 1), at(base), at(base + 1), at(base + 2)};
    taps.weights = cubicWeights(ratio, options.cubicA);
  }
  if (options.excludeOutside) {
    double total = 0;
    for (auto [index, weight] : llvm::zip(taps.indices, taps.weights)) {
      if (index < 0 || index >= in)
        weight = 0;
      total += weight;
    }
    for (double &weight : taps.weights)
      weight /= total;
  }
  // Outside the input, a tap reads the nearest edge (ONNX pads with edges).
  for (int64_t &index : taps.indices)
    index = std::clamp<int64_t>(index, 0, in - 1);
  return taps;
}

/// Resizes `axis` of `x` from `in` to `out` positions.
Value resizeAxis(DlcBuilder &b, const ResizeOptions &options, Value x,
                 int64_t axis, int64_t out, double scale,
                 std::pair<double, double> roi) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t in = type.getDimSize(axis), rank = type.getRank();
  SmallVector<Taps> taps;
  for (int64_t o = 0; o < out; ++o)
    taps.push_back(
        tapsAt(options, inputCoordinate(options, o, scale, in, roi), in));
  size_t count = 0;
  for (const Taps &position : taps)
    count = std::max(count, position.indices.size());
  OpBuilder &builder = b.builder();
  SmallVector<int64_t> weightShape(rank, 1);
  weightShape[axis] = out;
  auto weightType = RankedTensorType::get(weightShape, type.getElementType());
  Value result;
  for (size_t t = 0; t < count; ++t) {
    SmallVector<int64_t> indices;
    SmallVector<Attribute> weights;
    for (const Taps &position : taps) {
      indices.push_back(position.outside ? 0 : position.indices[t]);
      weights.push_back(builder.getFloatAttr(
          type.getElementType(), position.outside ? 0 : position.weights[t]));
    }
    Value read = b.gather(
        x,
        ConstantOp::create(builder, b.loc(), builder.getI64TensorAttr(indices)),
        axis);
    if (options.mode != "nearest")
      read = b.mul(read, ConstantOp::create(
                             builder, b.loc(),
                             DenseElementsAttr::get(weightType, weights)));
    result = result ? b.add(result, read) : read;
  }
  if (llvm::any_of(taps, [](const Taps &p) { return p.outside; })) {
    SmallVector<bool> outside;
    for (const Taps &position : taps)
      outside.push_back(position.outside);
    Value mask = ConstantOp::create(
        builder, b.loc(),
        DenseElementsAttr::get(
            RankedTensorType::get(weightShape, builder.getI1Type()),
            ArrayRef<bool>(outside)));
    result = b.where(mask, b.scalarLike(x, options.extrapolation), result);
  }
  return result;
}

/// Resize (opset 10 on) and Upsample: scales or sizes (constants), roi for
/// tf_crop_and_resize.
void importResize(NodeImporter &n) {
  Value x = n.input(0);
  ResizeOptions options;
  options.mode = n.stringAttr("mode", "nearest");
  bool modern = n.node().op() == "Resize" && n.opset() >= 11;
  if (modern) {
    options.coordinates =
        n.stringAttr("coordinate_transformation_mode", "half_pixel");
    options.nearest = n.stringAttr("nearest_mode", "round_prefer_floor");
    options.cubicA = n.floatAttr("cubic_coeff_a", -0.75f);
    options.excludeOutside = n.intAttr("exclude_outside", 0);
    options.extrapolation = n.floatAttr("extrapolation_value", 0);
  } else {
    // Upsample and Resize-10 map outputs with x / scale and take the floor.
    options.coordinates = "asymmetric";
    options.nearest = "floor";
  }
  if (options.mode == "bilinear")
    options.mode = "linear";
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<double> scales;
  SmallVector<int64_t> sizes;
  SmallVector<double> roi;
  if (n.node().op() == "Upsample" && n.opset() < 9) {
    for (float scale : n.floatsAttr("scales"))
      scales.push_back(scale);
  } else if (!modern) {
    if (std::optional<SmallVector<double>> given = n.constantFloats(1))
      scales = *given;
  } else {
    if (n.hasInput(3)) {
      if (std::optional<SmallVector<int64_t>> given = n.constantInts(3))
        sizes = *given;
    } else if (std::optional<SmallVector<double>> given =
                   n.constantFloats(2)) {
      scales = *given;
    }
    if (options.coordinates == "tf_crop_and_resize")
      if (std::optional<SmallVector<double>> given = n.constantFloats(1))
        roi = *given;
  }
  if (n.failed())
    return;
  if (options.mode != "nearest" && options.mode != "linear" &&
      options.mode != "cubic") {
    n.rejectAttrValue("mode", "'" + options.mode + "' is not nearest, "
                                                   "linear or cubic");
    return;
  }
  if (!type.hasStaticShape() ||
      static_cast<int64_t>(std::max(scales.size(), sizes.size())) != rank ||
      (!roi.empty() && static_cast<int64_t>(roi.size()) != 2 * rank)) {
    n.error() << "needs a static input shape and " << rank
              << " scales or sizes (and " << 2 * rank << " roi values for "
              << "tf_crop_and_resize)";
    return;
  }
  if (options.mode != "nearest" && !isa<FloatType>(type.getElementType())) {
    n.error() << options.mode << " resizing needs float data";
    return;
  }
  // Every axis's size first: the result, and each partial result (resized
  // on some axes), must fit the tensor limit before a tap is computed (a
  // size of 2^26 filled dlc-fuzz-model-pb's memory with taps).
  SmallVector<int64_t> outSizes(rank);
  SmallVector<double> axisScales(rank);
  std::vector<int64_t> largest(rank);
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t in = type.getDimSize(axis);
    double scale = sizes.empty() ? scales[axis]
                                 : static_cast<double>(sizes[axis]) / in;
    double outSize = sizes.empty() ? std::floor(in * scale)
                                   : static_cast<double>(sizes[axis]);
    // Checked as doubles: a NaN, infinite or huge scale has no int64 size
    // (found by dlc-fuzz-model-pb).
    if (!(scale > 0) || !std::isfinite(scale) || !(outSize >= 1) ||
        outSize > 0x1p62) {
      n.error() << "axis " << axis << " would have " << outSize
                << " elements (scale " << scale << ")";
      return;
    }
    outSizes[axis] = static_cast<int64_t>(outSize);
    axisScales[axis] = scale;
    largest[axis] = std::max(in, outSizes[axis]);
  }
  uint64_t elementBytes =
      std::max(1u, type.getElementType().getIntOrFloatBitWidth() / 8);
  std::optional<uint64_t> bytes = tensorBytes(largest, elementBytes);
  if (!bytes || *bytes > maxTensorBytes()) {
    n.error() << "resizing to "
              << dlc::formatShape({outSizes.begin(), outSizes.end()})
              << " needs a tensor over " << describeTensorLimit();
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  // Innermost axis first: tf_crop_and_resize's extrapolation then nests as
  // in ONNX's reference (an outer axis interpolates the inner results).
  for (int64_t axis = rank - 1; axis >= 0; --axis) {
    int64_t in = type.getDimSize(axis), out = outSizes[axis];
    std::pair<double, double> axisRoi =
        roi.empty() ? std::pair{0.0, 1.0}
                    : std::pair{roi[axis], roi[axis + rank]};
    if (out == in && axisScales[axis] == 1 &&
        options.coordinates != "tf_crop_and_resize")
      continue;
    x = resizeAxis(b, options, x, axis, out, axisScales[axis], axisRoi);
  }
  (void)n.setOutputs(x);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &resizeOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"Resize", importResize},
      {"Upsample", importResize},
  };
  return importers;
}

} // namespace dlc
