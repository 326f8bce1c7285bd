//===- CInterface.cpp - Statuses of the compiled libraries' C interfaces --===//
#include "CInterface.h"

#include "dlc/Runtime/ThreadPool.h"

#include <new>

namespace dlc {

dlc_status *cError(std::string message) {
  return new (std::nothrow) dlc_status{std::move(message)};
}

dlc_status *cStatus(const Status &status, const char *call) {
  if (status)
    return nullptr;
  return cError(std::string(call) + ": " + status.message());
}

dlc_tensor_info describeTensor(const std::string &name, DType dtype,
                               const std::vector<int64_t> &shape,
                               bool batchFirst) {
  size_t elements = 1;
  for (int64_t size : shape)
    elements *= static_cast<size_t>(size);
  return {name.c_str(), dtypeName(dtype), shape.size(), shape.data(),
          elements * dtypeSize(dtype), batchFirst ? 1 : 0};
}

} // namespace dlc

namespace {

/// The pool's workers run this library's code: they must be gone before
/// dlclose unmaps it (down to the calling thread, which has no workers).
__attribute__((destructor)) void stopWorkersBeforeUnload() {
  dlc::ThreadPool::global().setThreadCount(1);
}

} // namespace

extern "C" {

dlc_status *dlc_set_thread_count(int count) {
  if (count < 1 || count > dlc::ThreadPool::kMaxThreads)
    return dlc::cError(
        "dlc_set_thread_count: expected a count in [1, 1024], got " +
        std::to_string(count));
  dlc::ThreadPool::global().setThreadCount(count);
  return nullptr;
}

const char *dlc_status_message(const dlc_status *status) {
  return status ? status->message.c_str() : "ok";
}

void dlc_status_free(dlc_status *status) { delete status; }

} // extern "C"
