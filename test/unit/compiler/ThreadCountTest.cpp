//===- ThreadCountTest.cpp - The same bits on 1, 2 and 3 threads ----------===//
//
// Ops large enough to be cut into parallel tasks (matmuls, convolutions and
// their gradients, pools, elementwise ops and reductions) are compiled and run with the thread pool at 1, 2
// and 3 threads: the outputs must be bit-identical, since tasks never share
// an output element. (The property tests against plain loops run at the
// default count, one thread per processor.)
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include "dlc/Runtime/ThreadPool.h"

#include <cstring>

namespace dlc {
namespace {

struct Program {
  std::string name;
  std::vector<std::vector<int64_t>> inputShapes;
  std::vector<int64_t> resultShape;
  /// The op computing %r from %a0, %a1, ... (see singleOpFunction).
  std::string op;
  OpTypes opTypes = OpTypes::OperandsToResult;
};

void PrintTo(const Program &program, std::ostream *out) {
  *out << program.name;
}

std::string source(const Program &program) {
  return singleOpFunction(program.inputShapes, program.resultShape,
                          program.op, program.opTypes);
}

const std::string kConv2d = "strides = array<i64: 1, 1>, pads = array<i64: "
                            "1, 1, 1, 1>, dilations = array<i64: 1, 1>";
const std::string kPool2d = "strides = array<i64: 2, 2>, pads = array<i64: "
                            "0, 0, 0, 0>, dilations = array<i64: 1, 1>, "
                            "kernel_shape = array<i64: 2, 2>";

std::vector<Program> programs() {
  return {
      {"MatMul", {{256, 320}, {320, 384}}, {256, 384}, "dlc.matmul %a0, %a1"},
      {"GemmTransposedB",
       {{128, 512}, {10, 512}},
       {128, 10},
       "dlc.gemm %a0, %a1 {trans_b = true}"},
      {"BatchMatMul",
       {{6, 64, 80}, {6, 80, 96}},
       {6, 64, 96},
       "dlc.matmul %a0, %a1"},
      {"Conv2d",
       {{4, 8, 30, 30}, {24, 8, 3, 3}},
       {4, 24, 30, 30},
       "dlc.conv %a0, %a1 {" + kConv2d + "}"},
      {"Conv2dBatch1",
       {{1, 16, 28, 28}, {32, 16, 3, 3}},
       {1, 32, 28, 28},
       "dlc.conv %a0, %a1 {" + kConv2d + "}"},
      {"ConvInputGrad",
       {{4, 24, 30, 30}, {24, 8, 3, 3}},
       {4, 8, 30, 30},
       "dlc.conv_input_grad %a0, %a1 {" + kConv2d +
           ", input_spatial_shape = array<i64: 30, 30>}"},
      {"ConvWeightGrad",
       {{4, 8, 30, 30}, {4, 24, 30, 30}},
       {24, 8, 3, 3},
       "dlc.conv_weight_grad %a0, %a1 {" + kConv2d +
           ", kernel_shape = array<i64: 3, 3>}"},
      {"Conv1d",
       {{2, 16, 200}, {32, 16, 5}},
       {2, 32, 196},
       "dlc.conv %a0, %a1 {strides = array<i64: 1>, pads = array<i64: 0, 0>, "
       "dilations = array<i64: 1>}"},
      {"MaxPool",
       {{8, 32, 64, 64}},
       {8, 32, 32, 32},
       "dlc.max_pool %a0 {" + kPool2d + "}"},
      {"AveragePool",
       {{8, 32, 64, 64}},
       {8, 32, 32, 32},
       "dlc.average_pool %a0 {" + kPool2d + "}"},
      // Ops without a strategy of their own, cut into tasks only.
      {"Tanh",
       {{256, 256}},
       {256, 256},
       "dlc.tanh %a0 : tensor<256x256xf32>",
       OpTypes::Spelled},
      {"Softmax",
       {{256, 1000}},
       {256, 1000},
       "dlc.softmax %a0 : tensor<256x1000xf32>",
       OpTypes::Spelled},
  };
}

class ThreadCountTest : public testing::TestWithParam<Program> {
protected:
  void TearDown() override {
    ThreadPool::global().setThreadCount(ThreadPool::defaultThreadCount());
  }
};

TEST_P(ThreadCountTest, OutputsAreBitIdentical) {
  const Program &program = GetParam();
  SplitMix64 rng(17);
  std::vector<Tensor> inputs;
  for (const std::vector<int64_t> &shape : program.inputShapes)
    inputs.push_back(randomTensor(shape, rng));
  std::vector<Tensor> outputs;
  for (int threads : {1, 2, 3}) {
    ThreadPool::global().setThreadCount(threads);
    std::vector<Tensor> result = compileAndRun(source(program).c_str(), inputs);
    ASSERT_EQ(result.size(), 1u) << source(program);
    outputs.push_back(std::move(result[0]));
  }
  for (size_t i = 1; i < outputs.size(); ++i) {
    ASSERT_EQ(outputs[i].shape(), program.resultShape);
    EXPECT_EQ(std::memcmp(outputs[0].typed<float>(), outputs[i].typed<float>(),
                          sizeof(float) * outputs[0].numElements()),
              0)
        << program.name << ": 1 thread and " << i + 1 << " threads differ";
  }
}

INSTANTIATE_TEST_SUITE_P(LargeOps, ThreadCountTest,
                         testing::ValuesIn(programs()),
                         [](const testing::TestParamInfo<Program> &info) {
                           return info.param.name;
                         });

} // namespace
} // namespace dlc
