//===- TrainCommand.cpp - `dlc train` and `dlc evaluate` ------------------===//
//
// Thin mains over libdlc: the training setup comes from the model file's
// training section, overridden by flags with Keras's names; everything else
// (data sources, the fit loop, checkpoints) is library code.
//
//===----------------------------------------------------------------------===//
#include "TrainCommand.h"

#include "CountFlags.h"

#include "dlc/Api/Callbacks.h"
#include "dlc/Api/Fit.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/DataSource.h"
#include "dlc/Runtime/Normalizer.h"

#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

namespace {

const char *kUsage =
    "usage: dlc train MODEL --data DATA [--epochs N] [--batch-size B]\n"
    "                 [--validation-split F] [--save OUT] [--resume CKPT]\n"
    "                 [--checkpoint CKPT] [--history CSV] [--seed S]\n"
    "                 [--normalize] [--label-column NAME] [--threads N]\n"
    "                 [TRAINING FLAGS]\n"
    "       dlc evaluate MODEL --data DATA [--batch-size B] [--normalize]\n"
    "                 [--threads N] [TRAINING FLAGS]\n"
    "TRAINING FLAGS override the model's training section:\n"
    "  --loss NAME [--from-logits] --optimizer NAME --lr X --metrics A,B\n"
    "DATA is fashion-mnist, boston-housing, a directory of x_train/y_train\n"
    "[/x_test/y_test] as .npy or IDX (.idx) files, or a .csv file.\n";

struct Flags {
  std::string model;
  std::map<std::string, std::string> values;
  bool has(const std::string &flag) const { return values.count(flag); }
  std::string get(const std::string &flag, std::string fallback = "") const {
    auto found = values.find(flag);
    return found == values.end() ? fallback : found->second;
  }
};

const std::vector<std::string> kValueFlags = {
    "--data",       "--epochs",    "--batch-size", "--validation-split",
    "--save",       "--resume",    "--checkpoint", "--history",
    "--seed",       "--loss",      "--optimizer",  "--lr",
    "--metrics",    "--label-column", "--threads"};
const std::vector<std::string> kSwitches = {"--from-logits", "--normalize"};

dlc::Result<Flags> parseFlags(int argc, char **argv) {
  if (argc < 1)
    return dlc::Status::error(std::string("missing MODEL\n") + kUsage);
  Flags flags;
  flags.model = argv[0];
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (std::find(kSwitches.begin(), kSwitches.end(), arg) != kSwitches.end()) {
      flags.values[arg] = "1";
    } else if (std::find(kValueFlags.begin(), kValueFlags.end(), arg) !=
               kValueFlags.end()) {
      if (i + 1 >= argc)
        return dlc::Status::error(arg + " needs a value");
      flags.values[arg] = argv[++i];
    } else {
      return dlc::Status::error("unknown argument '" + arg + "'\n" + kUsage);
    }
  }
  if (!flags.has("--data"))
    return dlc::Status::error(std::string("--data is required\n") + kUsage);
  return flags;
}

dlc::Result<double> number(const Flags &flags, const std::string &flag,
                           double fallback) {
  if (!flags.has(flag))
    return fallback;
  std::string text = flags.get(flag);
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    return dlc::Status::error(flag + ": expected a number, got '" + text + "'");
  return value;
}

/// The training section with the flags applied.
void applyTrainingFlags(const Flags &flags, dlc::proto::Training &training) {
  if (flags.has("--loss"))
    training.mutable_loss()->set_name(flags.get("--loss"));
  if (flags.has("--from-logits"))
    training.mutable_loss()->set_from_logits(true);
  if (flags.has("--optimizer"))
    training.mutable_optimizer()->set_name(flags.get("--optimizer"));
  if (flags.has("--metrics")) {
    training.clear_metrics();
    std::stringstream list(flags.get("--metrics"));
    for (std::string metric; std::getline(list, metric, ',');)
      if (!metric.empty())
        training.add_metrics(metric);
  }
}

