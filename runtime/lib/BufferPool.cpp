//===- BufferPool.cpp - Reused heap buffers for compiled code -------------===//
#include "dlc/Runtime/BufferPool.h"

#include <algorithm>
#include <cstdlib>

namespace dlc {

BufferPool::~BufferPool() {
  for (auto &[size, block] : free_)
    std::free(block);
}

BufferPool &BufferPool::global() {
  // Never destroyed: compiled code may free buffers during static
  // destruction of other objects.
  static BufferPool *pool = new BufferPool(size_t(1) << 30);
  return *pool;
}

void *BufferPool::allocate(size_t size, size_t alignment) {
  alignment = std::max(alignment, kAlignment);
  // Sizes round up to the alignment (aligned_alloc needs a multiple), so a
  // block of one rounded size serves any request of that size.
  size_t rounded = (std::max<size_t>(size, 1) + alignment - 1) / alignment *
                   alignment;
  std::lock_guard<std::mutex> lock(mutex_);
  void *block = nullptr;
  auto reusable = free_.find(rounded);
  if (reusable != free_.end() &&
      reinterpret_cast<uintptr_t>(reusable->second) % alignment == 0) {
    block = reusable->second;
    free_.erase(reusable);
    cached_ -= rounded;
  } else {
    block = std::aligned_alloc(alignment, rounded);
    if (!block)
      return nullptr;
  }
  live_.emplace(block, rounded);
  allocated_ += rounded;
  return block;
}

void BufferPool::release(void *block) {
  if (!block)
    return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = live_.find(block);
  if (found == live_.end())
    return std::free(block); // not from this pool
  size_t size = found->second;
  live_.erase(found);
  if (cached_ + size > cacheLimit_)
    return std::free(block);
  free_.emplace(size, block);
  cached_ += size;
}

size_t BufferPool::cachedBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cached_;
}

uint64_t BufferPool::allocatedBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return allocated_;
}

} // namespace dlc

void *_mlir_memref_to_llvm_alloc(uint64_t size) {
  return dlc::BufferPool::global().allocate(size);
}

void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  return dlc::BufferPool::global().allocate(size, alignment);
}

void _mlir_memref_to_llvm_free(void *block) {
  dlc::BufferPool::global().release(block);
}
