//===- fashion_mnist_residual.cpp - Chapter 7: a small residual convnet ---===//
//
// The book's modern convnet pattern on Fashion-MNIST: blocks of batch
// normalization, ReLU and depthwise separable convolutions, each block
// downsampled by max pooling and added to a strided 1x1 projection of its
// input (a residual connection), then global average pooling, dropout and a
// softmax. RMSprop, batches of 64, 5 epochs.
//
//   build/examples/fashion_mnist_residual [--epochs N] [--train-samples N]
//       [--test-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"

using namespace dlc::nn;
using example::check;

int main(int argc, char **argv) {
  dlc::TrainTestData data = example::fashionMnistImages(argc, argv);

  SymbolicTensor inputs = Input({28, 28, 1});
  SymbolicTensor x = Conv2D(32, 3, "linear", 1, "same", {}, false)(inputs);
  for (int64_t size : {32, 64, 128}) {
    SymbolicTensor residual = x;
    x = Activation("relu")(BatchNormalization()(x));
    x = SeparableConv2D(size, 3, "linear", 1, "same", 1, false)(x);
    x = Activation("relu")(BatchNormalization()(x));
    x = SeparableConv2D(size, 3, "linear", 1, "same", 1, false)(x);
    x = MaxPooling2D(3, 2, "same")(x);
    residual = Conv2D(size, 1, "linear", 2, "same", {}, false)(residual);
    x = Add()({x, residual});
  }
  x = Dropout(0.5)(GlobalAveragePooling2D()(x));
  SymbolicTensor outputs = Dense(10, "softmax")(x);
  FunctionalModel network({inputs}, {outputs}, "residual");
  std::printf("%s\n", check(network.summary()).c_str());

  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(1e-3),
                       "sparse_categorical_crossentropy", {"accuracy"}));
  dlc::FitOptions options = example::fitOptions(argc, argv, 5, 64);
  check(model->fit(data.train, options));
  example::printTestMetrics(check(model->evaluate(data.test, 128)));
  return 0;
}
