//===- ProcessGroupTest.cpp - The compiled steps' bucketed all-reduce -----===//
//
// In one process: the world is a group of one, and the buffers a step
// names are packed into buckets for a group that stands in for two
// processes holding the same values (its sum doubles them).
//
//===----------------------------------------------------------------------===//
#include "TwinProcessGroup.h"

#include "dlc/Runtime/ProcessGroup.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace dlc {
namespace {

std::vector<float> iota(int64_t count, float start) {
  std::vector<float> values(count);
  std::iota(values.begin(), values.end(), start);
  return values;
}

TEST(ProcessGroupTest, AloneTheWorldIsAGroupOfOne) {
  if (launchedProcessCount())
    GTEST_SKIP() << "started by an MPI launcher";
  Result<ProcessGroup *> world = worldProcessGroup();
  ASSERT_TRUE(world) << world.status().message();
  EXPECT_EQ((*world)->size(), 1);
  EXPECT_EQ((*world)->rank(), 0);
  std::vector<float> values = iota(5, 1);
  ASSERT_TRUE((*world)->allReduceSum(values.data(), 5));
  EXPECT_EQ(values, iota(5, 1));
}

TEST(ProcessGroupTest, WithoutATrainingGroupTheStepsSumOverOneProcess) {
  std::vector<float> values = iota(7, -3);
  dlc_all_reduce_enqueue(values.data(), values.size());
  dlc_all_reduce_run();
  EXPECT_EQ(values, iota(7, -3));
}

TEST(ProcessGroupTest, SmallBuffersTravelInBucketsLargeOnesAlone) {
  TwinProcessGroup twins;
  const int64_t bucket = int64_t(1) << 20;
  // Three small ones fill most of a bucket; the next would overflow it;
  // one of a bucket's size or more goes alone.
  std::vector<int64_t> sizes = {10, bucket - 100, 80, 50, bucket + 3, 1};
  std::vector<std::vector<float>> buffers;
  for (int64_t size : sizes)
    buffers.push_back(iota(size, static_cast<float>(size)));
  for (std::vector<float> &buffer : buffers)
    dlc_all_reduce_enqueue(buffer.data(), buffer.size());
  dlc_all_reduce_run();
  EXPECT_EQ(twins.messages,
            (std::vector<int64_t>{10 + bucket - 100 + 80, 50, bucket + 3, 1}));
  for (size_t i = 0; i < sizes.size(); ++i) {
    std::vector<float> expected = iota(sizes[i], static_cast<float>(sizes[i]));
    for (float &value : expected)
      value *= 2;
    EXPECT_EQ(buffers[i], expected) << "buffer " << i;
  }
  // A run sums only what was named since the last one.
  dlc_all_reduce_run();
  EXPECT_EQ(twins.messages.size(), 4u);
}

} // namespace
} // namespace dlc
