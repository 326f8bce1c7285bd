//===- ThreadPoolTest.cpp - Every task runs once, on any thread count -----===//
#include "dlc/Runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace dlc {
namespace {

/// Counts how often each task ran and which threads ran tasks.
struct Tally {
  std::vector<std::atomic<int>> runs;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  explicit Tally(int64_t tasks) : runs(tasks) {}

  static void run(void *context, int64_t begin, int64_t end) {
    auto *tally = static_cast<Tally *>(context);
    for (int64_t task = begin; task < end; ++task)
      tally->runs[task].fetch_add(1);
    std::lock_guard<std::mutex> lock(tally->mutex);
    tally->threads.insert(std::this_thread::get_id());
  }

  void expectEachRanOnce() const {
    for (size_t task = 0; task < runs.size(); ++task)
      EXPECT_EQ(runs[task].load(), 1) << "task " << task;
  }
};

TEST(ThreadPool, RunsEveryTaskOnceForAnyCountOfTasksAndThreads) {
  for (int threads : {1, 2, 3, 7}) {
    ThreadPool pool(threads);
    for (int64_t tasks : {0, 1, 2, 3, 5, 16, 129}) {
      Tally tally(tasks);
      pool.parallelFor(tasks, &Tally::run, &tally);
      SCOPED_TRACE("threads " + std::to_string(threads) + ", tasks " +
                   std::to_string(tasks));
      tally.expectEachRanOnce();
      EXPECT_LE(tally.threads.size(),
                static_cast<size_t>(std::min<int64_t>(threads, tasks)));
    }
  }
}

TEST(ThreadPool, SpreadsTasksOverItsThreads) {
  ThreadPool pool(3);
  Tally tally(3);
  pool.parallelFor(3, &Tally::run, &tally);
  tally.expectEachRanOnce();
  EXPECT_EQ(tally.threads.size(), 3u);
}

TEST(ThreadPool, ManyRegionsInARowAndAfterWorkersSlept) {
  ThreadPool pool(2);
  for (int region = 0; region < 2000; ++region) {
    Tally tally(4);
    pool.parallelFor(4, &Tally::run, &tally);
    tally.expectEachRanOnce();
  }
  // Past the spinning time the workers sleep; the next region wakes them.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Tally tally(4);
  pool.parallelFor(4, &Tally::run, &tally);
  tally.expectEachRanOnce();
  EXPECT_EQ(tally.threads.size(), 2u);
}

/// A task that itself runs a parallel loop of 4 tasks on the same pool.
struct Nested {
  ThreadPool *pool;
  std::vector<std::unique_ptr<Tally>> inner;
  static void run(void *context, int64_t begin, int64_t end) {
    auto *nested = static_cast<Nested *>(context);
    for (int64_t task = begin; task < end; ++task)
      nested->pool->parallelFor(4, &Tally::run, nested->inner[task].get());
  }
};

TEST(ThreadPool, NestedLoopsRunOnTheirCaller) {
  ThreadPool pool(2);
  Nested nested{&pool, {}};
  for (int i = 0; i < 6; ++i)
    nested.inner.push_back(std::make_unique<Tally>(4));
  pool.parallelFor(6, &Nested::run, &nested);
  for (auto &inner : nested.inner) {
    inner->expectEachRanOnce();
    EXPECT_EQ(inner->threads.size(), 1u);
  }
}

TEST(ThreadPool, CallersOnSeveralThreadsAllFinish) {
  ThreadPool pool(2);
  std::vector<std::unique_ptr<Tally>> tallies;
  for (int i = 0; i < 4; ++i)
    tallies.push_back(std::make_unique<Tally>(64));
  std::vector<std::thread> callers;
  for (int i = 0; i < 4; ++i)
    callers.emplace_back([&, i] {
      for (int repeat = 0; repeat < 100; ++repeat) {
        Tally tally(64);
        pool.parallelFor(64, &Tally::run, &tally);
        for (auto &runs : tally.runs)
          if (runs.load() != 1)
            tallies[i]->runs[0].fetch_add(1); // recorded as a failure
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  for (auto &tally : tallies)
    EXPECT_EQ(tally->runs[0].load(), 0);
}

TEST(ThreadPool, ThreadCountChangesAndIsClamped) {
  ThreadPool pool(2);
  EXPECT_EQ(pool.threadCount(), 2);
  pool.setThreadCount(4);
  EXPECT_EQ(pool.threadCount(), 4);
  Tally tally(8);
  pool.parallelFor(8, &Tally::run, &tally);
  tally.expectEachRanOnce();
  EXPECT_EQ(tally.threads.size(), 4u);
  pool.setThreadCount(0);
  EXPECT_EQ(pool.threadCount(), 1);
  EXPECT_GE(ThreadPool::defaultThreadCount(), 1);
}

} // namespace
} // namespace dlc