/// Features reshaped to the model input's sample shape when the element
/// counts agree, so flat [N, 784] images feed a [batch, 1, 28, 28] input,
/// and converted to the input's dtype (uint8 pixels to float32).
dlc::Result<dlc::Dataset> fitToInput(const dlc::Dataset &data,
                                     const dlc::proto::ValueInfo &input) {
  dlc::Result<dlc::DType> dtype = dlc::dtypeFromProto(input.dtype());
  if (!dtype)
    return dtype.status();
  dlc::Tensor features = data.features().castTo(*dtype);
  std::vector<int64_t> shape{data.size()};
  int64_t perSample = 1;
  for (int d = 1; d < input.shape_size(); ++d) {
    if (input.shape(d).value_case() != dlc::proto::Dim::kSize)
      return dlc::Dataset::create(features, data.labels());
    shape.push_back(input.shape(d).size());
    perSample *= shape.back();
  }
  if (features.shape() == shape)
    return dlc::Dataset::create(features, data.labels());
  if (features.numElements() != perSample * data.size())
    return dlc::Status::error(
        "--data: samples of shape " + features.shapeString() +
        " do not fit model input '" + input.name() + "' (" +
        std::to_string(perSample) + " values per sample)");
  return dlc::Dataset::create(features.reshaped(shape), data.labels());
}

struct Prepared {
  Flags flags;
  dlc::proto::Model model;
  std::unique_ptr<dlc::TrainingSession> session;
  dlc::DataSource data;
};

/// Loads the model and the data and creates the session; shared by train
/// and evaluate.
/// Replaces the training split, and the test split if any, by `transform`
/// of them.
dlc::Status transformSplits(
    dlc::DataSource &data,
    const std::function<dlc::Result<dlc::Dataset>(const dlc::Dataset &)>
        &transform) {
  dlc::Result<dlc::Dataset> train = transform(data.train);
  if (!train)
    return train.status();
  data.train = *train;
  if (data.test) {
    dlc::Result<dlc::Dataset> test = transform(*data.test);
    if (!test)
      return test.status();
    data.test = *test;
  }
  return dlc::Status::ok();
}

dlc::Result<Prepared> prepare(const Flags &flags) {
  dlc::Result<dlc::proto::Model> model = dlc::loadModelFile(flags.model);
  if (!model)
    return model.status();
  applyTrainingFlags(flags, *model->mutable_training());
  dlc::Result<dlc::TrainingSpec> spec =
      dlc::trainingSpecFromProto(*model, flags.model);
  if (!spec)
    return spec.status();
  dlc::Result<double> rate =
      number(flags, "--lr", dlc::learningRateFromProto(model->training()));
  if (!rate)
    return rate.status();
  model->mutable_training()->mutable_optimizer()->set_learning_rate(*rate);
  dlc::Result<std::unique_ptr<dlc::TrainingSession>> session =
      dlc::TrainingSession::create(*model, flags.model, *spec, *rate);
  if (!session)
    return session.status();
  if ((*session)->inputs().size() != 1)
    return dlc::Status::error(flags.model + ": dlc train feeds one input; the "
                              "model has " +
                              std::to_string((*session)->inputs().size()) +
                              " (use the C++ API for several)");

  dlc::DataSourceOptions sourceOptions;
  sourceOptions.labelColumn = flags.get("--label-column");
  dlc::Result<dlc::DataSource> data =
      dlc::loadDataSource(flags.get("--data"), sourceOptions);
  if (!data)
    return data.status();
  const dlc::proto::ValueInfo &input = *(*session)->inputs().front();
  DLC_RETURN_IF_ERROR(transformSplits(*data, [&](const dlc::Dataset &split) {
    return fitToInput(split, input);
  }));
  if (flags.has("--normalize")) {
    // Statistics of the training split only, applied to both.
    dlc::Result<dlc::Normalizer> normalizer =
        dlc::Normalizer::fit(data->train.features());
    if (!normalizer)
      return normalizer.status();
    DLC_RETURN_IF_ERROR(transformSplits(*data, [&](const dlc::Dataset &split) {
      return normalizer->apply(split);
    }));
  }
  return Prepared{flags, std::move(*model), std::move(*session),
                  std::move(*data)};
}

/// The flags of a command line, then prepare().
dlc::Result<Prepared> prepareCommand(int argc, char **argv) {
  dlc::Result<Flags> flags = parseFlags(argc, argv);
  if (!flags)
    return flags.status();
  // Before prepare(), which compiles for the thread count.
  if (flags->has("--threads"))
    if (dlc::Status status = applyThreadsFlag(flags->get("--threads"));
        !status)
      return status;
  return prepare(*flags);
}

