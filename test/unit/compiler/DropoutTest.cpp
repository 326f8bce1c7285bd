//===- DropoutTest.cpp - The masks that compiled dlc.dropout draws -------===//
#include "dlc/Compiler/JitFunction.h"
#include "dlc/Dialect/DlcOps.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

namespace dlc {
namespace {

constexpr const char *kDropout = R"mlir(
func.func @main(%x: tensor<100x100xf32>, %seed: tensor<i64>) -> tensor<100x100xf32> {
  %0 = dlc.dropout %x, %seed : tensor<i64> {ratio = 0.3 : f32, stream = 11} : tensor<100x100xf32>
  return %0 : tensor<100x100xf32>
}
)mlir";

class DropoutTest : public testing::Test {
protected:
  void SetUp() override {
    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    registry.insert<DlcDialect>();
    context_ = std::make_unique<mlir::MLIRContext>(registry);
    context_->loadAllAvailableDialects();
    auto module = mlir::parseSourceString<mlir::ModuleOp>(kDropout, context_.get());
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

} // namespace
} // namespace dlc
