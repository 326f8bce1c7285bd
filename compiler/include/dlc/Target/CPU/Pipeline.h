//===- Pipeline.h - The CPU target's pipeline from dlc to LLVM ----*- C++ -*-===//
#ifndef DLC_TARGET_CPU_PIPELINE_H
#define DLC_TARGET_CPU_PIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>
#include <vector>

namespace dlc {

/// The options of the CPU pipeline; `dlc-opt --dlc-cpu-pipeline="..."`
/// spells them as text.
struct CpuPipelineOptions : mlir::PassPipelineOptions<CpuPipelineOptions> {
  Option<std::string> inputShapes{
      *this, "input-shapes",
      llvm::cl::desc("Static shapes for @main's arguments, e.g. 32x784")};
  Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes per vector register (0: detect the host)"),
      llvm::cl::init(0)};
  Option<int64_t> threads{
      *this, "threads",
      llvm::cl::desc("Threads the code is cut into tasks for (0: this "
                     "machine's processors; 1: no parallel loops)"),
      llvm::cl::init(0)};
  Option<bool> runtimeChecks{
      *this, "runtime-checks",
      llvm::cl::desc("Check every memory access at run time and stop with "
                     "an error naming the op and the model node when one "
                     "is out of bounds (--check-bounds)"),
      llvm::cl::init(false)};
};

/// The `input-shapes` option text for `shapes`: "32x784,32".
std::string formatInputShapes(const std::vector<std::vector<int64_t>> &shapes);

/// dlc (any shapes) -> static shapes -> linalg -> buffers -> vectors -> LLVM.
/// Compiled functions take one bare pointer per input, then one per output
/// (results become out-parameters), so callers own every buffer.
void buildCpuPipeline(mlir::OpPassManager &pm,
                      const CpuPipelineOptions &options);

/// Registers `dlc-cpu-pipeline` and every pass it runs (upstream's and
/// dlc's below passes/) by name, for dlc-opt and for MLIR's debugging flags
/// such as `--mlir-print-ir-after=PASS` (idempotent).
void registerCpuPipeline();

/// f32 lanes of the widest vector unit of this machine (16 with AVX-512).
int64_t hostVectorWidth();

/// Processors this process may run on.
int64_t hostThreadCount();

} // namespace dlc

#endif // DLC_TARGET_CPU_PIPELINE_H
