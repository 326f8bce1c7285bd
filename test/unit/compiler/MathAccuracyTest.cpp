//===- MathAccuracyTest.cpp - Compiled exp, log, tanh against libm --------===//
//
// The CPU target computes exp, log and tanh with polynomial approximations
// on whole vectors (dlc-cpu-approximate-math). Each function, and the
// activations built on them, is compiled for a sweep of its domain and its
// special values (zeros, infinities, NaN, the ends of the float range) and
// compared with the double-precision result, rounded to float, in units in
// the last place.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include <cmath>
#include <functional>
#include <limits>

namespace dlc {
namespace {

struct Function {
  std::string name;
  std::string op;
  std::function<double(double)> reference;
  /// The domain swept evenly (special values are added to it).
  double low, high;
  /// The largest error allowed, in units in the last place.
  double maxUlps;
};

void PrintTo(const Function &function, std::ostream *out) {
  *out << function.name;
}

/// Distance between `actual` and `expected` in float steps (0 when both are
/// NaN or the same infinity). Results below the normal range may be
/// flushed to zero, as most vector code does: within FLT_MIN they count 0.
double ulpsBetween(float actual, float expected) {
  if (std::fabs(expected) < std::numeric_limits<float>::min() &&
      std::fabs(actual) < std::numeric_limits<float>::min())
    return 0;
  if (std::isnan(expected) || std::isnan(actual))
    return std::isnan(expected) && std::isnan(actual)
               ? 0
               : std::numeric_limits<double>::infinity();
  if (std::isinf(expected) || std::isinf(actual))
    return actual == expected ? 0 : std::numeric_limits<double>::infinity();
  float step = std::nextafter(std::fabs(expected),
                              std::numeric_limits<float>::infinity()) -
               std::fabs(expected);
  return std::fabs(double(actual) - double(expected)) / step;
}

class MathAccuracyTest : public testing::TestWithParam<Function> {};

TEST_P(MathAccuracyTest, WithinAFewUlpsOfLibm) {
  const Function &function = GetParam();
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<float> inputs = {0.0f,
                               -0.0f,
                               kInf,
                               -kInf,
                               std::numeric_limits<float>::quiet_NaN(),
                               std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::max(),
                               -std::numeric_limits<float>::max(),
                               1.0f,
                               -1.0f};
  // Whole vectors of 16: the compiled loop runs on full vectors only.
  const int64_t count = 4096;
  for (int64_t i = inputs.size(); i < count; ++i)
    inputs.push_back(static_cast<float>(
        function.low + (function.high - function.low) * i / (count - 1)));
  Tensor x(DType::Float32, {count});
  std::copy(inputs.begin(), inputs.end(), x.typed<float>());
  std::string source =
      singleOpFunction({{count}}, {count},
                       function.op + " %a0 : " + tensorType({count}),
                       OpTypes::Spelled);
  std::vector<Tensor> result = compileAndRun(source.c_str(), {x});
  ASSERT_EQ(result.size(), 1u);
  double worst = 0;
  for (int64_t i = 0; i < count; ++i) {
    float expected = static_cast<float>(function.reference(inputs[i]));
    float actual = result[0].typed<float>()[i];
    double ulps = ulpsBetween(actual, expected);
    worst = std::max(worst, ulps);
    EXPECT_LE(ulps, function.maxUlps)
        << function.name << "(" << inputs[i] << ") = " << actual
        << ", libm: " << expected;
  }
  RecordProperty("worst_ulps", std::to_string(worst));
}

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
/// log(1 + e^x), without overflow for large x.
double softplus(double x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

INSTANTIATE_TEST_SUITE_P(
    Functions, MathAccuracyTest,
    testing::Values(
        Function{"Exp", "dlc.exp", [](double x) { return std::exp(x); }, -104,
                 89, 6},
        Function{"Log", "dlc.log", [](double x) { return std::log(x); }, 1e-30,
                 1e4, 4},
        Function{"Tanh", "dlc.tanh", [](double x) { return std::tanh(x); },
                 -12, 12, 8},
        Function{"Sigmoid", "dlc.sigmoid", sigmoid, -90, 30, 8},
        Function{"Softplus", "dlc.softplus", softplus, -80, 80, 8}),
    [](const testing::TestParamInfo<Function> &info) {
      return info.param.name;
    });

} // namespace
} // namespace dlc
