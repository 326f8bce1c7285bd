//===- WindowSizesTest.cpp - Convolutions and pools of sizes that do not tile ===//
//
// The CPU target tiles convolutions and pools into row segments of output
// channels and positions, with a smaller last tile where the sizes do not
// divide. Odd sizes (1, 3, 17, 129, primes), strides, dilations, paddings and
// groups are compiled and compared, element by element, with plain loops in
// double precision: convolution and both its gradients, max and average
// pooling and their gradients, in 1-D and 2-D.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include <cmath>
#include <limits>

namespace dlc {
namespace {

enum class Op { Conv, ConvInputGrad, ConvWeightGrad, MaxPool, MaxPoolGrad,
                AveragePool, AveragePoolGrad };

std::string name(Op op) {
  switch (op) {
  case Op::Conv: return "Conv";
  case Op::ConvInputGrad: return "ConvInputGrad";
  case Op::ConvWeightGrad: return "ConvWeightGrad";
  case Op::MaxPool: return "MaxPool";
  case Op::MaxPoolGrad: return "MaxPoolGrad";
  case Op::AveragePool: return "AveragePool";
  case Op::AveragePoolGrad: return "AveragePoolGrad";
  }
  return "";
}

bool isConv(Op op) {
  return op == Op::Conv || op == Op::ConvInputGrad || op == Op::ConvWeightGrad;
}

/// A window geometry with k = spatial.size() (1 or 2) spatial dimensions.
/// For pools, `features` and `groups` are unused.
struct Window {
  int64_t batch, channels, features, groups;
  std::vector<int64_t> spatial, kernel, strides, dilations, padBegin, padEnd;

