//===- ObjectFile.h - A lowered function as LLVM IR or an object file -*- C++ -*-===//
//
// The ahead-of-time way to load a LoweredFunction: machine code for a chosen
// CPU in an object file that a program links with dlc's runtime (the
// thread pool and buffer pool the code calls), no LLVM needed to run it.
//
// The object exports three symbols, `SYMBOL` being the caller's prefix:
//   void SYMBOL_run(void **buffers)   buffers: the data pointers of the
//                                     inputs, then of the outputs, in order
//   const char SYMBOL_signature[]     one line per tensor:
//                                     "input|output NAME DTYPE DIM,DIM,...
//                                     [batch]"
//   const char SYMBOL_cpu_features[]  the instruction-set extensions the
//                                     code may use, comma-separated
//                                     (dlc/Runtime/CpuFeatures.h)
// Everything else (the model's function, its tasks, its weights) is
// internal, so the objects of several models link into one program.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_OBJECTFILE_H
#define DLC_COMPILER_OBJECTFILE_H

#include "dlc/Compiler/LowerFunction.h"

#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dlc {

/// A target machine for this machine's architecture and operating system
/// and `cpu`: "native" (this machine's CPU, every feature it has) or an LLVM
/// CPU name (x86-64-v3 for AVX2, x86-64-v4 for AVX-512, znver4, ...).
Result<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const std::string &cpu);

/// The f32 lanes of the widest vectors of `machine`: 16 with AVX-512, 8 with
/// AVX, else 4. The CPU pipeline's vector width for code it will run.
int64_t vectorWidthOf(const llvm::TargetMachine &machine);

enum class EmitKind { LlvmIr, Object };

/// A large constant of a compiled function (its weights), taken out of its
/// object: the object refers to `symbol`, which the function table defines
/// once for all the functions that use it (the same weights compiled for
/// several batch sizes), in the binary or in a weights file.
struct SharedConstant {
  std::string symbol;
  std::string bytes;
  uint64_t alignment;
};

/// Writes the function of `function` (entry `entry`, in the LLVM dialect),
/// optimized for `machine`, to `out` as LLVM IR text or an object file
/// exporting `symbol`_run, `symbol`_signature and `symbol`_cpu_features
/// (above). `batchFirst`: every tensor's first dimension is the batch (the
/// signature marks them). With `sharedConstants`, the large constants go
/// there instead of into the object (see SharedConstant).
Status writeCompiledFunction(
    LoweredFunction &function, const std::string &entry,
    llvm::TargetMachine &machine, const std::string &symbol, EmitKind kind,
    llvm::raw_pwrite_stream &out, bool batchFirst = false,
    std::vector<SharedConstant> *sharedConstants = nullptr);

/// Where a function table's shared constants live: in its object, or in a
/// weights file (dlc/Runtime/WeightsFile.h) named `fileName` with `digest`,
/// constant i at `offsets[i]`.
struct WeightsPlacement {
  bool inFile = false;
  std::string fileName;
  uint64_t digest = 0;
  std::vector<int64_t> offsets;
};

/// A function of a table (writeFunctionTable): the `symbol` prefix it was
/// written with (writeCompiledFunction), the role a program looks it up by
/// ("train", "evaluate", ...) and the batch size it was compiled for.
struct TableEntry {
  std::string role;
  int64_t batch;
  std::string symbol;
};

/// Writes an object file that defines, for a program linking it with the
/// entries' objects,
///   `tableName`: an array of
///     struct { const char *role; int64_t batch; void (*run)(void **);
///              const char *signature; const char *cpuFeatures; }
///   one per entry, then one whose role is null (the layout of
///   dlc::LinkedFunction, dlc/Runtime/LinkedFunction.h);
///   for each blob NAME: `const uint8_t NAME[]` (64-byte aligned) and
///   `const int64_t NAME_size`;
///   each shared constant of `constants`, initialized, or zeroed when
///   `weights` puts them in a file;
///   `tableName`_weights: the dlc::LinkedWeight rows of that file (none
///   for constants in the object), then a null row;
///   `tableName`_weights_file (its name, "" for none) and
///   `tableName`_weights_digest (a uint64_t).
Status writeFunctionTable(
    const std::string &tableName, const std::vector<TableEntry> &entries,
    const std::vector<std::pair<std::string, std::string>> &blobs,
    const std::vector<SharedConstant> &constants,
    const WeightsPlacement &weights, llvm::TargetMachine &machine,
    llvm::raw_pwrite_stream &out);

} // namespace dlc

#endif // DLC_COMPILER_OBJECTFILE_H
