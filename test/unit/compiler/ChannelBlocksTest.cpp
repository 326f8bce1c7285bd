//===- ChannelBlocksTest.cpp - Convnet layers in blocks of channels -------===//
//
// Two convolution layers (convolution with bias, ReLU, pool) whose tensors
// dlc-cpu-block-channels keeps in blocks of channels between the layers:
// the first convolution writes blocked output with its ReLU applied in its
// tiles, the max pool and the second convolution read it blocked, and the
// sum pool at the end is unblocked for the result. A depthwise convolution
// between two convolutions, read and written in blocks. And a convolution
// whose ReLU unblocks its output in its tiles. Sizes that do not fill
// a tile (odd rows, a remainder of positions), with AVX-512's 16 lanes and
// AVX2's 8, against plain loops in double precision.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include <cmath>

namespace dlc {
namespace {

/// A tensor in double precision with, per element, the sum of the
/// magnitudes of its terms (which bounds float32 rounding in any order).
struct Reference {
  std::vector<int64_t> shape; // N, C, H, W
  std::vector<double> values, magnitudes;

  double &at(int64_t n, int64_t c, int64_t h, int64_t w) {
    return values[((n * shape[1] + c) * shape[2] + h) * shape[3] + w];
  }
  double &magnitudeAt(int64_t n, int64_t c, int64_t h, int64_t w) {
    return magnitudes[((n * shape[1] + c) * shape[2] + h) * shape[3] + w];
  }
};

Reference referenceOf(const Tensor &tensor) {
  Reference r{tensor.shape(), {}, {}};
  for (int64_t i = 0; i < tensor.numElements(); ++i) {
    r.values.push_back(tensor.typed<float>()[i]);
    r.magnitudes.push_back(std::abs(tensor.typed<float>()[i]));
  }
  return r;
}

Reference zeros(std::vector<int64_t> shape) {
  int64_t count = shape[0] * shape[1] * shape[2] * shape[3];
  return {std::move(shape), std::vector<double>(count, 0.0),
          std::vector<double>(count, 0.0)};
}

/// relu(conv(x, w) + b), 3x3 kernel, stride 1, no padding.
Reference convolutionRelu(Reference &x, const Tensor &w, const Tensor &b) {
  int64_t features = w.shape()[0], channels = w.shape()[1];
  Reference y = zeros({x.shape[0], features, x.shape[2] - 2, x.shape[3] - 2});
  const float *weights = w.typed<float>();
  for (int64_t n = 0; n < y.shape[0]; ++n)
    for (int64_t f = 0; f < features; ++f)
      for (int64_t h = 0; h < y.shape[2]; ++h)
        for (int64_t v = 0; v < y.shape[3]; ++v) {
          double sum = b.typed<float>()[f];
          double magnitude = std::abs(sum);
          for (int64_t c = 0; c < channels; ++c)
            for (int64_t kh = 0; kh < 3; ++kh)
              for (int64_t kw = 0; kw < 3; ++kw) {
                double weight = weights[((f * channels + c) * 3 + kh) * 3 + kw];
                sum += weight * x.at(n, c, h + kh, v + kw);
                magnitude +=
                    std::abs(weight) * x.magnitudeAt(n, c, h + kh, v + kw);
              }
          y.at(n, f, h, v) = std::max(sum, 0.0);
          y.magnitudeAt(n, f, h, v) = magnitude;
        }
  return y;
}

/// A 2x2 pool of stride `stride`: the maximum, or the sum.
Reference pool(Reference &x, int64_t stride, bool maximum) {
  Reference y = zeros({x.shape[0], x.shape[1], (x.shape[2] - 2) / stride + 1,
                       (x.shape[3] - 2) / stride + 1});
  for (int64_t n = 0; n < y.shape[0]; ++n)
    for (int64_t c = 0; c < y.shape[1]; ++c)
      for (int64_t h = 0; h < y.shape[2]; ++h)
        for (int64_t v = 0; v < y.shape[3]; ++v) {
          double result = maximum ? -INFINITY : 0.0, magnitude = 0.0;
          for (int64_t kh = 0; kh < 2; ++kh)
            for (int64_t kw = 0; kw < 2; ++kw) {
              double element = x.at(n, c, h * stride + kh, v * stride + kw);
              result = maximum ? std::max(result, element) : result + element;
              magnitude += x.magnitudeAt(n, c, h * stride + kh, v * stride + kw);
            }
          y.at(n, c, h, v) = result;
          y.magnitudeAt(n, c, h, v) = magnitude;
        }
  return y;
}

/// relu(depthwise(pad(x), w) + b), 3x3 kernel, zero padding of `padLow`
/// rows and columns before and `padHigh` after.
Reference depthwiseRelu(Reference &x, const Tensor &w, const Tensor &b,
                        int64_t stride, int64_t padLow, int64_t padHigh) {
  auto outputSize = [&](int64_t size) {
    return (size + padLow + padHigh - 3) / stride + 1;
  };
  Reference y = zeros(
      {x.shape[0], x.shape[1], outputSize(x.shape[2]), outputSize(x.shape[3])});
  const float *weights = w.typed<float>();
  for (int64_t n = 0; n < y.shape[0]; ++n)
    for (int64_t c = 0; c < y.shape[1]; ++c)
      for (int64_t h = 0; h < y.shape[2]; ++h)
        for (int64_t v = 0; v < y.shape[3]; ++v) {
          double sum = b.typed<float>()[c];
          double magnitude = std::abs(sum);
          for (int64_t kh = 0; kh < 3; ++kh)
            for (int64_t kw = 0; kw < 3; ++kw) {
              int64_t row = h * stride + kh - padLow;
              int64_t column = v * stride + kw - padLow;
              if (row < 0 || row >= x.shape[2] || column < 0 ||
                  column >= x.shape[3])
                continue;
              double weight = weights[(c * 3 + kh) * 3 + kw];
              sum += weight * x.at(n, c, row, column);
              magnitude += std::abs(weight) * x.magnitudeAt(n, c, row, column);
            }
          y.at(n, c, h, v) = std::max(sum, 0.0);
          y.magnitudeAt(n, c, h, v) = magnitude;
        }
  return y;
}

/// `result`, one tensor, equals `expected` within float32 rounding.
void expectMatches(const std::vector<Tensor> &result,
                   const Reference &expected) {
  ASSERT_EQ(result.size(), 1u);
  ASSERT_EQ(result[0].shape(), expected.shape);
  const float *got = result[0].typed<float>();
  for (size_t i = 0; i < expected.values.size(); ++i)
    ASSERT_NEAR(got[i], expected.values[i],
                1e-5 * expected.magnitudes[i] + 1e-6)
        << "element " << i;
}

/// %NAME_b: the bias %b broadcast to `outShape` (N, C, H, W).
std::string biasText(const std::string &name, const std::string &b,
                     const std::vector<int64_t> &outShape) {
  std::string out = tensorType(outShape);
  return "  %" + name + "_e = tensor.empty() : " + out + "\n" +
         "  %" + name + "_b = linalg.generic {indexing_maps = [#channel, "
         "#identity], iterator_types = [\"parallel\", \"parallel\", "
         "\"parallel\", \"parallel\"]} ins(%" + b + " : " +
         tensorType({outShape[1]}) + ") outs(%" + name + "_e : " + out +
         ") {\n  ^bb0(%v: f32, %o: f32):\n    linalg.yield %v : f32\n  } -> " +
         out + "\n";
}

/// %NAME: the ReLU of %NAME_c.
std::string reluText(const std::string &name, const std::string &out) {
  return "  %" + name + "_r0 = tensor.empty() : " + out + "\n" +
         "  %" + name + " = linalg.generic {indexing_maps = [#identity, "
         "#identity], iterator_types = [\"parallel\", \"parallel\", "
         "\"parallel\", \"parallel\"]} ins(%" + name + "_c : " + out +
         ") outs(%" + name + "_r0 : " + out + ") {\n  ^bb0(%v: f32, %o: "
         "f32):\n    %m = arith.maximumf %v, %zero : f32\n    linalg.yield %m "
         ": f32\n  } -> " + out + "\n";
}

/// The linalg text of relu(conv(%in, %w) + %b) into %name.
std::string convolutionReluText(const std::string &name, const std::string &in,
                                const std::vector<int64_t> &inShape,
                                const std::string &w, const std::string &b,
                                const std::vector<int64_t> &outShape) {
  std::string out = tensorType(outShape);
  std::string filter =
      tensorType({outShape[1], inShape[1], 3, 3});
  return biasText(name, b, outShape) +
         "  %" + name + "_c = linalg.conv_2d_nchw_fchw {dilations = dense<1> "
         ": tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%" + in +
         ", %" + w + " : " + tensorType(inShape) + ", " + filter + ") outs(%" +
         name + "_b : " + out + ") -> " + out + "\n" +
         reluText(name, out);
}

/// The linalg text of a 2x2 pool of %in into %name.
std::string poolText(const std::string &name, const std::string &in,
                     const std::vector<int64_t> &inShape, int64_t stride,
                     bool maximum, const std::vector<int64_t> &outShape) {
  std::string out = tensorType(outShape);
  std::string strides = std::to_string(stride);
  return "  %" + name + "_w = tensor.empty() : tensor<2x2xf32>\n" +
         "  %" + name + "_e = tensor.empty() : " + out + "\n" +
         "  %" + name + "_f = linalg.fill ins(" +
         (maximum ? "%lowest" : "%zero") + " : f32) outs(%" + name + "_e : " +
         out + ") -> " + out + "\n" +
         "  %" + name + " = linalg." +
         (maximum ? "pooling_nchw_max" : "pooling_nchw_sum") +
         " {dilations = dense<1> : tensor<2xi64>, strides = dense<" +
         strides + "> : tensor<2xi64>} ins(%" + in + ", %" + name + "_w : " +
         tensorType(inShape) + ", tensor<2x2xf32>) outs(%" + name + "_f : " +
         out + ") -> " + out + "\n";
}

/// The linalg text of relu(depthwise(pad(%in), %w) + %b) into %name.
std::string depthwiseReluText(const std::string &name, const std::string &in,
                              const std::vector<int64_t> &inShape,
                              const std::string &w, const std::string &b,
                              int64_t stride, int64_t padLow, int64_t padHigh,
                              const std::vector<int64_t> &outShape) {
  std::string out = tensorType(outShape);
  std::vector<int64_t> paddedShape = inShape;
  paddedShape[2] += padLow + padHigh;
  paddedShape[3] += padLow + padHigh;
  std::string padded = tensorType(paddedShape);
  std::string low = std::to_string(padLow), high = std::to_string(padHigh);
  return "  %" + name + "_p = tensor.pad %" + in + " low[0, 0, " + low +
         ", " + low + "] high[0, 0, " + high + ", " + high + "] {\n" +
         "  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):\n" +
         "    tensor.yield %zero : f32\n  } : " + tensorType(inShape) +
         " to " + padded + "\n" +
         biasText(name, b, outShape) +
         "  %" + name + "_c = linalg.depthwise_conv_2d_nchw_chw {dilations = "
         "dense<1> : tensor<2xi64>, strides = dense<" + std::to_string(stride) +
         "> : tensor<2xi64>} ins(%" + name + "_p, %" + w + " : " + padded +
         ", " + tensorType({inShape[1], 3, 3}) + ") outs(%" + name + "_b : " +
         out + ") -> " + out + "\n" +
         reluText(name, out);
}

void checkTwoLayers(int64_t batch, int64_t height, int64_t width,
                    int64_t vectorWidth) {
  const int64_t channels = 3, features1 = 16, features2 = 32;
  std::vector<int64_t> x = {batch, channels, height, width};
  std::vector<int64_t> c1 = {batch, features1, height - 2, width - 2};
  std::vector<int64_t> p1 = {batch, features1, (c1[2] - 2) / 2 + 1,
                             (c1[3] - 2) / 2 + 1};
  std::vector<int64_t> c2 = {batch, features2, p1[2] - 2, p1[3] - 2};
  std::vector<int64_t> p2 = {batch, features2, c2[2] - 1, c2[3] - 1};
  std::string source =
      "#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>\n"
      "#channel = affine_map<(n, c, h, w) -> (c)>\n"
      "func.func @main(%x: " + tensorType(x) + ", %w1: " +
      tensorType({features1, channels, 3, 3}) + ", %b1: " +
      tensorType({features1}) + ", %w2: " +
      tensorType({features2, features1, 3, 3}) + ", %b2: " +
      tensorType({features2}) + ") -> " + tensorType(p2) + " {\n" +
      "  %zero = arith.constant 0.0 : f32\n"
      "  %lowest = arith.constant 0xFF800000 : f32\n" +
      convolutionReluText("c1", "x", x, "w1", "b1", c1) +
      poolText("p1", "c1", c1, 2, /*maximum=*/true, p1) +
      convolutionReluText("c2", "p1", p1, "w2", "b2", c2) +
      poolText("p2", "c2", c2, 1, /*maximum=*/false, p2) +
      "  return %p2 : " + tensorType(p2) + "\n}\n";

  SplitMix64 rng(31);
  std::vector<Tensor> args = {
      randomTensor(x, rng), randomTensor({features1, channels, 3, 3}, rng),
      randomTensor({features1}, rng),
      randomTensor({features2, features1, 3, 3}, rng),
      randomTensor({features2}, rng)};
  Reference input = referenceOf(args[0]);
  Reference layer1 = convolutionRelu(input, args[1], args[2]);
  Reference pooled1 = pool(layer1, 2, /*maximum=*/true);
  Reference layer2 = convolutionRelu(pooled1, args[3], args[4]);
  Reference expected = pool(layer2, 1, /*maximum=*/false);

  expectMatches(compileAndRun(source.c_str(), args, vectorWidth), expected);
}

/// A convolution, a depthwise convolution over zero-padded input and
/// another convolution, each with bias and ReLU, as in MobileNet's blocks:
/// the depthwise convolution reads and writes blocks, its padding and
/// stride on the blocked tensor, its bias and ReLU in one pass. Around a
/// large image only the border of the padded blocks is filled.
void checkDepthwiseBetweenConvolutions(int64_t height, int64_t width,
                                       int64_t stride, int64_t features2,
                                       int64_t vectorWidth) {
  const int64_t channels = 3, features = 32, padLow = 1, padHigh = 2;
  auto depthwiseSize = [&](int64_t size) {
    return (size + padLow + padHigh - 3) / stride + 1;
  };
  std::vector<int64_t> x = {2, channels, height, width};
  std::vector<int64_t> c1 = {2, features, height - 2, width - 2};
  std::vector<int64_t> d = {2, features, depthwiseSize(c1[2]),
                            depthwiseSize(c1[3])};
  std::vector<int64_t> c2 = {2, features2, d[2] - 2, d[3] - 2};
  std::vector<int64_t> p = {2, features2, c2[2] - 1, c2[3] - 1};
  std::string source =
      "#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>\n"
      "#channel = affine_map<(n, c, h, w) -> (c)>\n"
      "func.func @main(%x: " + tensorType(x) + ", %w1: " +
      tensorType({features, channels, 3, 3}) + ", %b1: " +
      tensorType({features}) + ", %wd: " + tensorType({features, 3, 3}) +
      ", %bd: " + tensorType({features}) + ", %w2: " +
      tensorType({features2, features, 3, 3}) + ", %b2: " +
      tensorType({features2}) + ") -> " + tensorType(p) + " {\n" +
      "  %zero = arith.constant 0.0 : f32\n" +
      convolutionReluText("c1", "x", x, "w1", "b1", c1) +
      depthwiseReluText("d", "c1", c1, "wd", "bd", stride, padLow, padHigh,
                        d) +
      convolutionReluText("c2", "d", d, "w2", "b2", c2) +
      poolText("p", "c2", c2, 1, /*maximum=*/false, p) +
      "  return %p : " + tensorType(p) + "\n}\n";

  SplitMix64 rng(41);
  std::vector<Tensor> args = {
      randomTensor(x, rng), randomTensor({features, channels, 3, 3}, rng),
      randomTensor({features}, rng), randomTensor({features, 3, 3}, rng),
      randomTensor({features}, rng),
      randomTensor({features2, features, 3, 3}, rng),
      randomTensor({features2}, rng)};
  Reference input = referenceOf(args[0]);
  Reference layer1 = convolutionRelu(input, args[1], args[2]);
  Reference depthwise =
      depthwiseRelu(layer1, args[3], args[4], stride, padLow, padHigh);
  Reference layer2 = convolutionRelu(depthwise, args[5], args[6]);
  Reference expected = pool(layer2, 1, /*maximum=*/false);
  expectMatches(compileAndRun(source.c_str(), args, vectorWidth), expected);
}

/// A convolution whose ReLU is its only reader and passes no blocks on: the
/// convolution writes blocks and the ReLU unblocks them, in the
/// convolution's tiles.
void checkUnblockingActivation(int64_t vectorWidth) {
  const int64_t channels = 5, features = 32;
  std::vector<int64_t> x = {3, channels, 9, 14};
  std::vector<int64_t> y = {3, features, 7, 12};
  std::string source =
      "#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>\n"
      "#channel = affine_map<(n, c, h, w) -> (c)>\n"
      "func.func @main(%x: " + tensorType(x) + ", %w: " +
      tensorType({features, channels, 3, 3}) + ", %b: " +
      tensorType({features}) + ") -> " + tensorType(y) + " {\n" +
      "  %zero = arith.constant 0.0 : f32\n" +
      convolutionReluText("y", "x", x, "w", "b", y) +
      "  return %y : " + tensorType(y) + "\n}\n";
  SplitMix64 rng(37);
  std::vector<Tensor> args = {randomTensor(x, rng),
                              randomTensor({features, channels, 3, 3}, rng),
                              randomTensor({features}, rng)};
  Reference input = referenceOf(args[0]);
  Reference expected = convolutionRelu(input, args[1], args[2]);
  expectMatches(compileAndRun(source.c_str(), args, vectorWidth), expected);
}

TEST(ChannelBlocks, UnblockingActivation) { checkUnblockingActivation(0); }

TEST(ChannelBlocks, UnblockingActivationWithEightLanes) {
  checkUnblockingActivation(8);
}

TEST(ChannelBlocks, TwoLayersMatchPlainLoops) { checkTwoLayers(2, 17, 23, 0); }

TEST(ChannelBlocks, TwoLayersMatchPlainLoopsWithEightLanes) {
  checkTwoLayers(2, 17, 23, 8);
}

TEST(ChannelBlocks, OneImageOfWideRows) { checkTwoLayers(1, 11, 41, 0); }

TEST(ChannelBlocks, DepthwiseBetweenConvolutions) {
  checkDepthwiseBetweenConvolutions(13, 19, 1, 32, 0);
}

TEST(ChannelBlocks, StridedDepthwiseBetweenConvolutions) {
  checkDepthwiseBetweenConvolutions(40, 41, 2, 32, 0);
}

// 24 output channels: the last convolution's blocks are 8 lanes wide, its
// input's 16.
TEST(ChannelBlocks, DepthwiseIntoNarrowerBlocks) {
  checkDepthwiseBetweenConvolutions(13, 19, 2, 24, 0);
}

TEST(ChannelBlocks, DepthwiseBetweenConvolutionsWithEightLanes) {
  checkDepthwiseBetweenConvolutions(13, 19, 2, 32, 8);
}

} // namespace
} // namespace dlc
