//===- Threads.cpp - How many threads compiled models run on --------------===//
#include "dlc/Api/Threads.h"

#include "dlc/Runtime/ThreadPool.h"

#include <string>

namespace dlc {

Status setThreadCount(int64_t count) {
  if (count < 1 || count > ThreadPool::kMaxThreads)
    return Status::error("thread count must be in [1, " +
                         std::to_string(ThreadPool::kMaxThreads) + "], got " +
                         std::to_string(count));
  ThreadPool::global().setThreadCount(static_cast<int>(count));
  return Status::ok();
}

int threadCount() { return ThreadPool::global().threadCount(); }

} // namespace dlc
