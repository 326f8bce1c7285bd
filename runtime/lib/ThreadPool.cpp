//===- ThreadPool.cpp - The threads compiled code runs parallel loops on --===//
#include "dlc/Runtime/ThreadPool.h"

#include <algorithm>
#include <chrono>

#if defined(__linux__)
#include <sched.h>
#endif

namespace dlc {
namespace {

/// How long an idle worker spins before it sleeps. Waking a sleeping thread
/// costs 25-85 us on the VMs measured (shared/notes/threads-facts.md), more
/// than most parallel loops of a small batch take; the serial stretches
/// between the loops of one call are shorter than this.
constexpr auto kSpinTime = std::chrono::milliseconds(1);

/// Whether this thread is running tasks of a region (nested loops run
/// serially).
thread_local bool insideRegion = false;

void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

} // namespace

ThreadPool::ThreadPool(int threadCount)
    : threadCount_(std::clamp(threadCount, 1, kMaxThreads)) {}

ThreadPool::~ThreadPool() { stopWorkers(); }

ThreadPool &ThreadPool::global() {
  // Never destroyed: compiled code may run during static destruction, and
  // joining threads at exit is not worth the risk.
  static ThreadPool *pool = new ThreadPool(defaultThreadCount());
  return *pool;
}

int ThreadPool::defaultThreadCount() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    return std::max(1, CPU_COUNT(&set));
#endif
  return std::max(1u, std::thread::hardware_concurrency());
}

int ThreadPool::threadCount() const { return threadCount_; }

void ThreadPool::setThreadCount(int threadCount) {
  std::lock_guard<std::mutex> region(regionMutex_);
  threadCount = std::clamp(threadCount, 1, kMaxThreads);
  if (threadCount == threadCount_)
    return;
  stopWorkers();
  threadCount_ = threadCount;
}

void ThreadPool::startWorkers() {
  stopping_ = false;
  // Read here, not by the workers: a region may be published before they
  // first look.
  uint64_t seen = generation_.load();
  for (int index = 1; index < threadCount_; ++index)
    workers_.emplace_back([this, index, seen] { workerLoop(index, seen); });
}

void ThreadPool::stopWorkers() {
  if (workers_.empty())
    return;
  {
    std::lock_guard<std::mutex> lock(sleepMutex_);
    stopping_ = true;
    generation_.fetch_add(1);
  }
  wakeUp_.notify_all();
  for (std::thread &worker : workers_)
    worker.join();
  workers_.clear();
}

void ThreadPool::runShare(int index) {
  int64_t begin = taskCount_ * index / threadCount_;
  int64_t end = taskCount_ * (index + 1) / threadCount_;
  if (begin < end)
    task_(context_, begin, end);
}

void ThreadPool::workerLoop(int index, uint64_t seen) {
  insideRegion = true;
  while (true) {
    auto spinStart = std::chrono::steady_clock::now();
    for (int spins = 1; generation_.load() == seen; ++spins) {
      relax();
      if (spins % 1024 != 0 ||
          std::chrono::steady_clock::now() - spinStart < kSpinTime)
        continue;
      // Sequentially consistent with the caller's bump of the generation
      // and its read of the sleepers: one of the two sees the other.
      std::unique_lock<std::mutex> lock(sleepMutex_);
      sleepers_.fetch_add(1);
      wakeUp_.wait(lock, [&] { return generation_.load() != seen; });
      sleepers_.fetch_sub(1);
    }
    seen = generation_.load();
    if (stopping_)
      return;
    runShare(index);
    pending_.fetch_sub(1, std::memory_order_release);
  }
}

void ThreadPool::parallelFor(int64_t taskCount, ParallelTaskFn task,
                             void *context) {
  std::unique_lock<std::mutex> region(regionMutex_, std::try_to_lock);
  if (!region.owns_lock() || insideRegion || threadCount_ == 1 ||
      taskCount <= 1) {
    if (taskCount > 0)
      task(context, 0, taskCount);
    return;
  }
  if (workers_.empty())
    startWorkers();
  task_ = task;
  context_ = context;
  taskCount_ = taskCount;
  pending_.store(threadCount_ - 1, std::memory_order_relaxed);
  generation_.fetch_add(1);
  if (sleepers_.load() > 0) {
    // Taking the lock orders this notification after a sleeper's check of
    // the generation.
    { std::lock_guard<std::mutex> lock(sleepMutex_); }
    wakeUp_.notify_all();
  }
  insideRegion = true;
  runShare(0);
  insideRegion = false;
  while (pending_.load(std::memory_order_acquire) != 0)
    relax();
}

} // namespace dlc

extern "C" void dlc_parallel_for(int64_t taskCount, dlc::ParallelTaskFn task,
                                 void *context) {
  dlc::ThreadPool::global().parallelFor(taskCount, task, context);
}
