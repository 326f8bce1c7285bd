//===- BufferPool.h - Reused heap buffers for compiled code ---------------===//
//
// Compiled models allocate their intermediate tensors on every call. Large
// blocks from malloc are fresh mmap'd pages each time, and the page faults
// that fill them with zeros cost as much as the arithmetic at batch 128
// (measured: 30% of a convnet call in the kernel). Compiled code therefore
// allocates through this pool (MLIR's generic allocation functions, below),
// which keeps freed blocks by size and hands them out again: a model called
// repeatedly allocates the same sizes each time, so from the second call on
// no call touches the operating system.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_BUFFERPOOL_H
#define DLC_RUNTIME_BUFFERPOOL_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>

namespace dlc {

class BufferPool {
public:
  /// Blocks are aligned to a cache line (and an AVX-512 vector).
  static constexpr size_t kAlignment = 64;

  /// At most this many bytes of freed blocks are kept for reuse; blocks
  /// freed beyond it go back to the system.
  explicit BufferPool(size_t cacheLimitBytes) : cacheLimit_(cacheLimitBytes) {}
  ~BufferPool();
  BufferPool(const BufferPool &) = delete;
  BufferPool &operator=(const BufferPool &) = delete;

  /// The pool compiled code allocates from (1 GiB of cache).
  static BufferPool &global();

  /// A block of at least `size` bytes aligned to `alignment` (a power of
  /// two); nullptr when the system has no memory left.
  void *allocate(size_t size, size_t alignment = kAlignment);
  /// Returns a block from allocate() to the pool; nullptr is ignored.
  void release(void *block);

  /// Bytes held in freed blocks, waiting for reuse.
  size_t cachedBytes() const;

  /// Bytes handed out by allocate() since the pool was made (rounded up),
  /// whether new or reused: what compiled code asks for.
  uint64_t allocatedBytes() const;

private:
  mutable std::mutex mutex_;
  size_t cacheLimit_;
  size_t cached_ = 0;
  uint64_t allocated_ = 0;
  /// Rounded size of each block handed out.
  std::unordered_map<void *, size_t> live_;
  /// Freed blocks by rounded size.
  std::multimap<size_t, void *> free_;
};

} // namespace dlc

/// MLIR's generic allocation functions (finalize-memref-to-llvm with
/// use-generic-functions), which compiled code calls for memref.alloc and
/// memref.dealloc; they allocate from BufferPool::global().
extern "C" {
void *_mlir_memref_to_llvm_alloc(uint64_t size);
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *block);
}

#endif // DLC_RUNTIME_BUFFERPOOL_H
