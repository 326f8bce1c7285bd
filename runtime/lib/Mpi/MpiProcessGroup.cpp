//===- MpiProcessGroup.cpp - MPI's world as dlc's process group -----------===//
//
// libdlc-mpi.so: built where MPI is installed, loaded by the runtime
// (ProcessGroup.cpp) only when an MPI launcher started the process, so that
// nothing else links MPI. Any MPI implementation works that this file was
// compiled against.
//
//===----------------------------------------------------------------------===//
#include "../MpiPlugin.h"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <string>
#include <thread>

namespace {

dlc::Status mpiError(int code, const std::string &what) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return dlc::Status::error(what + ": " + std::string(text, length));
}

class MpiProcessGroup final : public dlc::ProcessGroup {
public:
  MpiProcessGroup(double timeoutSeconds, bool finalize)
      : timeout_(timeoutSeconds), finalize_(finalize) {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiProcessGroup() override {
    if (finalize_)
      MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  dlc::Status allReduceSum(float *data, int64_t count) override {
    // MPI counts are ints: a larger buffer goes in parts.
    for (int64_t done = 0; done < count; done += INT_MAX) {
      int part = static_cast<int>(std::min<int64_t>(count - done, INT_MAX));
      float *values = data + done;
      // Process 0 sums and sends its sum to all: every process gets the
      // same bits, where an all-reduce may add in another order on each
      // and let the copies of the weights drift apart.
      MPI_Request request;
      int code = MPI_Ireduce(rank_ == 0 ? MPI_IN_PLACE : values, values, part,
                             MPI_FLOAT, MPI_SUM, 0, MPI_COMM_WORLD, &request);
      if (code != MPI_SUCCESS)
        return mpiError(code, "MPI_Ireduce");
      DLC_RETURN_IF_ERROR(wait(request, "the sum"));
      DLC_RETURN_IF_ERROR(broadcastPart(values, part, MPI_FLOAT, 0));
    }
    return dlc::Status::ok();
  }

  dlc::Status broadcast(void *data, int64_t bytes, int root) override {
    for (int64_t done = 0; done < bytes; done += INT_MAX) {
      int part = static_cast<int>(std::min<int64_t>(bytes - done, INT_MAX));
      DLC_RETURN_IF_ERROR(broadcastPart(static_cast<char *>(data) + done, part,
                                        MPI_BYTE, root));
    }
    return dlc::Status::ok();
  }

  void abort(int status) override {
    std::fflush(stdout);
    MPI_Abort(MPI_COMM_WORLD, status);
    std::_Exit(status);
  }

private:
  dlc::Status broadcastPart(void *data, int count, MPI_Datatype type,
                            int root) {
    MPI_Request request;
    int code = MPI_Ibcast(data, count, type, root, MPI_COMM_WORLD, &request);
    if (code != MPI_SUCCESS)
      return mpiError(code, "MPI_Ibcast");
    return wait(request, "a broadcast");
  }

  /// Waits for `request`, at most the timeout: a process that died or
  /// stopped calling collectives must not hang the others.
  dlc::Status wait(MPI_Request &request, const char *what) {
    using Clock = std::chrono::steady_clock;
    auto deadline = Clock::now() + std::chrono::duration<double>(timeout_);
    for (int polls = 0;; ++polls) {
      int done = 0;
      int code = MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (code != MPI_SUCCESS)
        return mpiError(code, std::string("waiting for ") + what);
      if (done)
        return dlc::Status::ok();
      if (Clock::now() > deadline)
        return dlc::Status::error(
            "waited " + std::to_string(static_cast<int64_t>(timeout_)) +
            " s for the other processes to join " + what +
            " (did one stop? DLC_COLLECTIVE_TIMEOUT sets the wait)");
      // Spin through a short wait, then let the core go.
      if (polls > 10000)
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }

  int rank_ = 0, size_ = 1;
  double timeout_;
  bool finalize_;
};

} // namespace

extern "C" dlc::ProcessGroup *
dlc_create_mpi_process_group(double timeoutSeconds, char *error,
                             std::size_t errorSize) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  // A driver program that started MPI itself also ends it.
  if (!initialized) {
    int provided = 0;
    int code = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED,
                               &provided);
    if (code != MPI_SUCCESS) {
      std::snprintf(error, errorSize, "%s",
                    mpiError(code, "MPI_Init_thread").message().c_str());
      return nullptr;
    }
  }
  // Errors come back as codes, to be reported with the process's context.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  return new MpiProcessGroup(timeoutSeconds, /*finalize=*/!initialized);
}
