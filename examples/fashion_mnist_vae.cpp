//===- fashion_mnist_vae.cpp - Chapter 8: a variational autoencoder -------===//
//
// The book's VAE on Fashion-MNIST with a two-dimensional latent space:
//
//   encoder   Conv2D 32 and 64 (stride 2, "same"), Dense 16, then two
//             heads, z_mean and z_log_var
//   sampling  z = z_mean + exp(z_log_var / 2) * eps (Sampling layer)
//   decoder   Dense 256, Dense 784 sigmoid: the reconstructed image
//
// The loss is the reconstruction's binary crossentropy summed over the 784
// pixels (a mean over them, weighted 784) plus the KL divergence of the
// latent distribution from N(0, 1) (the KLDivergence layer's output with
// an "mae" loss against zeros). Adam, batches of 128, 10 epochs. Then a
// decoder alone loads the trained decoder's weights by name and decodes a
// 15 x 15 grid of latent points in [-2, 2]^2 into vae_latent_grid.png.
//
//   build/examples/fashion_mnist_vae [--epochs N] [--train-samples N]
//       [--test-samples N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/Png.h"

using namespace dlc::nn;
using example::check;

namespace {

constexpr int64_t kLatent = 2;
constexpr int64_t kGrid = 15;
constexpr const char *kModelPath = "fashion_mnist_vae.pb";
constexpr const char *kGridPath = "vae_latent_grid.png";

/// The images, with the VAE's two labels: the images themselves, flat, and
/// zeros for the KL term.
dlc::Dataset autoencoding(const dlc::Dataset &data) {
  const dlc::Tensor &images = data.features();
  return check(dlc::Dataset::create(
      {images}, std::vector<dlc::Tensor>{
                    images.reshaped({data.size(), 784}),
                    dlc::Tensor(dlc::DType::Float32, {data.size(), 1})}));
}

/// The decoder's layers, named as in the VAE so that its weights load.
SymbolicTensor decode(const SymbolicTensor &z) {
  SymbolicTensor hidden = Dense(256, "relu").named("decoder_hidden")(z);
  return Dense(784, "sigmoid").named("reconstruction")(hidden);
}

} // namespace

int main(int argc, char **argv) {
  dlc::TrainTestData data = example::fashionMnistImages(argc, argv);
  dlc::Dataset train = autoencoding(data.train);
  dlc::Dataset test = autoencoding(data.test);

  SymbolicTensor images = Input({28, 28, 1}, "images");
  SymbolicTensor x = Conv2D(32, 3, "relu", 2, "same")(images);
  x = Conv2D(64, 3, "relu", 2, "same")(x);
  x = Dense(16, "relu")(Flatten()(x));
  SymbolicTensor zMean = Dense(kLatent).named("z_mean")(x);
  SymbolicTensor zLogVar = Dense(kLatent).named("z_log_var")(x);
  SymbolicTensor z = Sampling()({zMean, zLogVar});
  SymbolicTensor kl = KLDivergence().named("kl")({zMean, zLogVar});
  FunctionalModel vae({images}, {decode(z), kl}, "vae");
  std::printf("%s\n", check(vae.summary()).c_str());

  auto model = check(dlc::Model::fromNetwork(vae, /*seed=*/1));
  check(model->compile(dlc::optimizers::adam(1e-3),
                       {{"reconstruction", "binary_crossentropy", 784.0f},
                        {"kl", "mae", 1.0f}}));
  check(model->fit(train, example::fitOptions(argc, argv, 10, 128)));
  example::printTestMetrics(check(model->evaluate(test, 256)));
  check(model->save(kModelPath));

  // The decoder alone, with the trained weights, over a grid of the
  // latent plane (top row: the largest second coordinate).
  SymbolicTensor latent = Input({kLatent}, "z");
  auto decoder =
      check(dlc::Model::fromNetwork(FunctionalModel({latent}, {decode(latent)},
                                                    "decoder")));
  int64_t loaded = check(decoder->loadWeights(kModelPath));
  check(decoder->compile(dlc::optimizers::adam(), "binary_crossentropy"));
  dlc::Tensor points(dlc::DType::Float32, {kGrid * kGrid, kLatent});
  for (int64_t row = 0; row < kGrid; ++row)
    for (int64_t column = 0; column < kGrid; ++column) {
      float *point = points.typed<float>() + (row * kGrid + column) * kLatent;
      point[0] = -2.0f + 4.0f * column / (kGrid - 1);
      point[1] = 2.0f - 4.0f * row / (kGrid - 1);
    }
  dlc::Tensor decoded = check(decoder->predict(points, 256));
  dlc::Tensor grid = check(dlc::tileImages(
      decoded.reshaped({kGrid * kGrid, 28, 28}), kGrid, kGrid));
  check(dlc::writeGrayscalePng(kGridPath, grid));
  std::printf("decoder: %lld weights loaded from %s; %lldx%lld latent grid "
              "written to %s\n",
              static_cast<long long>(loaded), kModelPath,
              static_cast<long long>(kGrid), static_cast<long long>(kGrid),
              kGridPath);
  return 0;
}
