//===- fashion_mnist_gan.cpp - Chapter 8: a generative adversarial network ===//
//
// The book's GAN recipe on Fashion-MNIST, with dense networks (two cores
// train them in minutes):
//
//   generator      32 noise values -> Dense 256 -> Dense 512 (leaky ReLU)
//                  -> Dense 784 sigmoid -> a 28x28 image
//   discriminator  image -> Dense 512 -> Dense 256 (leaky ReLU, dropout
//                  0.3) -> Dense 1 sigmoid: real or generated
//   gan            the generator followed by the discriminator
//
// Each step trains the discriminator on a batch of real images (label 1)
// and as many generated ones (label 0), then the generator through the
// combined model on fresh noise labelled "real". In the combined model the
// discriminator is frozen, as in Keras: its step computes no gradient for
// the discriminator's weights and keeps no optimizer slots for them, and
// reads them as arguments, which the discriminator's current weights are
// copied into before each step (Model::setWeights, by layer name); the
// generator gets the combined model's new generator weights after.
// Adam(2e-4, beta_1 0.5), batches of 64. A grid of 8 x 8 images from fixed
// noise goes to gan_epoch_N.png after every epoch.
//
//   build/examples/fashion_mnist_gan [--epochs N] [--train-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/Png.h"
#include "dlc/Runtime/Random.h"

#include <cstring>

using namespace dlc::nn;
using example::check;

namespace {

constexpr int64_t kNoise = 32;
constexpr int64_t kBatch = 64;
constexpr int64_t kGrid = 8;

dlc::Tensor noise(int64_t count, dlc::SplitMix64 &random) {
  dlc::Tensor values(dlc::DType::Float32, {count, kNoise});
  for (int64_t i = 0; i < values.numElements(); ++i)
    values.typed<float>()[i] = static_cast<float>(dlc::standardNormal(random));
  return values;
}

dlc::Tensor labels(int64_t count, float value) {
  return dlc::Tensor::fromFloats({count, 1},
                                 std::vector<float>(count, value));
}

/// The generator's and the discriminator's layers, named so that the
/// three models share them.
SymbolicTensor generate(const SymbolicTensor &z) {
  SymbolicTensor x = Dense(256, "leaky_relu").named("generator_1")(z);
  x = Dense(512, "leaky_relu").named("generator_2")(x);
  x = Dense(784, "sigmoid").named("generator_image")(x);
  return Reshape({28, 28, 1}).named("generator_reshape")(x);
}

SymbolicTensor discriminate(const SymbolicTensor &image) {
  SymbolicTensor x = Flatten().named("discriminator_flatten")(image);
  x = Dense(512, "leaky_relu").named("discriminator_1")(x);
  x = Dropout(0.3).named("discriminator_dropout_1")(x);
  x = Dense(256, "leaky_relu").named("discriminator_2")(x);
  x = Dropout(0.3).named("discriminator_dropout_2")(x);
  return Dense(1, "sigmoid").named("discriminator_score")(x);
}

/// The discriminator's layers with weights.
const char *const kDiscriminatorLayers[] = {
    "discriminator_1", "discriminator_2", "discriminator_score"};

/// `network` compiled, with the discriminator's layers frozen if asked.
std::unique_ptr<dlc::Model> compiled(const FunctionalModel &network,
                                     bool freezeDiscriminator = false) {
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  if (freezeDiscriminator)
    for (const char *layer : kDiscriminatorLayers)
      check(model->setTrainable(layer, false));
  check(model->compile(dlc::optimizers::adam(2e-4f, 0.5f),
                       "binary_crossentropy"));
  return model;
}

/// The rows of `real`, then those of `fake`.
dlc::Tensor stack(const dlc::Tensor &real, const dlc::Tensor &fake) {
  std::vector<int64_t> shape = real.shape();
  shape[0] += fake.shape()[0];
  dlc::Tensor both(dlc::DType::Float32, shape);
  std::memcpy(both.data(), real.data(), real.sizeInBytes());
  std::memcpy(static_cast<char *>(both.data()) + real.sizeInBytes(),
              fake.data(), fake.sizeInBytes());
  return both;
}

} // namespace

int main(int argc, char **argv) {
  dlc::Dataset images = example::fashionMnistImages(argc, argv).train;
  int64_t epochs = example::epochsFlag(argc, argv, 5);

  SymbolicTensor z = Input({kNoise}, "noise");
  SymbolicTensor image = Input({28, 28, 1}, "image");
  auto generator = compiled(FunctionalModel({z}, {generate(z)}, "generator"));
  auto discriminator = compiled(
      FunctionalModel({image}, {discriminate(image)}, "discriminator"));
  auto gan = compiled(FunctionalModel({z}, {discriminate(generate(z))}, "gan"),
                      /*freezeDiscriminator=*/true);
  // One starting point for all three.
  check(gan->setWeights(check(generator->weights())));
  check(gan->setWeights(check(discriminator->weights())));

  dlc::SplitMix64 random(3);
  dlc::Tensor fixedNoise = noise(kGrid * kGrid, random);
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    dlc::Dataset shuffled = images.shuffled(random);
    double discriminatorLoss = 0, generatorLoss = 0;
    int64_t steps = shuffled.size() / kBatch;
    for (int64_t step = 0; step < steps; ++step) {
      dlc::Tensor real =
          shuffled.slice(step * kBatch, (step + 1) * kBatch).features();
      dlc::Tensor fake = check(generator->predict(noise(kBatch, random), kBatch));
      discriminatorLoss +=
          check(discriminator->session()->trainBatch(
                    {stack(real, fake)},
                    stack(labels(kBatch, 1.0f), labels(kBatch, 0.0f))))
              .front();
      check(gan->setWeights(check(discriminator->weights())));
      generatorLoss += check(gan->session()->trainBatch(
                                 {noise(kBatch, random)}, labels(kBatch, 1.0f)))
                           .front();
      check(generator->setWeights(check(gan->weights())));
    }
    dlc::Tensor samples = check(generator->predict(fixedNoise, kGrid * kGrid));
    std::string path = "gan_epoch_" + std::to_string(epoch + 1) + ".png";
    check(dlc::writeGrayscalePng(
        path, check(dlc::tileImages(samples.reshaped({kGrid * kGrid, 28, 28}),
                                    kGrid, kGrid))));
    std::printf("epoch %lld: discriminator loss %.4f, generator loss %.4f, "
                "samples in %s\n",
                static_cast<long long>(epoch + 1), discriminatorLoss / steps,
                generatorLoss / steps, path.c_str());
  }
  return 0;
}
