//===- TrainCommand.cpp - `dlc train` and `dlc evaluate` ------------------===//
//
// Thin mains over libdlc: the training setup comes from the model file's
// training section, overridden by flags with Keras's names; the rest (data,
// the fit loop, checkpoints) is the runtime's training program
// (dlc/Runtime/TrainProgram.h), which compiled trainers run too.
//
//===----------------------------------------------------------------------===//
#include "TrainCommand.h"

#include "dlc/Api/TrainingSession.h"
#include "dlc/Frontend/GraphDot.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Runtime/RuntimeChecks.h"
#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/ProcessGroup.h"
#include "dlc/Runtime/TrainProgram.h"

#include <filesystem>
#include <iostream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>

namespace {

const std::string kUsage =
    std::string(
        "usage: dlc train MODEL --data DATA [--epochs N] [--batch-size B]\n"
        "                 [--validation-split F] [--save OUT] [--resume CKPT]\n"
        "                 [--checkpoint CKPT] [--history CSV] [--seed S]\n"
        "                 [--normalize] [--label-column NAME] [--threads N]\n"
        "                 [--logdir DIR] [--check-bounds]\n"
        "                 [TRAINING FLAGS]\n"
        "       dlc evaluate MODEL --data DATA [--batch-size B] [--normalize]\n"
        "                 [--threads N] [--check-bounds] [TRAINING FLAGS]\n"
        "TRAINING FLAGS override the model's training section:\n"
        "  --loss NAME [--from-logits] --optimizer NAME --lr X --metrics A,B\n"
        "  --freeze A,B (layers or weights that training leaves unchanged)\n") +
    dlc::kFitFlagsUsage;

/// The flags that change the compiled steps, beside the fit loop's.
const std::vector<std::string> kModelValueFlags = {"--loss", "--optimizer",
                                                   "--metrics", "--freeze"};
const std::vector<std::string> kModelSwitches = {"--from-logits",
                                                 "--check-bounds"};

int fail(const dlc::Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

/// The non-empty items of a comma-separated list.
std::vector<std::string> commaList(const std::string &text) {
  std::vector<std::string> items;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');)
    if (!item.empty())
      items.push_back(item);
  return items;
}

/// The training section with the flags applied.
void applyTrainingFlags(const dlc::CommandFlags &flags,
                        dlc::proto::Training &training) {
  if (flags.has("--loss"))
    training.mutable_loss()->set_name(flags.get("--loss"));
  if (flags.has("--from-logits"))
    training.mutable_loss()->set_from_logits(true);
  if (flags.has("--optimizer"))
    training.mutable_optimizer()->set_name(flags.get("--optimizer"));
  if (flags.has("--metrics")) {
    training.clear_metrics();
    for (const std::string &metric : commaList(flags.get("--metrics")))
      training.add_metrics(metric);
  }
  if (flags.has("--freeze"))
    for (const std::string &name : commaList(flags.get("--freeze")))
      training.add_frozen(name);
}

/// --logdir's drawing of the model: DIR/model.dot, and DIR/model.svg laid
/// out by Graphviz's `dot` where it is installed (the page then shows it).
dlc::Status writeModelGraph(const dlc::proto::Model &model,
                            const std::string &directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    return dlc::Status::error(directory + ": " + error.message());
  std::string dotPath = directory + "/model.dot";
  std::string svgPath = directory + "/model.svg";
  DLC_RETURN_IF_ERROR(
      dlc::writeFileAtomically(dotPath, {dlc::graphDot(model)}));
  std::vector<std::string> arguments = {"dot", "-Tsvg", dotPath, "-o",
                                        svgPath};
  std::vector<char *> argv;
  for (std::string &argument : arguments)
    argv.push_back(argument.data());
  argv.push_back(nullptr);
  pid_t child;
  if (posix_spawnp(&child, "dot", nullptr, nullptr, argv.data(), environ) !=
      0) {
    std::cerr << "note: Graphviz's dot is not installed; " << dotPath
              << " is not drawn\n";
    return dlc::Status::ok();
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return dlc::Status::error("dot -Tsvg " + dotPath + " failed");
  return dlc::Status::ok();
}

struct Prepared {
  dlc::CommandFlags flags;
  dlc::proto::Model model;
  std::unique_ptr<dlc::TrainingSession> session;
};

/// Parses the command line, loads the model with the flags applied and
/// creates the session; shared by train and evaluate.
dlc::Result<Prepared> prepare(int argc, char **argv) {
  std::vector<std::string> valueFlags = dlc::fitValueFlags();
  valueFlags.insert(valueFlags.end(), kModelValueFlags.begin(),
                    kModelValueFlags.end());
  std::vector<std::string> switches = dlc::fitSwitches();
  switches.insert(switches.end(), kModelSwitches.begin(),
                  kModelSwitches.end());
  dlc::Result<dlc::CommandFlags> flags =
      dlc::parseCommandFlags(argc, argv, valueFlags, switches, kUsage);
  if (!flags)
    return flags.status();
  if (flags->positional.size() != 1)
    return dlc::Status::error("expected one MODEL\n" + kUsage);
  if (!flags->has("--data"))
    return dlc::Status::error("--data is required\n" + kUsage);
  // Before the session, which compiles for the thread count and mode.
  if (flags->has("--check-bounds"))
    dlc::setRuntimeChecks(true);
  if (flags->has("--threads"))
    if (dlc::Status status = dlc::applyThreadsFlag(flags->get("--threads"));
        !status)
      return status;
  const std::string &path = flags->positional.front();
  dlc::Result<dlc::proto::Model> model = dlc::loadModelFile(path);
  if (!model)
    return model.status();
  applyTrainingFlags(*flags, *model->mutable_training());
  dlc::Result<dlc::TrainingSpec> spec = dlc::trainingSpecFromProto(*model, path);
  if (!spec)
    return spec.status();
  // Started by an MPI launcher with several processes: each trains on its
  // share of every batch, with steps that average the gradients.
  dlc::Result<dlc::ProcessGroup *> world = dlc::worldProcessGroup();
  if (!world)
    return world.status();
  if ((*world)->size() > 1) {
    spec->dataParallel = true;
    dlc::setTrainingProcessGroup(*world);
  }
  dlc::Result<double> rate =
      flags->number("--lr", dlc::learningRateFromProto(model->training()));
  if (!rate)
    return rate.status();
  model->mutable_training()->mutable_optimizer()->set_learning_rate(*rate);
  dlc::Result<std::unique_ptr<dlc::TrainingSession>> session =
      dlc::TrainingSession::create(*model, path, *spec, *rate);
  if (!session)
    return session.status();
  return Prepared{std::move(*flags), std::move(*model), std::move(*session)};
}

} // namespace

std::string trainUsage() { return kUsage; }

int trainCommand(int argc, char **argv) {
  dlc::Result<Prepared> prepared = prepare(argc, argv);
  if (!prepared)
    return fail(prepared.status());
  const dlc::proto::Training &training = prepared->model.training();
  dlc::FitDefaults defaults;
  if (training.epochs())
    defaults.epochs = training.epochs();
  if (training.batch_size())
    defaults.batchSize = training.batch_size();
  defaults.validationSplit = training.validation_split();
  if (prepared->flags.has("--logdir"))
    if (dlc::Status status = writeModelGraph(prepared->model,
                                             prepared->flags.get("--logdir"));
        !status)
      return fail(status);
  return dlc::runTraining(*prepared->session, prepared->flags, defaults);
}

int evaluateCommand(int argc, char **argv) {
  dlc::Result<Prepared> prepared = prepare(argc, argv);
  if (!prepared)
    return fail(prepared.status());
  return dlc::runEvaluation(*prepared->session, prepared->flags);
}
