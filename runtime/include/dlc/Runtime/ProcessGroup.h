//===- ProcessGroup.h - Processes that train one model together -*- C++ -*-===//
//
// Data-parallel training runs one process per share of every batch. After
// each backward pass the processes sum their gradients (weighted by their
// shares of the batch), so that every one of them applies the same update.
// A ProcessGroup is that set of processes and the collectives it needs.
//
// Started by an MPI launcher (`mpirun -np N dlc train ...`), a process
// belongs to MPI's world, reached through dlc's MPI plugin, libdlc-mpi.so:
// built where MPI is installed and loaded only then, so that nothing links
// MPI otherwise. Started alone, it is a group of one.
//
// Compiled training steps reach the group through two C functions:
// dlc_all_reduce_enqueue names a buffer to sum, dlc_all_reduce_run sums
// those named since the last run, packed into buckets of a few MiB (one
// message per bucket rather than per tensor).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_PROCESSGROUP_H
#define DLC_RUNTIME_PROCESSGROUP_H

#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <optional>

namespace dlc {

class ProcessGroup {
public:
  // Defined here, not in a source file: the MPI plugin derives from this
  // class without linking the runtime.
  virtual ~ProcessGroup() = default;

  /// This process's index in [0, size()).
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Replaces `data[0, count)` by its elementwise sum over the processes.
  /// Every process gets the same bits: the sum is made once and sent to
  /// all, not re-associated on each.
  virtual Status allReduceSum(float *data, int64_t count) = 0;
  /// Copies `bytes` bytes at `data` of process `root` to every process.
  virtual Status broadcast(void *data, int64_t bytes, int root) = 0;
  /// Ends every process of the group with `status` after an error of this
  /// one that the others cannot see (they would wait for it forever).
  [[noreturn]] virtual void abort(int status) = 0;
};

/// The number of processes the launcher that started this process says it
/// started (Open MPI's, MPICH's or PMIx's environment), if one did.
std::optional<int> launchedProcessCount();

/// The group this process was started in, made on the first call: MPI's
/// world when a launcher started several processes (an error if dlc's MPI
/// plugin cannot be loaded: training alone would silently train N separate
/// models), else a group of one.
Result<ProcessGroup *> worldProcessGroup();

/// The group whose processes the compiled training steps' all-reduces sum
/// over; null (the default) is a group of one.
void setTrainingProcessGroup(ProcessGroup *group);
ProcessGroup *trainingProcessGroup();

} // namespace dlc

/// Called by compiled training steps: names `count` floats at `data` to sum
/// over the training process group at the next dlc_all_reduce_run.
extern "C" void dlc_all_reduce_enqueue(float *data, int64_t count);
/// Sums the buffers named since the last run, in place. A collective that
/// fails (a process died, or the wait passed DLC_COLLECTIVE_TIMEOUT
/// seconds) prints why and ends every process: compiled code cannot
/// unwind, and the others would wait forever.
extern "C" void dlc_all_reduce_run();

#endif // DLC_RUNTIME_PROCESSGROUP_H
