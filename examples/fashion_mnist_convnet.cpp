//===- fashion_mnist_convnet.cpp - Chapter 5: a first convnet -------------===//
//
// The book's convnet on Fashion-MNIST: Conv2D 32-64-64 with max pooling,
// then Dense 64 and a softmax over 10 classes, trained with RMSprop on
// batches of 64 for 5 epochs.
//
//   build/examples/fashion_mnist_convnet [--epochs N] [--train-samples N]
//       [--test-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/NamedDatasets.h"

using namespace dlc::nn;
using example::check;

int main(int argc, char **argv) {
  dlc::TrainTestData data = example::fashionMnistImages(argc, argv);

  Sequential network({Input({28, 28, 1}), Conv2D(32, 3, "relu"),
                      MaxPooling2D(2), Conv2D(64, 3, "relu"), MaxPooling2D(2),
                      Conv2D(64, 3, "relu"), Flatten(), Dense(64, "relu"),
                      Dense(10, "softmax")});
  std::printf("%s\n", check(network.summary()).c_str());
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(1e-3),
                       "sparse_categorical_crossentropy", {"accuracy"}));

  dlc::FitOptions options = example::fitOptions(argc, argv, 5, 64);
  check(model->fit(data.train, options));
  example::printTestMetrics(check(model->evaluate(data.test, 128)));
  return 0;
}
