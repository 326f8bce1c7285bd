//===- PoolGradientTest.cpp - Compiled pool gradients on chosen inputs ---===//
//
// Finite differences (GradientCheckTest) cannot see ties, so the tie rule of
// dlc.max_pool_grad is checked here on constant inputs, together with a
// hand-computed average-pool gradient.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include <gtest/gtest.h>

namespace dlc {
namespace {

Tensor filled(std::vector<int64_t> shape, float value) {
  Tensor tensor(DType::Float32, std::move(shape));
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.typed<float>()[i] = value;
  return tensor;
}

Tensor iota(std::vector<int64_t> shape) {
  Tensor tensor(DType::Float32, std::move(shape));
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.typed<float>()[i] = static_cast<float>(i + 1);
  return tensor;
}

TEST(MaxPoolGrad, TiesGoToTheFirstMaximumOfEachWindow) {
  // Overlapping 2x2 windows (stride 1) over a constant input: every element
  // of a window ties, and only its top-left element gets the gradient.
  const char *source = R"mlir(
func.func @main(%x: tensor<1x1x4x4xf32>, %g: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}
)mlir";
  Tensor grad = iota({1, 1, 3, 3});
  std::vector<Tensor> result =
      compileAndRun(source, {filled({1, 1, 4, 4}, 0.5f), grad});
  ASSERT_EQ(result.size(), 1u);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      float expected = i < 3 && j < 3 ? grad.typed<float>()[i * 3 + j] : 0.0f;
      EXPECT_EQ(result[0].typed<float>()[i * 4 + j], expected)
          << "at (" << i << ", " << j << ")";
    }
}

TEST(MaxPoolGrad, OverlappingWindowsSumAtTheirSharedMaximum) {
  // 1-D, windows of 3 with stride 1 over [1, 2, 9, 3, 4]: all three windows
  // take their maximum at position 2.
  const char *source = R"mlir(
func.func @main(%x: tensor<1x1x5xf32>, %g: tensor<1x1x3xf32>) -> tensor<1x1x5xf32> {
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 3>, strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>} : tensor<1x1x5xf32>, tensor<1x1x3xf32> -> tensor<1x1x5xf32>
  return %0 : tensor<1x1x5xf32>
}
)mlir";
  Tensor x(DType::Float32, {1, 1, 5});
  float values[] = {1, 2, 9, 3, 4};
  std::copy(std::begin(values), std::end(values), x.typed<float>());
  std::vector<Tensor> result = compileAndRun(source, {x, iota({1, 1, 3})});
  ASSERT_EQ(result.size(), 1u);
  float expected[] = {0, 0, 1 + 2 + 3, 0, 0};
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(result[0].typed<float>()[i], expected[i]) << "at " << i;
}

TEST(AveragePoolGrad, DividesByEachWindowsCount) {
  // Windows of 2 with stride 2 over 5 elements in ceil mode: [0, 1], [2, 3]
  // and [4] (the rest is ceil-mode padding, never counted).
  const char *source = R"mlir(
func.func @main(%g: tensor<1x1x3xf32>) -> tensor<1x1x5xf32> {
  %0 = dlc.average_pool_grad %g {input_spatial_shape = array<i64: 5>, kernel_shape = array<i64: 2>, strides = array<i64: 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, ceil_mode = true, count_include_pad = true} : tensor<1x1x3xf32> -> tensor<1x1x5xf32>
  return %0 : tensor<1x1x5xf32>
}
)mlir";
  std::vector<Tensor> result = compileAndRun(source, {iota({1, 1, 3})});
  ASSERT_EQ(result.size(), 1u);
  float expected[] = {0.5f, 0.5f, 1.0f, 1.0f, 3.0f};
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(result[0].typed<float>()[i], expected[i]) << "at " << i;
}

} // namespace
} // namespace dlc
