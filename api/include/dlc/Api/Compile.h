//===- Compile.h - Compile a model file ahead of time ---------------------===//
//
// `dlc compile`: a model file to a program, an object file, LLVM IR or MLIR
// (the LLVM dialect) for a chosen CPU, through the same pipeline as the JIT
// (see dlc/Compiler/ObjectFile.h for what the object exports and
// runtime/lib/ExecutableMain.cpp for the program's interface).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_COMPILE_H
#define DLC_API_COMPILE_H

#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <string>

namespace dlc {

struct CompileOptions {
  /// "exe" (a program with `dlc run`'s interface), "lib" (a shared library
  /// with the C interface of runtime/include/dlc_model.h, copied beside
  /// it), both linked with the runtime core by the system's C++ compiler
  /// driver; "obj", "llvm" (LLVM IR, as optimized for the CPU) or "mlir"
  /// (the LLVM dialect, before translation).
  std::string emit = "obj";
  /// "native" or an LLVM CPU name (x86-64-v3, x86-64-v4, znver4, ...).
  std::string cpu = "native";
  /// The size of the inputs' dynamic first (batch) dimension; 0 for the
  /// default: 1, or with `train` the training section's batch size (else
  /// 32).
  int64_t batch = 0;
  /// For programs and libraries: a file to write the weights to instead of
  /// the binary, which reads it from its own folder when it starts (a
  /// program also takes --weights PATH).
  std::string weights;
  /// A program that trains the model (emit "exe" only) with `dlc train`'s
  /// interface (runtime/lib/TrainerMain.cpp), instead of one that runs it.
  bool train = false;
  /// The prefix of the exported symbols (SYMBOL_run, SYMBOL_signature).
  std::string symbol = "dlc_model";
};

/// Compiles the model in `modelPath` (.pbtxt, .pb or .onnx) into
/// `outputPath`. Errors name the file, the input or the node at fault.
Status compileModelFile(const std::string &modelPath,
                        const std::string &outputPath,
                        const CompileOptions &options);

} // namespace dlc

#endif // DLC_API_COMPILE_H
