//===- MemoryTest.cpp - Long runs keep resident memory flat ---------------===//
//
// A session called 10,000 times and 2,000 training steps must not grow the
// process: buffers come back to the pool, compiled functions are reused.
// Resident memory is read from /proc/self/statm after a warm-up (first
// compilations, the pool's first blocks) and again at the end. Under
// AddressSanitizer, whose quarantine keeps freed memory resident on
// purpose, the live heap bytes its allocator counts are compared instead.
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/InferenceSession.h"
#include "dlc/Api/TrainingSession.h"
#include "dlc/Frontend/ModelFile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/allocator_interface.h>
#define DLC_TEST_UNDER_ASAN
#endif
#endif

namespace dlc {
namespace {

/// The memory this process holds, in bytes: resident memory, or under
/// AddressSanitizer the heap bytes allocated and not freed.
int64_t residentBytes() {
#ifdef DLC_TEST_UNDER_ASAN
  return static_cast<int64_t>(__sanitizer_get_current_allocated_bytes());
#else
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
#endif
}

constexpr int64_t kAllowedGrowth = 4 << 20;

std::string blobsModel() {
  return std::string(DLC_TEST_INPUTS_DIR) + "/blobs-classifier.pbtxt";
}

TEST(Memory, TenThousandRunsKeepResidentMemoryFlat) {
  Result<std::unique_ptr<InferenceSession>> session =
      InferenceSession::load(blobsModel());
  ASSERT_TRUE(static_cast<bool>(session)) << session.status().message();
  Tensor x(DType::Float32, {32, 4});
  auto runs = [&](int count) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(static_cast<bool>((*session)->run({x})));
  };
  runs(500);
  int64_t before = residentBytes();
  runs(10000);
  EXPECT_LT(residentBytes() - before, kAllowedGrowth)
      << "grew from " << before << " bytes";
}

TEST(Memory, TwoThousandTrainingStepsKeepResidentMemoryFlat) {
  Result<proto::Model> model = loadModelFile(blobsModel());
  ASSERT_TRUE(static_cast<bool>(model)) << model.status().message();
  Result<TrainingSpec> spec = trainingSpecFromProto(*model, blobsModel());
  ASSERT_TRUE(static_cast<bool>(spec)) << spec.status().message();
  Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(
      *model, blobsModel(), *spec, learningRateFromProto(model->training()));
  ASSERT_TRUE(static_cast<bool>(session)) << session.status().message();
  Tensor x(DType::Float32, {32, 4});
  Tensor labels(DType::Int64, {32});
  auto steps = [&](int count) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(static_cast<bool>((*session)->trainBatch({x}, labels)));
  };
  steps(200);
  int64_t before = residentBytes();
  steps(2000);
  EXPECT_LT(residentBytes() - before, kAllowedGrowth)
      << "grew from " << before << " bytes";
}

} // namespace
} // namespace dlc
