//===- ProcessGroup.cpp - The world's processes and the steps' all-reduce -===//
#include "dlc/Runtime/ProcessGroup.h"

#include "MpiPlugin.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

class SingleProcessGroup final : public dlc::ProcessGroup {
public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  dlc::Status allReduceSum(float *, int64_t) override {
    return dlc::Status::ok();
  }
  dlc::Status broadcast(void *, int64_t, int) override {
    return dlc::Status::ok();
  }
  void abort(int status) override {
    std::fflush(stdout);
    std::_Exit(status);
  }
};

/// How long a collective may wait for the other processes: long enough for
/// the slowest step of a big model, short enough that a stuck run ends.
double collectiveTimeoutSeconds() {
  const char *setting = std::getenv("DLC_COLLECTIVE_TIMEOUT");
  double seconds = setting ? std::atof(setting) : 0.0;
  return seconds > 0.0 ? seconds : 600.0;
}

/// Where libdlc-mpi.so may be: DLC_MPI_PLUGIN, then next to an installed
/// program (PREFIX/bin/dlc finds PREFIX/lib/libdlc-mpi.so), then where the
/// configured installation and this build put it.
std::vector<std::string> mpiPluginCandidates() {
  std::vector<std::string> paths;
  if (const char *path = std::getenv("DLC_MPI_PLUGIN"))
    paths.push_back(path);
  std::error_code error;
  std::filesystem::path program =
      std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error)
    paths.push_back(
        (program.parent_path().parent_path() / "lib" / "libdlc-mpi.so")
            .string());
#ifdef DLC_MPI_PLUGIN_INSTALLED
  paths.push_back(DLC_MPI_PLUGIN_INSTALLED);
#endif
#ifdef DLC_MPI_PLUGIN_BUILT
  paths.push_back(DLC_MPI_PLUGIN_BUILT);
#endif
  return paths;
}

dlc::Result<std::unique_ptr<dlc::ProcessGroup>> loadMpiWorld(int processes) {
  std::string started = "an MPI launcher started " +
                        std::to_string(processes) + " processes, but ";
  std::vector<std::string> candidates = mpiPluginCandidates();
  if (candidates.empty())
    return dlc::Status::error(started +
                              "this dlc was built without MPI (install "
                              "libopenmpi-dev and build it again)");
  std::string tried;
  for (const std::string &path : candidates) {
    // Global: MPI's own plugins look up libmpi's symbols.
    void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (!library) {
      tried += std::string("; ") + dlerror();
      continue;
    }
    auto entry = reinterpret_cast<MpiPluginEntry>(
        dlsym(library, DLC_MPI_PLUGIN_ENTRY));
    if (!entry)
      return dlc::Status::error(started + path + " has no " +
                                DLC_MPI_PLUGIN_ENTRY);
    char error[512] = "";
    std::unique_ptr<dlc::ProcessGroup> world(
        entry(collectiveTimeoutSeconds(), error, sizeof(error)));
    if (!world)
      return dlc::Status::error(started + "MPI failed to start: " + error);
    return world;
  }
  return dlc::Status::error(started + "dlc's MPI plugin could not be loaded" +
                            tried);
}

std::atomic<dlc::ProcessGroup *> &trainingGroupSlot() {
  static std::atomic<dlc::ProcessGroup *> group{nullptr};
  return group;
}

/// A buffer a compiled step named for the next all-reduce.
struct PendingBuffer {
  float *data;
  int64_t count;
};

/// Per thread: two sessions training in two threads do not mix their
/// buffers.
thread_local std::vector<PendingBuffer> pendingBuffers;

/// Buffers under this many floats (4 MiB) travel packed together.
constexpr int64_t kBucketFloats = int64_t(1) << 20;

dlc::Status allReduceBuffers(dlc::ProcessGroup &group,
                             const std::vector<PendingBuffer> &buffers) {
  thread_local std::vector<float> bucket;
  for (size_t first = 0; first < buffers.size();) {
    if (buffers[first].count >= kBucketFloats) {
      DLC_RETURN_IF_ERROR(
          group.allReduceSum(buffers[first].data, buffers[first].count));
      ++first;
      continue;
    }
    size_t end = first;
    int64_t total = 0;
    while (end < buffers.size() &&
           total + buffers[end].count <= kBucketFloats)
      total += buffers[end++].count;
    bucket.resize(total);
    float *cursor = bucket.data();
    for (size_t i = first; i < end; ++i)
      cursor = std::copy_n(buffers[i].data, buffers[i].count, cursor);
    DLC_RETURN_IF_ERROR(group.allReduceSum(bucket.data(), total));
    const float *sum = bucket.data();
    for (size_t i = first; i < end; ++i) {
      std::copy_n(sum, buffers[i].count, buffers[i].data);
      sum += buffers[i].count;
    }
    first = end;
  }
  return dlc::Status::ok();
}

} // namespace

std::optional<int> dlc::launchedProcessCount() {
  for (const char *variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char *value = std::getenv(variable)) {
      int count = std::atoi(value);
      if (count > 0)
        return count;
    }
  return std::nullopt;
}

dlc::Result<dlc::ProcessGroup *> dlc::worldProcessGroup() {
  static std::mutex mutex;
  static std::unique_ptr<ProcessGroup> world;
  static Status failure = Status::ok();
  std::lock_guard<std::mutex> lock(mutex);
  if (!world && failure.isOk()) {
    std::optional<int> processes = launchedProcessCount();
    if (!processes || *processes == 1) {
      world = std::make_unique<SingleProcessGroup>();
    } else {
      Result<std::unique_ptr<ProcessGroup>> loaded = loadMpiWorld(*processes);
      if (loaded)
        world = std::move(loaded.value());
      else
        failure = loaded.status();
    }
  }
  if (!world)
    return failure;
  return world.get();
}

void dlc::setTrainingProcessGroup(ProcessGroup *group) {
  trainingGroupSlot().store(group);
}

dlc::ProcessGroup *dlc::trainingProcessGroup() {
  return trainingGroupSlot().load();
}

extern "C" void dlc_all_reduce_enqueue(float *data, int64_t count) {
  pendingBuffers.push_back({data, count});
}

extern "C" void dlc_all_reduce_run() {
  std::vector<PendingBuffer> buffers;
  buffers.swap(pendingBuffers);
  dlc::ProcessGroup *group = dlc::trainingProcessGroup();
  if (!group || group->size() == 1)
    return;
  dlc::Status status = allReduceBuffers(*group, buffers);
  if (status.isOk())
    return;
  std::fflush(stdout);
  std::fprintf(stderr,
               "dlc: error: process %d of %d: summing the gradients over "
               "the processes failed: %s\n",
               group->rank(), group->size(), status.message().c_str());
  group->abort(1);
}
