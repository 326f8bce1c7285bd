//===- RuntimeChecksTest.cpp - Checked code stops at a bad access ---------===//
//
// A lookup at an index from an input, compiled in checked mode: in bounds it
// computes what unchecked code does; out of bounds the process stops with a
// message naming the check, the op and the model node, instead of reading
// past the buffer.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include "dlc/Runtime/RuntimeChecks.h"

namespace dlc {
namespace {

constexpr const char *kLookup = R"(
func.func @main(%table: tensor<4xf32>, %id: tensor<i64>) -> tensor<f32> {
  %wide = tensor.extract %id[] : tensor<i64>
  %i = arith.index_cast %wide : i64 to index
  %v = tensor.extract %table[%i] : tensor<4xf32> loc("lookup"("model.pbtxt":3:1))
  %r = tensor.from_elements %v : tensor<f32>
  return %r : tensor<f32>
})";

/// Turns the checked mode on for one test (it is process-wide).
class CheckedMode : public ::testing::Test {
protected:
  void SetUp() override {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    wasEnabled_ = runtimeChecksEnabled();
    setRuntimeChecks(true);
  }
  void TearDown() override { setRuntimeChecks(wasEnabled_); }

  /// kLookup compiled now (in checked mode) and run on table [10, 11, 12,
  /// 13] at index `id`.
  static Result<std::vector<Tensor>> lookUp(int64_t id) {
    std::unique_ptr<mlir::MLIRContext> context = makeDlcContext();
    auto module = mlir::parseSourceString<mlir::ModuleOp>(kLookup, context.get());
    if (!module)
      return Status::error("the test's MLIR does not parse");
    Result<std::unique_ptr<JitFunction>> compiled =
        JitFunction::compile(*module, {{4}, {}});
    if (!compiled)
      return compiled.status();
    Tensor table(DType::Float32, {4});
    for (int i = 0; i < 4; ++i)
      table.typed<float>()[i] = 10.0f + i;
    Tensor index(DType::Int64, {});
    *index.typed<int64_t>() = id;
    return (*compiled)->run({table, index});
  }

private:
  bool wasEnabled_ = false;
};

TEST_F(CheckedMode, ComputesWhatUncheckedCodeComputes) {
  Result<std::vector<Tensor>> result = lookUp(2);
  ASSERT_TRUE(static_cast<bool>(result)) << result.status().message();
  EXPECT_EQ(*(*result)[0].typed<float>(), 12.0f);
}

TEST_F(CheckedMode, StopsAtAnOutOfBoundsIndexNamingTheNode) {
  for (int64_t id : {int64_t{4}, int64_t{-1}, int64_t{1} << 40})
    EXPECT_EXIT((void)lookUp(id), ::testing::ExitedWithCode(1),
                "dlc: error: a run-time check failed: out-of-bounds access "
                "in memref.load \\(node 'lookup' of model.pbtxt\\)")
        << "index " << id;
}

} // namespace
} // namespace dlc
