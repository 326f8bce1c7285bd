//===- TextVectorizationTest.cpp - Keras's TextVectorization semantics ----===//
#include "dlc/Runtime/TextVectorization.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;

namespace {

TextVectorization adapted(const std::vector<std::string> &texts,
                          const TextVectorizationOptions &options) {
  Result<TextVectorization> vectorization =
      TextVectorization::adapt(texts, options);
  EXPECT_TRUE(vectorization.isOk()) << vectorization.status().message();
  return std::move(vectorization).value();
}

const std::vector<std::string> kTexts = {"The cat sat.", "the CAT, the hat!",
                                         "A dog"};

} // namespace

TEST(TextVectorizationTest, StandardizesAndSplitsWords) {
  TextVectorization words = adapted(kTexts, {});
  EXPECT_EQ(words.tokens("  Don't\tSTOP,\n now...  "),
            (std::vector<std::string>{"dont", "stop", "now"}));
  TextVectorizationOptions raw;
  raw.standardize = TextStandardize::None;
  EXPECT_EQ(adapted(kTexts, raw).tokens("Don't stop."),
            (std::vector<std::string>{"Don't", "stop."}));
}

TEST(TextVectorizationTest, VocabularyByFrequencyThenBytes) {
  // the: 3, cat: 2; a, dog, hat, sat: 1 each, in byte order.
  TextVectorization words = adapted(kTexts, {});
  EXPECT_EQ(words.vocabulary(),
            (std::vector<std::string>{"", "[UNK]", "the", "cat", "a", "dog",
                                      "hat", "sat"}));
  TextVectorizationOptions options;
  options.maxTokens = 4;
  EXPECT_EQ(adapted(kTexts, options).vocabulary(),
            (std::vector<std::string>{"", "[UNK]", "the", "cat"}));
  options.outputMode = TextOutputMode::MultiHot;
  EXPECT_EQ(adapted(kTexts, options).vocabulary(),
            (std::vector<std::string>{"[UNK]", "the", "cat", "a"}));
}

TEST(TextVectorizationTest, IntSequencesPadAndTruncateAtEitherEnd) {
  TextVectorizationOptions options;
  options.maxTokens = 4; // the = 2, cat = 3, anything else unknown (1).
  options.sequenceLength = 3;
  TextVectorization back = adapted(kTexts, options);
  Tensor sequences = back({"the cat sat on the hat", "cat", ""});
  EXPECT_EQ(sequences.dtype(), DType::Int64);
  EXPECT_EQ(sequences.shape(), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(sequences.valuesPreview(9), "[2, 3, 1, 3, 0, 0, 0, 0, 0]");

  options.padding = SequenceEnd::Front;
  options.truncation = SequenceEnd::Front;
  TextVectorization front = adapted(kTexts, options);
  EXPECT_EQ(front({"the cat sat on the hat", "cat"}).valuesPreview(6),
            "[1, 2, 1, 0, 0, 3]");
}

TEST(TextVectorizationTest, SequencesAsLongAsTheLongestText) {
  TextVectorization words = adapted(kTexts, {});
  Tensor sequences = words({"a dog", "the cat sat", "hat"});
  EXPECT_EQ(sequences.shape(), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(sequences.valuesPreview(9), "[4, 5, 0, 2, 3, 7, 6, 0, 0]");
}

TEST(TextVectorizationTest, MultiHotCountAndTfIdf) {
  TextVectorizationOptions options;
  options.maxTokens = 6; // [UNK], the, cat, a, dog, hat
  options.outputMode = TextOutputMode::MultiHot;
  Tensor multiHot = adapted(kTexts, options)({"the the cat zebra"});
  EXPECT_EQ(multiHot.shape(), (std::vector<int64_t>{1, 6}));
  EXPECT_EQ(multiHot.valuesPreview(6), "[1, 1, 1, 0, 0, 0]");

  options.outputMode = TextOutputMode::Count;
  EXPECT_EQ(adapted(kTexts, options)({"the the cat zebra"}).valuesPreview(6),
            "[1, 2, 1, 0, 0, 0]");

  options.outputMode = TextOutputMode::TfIdf;
  Tensor weights = adapted(kTexts, options)({"the the cat"});
  // "the" is in 2 of 3 texts, "cat" in 2: idf = log(1 + 3 / 3).
  EXPECT_FLOAT_EQ(weights.typed<float>()[1], 2 * std::log(2.0f));
  EXPECT_FLOAT_EQ(weights.typed<float>()[2], std::log(2.0f));
  EXPECT_EQ(weights.typed<float>()[0], 0.0f);
}

TEST(TextVectorizationTest, OutputWidthIsMaxTokensEvenWhenFewerWordsExist) {
  TextVectorizationOptions options;
  options.maxTokens = 100;
  options.outputMode = TextOutputMode::MultiHot;
  EXPECT_EQ(adapted(kTexts, options)({"a"}).shape(),
            (std::vector<int64_t>{1, 100}));
}

TEST(TextVectorizationTest, CharactersAreCodePoints) {
  TextVectorizationOptions options;
  options.split = TextSplit::Characters;
  options.standardize = TextStandardize::Lower;
  TextVectorization characters = adapted({"Ça va"}, options);
  // A stray continuation byte and a truncated sequence are characters too.
  EXPECT_EQ(characters.tokens("\xc3\xa7\x80!\xe2\x82"),
            (std::vector<std::string>{"\xc3\xa7", "\x80", "!", "\xe2",
                                      "\x82"}));
  // Lower changes ASCII letters only: "Ç" stays.
  EXPECT_EQ(characters.vocabulary(),
            (std::vector<std::string>{"", "[UNK]", "a", " ", "v",
                                      "\xc3\x87"}));
}

TEST(TextVectorizationTest, Errors) {
  TextVectorizationOptions options;
  options.maxTokens = 2;
  Result<TextVectorization> tooSmall = TextVectorization::adapt(kTexts, options);
  ASSERT_FALSE(tooSmall.isOk());
  EXPECT_NE(tooSmall.status().message().find("vocabulary size 2 leaves no "
                                             "room for words"),
            std::string::npos)
      << tooSmall.status().message();

  Result<TextVectorization> empty =
      TextVectorization::adapt({" ", "...", ""}, {});
  ASSERT_FALSE(empty.isOk());
  EXPECT_NE(empty.status().message().find("the 3 training texts hold no token"),
            std::string::npos)
      << empty.status().message();
}

TEST(TextVectorizationTest, Names) {
  EXPECT_EQ(textOutputModeFromName("tf-idf"), TextOutputMode::TfIdf);
  EXPECT_EQ(textOutputModeFromName("binary"), std::nullopt);
  EXPECT_EQ(textSplitFromName("characters"), TextSplit::Characters);
  EXPECT_EQ(sequenceEndFromName("pre"), SequenceEnd::Front);
  EXPECT_EQ(sequenceEndFromName("front"), std::nullopt);
}
