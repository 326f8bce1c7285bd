//===- MpiProcessGroupTest.cpp - MPI's world through dlc's plugin ---------===//
//
// Run by ctest under `mpirun -np 2` (test/unit/runtime/CMakeLists.txt):
// each process runs every test; a collective pairs them up.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/ProcessGroup.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace dlc {
namespace {

ProcessGroup &world() {
  Result<ProcessGroup *> group = worldProcessGroup();
  if (!group) {
    ADD_FAILURE() << group.status().message();
    std::abort();
  }
  return **group;
}

/// Values that differ between processes and whose sums round.
std::vector<float> valuesOf(int rank, int64_t count) {
  std::vector<float> values(count);
  for (int64_t i = 0; i < count; ++i)
    values[i] = (rank + 1) * 0.1f + static_cast<float>(i) * 1e-3f / 3.0f;
  return values;
}

TEST(MpiProcessGroupTest, TheWorldIsWhatTheLauncherStarted) {
  ASSERT_EQ(launchedProcessCount(), 2);
  EXPECT_EQ(world().size(), 2);
  EXPECT_TRUE(world().rank() == 0 || world().rank() == 1);
}

TEST(MpiProcessGroupTest, EveryProcessGetsTheSameSum) {
  const int64_t count = 1000;
  std::vector<float> values = valuesOf(world().rank(), count);
  ASSERT_TRUE(world().allReduceSum(values.data(), count));
  std::vector<float> first = valuesOf(0, count), second = valuesOf(1, count);
  for (int64_t i = 0; i < count; ++i)
    ASSERT_EQ(values[i], first[i] + second[i]) << "element " << i;
  // Bit for bit the same on both: process 1 sends its sum to process 0.
  std::vector<float> fromOne = values;
  ASSERT_TRUE(world().broadcast(fromOne.data(), count * sizeof(float), 1));
  EXPECT_EQ(std::memcmp(fromOne.data(), values.data(), count * sizeof(float)),
            0);
}

TEST(MpiProcessGroupTest, TheStepsBucketsAreSummed) {
  setTrainingProcessGroup(&world());
  const int64_t bucket = int64_t(1) << 20;
  std::vector<int64_t> sizes = {3, 200, bucket + 5, 7};
  std::vector<std::vector<float>> buffers;
  for (int64_t size : sizes)
    buffers.push_back(valuesOf(world().rank(), size));
  for (std::vector<float> &buffer : buffers)
    dlc_all_reduce_enqueue(buffer.data(), buffer.size());
  dlc_all_reduce_run();
  setTrainingProcessGroup(nullptr);
  for (size_t b = 0; b < sizes.size(); ++b) {
    std::vector<float> first = valuesOf(0, sizes[b]),
                       second = valuesOf(1, sizes[b]);
    for (int64_t i = 0; i < sizes[b]; ++i)
      ASSERT_EQ(buffers[b][i], first[i] + second[i])
          << "buffer " << b << ", element " << i;
  }
}

} // namespace
} // namespace dlc
