//===- TrainerMain.cpp - main() of a model compiled into a trainer --------===//
//
// `dlc compile --train` links this file's main with the model's training
// steps, their function table and data (dlc/Runtime/LinkedTrainer.h) and
// the runtime: a program that trains the model as `dlc train MODEL` does,
// with the same flags, progress bars, history, checkpoints and saved model,
// needing no LLVM, MLIR, protobuf or zlib library:
//
//   PROGRAM --data DATA [--epochs N] [--batch-size B] [--save OUT] ...
//
//===----------------------------------------------------------------------===//
#include "CompiledTrainer.h"

#include <iostream>

namespace {

int fail(const dlc::Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

std::string usage(const char *program) {
  return std::string("usage: ") + program +
         " --data DATA [--epochs N] [--batch-size B]\n"
         "       [--validation-split F] [--save OUT] [--resume CKPT]\n"
         "       [--checkpoint CKPT] [--history CSV] [--seed S] [--lr X]\n"
         "       [--normalize] [--label-column NAME] [--threads N]\n" +
         dlc::kFitFlagsUsage;
}

} // namespace

int main(int argc, char **argv) {
  dlc::Result<dlc::CommandFlags> flags = dlc::parseCommandFlags(
      argc - 1, argv + 1, dlc::fitValueFlags(), dlc::fitSwitches(),
      usage(argv[0]));
  if (!flags)
    return fail(flags.status());
  if (!flags->positional.empty())
    return fail(dlc::Status::error("unexpected argument '" +
                                   flags->positional.front() + "'\n" +
                                   usage(argv[0])));
  if (!flags->has("--data"))
    return fail(dlc::Status::error("--data is required\n" + usage(argv[0])));
  if (flags->has("--threads"))
    if (dlc::Status status = dlc::applyThreadsFlag(flags->get("--threads"));
        !status)
      return fail(status);
  dlc::Result<std::unique_ptr<dlc::LinkedTrainer>> trainer =
      dlc::createCompiledTrainer(argv[0]);
  if (!trainer)
    return fail(trainer.status());
  return dlc::runTraining(**trainer, *flags, (*trainer)->defaults());
}
