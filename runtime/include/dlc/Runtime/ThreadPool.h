//===- ThreadPool.h - The threads compiled code runs parallel loops on ----===//
//
// Compiled code hands each outermost parallel loop to dlc_parallel_for: a
// count of independent tasks and a function that runs a range of them.
// The pool splits the tasks into one contiguous range per thread (the
// caller takes the first), so a region costs a fraction of a microsecond
// rather than the tens of microseconds of waking sleeping threads: workers
// spin for a while after each region, then sleep until the next.
//
// Results do not depend on the thread count: tasks never share an output
// element, so every element is computed by the same instructions in the
// same order whichever thread runs it.
//
// A parallel loop reached from inside a region (nested), or while another
// caller thread holds the pool, runs on its caller alone.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_THREADPOOL_H
#define DLC_RUNTIME_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace dlc {

/// Runs tasks [begin, end) of a parallel loop; `context` holds the values
/// the loop body reads.
using ParallelTaskFn = void (*)(void *context, int64_t begin, int64_t end);

class ThreadPool {
public:
  /// Threads in a pool (the caller included) are within [1, kMaxThreads].
  static constexpr int kMaxThreads = 1024;

  explicit ThreadPool(int threadCount);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// The pool of compiled code; it starts with defaultThreadCount() threads.
  static ThreadPool &global();

  /// The processors this process may run on.
  static int defaultThreadCount();

  int threadCount() const;
  /// Changes the thread count (clamped to [1, kMaxThreads]); waits for a
  /// region in progress to finish.
  void setThreadCount(int threadCount);

  /// Runs `task` over [0, taskCount) and returns when all tasks are done.
  void parallelFor(int64_t taskCount, ParallelTaskFn task, void *context);

private:
  void startWorkers();
  void stopWorkers();
  /// Runs the regions published after generation `seen`.
  void workerLoop(int index, uint64_t seen);
  /// Runs thread `index`'s share of the current region.
  void runShare(int index);

  /// Held by the caller of a region, and while the thread count changes.
  std::mutex regionMutex_;
  int threadCount_;
  std::vector<std::thread> workers_;

  // The current region, published by bumping `generation_`.
  ParallelTaskFn task_ = nullptr;
  void *context_ = nullptr;
  int64_t taskCount_ = 0;
  std::atomic<uint64_t> generation_{0};
  /// Workers still running their share of the current region.
  std::atomic<int> pending_{0};
  bool stopping_ = false;

  // Workers that stopped spinning wait here.
  std::mutex sleepMutex_;
  std::condition_variable wakeUp_;
  std::atomic<int> sleepers_{0};
};

} // namespace dlc

/// What compiled code calls for a parallel loop (ThreadPool::global()).
extern "C" void dlc_parallel_for(int64_t taskCount, dlc::ParallelTaskFn task,
                                 void *context);

#endif // DLC_RUNTIME_THREADPOOL_H
