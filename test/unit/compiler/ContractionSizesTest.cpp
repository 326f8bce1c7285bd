//===- ContractionSizesTest.cpp - Matmuls of sizes that do not tile -------===//
//
// The CPU target tiles matmuls for caches and registers and masks the tiles
// cut short at the end of a dimension. Sizes of 1, 3, 17, 129 and primes
// (tiles never divide them) are compiled and compared, element by element,
// with a plain triple loop in double precision, for matmul, Gemm with either
// operand transposed, and batched matmul.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include <cmath>

namespace dlc {
namespace {

struct Sizes {
  int64_t batch, m, n, k;
};

enum class Form { MatMul, TransposedA, TransposedB, Batched };

std::string name(Form form) {
  switch (form) {
  case Form::MatMul:
    return "MatMul";
  case Form::TransposedA:
    return "TransposedA";
  case Form::TransposedB:
    return "TransposedB";
  case Form::Batched:
    return "Batched";
  }
  return "";
}

class ContractionSizesTest
    : public testing::TestWithParam<std::tuple<Form, Sizes>> {};

TEST_P(ContractionSizesTest, MatchesATripleLoop) {
  auto [form, sizes] = GetParam();
  auto [batch, m, n, k] = sizes;
  bool batched = form == Form::Batched;
  std::vector<int64_t> aShape = form == Form::TransposedA
                                    ? std::vector<int64_t>{k, m}
                                    : std::vector<int64_t>{m, k};
  std::vector<int64_t> bShape = form == Form::TransposedB
                                    ? std::vector<int64_t>{n, k}
                                    : std::vector<int64_t>{k, n};
  std::vector<int64_t> cShape = {m, n};
  if (batched) {
    aShape.insert(aShape.begin(), batch);
    bShape.insert(bShape.begin(), batch);
    cShape.insert(cShape.begin(), batch);
  }
  std::string op =
      form == Form::MatMul || batched ? "dlc.matmul %a0, %a1"
      : form == Form::TransposedA     ? "dlc.gemm %a0, %a1 {trans_a = true}"
                                      : "dlc.gemm %a0, %a1 {trans_b = true}";
  std::string source = singleOpFunction({aShape, bShape}, cShape, op);

  SplitMix64 rng(static_cast<uint64_t>(m * 1000003 + n * 1009 + k));
  Tensor a = randomTensor(aShape, rng), b = randomTensor(bShape, rng);
  std::vector<Tensor> result = compileAndRun(source.c_str(), {a, b});
  ASSERT_EQ(result.size(), 1u) << source;
  const float *got = result[0].typed<float>();
  int64_t batches = batched ? batch : 1;
  for (int64_t p = 0; p < batches; ++p)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0, magnitude = 0;
        for (int64_t l = 0; l < k; ++l) {
          double x = form == Form::TransposedA
                         ? a.typed<float>()[l * m + i]
                         : a.typed<float>()[(p * m + i) * k + l];
          double y = form == Form::TransposedB
                         ? b.typed<float>()[j * k + l]
                         : b.typed<float>()[(p * k + l) * n + j];
          sum += x * y;
          magnitude += std::fabs(x * y);
        }
        // float32 accumulation in any order: a few ulps of the magnitude.
        double tolerance = 1e-5 * magnitude + 1e-6;
        double actual = got[(p * m + i) * n + j];
        ASSERT_NEAR(actual, sum, tolerance)
            << "element [" << p << ", " << i << ", " << j << "] of "
            << source;
      }
}

std::vector<Sizes> oddSizes() {
  std::vector<Sizes> cases;
  for (int64_t m : {1, 3, 17, 129})
    for (int64_t n : {1, 3, 17, 129})
      cases.push_back({2, m, n, m == n ? 257 : 31});
  // Sizes that tile the register block but not the cache blocks, and the
  // other way around.
  cases.push_back({1, 136, 544, 264});
  cases.push_back({1, 67, 785, 131});
  return cases;
}

std::string caseName(
    const testing::TestParamInfo<ContractionSizesTest::ParamType> &info) {
  Sizes s = std::get<1>(info.param);
  return name(std::get<0>(info.param)) + "_" + std::to_string(s.m) + "x" +
         std::to_string(s.n) + "x" + std::to_string(s.k);
}

INSTANTIATE_TEST_SUITE_P(
    OddSizes, ContractionSizesTest,
    testing::Combine(testing::Values(Form::MatMul, Form::TransposedA,
                                     Form::TransposedB, Form::Batched),
                     testing::ValuesIn(oddSizes())),
    caseName);

} // namespace
} // namespace dlc
