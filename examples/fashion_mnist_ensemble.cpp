//===- fashion_mnist_ensemble.cpp - Chapter 7: model ensembling -----------===//
//
// Several small perceptrons of different widths and seeds trained on
// Fashion-MNIST; the average and a weighted average (each model weighted by
// its validation accuracy) of their predicted probabilities classify the
// test set better than any member.
//
//   build/examples/fashion_mnist_ensemble [--epochs N] [--train-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/Predictions.h"

using namespace dlc::nn;
using example::check;

int main(int argc, char **argv) {
  dlc::TrainTestData data = check(dlc::loadNamedDataset("fashion-mnist"));
  if (std::optional<int64_t> samples = example::trainSamplesFlag(argc, argv))
    data.train = data.train.slice(0, std::min(*samples, data.train.size()));
  // The last 10,000 training samples choose the weights.
  auto [train, validation] = check(data.train.split(1.0 / 6));

  std::vector<dlc::Tensor> testPredictions;
  std::vector<double> validationAccuracies;
  int64_t member = 0;
  for (int64_t width : {64, 128, 256}) {
    Sequential network({Input({784}), Dense(width, "relu"),
                        Dense(10, "softmax")});
    auto model = check(dlc::Model::fromNetwork(network, /*seed=*/width));
    check(model->compile(dlc::optimizers::rmsprop(1e-3),
                         "sparse_categorical_crossentropy", {"accuracy"}));
    dlc::FitOptions options;
    options.epochs = example::epochsFlag(argc, argv, 5);
    options.batchSize = 128;
    options.seed = static_cast<uint64_t>(width);
    options.progress = nullptr;
    check(model->fit(train, options));
    double validationAccuracy = check(dlc::classAccuracy(
        check(model->predict(validation.features(), 256)),
        validation.labels()));
    dlc::Tensor test = check(model->predict(data.test.features(), 256));
    std::printf("model %lld (Dense %lld): validation accuracy %.4f, test "
                "accuracy %.4f\n",
                static_cast<long long>(member++),
                static_cast<long long>(width), validationAccuracy,
                check(dlc::classAccuracy(test, data.test.labels())));
    testPredictions.push_back(test);
    validationAccuracies.push_back(validationAccuracy);
  }
  std::printf("average: test accuracy %.4f\n",
              check(dlc::classAccuracy(
                  check(dlc::averagePredictions(testPredictions)),
                  data.test.labels())));
  std::printf("weighted average: test accuracy %.4f\n",
              check(dlc::classAccuracy(
                  check(dlc::averagePredictions(testPredictions,
                                                validationAccuracies)),
                  data.test.labels())));
  return 0;
}
