//===- boston_housing_kfold.cpp - Chapter 3: regression with K-fold -------===//
//
// Predicting house prices: features normalized with the training split's
// statistics, a 64-64-1 network trained with RMSprop on MSE, validated by
// 4-fold cross-validation (80 epochs, batch 16), then the mean validation
// MAE over the folds.
//
//   build/examples/boston_housing_kfold [--epochs N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/NamedDatasets.h"
#include "dlc/Runtime/Normalizer.h"

using namespace dlc::nn;
using example::check;

int main(int argc, char **argv) {
  dlc::TrainTestData data = check(dlc::loadNamedDataset("boston-housing"));
  dlc::Normalizer normalizer = check(dlc::Normalizer::fit(data.train.features()));
  dlc::Dataset train = check(normalizer.apply(data.train));

  const int64_t folds = 4;
  double maeSum = 0;
  for (int64_t fold = 0; fold < folds; ++fold) {
    auto [partial, validation] = check(train.fold(folds, fold));
    Sequential network({Input({13}), Dense(64, "relu"), Dense(64, "relu"),
                        Dense(1)});
    auto model = check(dlc::Model::fromNetwork(network, /*seed=*/fold));
    check(model->compile(dlc::optimizers::rmsprop(1e-3), "mse", {"mae"}));
    dlc::FitOptions options;
    options.epochs = example::epochsFlag(argc, argv, 80);
    options.batchSize = 16;
    options.seed = fold;
    options.progress = nullptr; // 320 epochs of bars would drown the result
    check(model->fit(partial, options));
    dlc::MetricValues scores = check(model->evaluate(validation, 16));
    double mae = scores[1].value;
    std::printf("fold %lld: validation MAE %.3f\n",
                static_cast<long long>(fold), mae);
    maeSum += mae;
  }
  std::printf("mean validation MAE: %.3f\n", maeSum / folds);
  return 0;
}
