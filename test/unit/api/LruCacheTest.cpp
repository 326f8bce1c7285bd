//===- LruCacheTest.cpp - Sessions keep a bounded number of compilations --===//
#include "dlc/Api/InferenceSession.h"
#include "dlc/Api/LruCache.h"

#include <gtest/gtest.h>

namespace dlc {
namespace {

TEST(LruCache, DropsTheLeastRecentlyUsed) {
  LruCache<int> cache(2);
  cache.insert("a", 1);
  cache.insert("b", 2);
  ASSERT_NE(cache.find("a"), nullptr); // a is now the most recent
  cache.insert("c", 3);                // so b goes
  EXPECT_EQ(cache.find("b"), nullptr);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("a"), 1);
  EXPECT_EQ(*cache.find("c"), 3);
  EXPECT_EQ(cache.size(), 2u);
  cache.setCapacity(1); // keeps c, the most recent
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.find("c"), nullptr);
  cache.setCapacity(0); // at least one
  EXPECT_EQ(cache.capacity(), 1u);
}

/// A session fed ever new batch sizes keeps at most its capacity of
/// compilations, and still answers for evicted shapes (compiling again).
TEST(LruCache, BoundsAnInferenceSession) {
  Result<std::unique_ptr<InferenceSession>> session = InferenceSession::load(
      std::string(DLC_TEST_INPUTS_DIR) + "/blobs-classifier.pbtxt");
  ASSERT_TRUE(static_cast<bool>(session)) << session.status().message();
  (*session)->setCompilationCacheCapacity(2);
  for (int64_t batch : {1, 2, 3, 4, 1}) {
    Tensor x(DType::Float32, {batch, 4});
    Result<std::vector<NamedTensor>> outputs = (*session)->run({x});
    ASSERT_TRUE(static_cast<bool>(outputs)) << outputs.status().message();
    EXPECT_EQ((*outputs)[0].tensor.shape(), (std::vector<int64_t>{batch, 3}));
    EXPECT_LE((*session)->cachedCompilations(), 2u);
  }
  EXPECT_EQ((*session)->cachedCompilations(), 2u);
}

} // namespace
} // namespace dlc
