//===- NormalizationImporters.cpp - ONNX's normalization operators --------===//
//
// LayerNormalization, InstanceNormalization, MeanVarianceNormalization and
// LRN as formulas over means and sums, so they lower, fuse and differentiate
// like any other graph. (BatchNormalization has an op of its own: training
// updates its running statistics.)
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

/// `x` centered and scaled to unit variance over `axes`, with the mean and
/// the inverse standard deviation 1 / sqrt(variance + epsilon) (kept dims).
struct Standardized {
  Value normalized, mean, inverseDeviation;
};

Standardized standardize(DlcBuilder &b, Value x, ArrayRef<int64_t> axes,
                         double epsilon) {
  Value mean = b.reduceMean(x, axes, /*keepdims=*/true);
  Value centered = b.sub(x, mean);
  Value variance =
      b.reduceMean(b.mul(centered, centered), axes, /*keepdims=*/true);
  Value inverseDeviation =
      b.div(b.scalarLike(variance, 1),
            b.sqrt(b.add(variance, b.scalarLike(variance, epsilon))));
  return {b.mul(centered, inverseDeviation), mean, inverseDeviation};
}

/// The dimensions from `first` to the last of a rank-`rank` tensor.
SmallVector<int64_t> trailingAxes(int64_t first, int64_t rank) {
  SmallVector<int64_t> axes;
  for (int64_t dim = first; dim < rank; ++dim)
    axes.push_back(dim);
  return axes;
}

/// LayerNormalization: x normalized over the axes from `axis` on, then
/// scaled and shifted; the optional outputs are the mean and the inverse
/// standard deviation. Narrow floats are normalized in float32
/// (stash_type 1, the default), as ONNX specifies.
void importLayerNormalization(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1);
  Value bias = n.optionalInput(2);
  int64_t axis = n.intAttr("axis", -1);
  float epsilon = n.floatAttr("epsilon", 1e-5f);
  bool stashFloat32 = n.intAttr("stash_type", 1) == 1;
  n.limitOutputs(3, "LayerNormalization has three outputs");
  if (n.failed())
    return;
  auto type = cast<RankedTensorType>(x.getType());
  if (!n.normalizeAxis(axis, type.getRank()))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Type elementType = type.getElementType();
  bool widen = stashFloat32 && elementType.getIntOrFloatBitWidth() < 32;
  Value input = widen ? b.cast(x, b.builder().getF32Type()) : x;
  Standardized standardized =
      standardize(b, input, trailingAxes(axis, type.getRank()), epsilon);
  Value normalized = standardized.normalized;
  if (widen)
    normalized = b.cast(normalized, elementType);
  Value y = n.create<MulOp>(normalized, scale);
  if (y && bias)
    y = n.create<AddOp>(y, bias);
  if (!y)
    return;
  SmallVector<Value, 3> outputs = {y, standardized.mean,
                                   standardized.inverseDeviation};
  outputs.resize(std::max(1, n.node().outputs_size()));
  (void)n.setOutputs(outputs);
}

/// InstanceNormalization: each sample's channel normalized over its spatial
/// dimensions, then scaled and shifted per channel.
void importInstanceNormalization(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1), bias = n.input(2);
  float epsilon = n.floatAttr("epsilon", 1e-5f);
  if (n.failed())
    return;
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  if (rank < 3) {
    n.error() << "needs an input [N, C, d..] of rank 3 or more";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value normalized =
      standardize(b, x, trailingAxes(2, rank), epsilon).normalized;
  Value y = n.create<MulOp>(normalized, b.perChannel(scale, rank));
  if (y)
    y = n.create<AddOp>(y, b.perChannel(bias, rank));
  if (y)
    (void)n.setOutputs(y);
}

/// MeanVarianceNormalization: (x - mean) / (standard deviation + 1e-9) over
/// `axes`, as ONNX's function body defines it.
void importMeanVarianceNormalization(NodeImporter &n) {
  Value x = n.input(0);
  SmallVector<int64_t> axes = n.intsAttr("axes", {0, 2, 3});
  if (n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value mean = b.reduceMean(x, axes, /*keepdims=*/true);
  Value centered = b.sub(x, mean);
  Value deviation = b.sqrt(
      b.reduceMean(b.mul(centered, centered), axes, /*keepdims=*/true));
  (void)n.setOutputs(
      b.div(centered, b.add(deviation, b.scalarLike(deviation, 1e-9))));
}

/// LRN: x / (bias + alpha / size * sum of squares over `size` neighbouring
/// channels) ^ beta; the window is the sum of shifted slices of the squares
/// padded with zeros along the channel axis.
void importLrn(NodeImporter &n) {
  Value x = n.input(0);
  int64_t size = n.intAttr("size", 0);
  float alpha = n.floatAttr("alpha", 1e-4f), beta = n.floatAttr("beta", 0.75f);
  float bias = n.floatAttr("bias", 1.0f);
  if (n.failed())
    return;
  auto type = cast<RankedTensorType>(x.getType());
  if (size < 1 || type.getRank() < 3 || type.isDynamicDim(1)) {
    n.error() << "needs size >= 1 and an input [N, C, d..] with static C";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  int64_t channels = type.getDimSize(1);
  // Neighbours more than C - 1 channels away are all padding: a window
  // wider than that sums the same channels.
  int64_t before = std::min((size - 1) / 2, channels - 1);
  int64_t after = std::min(size - 1 - (size - 1) / 2, channels - 1);
  SmallVector<Value> padded;
  Value squares = b.mul(x, x);
  auto zeros = [&](int64_t count) {
    SmallVector<int64_t> shape(type.getShape());
    shape[1] = count;
    return b.splat(RankedTensorType::get(shape, type.getElementType()), 0);
  };
  if (before > 0)
    padded.push_back(zeros(before));
  padded.push_back(squares);
  if (after > 0)
    padded.push_back(zeros(after));
  Value window = padded.size() > 1 ? b.concat(padded, 1) : squares;
  Value sum = b.slice(window, 1, 0, channels);
  for (int64_t shift = 1; shift <= before + after; ++shift)
    sum = b.add(sum, b.slice(window, 1, shift, shift + channels));
  Value denominator = b.pow(
      b.add(b.scalarLike(x, bias), b.mul(b.scalarLike(x, alpha / size), sum)),
      b.scalarLike(x, beta));
  (void)n.setOutputs(b.div(x, denominator));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
normalizationOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"LayerNormalization", importLayerNormalization},
      {"InstanceNormalization", importInstanceNormalization},
      {"MeanVarianceNormalization", importMeanVarianceNormalization},
      {"LRN", importLrn},
  };
  return importers;
}

} // namespace dlc
