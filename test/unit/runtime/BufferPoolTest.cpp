//===- BufferPoolTest.cpp - Freed buffers are reused, within a limit ------===//
#include "dlc/Runtime/BufferPool.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dlc {
namespace {

TEST(BufferPool, ReusesAFreedBlockOfTheSameRoundedSize) {
  BufferPool pool(1 << 20);
  void *first = pool.allocate(1000);
  ASSERT_NE(first, nullptr);
  std::memset(first, 1, 1000);
  pool.release(first);
  EXPECT_EQ(pool.cachedBytes(), 1024u); // rounded up to 64 bytes
  // 1000 and 1010 both round to 1024 bytes.
  EXPECT_EQ(pool.allocate(1010), first);
  EXPECT_EQ(pool.cachedBytes(), 0u);
  // A different size gets a new block while the first is live.
  void *other = pool.allocate(4096);
  EXPECT_NE(other, first);
  pool.release(first);
  pool.release(other);
}

TEST(BufferPool, CountsTheBytesItHandsOutNewOrReused) {
  BufferPool pool(1 << 20);
  EXPECT_EQ(pool.allocatedBytes(), 0u);
  void *first = pool.allocate(1000); // rounded to 1024
  pool.release(first);
  void *again = pool.allocate(1000); // reused: counted again
  EXPECT_EQ(again, first);
  EXPECT_EQ(pool.allocatedBytes(), 2048u);
  pool.release(again);
}

TEST(BufferPool, AlignsBlocks) {
  BufferPool pool(1 << 20);
  for (size_t size : {1u, 63u, 64u, 65u, 100000u}) {
    void *block = pool.allocate(size);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % BufferPool::kAlignment, 0u)
        << size;
    pool.release(block);
  }
  void *wide = pool.allocate(100, 4096);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(wide) % 4096, 0u);
  pool.release(wide);
}

TEST(BufferPool, FreesWhatExceedsTheCacheLimit) {
  BufferPool pool(8192);
  void *a = pool.allocate(6000), *b = pool.allocate(6000);
  pool.release(a);
  EXPECT_EQ(pool.cachedBytes(), 6016u);
  pool.release(b); // 12032 bytes would pass the limit: b is freed
  EXPECT_EQ(pool.cachedBytes(), 6016u);
  pool.release(nullptr);
  EXPECT_EQ(pool.cachedBytes(), 6016u);
}

} // namespace
} // namespace dlc
