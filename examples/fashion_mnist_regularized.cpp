//===- fashion_mnist_regularized.cpp - Chapter 4: fighting overfitting ----===//
//
// The book's regularized network: L2 weight penalties and dropout between
// the dense layers, with 20% of the training samples held out to watch
// validation loss, early stopping on it, and the best epoch checkpointed.
//
//   build/examples/fashion_mnist_regularized [--epochs N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Runtime/Callbacks.h"
#include "dlc/Api/Model.h"
#include "dlc/Runtime/NamedDatasets.h"

using namespace dlc::nn;
using example::check;

int main(int argc, char **argv) {
  dlc::TrainTestData data = check(dlc::loadNamedDataset("fashion-mnist"));

  Sequential network({Input({784}),
                      Dense(256, "relu", regularizers::l2(1e-4)),
                      Dropout(0.5),
                      Dense(256, "relu", regularizers::l2(1e-4)),
                      Dropout(0.5),
                      Dense(10, "softmax")});
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(1e-3),
                       "sparse_categorical_crossentropy", {"accuracy"}));

  dlc::EarlyStopping earlyStopping("val_loss", /*patience=*/2);
  dlc::ModelCheckpoint checkpoint("fashion_mnist_regularized_best.pb",
                                  "val_loss", /*saveBestOnly=*/true);
  dlc::FitOptions options;
  options.epochs = example::epochsFlag(argc, argv, 10);
  options.batchSize = 128;
  options.validationSplit = 0.2;
  options.seed = 1;
  options.callbacks = {&earlyStopping, &checkpoint};
  check(model->fit(data.train, options));
  if (earlyStopping.stoppedEpoch())
    std::printf("stopped early after epoch %lld\n",
                static_cast<long long>(*earlyStopping.stoppedEpoch() + 1));

  dlc::MetricValues test = check(model->evaluate(data.test, 128));
  for (const dlc::MetricValue &metric : test)
    std::printf("test %s: %.4f\n", metric.name.c_str(), metric.value);
  check(model->save("fashion_mnist_regularized.onnx"));
  return 0;
}