int fail(const dlc::Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

/// Prints "test loss: X" and "test <metric>: X" lines.
dlc::Status reportTest(dlc::TrainingSession &session, const dlc::Dataset &test,
                       int64_t batchSize) {
  dlc::Result<dlc::MetricValues> metrics =
      dlc::evaluate(session, test, batchSize);
  if (!metrics)
    return metrics.status();
  for (const dlc::MetricValue &metric : *metrics)
    std::printf("test %s: %.4f\n", metric.name.c_str(), metric.value);
  return dlc::Status::ok();
}

} // namespace

const char *trainUsage() { return kUsage; }

int trainCommand(int argc, char **argv) {
  dlc::Result<Prepared> prepared = prepareCommand(argc, argv);
  if (!prepared)
    return fail(prepared.status());
  const Flags *flags = &prepared->flags;
  const dlc::proto::Training &training = prepared->model.training();

  dlc::FitOptions options;
  dlc::Result<double> epochs =
      number(*flags, "--epochs", training.epochs() ? training.epochs() : 1);
  dlc::Result<double> batchSize = number(
      *flags, "--batch-size", training.batch_size() ? training.batch_size() : 32);
  dlc::Result<double> split =
      number(*flags, "--validation-split", training.validation_split());
  dlc::Result<double> seed = number(*flags, "--seed", 0);
  for (const dlc::Result<double> *value : {&epochs, &batchSize, &split, &seed})
    if (!*value)
      return fail(value->status());
  options.epochs = static_cast<int64_t>(*epochs);
  options.batchSize = static_cast<int64_t>(*batchSize);
  options.validationSplit = *split;
  options.seed = static_cast<uint64_t>(*seed);

  dlc::TrainingSession &session = *prepared->session;
  session.setSeed(options.seed);
  if (flags->has("--resume")) {
    dlc::Result<std::map<std::string, std::string>> metadata =
        session.loadCheckpoint(flags->get("--resume"));
    if (!metadata)
      return fail(metadata.status());
    auto epoch = metadata->find("dlc.checkpoint.epoch");
    if (epoch == metadata->end())
      return fail(dlc::Status::error(flags->get("--resume") +
                                     ": the checkpoint does not say which "
                                     "epoch it ends"));
    options.initialEpoch = std::stoll(epoch->second);
    std::printf("Resuming after epoch %lld (iteration %lld)\n",
                static_cast<long long>(options.initialEpoch),
                static_cast<long long>(session.iteration()));
  }
  std::optional<dlc::ModelCheckpoint> checkpoint;
  if (flags->has("--checkpoint")) {
    checkpoint.emplace(flags->get("--checkpoint"));
    options.callbacks.push_back(&*checkpoint);
  }

  std::printf("Training on %lld samples (%s)\n",
              static_cast<long long>(prepared->data.train.size()),
              flags->get("--data").c_str());
  dlc::Result<dlc::History> history =
      dlc::fit(session, prepared->data.train, options);
  if (!history)
    return fail(history.status());
  std::string historyPath = flags->get("--history", "history.csv");
  if (dlc::Status status = history->writeCsv(historyPath); !status)
    return fail(status);

  if (prepared->data.test)
    if (dlc::Status status =
            reportTest(session, *prepared->data.test, options.batchSize);
        !status)
      return fail(status);
  if (flags->has("--save")) {
    dlc::Result<dlc::proto::Model> trained = session.trainedModel();
    if (!trained)
      return fail(trained.status());
    if (dlc::Status status = dlc::saveModelFile(*trained, flags->get("--save"));
        !status)
      return fail(status);
    std::printf("saved %s\n", flags->get("--save").c_str());
  }
  return 0;
}

int evaluateCommand(int argc, char **argv) {
  dlc::Result<Prepared> prepared = prepareCommand(argc, argv);
  if (!prepared)
    return fail(prepared.status());
  const Flags *flags = &prepared->flags;
  dlc::Result<double> batchSize = number(*flags, "--batch-size", 128);
  if (!batchSize)
    return fail(batchSize.status());
  const dlc::Dataset &data =
      prepared->data.test ? *prepared->data.test : prepared->data.train;
  if (dlc::Status status = reportTest(*prepared->session, data,
                                      static_cast<int64_t>(*batchSize));
      !status)
    return fail(status);
  return 0;
}
