//===- JitFunctionTest.cpp - Vector widths, outputs in reusable tensors ---===//
#include "CompileAndRun.h"

namespace dlc {
namespace {

constexpr const char *kRelu = R"(
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = dlc.relu %x : tensor<4xf32>
  return %y : tensor<4xf32>
})";

/// kRelu compiled for vectors of `vectorWidth` lanes (0: the host's).
Result<std::unique_ptr<JitFunction>> compileRelu(mlir::MLIRContext &context,
                                                 int64_t vectorWidth = 0) {
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kRelu, &context);
  EXPECT_TRUE(module);
  return JitFunction::compile(*module, {{4}}, "main", vectorWidth);
}

Tensor values(std::vector<float> data) {
  Tensor tensor(DType::Float32, {static_cast<int64_t>(data.size())});
  std::copy(data.begin(), data.end(), tensor.typed<float>());
  return tensor;
}

TEST(JitFunction, RejectsAVectorWidthNoTargetHas) {
  std::unique_ptr<mlir::MLIRContext> context = makeDlcContext();
  Result<std::unique_ptr<JitFunction>> compiled =
      compileRelu(*context, /*vectorWidth=*/3);
  ASSERT_FALSE(static_cast<bool>(compiled));
  EXPECT_EQ(compiled.status().message(),
            "vector width 3 is none of 4, 8 and 16 lanes (0: the host's)");
}

TEST(JitFunction, RunsNarrowerVectorsThanTheHosts) {
  std::unique_ptr<mlir::MLIRContext> context = makeDlcContext();
  Result<std::unique_ptr<JitFunction>> compiled =
      compileRelu(*context, /*vectorWidth=*/4);
  ASSERT_TRUE(static_cast<bool>(compiled)) << compiled.status().message();
  Result<std::vector<Tensor>> result =
      (*compiled)->run({values({-1, 2, -3, 4})});
  ASSERT_TRUE(static_cast<bool>(result));
  const float *y = (*result)[0].typed<float>();
  EXPECT_EQ(std::vector<float>(y, y + 4), (std::vector<float>{0, 2, 0, 4}));
}

TEST(JitFunction, WritesAnOutputIntoAReusableTensorItsCallerGaveUp) {
  std::unique_ptr<mlir::MLIRContext> context = makeDlcContext();
  Result<std::unique_ptr<JitFunction>> compiled = compileRelu(*context);
  ASSERT_TRUE(static_cast<bool>(compiled)) << compiled.status().message();
  std::unique_ptr<JitFunction> relu = std::move(*compiled);
  Tensor x = values({-1, 2, -3, 4});

  Tensor spare = values({9, 9, 9, 9});
  const void *spareBuffer = spare.data();
  std::vector<Tensor> reusable;
  reusable.push_back(std::move(spare));
  Result<std::vector<Tensor>> reused = relu->run({x}, std::move(reusable));
  ASSERT_TRUE(static_cast<bool>(reused));
  EXPECT_EQ((*reused)[0].data(), spareBuffer);
  EXPECT_EQ((*reused)[0].typed<float>()[1], 2.0f);
  EXPECT_EQ((*reused)[0].typed<float>()[2], 0.0f);

  // A tensor whose buffer someone else still reads is left alone; so is
  // one of another shape.
  Tensor shared = values({7, 7, 7, 7});
  Tensor reader = shared;
  Result<std::vector<Tensor>> fresh = relu->run({x}, {shared, values({1})});
  ASSERT_TRUE(static_cast<bool>(fresh));
  EXPECT_NE((*fresh)[0].data(), reader.data());
  EXPECT_EQ(reader.typed<float>()[0], 7.0f);
  EXPECT_EQ((*fresh)[0].typed<float>()[3], 4.0f);
}

} // namespace
} // namespace dlc