  size_t rank() const { return spatial.size(); }
  int64_t output(size_t i) const {
    return (spatial[i] + padBegin[i] + padEnd[i] -
            dilations[i] * (kernel[i] - 1) - 1) /
               strides[i] +
           1;
  }
  std::vector<int64_t> outputSpatial() const {
    std::vector<int64_t> sizes;
    for (size_t i = 0; i < rank(); ++i)
      sizes.push_back(output(i));
    return sizes;
  }
  std::string label() const {
    std::string text;
    for (size_t i = 0; i < rank(); ++i)
      text += (i ? "x" : "") + std::to_string(spatial[i]);
    text += "_k" + std::to_string(kernel.back()) + "s" +
            std::to_string(strides.back()) + "d" +
            std::to_string(dilations.back()) + "p" +
            std::to_string(padBegin.back()) + "c" + std::to_string(channels) +
            "f" + std::to_string(features) + "g" + std::to_string(groups);
    return text;
  }
};

std::vector<int64_t> shapeOf(int64_t a, int64_t b,
                             const std::vector<int64_t> &rest) {
  std::vector<int64_t> shape = {a, b};
  shape.insert(shape.end(), rest.begin(), rest.end());
  return shape;
}

std::string array(const std::vector<int64_t> &values) {
  std::string text = "array<i64: ";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + ">";
}

/// A convolution or pool window visits every (output position, kernel
/// offset) pair once; `visit(o, w, i)` gets their flat spatial indices and
/// that of the input element they read, skipping reads of padding.
template <typename Visit>
void forEachTap(const Window &g, Visit visit) {
  // Everything is 2-D here; a 1-D window has a unit first dimension.
  auto at = [&](const std::vector<int64_t> &v, size_t i, int64_t unit) {
    return g.rank() == 1 ? (i == 0 ? unit : v[0]) : v[i];
  };
  std::vector<int64_t> out = g.outputSpatial();
  int64_t outH = at(out, 0, 1), outW = at(out, 1, 1);
  int64_t kH = at(g.kernel, 0, 1), kW = at(g.kernel, 1, 1);
  int64_t inH = at(g.spatial, 0, 1), inW = at(g.spatial, 1, 1);
  for (int64_t oh = 0; oh < outH; ++oh)
    for (int64_t ow = 0; ow < outW; ++ow)
      for (int64_t kh = 0; kh < kH; ++kh)
        for (int64_t kw = 0; kw < kW; ++kw) {
          int64_t ih = oh * at(g.strides, 0, 1) - at(g.padBegin, 0, 0) +
                       kh * at(g.dilations, 0, 1);
          int64_t iw = ow * at(g.strides, 1, 1) - at(g.padBegin, 1, 0) +
                       kw * at(g.dilations, 1, 1);
          if (ih >= 0 && ih < inH && iw >= 0 && iw < inW)
            visit(oh * outW + ow, kh * kW + kw, ih * inW + iw);
        }
}

int64_t product(const std::vector<int64_t> &values) {
  int64_t result = 1;
  for (int64_t v : values)
    result *= v;
  return result;
}

/// The expected result in double, and for each element the sum of the
/// magnitudes of its terms (which bounds float32 rounding in any order).
struct Expected {
  std::vector<double> values, magnitudes;
};

Expected reference(Op op, const Window &g, const std::vector<Tensor> &args,
                   const std::vector<int64_t> &resultShape) {
  Expected e;
  e.values.assign(product(resultShape), 0.0);
  e.magnitudes.assign(e.values.size(), 0.0);
  int64_t inSize = product(g.spatial), outSize = product(g.outputSpatial());
  int64_t taps = product(g.kernel);
  auto add = [&](int64_t index, double term) {
    e.values[index] += term;
    e.magnitudes[index] += std::fabs(term);
  };
  const float *a = args[0].typed<float>();
  const float *b = args.size() > 1 ? args[1].typed<float>() : nullptr;
  if (isConv(op)) {
    int64_t groupIn = g.channels / g.groups, groupOut = g.features / g.groups;
    for (int64_t n = 0; n < g.batch; ++n)
      for (int64_t f = 0; f < g.features; ++f)
        for (int64_t c = 0; c < groupIn; ++c) {
          int64_t channel = f / groupOut * groupIn + c;
          forEachTap(g, [&](int64_t o, int64_t w, int64_t i) {
            int64_t x = (n * g.channels + channel) * inSize + i;
            int64_t y = (n * g.features + f) * outSize + o;
            int64_t k = (f * groupIn + c) * taps + w;
            if (op == Op::Conv) // args: x, w
              add(y, double(a[x]) * b[k]);
            else if (op == Op::ConvInputGrad) // args: dy, w
              add(x, double(a[y]) * b[k]);
            else // args: x, dy
              add(k, double(a[x]) * b[y]);
          });
        }
    return e;
  }
  for (int64_t nc = 0; nc < g.batch * g.channels; ++nc) {
    const int64_t inBase = nc * inSize, outBase = nc * outSize;
    std::vector<double> best(outSize, -std::numeric_limits<double>::infinity());
    std::vector<int64_t> bestAt(outSize, -1), count(outSize, 0);
    // Only the max ops read `a` as the input (an average pool's gradient
    // reads dy, which has the output's size).
    bool isMax = op == Op::MaxPool || op == Op::MaxPoolGrad;
    forEachTap(g, [&](int64_t o, int64_t, int64_t i) {
      ++count[o];
      if (isMax && a[inBase + i] > best[o]) { // the first maximum wins ties
        best[o] = a[inBase + i];
        bestAt[o] = i;
      }
    });
    forEachTap(g, [&](int64_t o, int64_t, int64_t i) {
      if (op == Op::AveragePool)
        add(outBase + o, double(a[inBase + i]) / count[o]);
      else if (op == Op::AveragePoolGrad) // args: dy
        add(inBase + i, double(a[outBase + o]) / count[o]);
    });
    for (int64_t o = 0; o < outSize; ++o) {
      if (op == Op::MaxPool)
        add(outBase + o, best[o]);
      else if (op == Op::MaxPoolGrad) // args: x, dy
        add(inBase + bestAt[o], b[outBase + o]);
    }
  }
  return e;
}

class WindowSizesTest
    : public testing::TestWithParam<std::tuple<Op, Window, int64_t>> {};

TEST_P(WindowSizesTest, MatchesPlainLoops) {
  auto [op, g, vectorWidth] = GetParam();
  std::vector<int64_t> input = shapeOf(g.batch, g.channels, g.spatial);
  std::vector<int64_t> weight =
      shapeOf(g.features, g.channels / g.groups, g.kernel);
  std::vector<int64_t> output = shapeOf(
      g.batch, isConv(op) ? g.features : g.channels, g.outputSpatial());
  std::vector<int64_t> pads = g.padBegin;
  pads.insert(pads.end(), g.padEnd.begin(), g.padEnd.end());
  std::string window = "strides = " + array(g.strides) +
                       ", pads = " + array(pads) +
                       ", dilations = " + array(g.dilations);
  std::string convAttrs = window + ", group = " + std::to_string(g.groups) +
                          " : i64";
  std::string poolAttrs = window + ", kernel_shape = " + array(g.kernel);

  std::vector<std::vector<int64_t>> argShapes;
  std::vector<int64_t> resultShape;
  std::string body;
  switch (op) {
  case Op::Conv:
    argShapes = {input, weight}, resultShape = output;
    body = "dlc.conv %a0, %a1 {" + convAttrs + "}";
    break;
  case Op::ConvInputGrad:
    argShapes = {output, weight}, resultShape = input;
    body = "dlc.conv_input_grad %a0, %a1 {" + convAttrs +
           ", input_spatial_shape = " + array(g.spatial) + "}";
    break;
  case Op::ConvWeightGrad:
    argShapes = {input, output}, resultShape = weight;
    body = "dlc.conv_weight_grad %a0, %a1 {" + convAttrs +
           ", kernel_shape = " + array(g.kernel) + "}";
    break;
  case Op::MaxPool:
    argShapes = {input}, resultShape = output;
    body = "dlc.max_pool %a0 {" + poolAttrs + "}";
    break;
  case Op::MaxPoolGrad:
    argShapes = {input, output}, resultShape = input;
    body = "dlc.max_pool_grad %a0, %a1 {" + poolAttrs + "}";
    break;
  case Op::AveragePool:
    argShapes = {input}, resultShape = output;
    body = "dlc.average_pool %a0 {" + poolAttrs + "}";
    break;
  case Op::AveragePoolGrad:
    argShapes = {output}, resultShape = input;
    body = "dlc.average_pool_grad %a0 {" + poolAttrs +
           ", input_spatial_shape = " + array(g.spatial) + "}";
    break;
  }
  std::string source = singleOpFunction(argShapes, resultShape, body);

  SplitMix64 rng(static_cast<uint64_t>(product(input) * 7919 + g.features));
  std::vector<Tensor> args;
  for (const std::vector<int64_t> &shape : argShapes)
    args.push_back(randomTensor(shape, rng));
  std::vector<Tensor> result = compileAndRun(source.c_str(), args, vectorWidth);
  ASSERT_EQ(result.size(), 1u) << source;
  ASSERT_EQ(result[0].shape(), resultShape) << source;
  Expected expected = reference(op, g, args, resultShape);
  const float *got = result[0].typed<float>();
  for (size_t i = 0; i < expected.values.size(); ++i)
    ASSERT_NEAR(got[i], expected.values[i],
                1e-5 * expected.magnitudes[i] + 1e-6)
        << "element " << i << " of " << source;
}

std::vector<Window> oddWindows() {
  return {
      // 2-D: unit sizes; odd channel counts and rows longer than a vector;
      // strides, dilations and padding; 129 output channels; groups.
      {1, 1, 1, 1, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},
      {2, 3, 17, 1, {9, 19}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
      {1, 5, 13, 1, {17, 37}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {0, 1}},
      {2, 4, 7, 1, {13, 23}, {5, 3}, {1, 3}, {2, 2}, {2, 1}, {2, 2}},
      {1, 3, 129, 1, {5, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
      {1, 6, 9, 3, {11, 11}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
      {1, 8, 8, 8, {7, 17}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, {1, 1}},
      // Depthwise, whose gradients are depthwise convolutions themselves:
      // dilation with uneven padding, a batch over 16 channels with a 3x5
      // kernel and uneven strides, and in 1-D stride 3 with dilation 2.
      {2, 5, 5, 5, {9, 13}, {3, 3}, {1, 1}, {2, 2}, {1, 2}, {2, 1}},
      {2, 16, 16, 16, {11, 9}, {3, 5}, {1, 2}, {1, 1}, {1, 2}, {1, 2}},
      {2, 6, 6, 6, {29}, {3}, {3}, {2}, {1}, {2}},
      // Disjoint windows (stride >= kernel): a 2x2 pool of stride 2 over odd
      // sizes (the last row and column in no window), 3x3 of stride 3 with
      // padding, and strides leaving gaps between windows.
      {2, 3, 4, 1, {13, 13}, {2, 2}, {2, 2}, {1, 1}, {0, 0}, {0, 0}},
      {1, 4, 5, 1, {11, 14}, {3, 3}, {3, 3}, {1, 1}, {1, 1}, {1, 0}},
      {1, 2, 3, 1, {17, 9}, {2, 1}, {3, 2}, {1, 1}, {1, 0}, {0, 0}},
      // A 5x5 window: more offsets than one loop body compares.
      {1, 3, 4, 1, {12, 11}, {5, 5}, {2, 1}, {1, 1}, {2, 1}, {2, 1}},
      // Output channels filling whole 16-lane vectors: the packed
      // convolution (channels in the lanes),
      // forward and for the input gradient of the second (16 channels);
      // rows of 13, of 17 in tiles of 9 and 8 with stride and dilation, of a
      // single position, 3 rows of 4 in one tile; 1-D rows of 18.
      {2, 8, 32, 1, {11, 13}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
      {1, 16, 32, 1, {5, 6}, {3, 3}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},
      {1, 16, 48, 1, {9, 20}, {3, 3}, {2, 1}, {1, 2}, {1, 0}, {0, 1}},
      {1, 64, 16, 1, {3, 3}, {3, 3}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},
      {2, 24, 16, 1, {37}, {3}, {2}, {2}, {1}, {1}},
      // 1-D: a long row, stride 3 with dilation 2.
      {2, 3, 17, 1, {129}, {3}, {1}, {1}, {1}, {1}},
      {1, 7, 5, 1, {61}, {5}, {3}, {2}, {2}, {2}},
      {2, 3, 4, 1, {33}, {2}, {3}, {1}, {0}, {1}},
  };
}

// A packed convolution accumulating into a tensor that is no broadcast (as
// when CSE shares one fill between two convolutions, so that it cannot join
// either's tiles): the tile reads its initial value element by element.
TEST(PackedConvolution, AccumulatesIntoAnInitialTensor) {
  Window g{1, 16, 32, 1, {5, 6}, {3, 3}, {1, 1}, {1, 1}, {0, 0}, {0, 0}};
  const char *source = R"(
func.func @main(%x: tensor<1x16x5x6xf32>, %w: tensor<32x16x3x3xf32>,
                %init: tensor<1x32x3x4xf32>) -> tensor<1x32x3x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>,
                                 strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x16x5x6xf32>, tensor<32x16x3x3xf32>)
         outs(%init : tensor<1x32x3x4xf32>) -> tensor<1x32x3x4xf32>
  return %0 : tensor<1x32x3x4xf32>
})";
  SplitMix64 rng(17);
  std::vector<Tensor> args = {randomTensor({1, 16, 5, 6}, rng),
                              randomTensor({32, 16, 3, 3}, rng),
                              randomTensor({1, 32, 3, 4}, rng)};
  // The compiled function may accumulate into %init's buffer in place, so
  // the expected values are taken before the call.
  Expected expected = reference(Op::Conv, g, {args[0], args[1]}, {1, 32, 3, 4});
  const float *init = args[2].typed<float>();
  for (size_t i = 0; i < expected.values.size(); ++i) {
    expected.values[i] += init[i];
    expected.magnitudes[i] += std::abs(init[i]);
  }
  std::vector<Tensor> result = compileAndRun(source, args);
  ASSERT_EQ(result.size(), 1u);
  const float *got = result[0].typed<float>();
  for (size_t i = 0; i < expected.values.size(); ++i)
    ASSERT_NEAR(got[i], expected.values[i], 1e-5 * expected.magnitudes[i] + 1e-6)
        << "element " << i;
}

std::string caseName(
    const testing::TestParamInfo<WindowSizesTest::ParamType> &info) {
  std::string text =
      name(std::get<0>(info.param)) + "_" + std::get<1>(info.param).label();
  if (int64_t width = std::get<2>(info.param))
    text += "_lanes" + std::to_string(width);
  return text;
}

INSTANTIATE_TEST_SUITE_P(
    OddSizes, WindowSizesTest,
    testing::Combine(testing::Values(Op::Conv, Op::ConvInputGrad,
                                     Op::ConvWeightGrad, Op::MaxPool,
                                     Op::MaxPoolGrad, Op::AveragePool,
                                     Op::AveragePoolGrad),
                     testing::ValuesIn(oddWindows()),
                     testing::Values(int64_t(0))),
    caseName);

// AVX2's 8 lanes, which the host's AVX-512 runs as well: other register
// tiles (packed convolutions of up to 8 positions, an 8x8 transpose),
// row kernels of 8 lanes.
INSTANTIATE_TEST_SUITE_P(
    EightLanes, WindowSizesTest,
    testing::Combine(testing::Values(Op::Conv, Op::ConvInputGrad,
                                     Op::MaxPool, Op::AveragePool),
                     testing::ValuesIn(oddWindows()),
                     testing::Values(int64_t(8))),
    caseName);

} // namespace
} // namespace dlc
