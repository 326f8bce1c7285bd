//===- AllReduceTest.cpp - dlc.all_reduce compiled and run ----------------===//
//
// The JIT-compiled op calls the runtime's process group: with none it is
// the identity; with a group standing for two processes holding the same
// values, every operand comes back doubled, all in one message, and the
// caller's input is left as it was.
//
//===----------------------------------------------------------------------===//
#include "../runtime/TwinProcessGroup.h"
#include "CompileAndRun.h"

namespace dlc {
namespace {

constexpr const char *kSumOfTwo = R"(
func.func @main(%x: tensor<2x3xf32>, %y: tensor<4xf32>)
    -> (tensor<2x3xf32>, tensor<4xf32>) {
  %sums:2 = dlc.all_reduce %x, %y : tensor<2x3xf32>, tensor<4xf32>
  return %sums#0, %sums#1 : tensor<2x3xf32>, tensor<4xf32>
})";

std::vector<Tensor> inputs() {
  Tensor x(DType::Float32, {2, 3}), y(DType::Float32, {4});
  for (int i = 0; i < 6; ++i)
    x.typed<float>()[i] = 0.5f * i;
  for (int i = 0; i < 4; ++i)
    y.typed<float>()[i] = -1.0f - i;
  return {x, y};
}

TEST(AllReduceTest, AloneItIsTheIdentity) {
  std::vector<Tensor> arguments = inputs();
  std::vector<Tensor> sums = compileAndRun(kSumOfTwo, arguments);
  ASSERT_EQ(sums.size(), 2u);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(sums[0].typed<float>()[i], 0.5f * i);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(sums[1].typed<float>()[i], -1.0f - i);
}

TEST(AllReduceTest, SumsOverTheTrainingGroupInOneMessage) {
  TwinProcessGroup twins;
  std::vector<Tensor> arguments = inputs();
  std::vector<Tensor> sums = compileAndRun(kSumOfTwo, arguments);
  ASSERT_EQ(sums.size(), 2u);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(sums[0].typed<float>()[i], 1.0f * i);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(sums[1].typed<float>()[i], -2.0f - 2 * i);
  EXPECT_EQ(twins.messages, std::vector<int64_t>{10});
  // The arguments are the caller's: the sums went to buffers of their own.
  EXPECT_EQ(arguments[0].typed<float>()[1], 0.5f);
  EXPECT_EQ(arguments[1].typed<float>()[1], -2.0f);
}

} // namespace
} // namespace dlc
