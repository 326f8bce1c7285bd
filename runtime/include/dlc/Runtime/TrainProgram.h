//===- TrainProgram.h - The command line of training programs ----*- C++ -*-===//
//
// What `dlc train` and `dlc evaluate` do once the model's steps exist, and
// so what a program built by `dlc compile --train` does: load --data, fit
// with a progress bar per epoch, write the history, report the test split,
// save the model and checkpoints. Both run this code, so the same flags
// give the same output and the same weights.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TRAINPROGRAM_H
#define DLC_RUNTIME_TRAINPROGRAM_H

#include "dlc/Runtime/CommandFlags.h"
#include "dlc/Runtime/Trainer.h"

#include <string>
#include <vector>

namespace dlc {

/// The flags of the fit loop, taken by every training program.
const std::vector<std::string> &fitValueFlags();
const std::vector<std::string> &fitSwitches();
/// Their usage lines.
extern const char *const kFitFlagsUsage;

/// What the model's training section asks for when no flag does.
struct FitDefaults {
  int64_t epochs = 1;
  int64_t batchSize = 32;
  double validationSplit = 0.0;
};

/// Trains `trainer` as `dlc train` does; returns the exit code (errors are
/// printed).
int runTraining(Trainer &trainer, const CommandFlags &flags,
                const FitDefaults &defaults);

/// Prints the loss and metrics on --data's test split (else its training
/// split) as `dlc evaluate` does; returns the exit code.
int runEvaluation(Trainer &trainer, const CommandFlags &flags);

} // namespace dlc

#endif // DLC_RUNTIME_TRAINPROGRAM_H
