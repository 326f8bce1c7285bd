//===- CompileTrainer.h - `dlc compile --train` -------------------*- C++ -*-===//
#ifndef DLC_API_LIB_COMPILETRAINER_H
#define DLC_API_LIB_COMPILETRAINER_H

#include "dlc/Runtime/Status.h"

#include "llvm/Target/TargetMachine.h"

#include <string>

namespace dlc {

/// Writes the program `outputPath` that trains the model of `modelPath` as
/// `dlc train` does, or with `sharedLibrary` a library with the C interface
/// of runtime/include/dlc_trainer.h, on batches of `batchSize` samples (0:
/// the training section's batch size, else 32), with code for `machine`.
Status compileTrainer(const std::string &modelPath,
                      const std::string &outputPath, int64_t batchSize,
                      bool sharedLibrary, llvm::TargetMachine &machine);

} // namespace dlc

#endif // DLC_API_LIB_COMPILETRAINER_H
