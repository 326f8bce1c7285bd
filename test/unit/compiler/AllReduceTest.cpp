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

/// Expects `sums` to be the inputs times `processes` (equal processes).
void expectInputsTimes(const std::vector<Tensor> &sums, float processes) {
  std::vector<Tensor> expected = inputs();
  ASSERT_EQ(sums.size(), expected.size());
  for (size_t t = 0; t < sums.size(); ++t)
    for (int64_t i = 0; i < expected[t].numElements(); ++i)
      EXPECT_EQ(sums[t].typed<float>()[i],
                processes * expected[t].typed<float>()[i])
          << "result " << t << ", element " << i;
}

TEST(AllReduceTest, AloneItIsTheIdentity) {
  expectInputsTimes(compileAndRun(kSumOfTwo, inputs()), 1);
}

TEST(AllReduceTest, SumsOverTheTrainingGroupInOneMessage) {
  TwinProcessGroup twins;
  std::vector<Tensor> arguments = inputs();
  expectInputsTimes(compileAndRun(kSumOfTwo, arguments), 2);
  EXPECT_EQ(twins.messages, std::vector<int64_t>{10});
  // The arguments are the caller's: the sums went to buffers of their own.
  EXPECT_EQ(arguments[0].typed<float>()[1], 0.5f);
  EXPECT_EQ(arguments[1].typed<float>()[1], -2.0f);
}

} // namespace
} // namespace dlc
