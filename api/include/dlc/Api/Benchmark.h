//===- Benchmark.h - Time a model's compiled call or training step -*- C++ -*-===//
//
// What `dlc bench` reports, as a library: the model is compiled for one batch
// size on random data of its input shapes, then called repeatedly; the
// result holds the compile time and the distribution of call times, the
// figures of the peers' tools (onnxruntime_perf_test, iree-benchmark-module).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_BENCHMARK_H
#define DLC_API_BENCHMARK_H

#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <string>

namespace dlc {

struct BenchmarkOptions {
  /// The size given to every dynamic dimension of the inputs.
  int64_t batchSize = 1;
  /// Timed calls, after one untimed call that compiles.
  int iterations = 20;
  /// Time a training step (forward, loss, gradients, optimizer update from
  /// the model's training section) instead of inference.
  bool train = false;
  /// Seed of the random inputs and labels.
  uint64_t seed = 0;
};

struct BenchmarkResult {
  /// The first call's time less a median call: import, passes and JIT.
  double compileMs = 0;
  double medianMicros = 0;
  double p90Micros = 0;
  /// Process CPU time per timed call (all threads), beside the wall time.
  double cpuMicrosPerCall = 0;
  /// Bytes the compiled code allocates per call for its temporaries and
  /// results (from the runtime's buffer pool, reused or new).
  double allocatedBytesPerCall = 0;
  double samplesPerSecond = 0;
};

/// Benchmarks the model file at `path`. Float inputs are uniform in [0, 1),
/// integer inputs (token ids) uniform in [0, 1000); labels match the loss.
Result<BenchmarkResult> benchmarkModel(const std::string &path,
                                       const BenchmarkOptions &options);

} // namespace dlc

#endif // DLC_API_BENCHMARK_H
