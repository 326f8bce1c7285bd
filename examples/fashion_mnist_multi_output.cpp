//===- fashion_mnist_multi_output.cpp - Chapter 7: several outputs --------===//
//
// The book's multi-output model (one trunk, a head per target, a loss per
// head and loss weights that balance them) on Fashion-MNIST, whose images
// give three targets:
//
//   category    the class of 10: softmax, sparse categorical crossentropy
//   footwear    sandal, sneaker or ankle boot: sigmoid, binary
//               crossentropy
//   brightness  the mean pixel value: linear, mean squared error
//
// A convnet trunk (Conv2D 32-64 with max pooling, Dense 128) feeds the
// three heads; RMSprop, batches of 128, 5 epochs, loss weights 1, 0.5 and
// 10 (the brightness error is small in absolute terms).
//
//   build/examples/fashion_mnist_multi_output [--epochs N] [--train-samples N]
//       [--test-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"

using namespace dlc::nn;
using example::check;

namespace {

/// The sandal (5), sneaker (7) and ankle boot (9) classes.
bool isFootwear(int64_t category) {
  return category == 5 || category == 7 || category == 9;
}

/// `data` with the labels of the three heads: category, footwear and
/// brightness.
dlc::Dataset withThreeTargets(const dlc::Dataset &data) {
  int64_t samples = data.size();
  const dlc::Tensor &images = data.features();
  int64_t pixels = images.numElements() / samples;
  dlc::Tensor footwear(dlc::DType::Float32, {samples, 1});
  dlc::Tensor brightness(dlc::DType::Float32, {samples, 1});
  for (int64_t i = 0; i < samples; ++i) {
    footwear.typed<float>()[i] =
        isFootwear(data.labels().typed<int64_t>()[i]) ? 1.0f : 0.0f;
    double sum = 0;
    for (int64_t p = 0; p < pixels; ++p)
      sum += images.typed<float>()[i * pixels + p];
    brightness.typed<float>()[i] = static_cast<float>(sum / pixels);
  }
  return check(dlc::Dataset::create(
      data.inputs(), std::vector<dlc::Tensor>{data.labels(), footwear,
                                              brightness}));
}

} // namespace

int main(int argc, char **argv) {
  dlc::TrainTestData data = example::fashionMnistImages(argc, argv);
  dlc::Dataset train = withThreeTargets(data.train);
  dlc::Dataset test = withThreeTargets(data.test);

  SymbolicTensor images = Input({28, 28, 1}, "images");
  SymbolicTensor x = Conv2D(32, 3, "relu")(images);
  x = MaxPooling2D(2)(x);
  x = Conv2D(64, 3, "relu")(x);
  x = MaxPooling2D(2)(x);
  x = Flatten()(x);
  x = Dense(128, "relu")(x);
  SymbolicTensor category = Dense(10, "softmax").named("category")(x);
  SymbolicTensor footwear = Dense(1, "sigmoid").named("footwear")(x);
  SymbolicTensor brightness = Dense(1).named("brightness")(x);
  FunctionalModel network({images}, {category, footwear, brightness},
                          "three_heads");
  std::printf("%s\n", check(network.summary()).c_str());

  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(
      dlc::optimizers::rmsprop(1e-3),
      {{"category", "sparse_categorical_crossentropy", 1.0f, {"accuracy"}},
       {"footwear", "binary_crossentropy", 0.5f, {"accuracy"}},
       {"brightness", "mse", 10.0f, {"mae"}}}));
  check(model->fit(train, example::fitOptions(argc, argv, 5, 128)));
  example::printTestMetrics(check(model->evaluate(test, 256)));
  return 0;
}
