//===- fashion_mnist_mlp.cpp - Chapter 2: a first neural network ----------===//
//
// The book's first example, on Fashion-MNIST (the MNIST stand-in Debian
// ships): a 784-512-10 perceptron trained with RMSprop for 5 epochs.
//
//   build/examples/fashion_mnist_mlp [--epochs N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/NamedDatasets.h"

using namespace dlc::nn;
using example::check;

int main(int argc, char **argv) {
  dlc::TrainTestData data = check(dlc::loadNamedDataset("fashion-mnist"));

  Sequential network({Input({784}), Dense(512, "relu"), Dense(10, "softmax")});
  std::printf("%s\n", check(network.summary()).c_str());
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(1e-3),
                       "sparse_categorical_crossentropy", {"accuracy"}));

  dlc::FitOptions options = example::fitOptions(argc, argv, 5, 128);
  dlc::History history = check(model->fit(data.train, options));
  check(history.writeCsv("fashion_mnist_mlp_history.csv"));

  example::printTestMetrics(check(model->evaluate(data.test, 128)));
  return 0;
}
