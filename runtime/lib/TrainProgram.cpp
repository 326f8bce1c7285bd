//===- TrainProgram.cpp - The command line of training programs -----------===//
#include "dlc/Runtime/TrainProgram.h"

#include "dlc/Runtime/Callbacks.h"
#include "dlc/Runtime/DataParallel.h"
#include "dlc/Runtime/DataSource.h"
#include "dlc/Runtime/Fit.h"
#include "dlc/Runtime/InterruptFlag.h"
#include "dlc/Runtime/Normalizer.h"
#include "dlc/Runtime/TrainingLog.h"

#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>

namespace dlc {

const std::vector<std::string> &fitValueFlags() {
  static const std::vector<std::string> flags = {
      "--data",   "--epochs",     "--batch-size", "--validation-split",
      "--save",   "--resume",     "--checkpoint", "--history",
      "--seed",   "--lr",         "--label-column", "--threads",
      "--logdir",
      // Texts (TextVectorization.h).
      "--max-tokens", "--output-mode", "--sequence-length", "--text-split",
      "--padding", "--truncating"};
  return flags;
}

const std::vector<std::string> &fitSwitches() {
  static const std::vector<std::string> switches = {"--normalize"};
  return switches;
}

const char *const kFitFlagsUsage =
    "DATA is fashion-mnist, boston-housing, a directory of x_train/y_train\n"
    "[/x_test/y_test] as .npy or IDX (.idx) files, or a .csv file; or texts:\n"
    "spam-assassin, or a directory of class folders of .txt files (or of\n"
    "train/ and test/ folders of them). Texts become the model input's\n"
    "tensors: token indices for an integer input [batch, length], multi-hot\n"
    "vectors for a float input [batch, width], with\n"
    "  --max-tokens N (vocabulary size: the embedding's rows; the width)\n"
    "  --output-mode int|multi-hot|count|tf-idf --text-split words|characters\n"
    "  --sequence-length N --padding pre|post --truncating pre|post\n";

namespace {

int fail(const Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

/// Features reshaped to the model input's sample shape when the element
/// counts agree, so flat [N, 784] images feed a [batch, 1, 28, 28] input,
/// and converted to the input's dtype (uint8 pixels to float32).
/// `features` cast to `input`'s dtype and shaped as its samples.
Result<Tensor> fitToInput(const Tensor &features, int64_t samples,
                          const TensorSpec &input) {
  Tensor cast = features.castTo(input.dtype);
  std::vector<int64_t> shape{samples};
  int64_t perSample = 1;
  for (size_t d = 1; d < input.shape.size(); ++d) {
    if (input.shape[d] < 0)
      return cast;
    shape.push_back(input.shape[d]);
    perSample *= shape.back();
  }
  if (cast.shape() == shape)
    return cast;
  if (cast.numElements() != perSample * samples)
    return Status::error("--data: samples of shape " + cast.shapeString() +
                         " do not fit model input '" + input.name + "' (" +
                         std::to_string(perSample) + " values per sample)");
  return cast.reshaped(shape);
}

/// `data` with each input fitted to the model's (fitToInput).
Result<Dataset> fitToInputs(const Dataset &data,
                            const std::vector<TensorSpec> &inputs) {
  std::vector<Tensor> fitted;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Result<Tensor> input = fitToInput(data.inputs()[i], data.size(), inputs[i]);
    if (!input)
      return input.status();
    fitted.push_back(std::move(*input));
  }
  return Dataset::create(std::move(fitted), data.allLabels());
}

/// Replaces the training split, and the test split if any, by `transform`
/// of them.
Status transformSplits(
    DataSource &data,
    const std::function<Result<Dataset>(const Dataset &)> &transform) {
  Result<Dataset> train = transform(data.train);
  if (!train)
    return train.status();
  data.train = *train;
  if (data.test) {
    Result<Dataset> test = transform(*data.test);
    if (!test)
      return test.status();
    data.test = *test;
  }
  return Status::ok();
}

/// Sets `value` from `flag` where given, through `parse`; `expected` lists
/// the accepted names for the error.
template <typename T>
Status applyNamedFlag(const CommandFlags &flags, const std::string &flag,
                      std::optional<T> (*parse)(std::string_view),
                      const std::string &expected, T &value) {
  if (!flags.has(flag))
    return Status::ok();
  std::optional<T> parsed = parse(flags.get(flag));
  if (!parsed)
    return Status::error(flag + " " + flags.get(flag) + ": expected " +
                         expected);
  value = *parsed;
  return Status::ok();
}

/// How texts become the tensors of `input`: the output mode and sizes
/// follow from its dtype and shape unless flags say otherwise.
Result<TextVectorizationOptions> textOptions(const TensorSpec &input,
                                             const CommandFlags &flags) {
  TextVectorizationOptions options;
  bool indices = input.dtype == DType::Int64 || input.dtype == DType::Int32;
  options.outputMode =
      indices ? TextOutputMode::Int : TextOutputMode::MultiHot;
  DLC_RETURN_IF_ERROR(applyNamedFlag(flags, "--output-mode",
                                     textOutputModeFromName,
                                     "int, multi-hot, count or tf-idf",
                                     options.outputMode));
  if (indices != (options.outputMode == TextOutputMode::Int))
    return Status::error(
        "--output-mode " + flags.get("--output-mode") + ": model input '" +
        input.name + "' is " + dtypeName(input.dtype) + ", which takes " +
        (indices ? "token indices (int)" : "token vectors (multi-hot, count, "
                                           "tf-idf)"));
  int64_t width = input.shape.size() == 2 ? input.shape[1] : -1;
  Result<double> maxTokens = flags.number(
      "--max-tokens", indices || width < 0 ? 0 : static_cast<double>(width));
  Result<double> length = flags.number(
      "--sequence-length", indices && width > 0 ? width : 0);
  for (const Result<double> *value : {&maxTokens, &length})
    if (!*value)
      return value->status();
  options.maxTokens = static_cast<int64_t>(*maxTokens);
  options.sequenceLength = static_cast<int64_t>(*length);
  if (indices && options.maxTokens == 0)
    return Status::error(
        "model input '" + input.name +
        "' takes token indices: give the vocabulary size with --max-tokens "
        "(the rows of the embedding that reads them)");
  if (!indices && width > 0 && options.maxTokens != width)
    return Status::error("--max-tokens " + std::to_string(options.maxTokens) +
                         ": model input '" + input.name + "' takes vectors of " +
                         std::to_string(width) + " tokens");
  DLC_RETURN_IF_ERROR(applyNamedFlag(flags, "--text-split",
                                     textSplitFromName, "words or characters",
                                     options.split));
  DLC_RETURN_IF_ERROR(applyNamedFlag(flags, "--padding", sequenceEndFromName,
                                     "pre or post", options.padding));
  DLC_RETURN_IF_ERROR(applyNamedFlag(flags, "--truncating",
                                     sequenceEndFromName, "pre or post",
                                     options.truncation));
  return options;
}

/// --data, fitted to the model's one input, normalized if asked.
Result<DataSource> loadData(const Trainer &trainer, const CommandFlags &flags) {
  if (!flags.has("--data"))
    return Status::error("--data is required");
  const std::string &source = flags.get("--data");
  DataSourceOptions sourceOptions;
  for (const TensorSpec &input : trainer.inputs())
    sourceOptions.inputNames.push_back(input.name);
  for (const LabelFormat &label : trainer.labelFormats())
    sourceOptions.outputNames.push_back(label.outputName);
  bool several = sourceOptions.inputNames.size() > 1 ||
                 sourceOptions.outputNames.size() > 1;
  if (several &&
      !(std::filesystem::is_directory(source) && !isTextSource(source)))
    return Status::error(
        trainer.modelPath() + ": the model has " +
        std::to_string(sourceOptions.inputNames.size()) + " inputs and " +
        std::to_string(sourceOptions.outputNames.size()) +
        " losses; --data " + source +
        " feeds one of each (a directory of arrays feeds several: "
        "x_train.<input>.npy and y_train.<output>.npy for each)");
  const TensorSpec &input = trainer.inputs().front();
  sourceOptions.labelColumn = flags.get("--label-column");
  if (isTextSource(source)) {
    Result<TextVectorizationOptions> text = textOptions(input, flags);
    if (!text)
      return text.status();
    sourceOptions.text = *text;
  }
  Result<DataSource> data = loadDataSource(source, sourceOptions);
  if (!data)
    return data.status();
  if (data->vectorization)
    std::printf("Vocabulary of %zu tokens from %lld training texts\n",
                data->vectorization->vocabulary().size(),
                static_cast<long long>(data->train.size()));
  DLC_RETURN_IF_ERROR(transformSplits(*data, [&](const Dataset &split) {
    return fitToInputs(split, trainer.inputs());
  }));
  if (flags.has("--normalize")) {
    if (trainer.inputs().size() > 1)
      return Status::error("--normalize: the model has " +
                           std::to_string(trainer.inputs().size()) +
                           " inputs; it normalizes one");
    // Statistics of the training split only, applied to both.
    Result<Normalizer> normalizer = Normalizer::fit(data->train.features());
    if (!normalizer)
      return normalizer.status();
    DLC_RETURN_IF_ERROR(transformSplits(*data, [&](const Dataset &split) {
      return normalizer->apply(split);
    }));
  }
  return data;
}

/// Prints "test loss: X" and "test <metric>: X" lines.
Status reportTest(Trainer &trainer, const Dataset &test, int64_t batchSize) {
  Result<MetricValues> metrics = evaluate(trainer, test, batchSize);
  if (!metrics)
    return metrics.status();
  for (const MetricValue &metric : *metrics)
    std::printf("test %s: %.4f\n", metric.name.c_str(), metric.value);
  return Status::ok();
}

} // namespace

int runTraining(Trainer &trainer, const CommandFlags &flags,
                const FitDefaults &defaults) {
  Result<double> epochs = flags.number("--epochs", defaults.epochs);
  Result<double> batchSize = flags.number("--batch-size", defaults.batchSize);
  Result<double> split =
      flags.number("--validation-split", defaults.validationSplit);
  Result<double> seed = flags.number("--seed", 0);
  Result<double> rate = flags.number("--lr", trainer.learningRate());
  for (const Result<double> *value : {&epochs, &batchSize, &split, &seed, &rate})
    if (!*value)
      return fail(value->status());
  // Under an MPI launcher the processes train together, each on its share
  // of every batch; process 0 alone prints and writes files.
  ProcessGroup *group = trainingProcessGroup();
  if (launchedProcessCount().value_or(1) > 1 &&
      !(group && trainer.dataParallel()))
    return fail(Status::error(
        "an MPI launcher started " +
        std::to_string(*launchedProcessCount()) +
        " processes, but this trainer's steps were compiled to train alone "
        "(programs of `dlc compile --train` do); run `mpirun ... dlc train`"));
  const bool leader = !group || group->rank() == 0;
  Result<DataSource> data = loadData(trainer, flags);
  if (!data)
    return fail(data.status());

  FitOptions options;
  options.epochs = static_cast<int64_t>(*epochs);
  options.batchSize = static_cast<int64_t>(*batchSize);
  options.validationSplit = *split;
  options.seed = static_cast<uint64_t>(*seed);
  options.processes = group;
  // Each process draws dropout masks of its own; the shuffle is shared.
  trainer.setSeed(options.seed ^
                  (group ? group->rank() * 0x9E3779B97F4A7C15ull : 0));
  trainer.setLearningRate(*rate);
  if (flags.has("--resume")) {
    Result<std::map<std::string, std::string>> metadata =
        trainer.loadCheckpoint(flags.get("--resume"));
    if (!metadata)
      return fail(metadata.status());
    auto epoch = metadata->find("dlc.checkpoint.epoch");
    if (epoch == metadata->end())
      return fail(Status::error(flags.get("--resume") +
                                ": the checkpoint does not say which epoch it "
                                "ends"));
    options.initialEpoch = std::stoll(epoch->second);
    // Written by an interrupted run: steps done of the next epoch.
    if (auto step = metadata->find("dlc.checkpoint.step");
        step != metadata->end())
      options.initialStep = std::stoll(step->second);
    if (leader) {
      std::printf("Resuming after epoch %lld",
                  static_cast<long long>(options.initialEpoch));
      if (options.initialStep)
        std::printf(", step %lld",
                    static_cast<long long>(options.initialStep));
      std::printf(" (iteration %lld)\n",
                  static_cast<long long>(trainer.iteration()));
    }
  }
  std::optional<ModelCheckpoint> checkpoint;
  if (flags.has("--checkpoint") && leader) {
    checkpoint.emplace(flags.get("--checkpoint"));
    options.callbacks.push_back(&*checkpoint);
  }
  std::optional<TrainingLog> log;
  if (flags.has("--logdir") && leader) {
    // Activations and gradients on the first batch of the training data,
    // whose shapes the steps are compiled for already.
    log.emplace(flags.get("--logdir"),
                data->train.slice(
                    0, std::min(data->train.size(), options.batchSize)));
    options.callbacks.push_back(&*log);
  }

  if (leader) {
    std::printf("Training on %lld samples (%s)",
                static_cast<long long>(data->train.size()),
                flags.get("--data").c_str());
    if (group && group->size() > 1)
      std::printf(" in %d processes, %lld samples each per batch of %lld",
                  group->size(),
                  static_cast<long long>(
                      largestShare(options.batchSize, group->size())),
                  static_cast<long long>(options.batchSize));
    std::printf("\n");
  }
  // Ctrl-C stops after the step in progress, with a checkpoint where one
  // is asked for; a second Ctrl-C ends the program at once.
  InterruptFlag interrupted;
  options.interrupt = &interrupted.flag();
  Result<History> history = fit(trainer, data->train, options);
  if (!history)
    return fail(history.status());
  // Process 0 reports, tests and saves.
  if (!leader)
    return interrupted.flag() ? 130 : 0;
  if (interrupted.flag()) {
    std::printf("Interrupted at iteration %lld%s\n",
                static_cast<long long>(trainer.iteration()),
                checkpoint ? ("; checkpoint written to " +
                              flags.get("--checkpoint") +
                              " (--resume continues from it)")
                                 .c_str()
                           : "");
    return 130; // the shell's code for a program ended by SIGINT
  }
  if (Status status = history->writeCsv(flags.get("--history", "history.csv"));
      !status)
    return fail(status);
  if (data->test)
    if (Status status = reportTest(trainer, *data->test, options.batchSize);
        !status)
      return fail(status);
  if (flags.has("--save")) {
    if (Status status = trainer.saveModel(flags.get("--save")); !status)
      return fail(status);
    std::printf("saved %s\n", flags.get("--save").c_str());
  }
  return 0;
}

int runEvaluation(Trainer &trainer, const CommandFlags &flags) {
  // Under an MPI launcher, process 0 evaluates; the others have nothing to
  // add.
  if (ProcessGroup *group = trainingProcessGroup(); group && group->rank())
    return 0;
  Result<double> batchSize = flags.number("--batch-size", 128);
  if (!batchSize)
    return fail(batchSize.status());
  Result<DataSource> data = loadData(trainer, flags);
  if (!data)
    return fail(data.status());
  const Dataset &split = data->test ? *data->test : data->train;
  if (Status status =
          reportTest(trainer, split, static_cast<int64_t>(*batchSize));
      !status)
    return fail(status);
  return 0;
}

} // namespace dlc
