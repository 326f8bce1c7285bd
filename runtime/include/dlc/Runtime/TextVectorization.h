//===- TextVectorization.h - Texts to tensors, as Keras's layer --*- C++ -*-===//
//
// Keras's TextVectorization as a preprocessing step of the input pipeline:
// standardize each text, split it into tokens (words or characters), learn a
// vocabulary of the most frequent tokens from the training texts (adapt),
// then turn texts into tensors:
//
//   Int        int64 [N, sequenceLength]: token indices, padded with 0 or
//              cut to the length; 0 is padding, 1 an unknown token
//   MultiHot   float32 [N, V]: 1 where the token occurs; 0 is unknown
//   Count      float32 [N, V]: how often it occurs
//   TfIdf      float32 [N, V]: count x log(1 + documents / (1 + documents
//              holding the token)), Keras's weighting
//
// Texts are bytes: standardization lowercases ASCII letters and removes
// ASCII punctuation (Keras's lower_and_strip_punctuation), words are split
// at ASCII whitespace, and characters are UTF-8 code points (an invalid
// byte is a character of its own), so any input is accepted.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TEXTVECTORIZATION_H
#define DLC_RUNTIME_TEXTVECTORIZATION_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dlc {

enum class TextOutputMode { Int, MultiHot, Count, TfIdf };
enum class TextSplit { Words, Characters };
enum class TextStandardize { LowerAndStripPunctuation, Lower, None };
/// Where padding goes and which end truncation drops, as pad_sequences's
/// "pre" (Front) and "post" (Back). A recurrent layer that reads the last
/// step wants the padding in front, so the text ends at the last step.
enum class SequenceEnd { Front, Back };

struct TextVectorizationOptions {
  /// The vocabulary's size, reserved indices included (two in Int mode:
  /// padding and unknown; one otherwise: unknown); in the multi-hot,
  /// count and tf-idf modes also the width of the output. 0: every token
  /// of the training texts.
  int64_t maxTokens = 0;
  TextOutputMode outputMode = TextOutputMode::Int;
  TextSplit split = TextSplit::Words;
  TextStandardize standardize = TextStandardize::LowerAndStripPunctuation;
  /// Int mode: the length of every sequence; 0: the longest text's.
  int64_t sequenceLength = 0;
  SequenceEnd padding = SequenceEnd::Back;
  SequenceEnd truncation = SequenceEnd::Back;
};

/// The names of the command line (`int`, `multi-hot`, `count`, `tf-idf`;
/// `words`, `characters`; `pre`, `post`); nullopt for others.
std::optional<TextOutputMode> textOutputModeFromName(std::string_view name);
std::optional<TextSplit> textSplitFromName(std::string_view name);
std::optional<SequenceEnd> sequenceEndFromName(std::string_view name);

class TextVectorization {
public:
  /// Learns the vocabulary from `texts`: the most frequent tokens, ties in
  /// byte order, so the same texts always give the same indices. Fails for
  /// a negative size, a size that leaves no room beside the reserved
  /// indices, or texts holding no token at all.
  static Result<TextVectorization>
  adapt(const std::vector<std::string> &texts,
        const TextVectorizationOptions &options);

  /// The tokens of one text, standardized and split as configured.
  std::vector<std::string> tokens(std::string_view text) const;
  /// The vocabulary by index: "" (padding) and "[UNK]" first in Int mode,
  /// "[UNK]" first otherwise.
  const std::vector<std::string> &vocabulary() const { return vocabulary_; }
  /// The index of `token`, the unknown index when it is not in the
  /// vocabulary.
  int64_t indexOf(const std::string &token) const;
  /// The tensor of `texts`, shaped as the output mode says.
  Tensor operator()(const std::vector<std::string> &texts) const;

  const TextVectorizationOptions &options() const { return options_; }

private:
  TextVectorization(TextVectorizationOptions options,
                    std::vector<std::string> vocabulary,
                    std::vector<float> inverseDocumentFrequency);
  Tensor sequences(const std::vector<std::string> &texts) const;
  Tensor tokenVectors(const std::vector<std::string> &texts) const;
  int64_t unknownIndex() const;

  TextVectorizationOptions options_;
  std::vector<std::string> vocabulary_;
  std::unordered_map<std::string, int64_t> indices_;
  /// TfIdf mode: the weight of each index.
  std::vector<float> inverseDocumentFrequency_;
};

} // namespace dlc

#endif // DLC_RUNTIME_TEXTVECTORIZATION_H
