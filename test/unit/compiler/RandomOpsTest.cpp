//===- RandomOpsTest.cpp - What compiled dlc.dropout and random_normal draw ===//
#include "dlc/Compiler/JitFunction.h"
#include "dlc/Dialect/DlcOps.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dlc {
namespace {

constexpr const char *kDropout = R"mlir(
func.func @main(%x: tensor<100x100xf32>, %seed: tensor<i64>) -> tensor<100x100xf32> {
  %0 = dlc.dropout %x, %seed : tensor<i64> {ratio = 0.3 : f32, stream = 11} : tensor<100x100xf32>
  return %0 : tensor<100x100xf32>
}
)mlir";

/// Compiles @main of `text`, taking a float32 [100, 100] and a seed, and
/// runs it on ones and seeds.
class RandomOpTest : public testing::Test {
protected:
  void compile(const char *text) {
    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    registry.insert<DlcDialect>();
    context_ = std::make_unique<mlir::MLIRContext>(registry);
    context_->loadAllAvailableDialects();
    auto module = mlir::parseSourceString<mlir::ModuleOp>(text, context_.get());
    ASSERT_TRUE(module);
    Result<std::unique_ptr<JitFunction>> compiled =
        JitFunction::compile(*module, {{100, 100}, {}});
    ASSERT_TRUE(static_cast<bool>(compiled)) << compiled.status().message();
    function_ = std::move(*compiled);
  }

  Tensor run(int64_t seed) {
    Tensor ones(DType::Float32, {100, 100});
    for (int64_t i = 0; i < ones.numElements(); ++i)
      ones.typed<float>()[i] = 1.0f;
    Tensor seedTensor(DType::Int64, {});
    seedTensor.typed<int64_t>()[0] = seed;
    Result<std::vector<Tensor>> result = function_->run({ones, seedTensor});
    EXPECT_TRUE(static_cast<bool>(result));
    return (*result)[0];
  }

  std::unique_ptr<mlir::MLIRContext> context_;
  std::unique_ptr<JitFunction> function_;
};

class DropoutTest : public RandomOpTest {
protected:
  void SetUp() override { compile(kDropout); }
};

TEST_F(DropoutTest, DropsAboutTheRatioAndScalesTheRest) {
  Tensor out = run(42);
  int64_t zeros = 0;
  for (int64_t i = 0; i < out.numElements(); ++i) {
    float value = out.typed<float>()[i];
    if (value == 0.0f)
      ++zeros;
    else
      EXPECT_FLOAT_EQ(value, 1.0f / 0.7f);
  }
  // 10000 Bernoulli(0.3) draws: 3000 +- 46 (one standard deviation).
  EXPECT_GT(zeros, 2800);
  EXPECT_LT(zeros, 3200);
}

TEST_F(DropoutTest, SameSeedSameMaskOtherSeedOtherMask) {
  Tensor a = run(5), b = run(5), c = run(6);
  int64_t differences = 0;
  for (int64_t i = 0; i < a.numElements(); ++i) {
    EXPECT_EQ(a.typed<float>()[i], b.typed<float>()[i]);
    differences += a.typed<float>()[i] != c.typed<float>()[i];
  }
  // Independent masks differ in 2 * 0.3 * 0.7 = 42% of the elements.
  EXPECT_GT(differences, 3800);
}

constexpr const char *kRandomNormal = R"mlir(
func.func @main(%x: tensor<100x100xf32>, %seed: tensor<i64>) -> tensor<100x100xf32> {
  %0 = dlc.random_normal %x, %seed : tensor<i64> {mean = 3.0 : f32, scale = 2.0 : f32, stream = 11} : tensor<100x100xf32>
  return %0 : tensor<100x100xf32>
}
)mlir";

class RandomNormalTest : public RandomOpTest {
protected:
  void SetUp() override { compile(kRandomNormal); }
};

TEST_F(RandomNormalTest, DrawsTheMeanAndScale) {
  Tensor out = run(42);
  double sum = 0, squares = 0, fourth = 0;
  int64_t beyondTwoSigma = 0;
  for (int64_t i = 0; i < out.numElements(); ++i) {
    double z = (out.typed<float>()[i] - 3.0) / 2.0;
    sum += z;
    squares += z * z;
    fourth += z * z * z * z;
    beyondTwoSigma += std::abs(z) > 2;
  }
  double n = static_cast<double>(out.numElements());
  // 10000 standard normal draws: mean 0 +- 0.01, variance 1 +- 0.014,
  // kurtosis 3 +- 0.05, 4.55% beyond two sigmas (+- 0.21%).
  EXPECT_NEAR(sum / n, 0.0, 0.04);
  EXPECT_NEAR(squares / n, 1.0, 0.06);
  EXPECT_NEAR(fourth / n, 3.0, 0.25);
  EXPECT_NEAR(beyondTwoSigma / n, 0.0455, 0.008);
}

TEST_F(RandomNormalTest, SameSeedSameSampleOtherSeedOtherSample) {
  Tensor a = run(5), b = run(5), c = run(6);
  int64_t equal = 0;
  for (int64_t i = 0; i < a.numElements(); ++i) {
    EXPECT_EQ(a.typed<float>()[i], b.typed<float>()[i]);
    equal += a.typed<float>()[i] == c.typed<float>()[i];
  }
  EXPECT_LT(equal, 10);
}

} // namespace
} // namespace dlc
