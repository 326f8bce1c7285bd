//===- text_generation.cpp - Chapter 8: generating text with an LSTM ------===//
//
// The book's character-level language model on the King James Bible
// (Debian's bible-kjv-text, which scripts/fetch_datasets.sh writes out as
// plain text): the text lowercased, windows of 60 characters taken every 3
// characters, each labelled with the character that follows it. An
// Embedding(V, 32) (the book feeds one-hot vectors), an LSTM(128) and a
// softmax over the V characters learn to predict it, with RMSprop(0.01)
// on batches of 128. After training, the model writes 300 characters from
// a seed taken from the text, sampling each next character with the
// temperatures 0.2, 0.5, 1.0 and 1.2 (dlc/Runtime/Sampling.h).
//
//   build/examples/text_generation [--characters N] [--epochs N]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/Sampling.h"
#include "dlc/Runtime/TextDatasets.h"


using namespace dlc::nn;
using example::check;

namespace {

constexpr int64_t kWindow = 60;
constexpr int64_t kStride = 3;
constexpr int64_t kGenerated = 300;

/// The windows of `ids` and the character after each.
dlc::Dataset windows(const std::vector<int64_t> &ids) {
  int64_t count = (static_cast<int64_t>(ids.size()) - kWindow) / kStride;
  dlc::Tensor inputs(dlc::DType::Int64, {count, kWindow});
  dlc::Tensor next(dlc::DType::Int64, {count});
  for (int64_t w = 0; w < count; ++w) {
    std::copy_n(ids.begin() + w * kStride, kWindow,
                inputs.typed<int64_t>() + w * kWindow);
    next.typed<int64_t>()[w] = ids[w * kStride + kWindow];
  }
  return check(dlc::Dataset::create(inputs, next));
}

/// `seed` followed by kGenerated characters drawn one at a time.
std::string generate(dlc::Model &model,
                     const dlc::TextVectorization &characters,
                     std::vector<int64_t> window, double temperature,
                     dlc::SplitMix64 &random) {
  std::string text;
  dlc::Tensor input(dlc::DType::Int64, {1, kWindow});
  for (int64_t step = 0; step < kGenerated; ++step) {
    std::copy(window.begin(), window.end(), input.typed<int64_t>());
    dlc::Tensor probabilities = check(model.predict(input, 1));
    const float *row = probabilities.typed<float>();
    int64_t next = check(dlc::sampleWithTemperature(
        std::vector<float>(row, row + probabilities.shape()[1]), temperature,
        random));
    text += characters.vocabulary()[next];
    window.erase(window.begin());
    window.push_back(next);
  }
  return text;
}

} // namespace

int main(int argc, char **argv) {
  std::string path = dlc::dataHome() + "/bible-kjv.txt";
  std::string bible = check(dlc::readFile(path));
  // --characters N: how much of the text to learn from.
  int64_t length = std::min<int64_t>(
      example::integerFlag(argc, argv, "--characters", 600000),
      static_cast<int64_t>(bible.size()));
  std::string text = bible.substr(0, length);

  dlc::TextVectorizationOptions options;
  options.split = dlc::TextSplit::Characters;
  options.standardize = dlc::TextStandardize::Lower;
  auto characters = check(dlc::TextVectorization::adapt({text}, options));
  dlc::Tensor encoded = characters({text});
  const int64_t *first = encoded.typed<int64_t>();
  std::vector<int64_t> ids(first, first + encoded.numElements());
  dlc::Dataset data = windows(ids);
  int64_t vocabulary = static_cast<int64_t>(characters.vocabulary().size());
  std::printf("%lld characters of %s, %lld distinct, %lld windows\n",
              static_cast<long long>(length), path.c_str(),
              static_cast<long long>(vocabulary - 2),
              static_cast<long long>(data.size()));

  Sequential network({Input({kWindow}, "characters", dlc::DType::Int64),
                      Embedding(vocabulary, 32), LSTM(128),
                      Dense(vocabulary, "softmax")});
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(0.01),
                       "sparse_categorical_crossentropy", {"accuracy"}));
  check(model->fit(data, example::fitOptions(argc, argv, 10, 128)));

  dlc::SplitMix64 random(8);
  int64_t start = static_cast<int64_t>(random.below(ids.size() - kWindow));
  std::vector<int64_t> seed(ids.begin() + start,
                            ids.begin() + start + kWindow);
  std::string seedText;
  for (int64_t id : seed)
    seedText += characters.vocabulary()[id];
  std::printf("seed: \"%s\"\n", seedText.c_str());
  for (double temperature : {0.2, 0.5, 1.0, 1.2})
    std::printf("--- temperature %.1f\n%s%s\n", temperature, seedText.c_str(),
                generate(*model, characters, seed, temperature, random)
                    .c_str());
  return 0;
}
