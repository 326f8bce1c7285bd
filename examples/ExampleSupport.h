//===- ExampleSupport.h - What the example drivers share ---------*- C++ -*-===//
//
// The examples read like the book's Keras scripts; this header keeps the
// few lines of error plumbing and flag reading out of them.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_EXAMPLES_EXAMPLESUPPORT_H
#define DLC_EXAMPLES_EXAMPLESUPPORT_H

#include "dlc/Runtime/Fit.h"
#include "dlc/Runtime/NamedDatasets.h"
#include "dlc/Runtime/Status.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace example {

/// The value of a successful Result, or exit(1) with its error.
template <typename T> T check(dlc::Result<T> result) {
  if (!result) {
    std::fprintf(stderr, "error: %s\n", result.status().message().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

inline void check(const dlc::Status &status) {
  if (!status) {
    std::fprintf(stderr, "error: %s\n", status.message().c_str());
    std::exit(1);
  }
}

/// The value after `name` ("--epochs") on the command line, or null.
inline const char *flagValue(int argc, char **argv, const char *name) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0)
      return argv[i + 1];
  return nullptr;
}

/// The integer after `name` on the command line, else `fallback`.
inline int64_t integerFlag(int argc, char **argv, const char *name,
                           int64_t fallback) {
  const char *value = flagValue(argc, argv, name);
  return value ? std::atoll(value) : fallback;
}

/// `--epochs N` from the command line (tests shorten runs with it), else
/// `fallback`.
inline int64_t epochsFlag(int argc, char **argv, int64_t fallback) {
  return integerFlag(argc, argv, "--epochs", fallback);
}

/// `--train-samples N` (or `--test-samples N`): tests train (or evaluate)
/// on the first N samples only.
inline std::optional<int64_t> samplesFlag(int argc, char **argv,
                                          const char *name) {
  if (const char *value = flagValue(argc, argv, name))
    return std::atoll(value);
  return std::nullopt;
}
inline std::optional<int64_t> trainSamplesFlag(int argc, char **argv) {
  return samplesFlag(argc, argv, "--train-samples");
}

/// Fashion-MNIST as images of (28, 28, 1), for convnets; the training set
/// shortened by --train-samples, the test set by --test-samples.
inline dlc::TrainTestData fashionMnistImages(int argc, char **argv) {
  dlc::NamedDatasetOptions options;
  options.flatten = false;
  dlc::TrainTestData data =
      check(dlc::loadNamedDataset("fashion-mnist", options));
  for (dlc::Dataset *split : {&data.train, &data.test}) {
    const dlc::Tensor &images = split->features();
    *split = check(dlc::Dataset::create(
        images.reshaped({images.shape()[0], 28, 28, 1}), split->labels()));
  }
  if (std::optional<int64_t> samples = trainSamplesFlag(argc, argv))
    data.train = data.train.slice(0, std::min(*samples, data.train.size()));
  if (std::optional<int64_t> samples =
          samplesFlag(argc, argv, "--test-samples"))
    data.test = data.test.slice(0, std::min(*samples, data.test.size()));
  return data;
}

/// The book's fitting options: --epochs (default `epochs`) epochs of
/// `batchSize` samples, shuffled from seed 1.
inline dlc::FitOptions fitOptions(int argc, char **argv, int64_t epochs,
                                  int64_t batchSize) {
  dlc::FitOptions options;
  options.epochs = epochsFlag(argc, argv, epochs);
  options.batchSize = batchSize;
  options.seed = 1;
  return options;
}

/// "test loss: 0.2931" and a line for each metric.
inline void printTestMetrics(const dlc::MetricValues &metrics) {
  for (const dlc::MetricValue &metric : metrics)
    std::printf("test %s: %.4f\n", metric.name.c_str(), metric.value);
}

} // namespace example

#endif // DLC_EXAMPLES_EXAMPLESUPPORT_H
