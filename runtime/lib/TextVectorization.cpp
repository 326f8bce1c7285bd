//===- TextVectorization.cpp - Texts to tensors, as Keras's layer ---------===//
#include "dlc/Runtime/TextVectorization.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_set>

namespace dlc {

namespace {

bool isAsciiWhitespace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/// Keras's punctuation: every printable ASCII character that is neither a
/// letter, a digit nor a space.
bool isAsciiPunctuation(unsigned char c) {
  return c < 128 && std::ispunct(c);
}

std::string standardized(std::string_view text, TextStandardize standardize) {
  std::string result;
  result.reserve(text.size());
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (standardize == TextStandardize::LowerAndStripPunctuation &&
        isAsciiPunctuation(byte))
      continue;
    if (standardize != TextStandardize::None && byte >= 'A' && byte <= 'Z')
      c = static_cast<char>(byte - 'A' + 'a');
    result.push_back(c);
  }
  return result;
}

/// The length of the UTF-8 sequence starting at text[at]; 1 for a byte that
/// starts none (or a truncated one).
size_t codePointLength(std::string_view text, size_t at) {
  unsigned char lead = static_cast<unsigned char>(text[at]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2
                                 : (lead >> 4) == 0xE ? 3
                                 : (lead >> 3) == 0x1E ? 4
                                                       : 1;
  if (at + length > text.size())
    return 1;
  for (size_t i = 1; i < length; ++i)
    if ((static_cast<unsigned char>(text[at + i]) >> 6) != 0x2)
      return 1;
  return length;
}

/// The tokens of `text`, standardized and split as `options` say.
std::vector<std::string> tokenize(std::string_view text,
                                  const TextVectorizationOptions &options) {
  std::string clean = standardized(text, options.standardize);
  std::vector<std::string> result;
  if (options.split == TextSplit::Characters) {
    for (size_t at = 0; at < clean.size();) {
      size_t length = codePointLength(clean, at);
      result.push_back(clean.substr(at, length));
      at += length;
    }
    return result;
  }
  for (size_t at = 0; at < clean.size();) {
    while (at < clean.size() && isAsciiWhitespace(clean[at]))
      ++at;
    size_t end = at;
    while (end < clean.size() && !isAsciiWhitespace(clean[end]))
      ++end;
    if (end > at)
      result.push_back(clean.substr(at, end - at));
    at = end;
  }
  return result;
}

/// How many indices the mode reserves before the vocabulary's tokens.
int64_t reservedIndices(TextOutputMode mode) {
  return mode == TextOutputMode::Int ? 2 : 1;
}

} // namespace

std::optional<TextOutputMode> textOutputModeFromName(std::string_view name) {
  static const std::map<std::string_view, TextOutputMode> modes = {
      {"int", TextOutputMode::Int},
      {"multi-hot", TextOutputMode::MultiHot},
      {"count", TextOutputMode::Count},
      {"tf-idf", TextOutputMode::TfIdf}};
  auto found = modes.find(name);
  return found == modes.end() ? std::nullopt : std::optional(found->second);
}

std::optional<TextSplit> textSplitFromName(std::string_view name) {
  if (name == "words")
    return TextSplit::Words;
  if (name == "characters")
    return TextSplit::Characters;
  return std::nullopt;
}

std::optional<SequenceEnd> sequenceEndFromName(std::string_view name) {
  if (name == "pre")
    return SequenceEnd::Front;
  if (name == "post")
    return SequenceEnd::Back;
  return std::nullopt;
}

TextVectorization::TextVectorization(TextVectorizationOptions options,
                                     std::vector<std::string> vocabulary,
                                     std::vector<float> inverseDocumentFrequency)
    : options_(options), vocabulary_(std::move(vocabulary)),
      inverseDocumentFrequency_(std::move(inverseDocumentFrequency)) {
  for (size_t index = reservedIndices(options_.outputMode);
       index < vocabulary_.size(); ++index)
    indices_.emplace(vocabulary_[index], static_cast<int64_t>(index));
}

Result<TextVectorization>
TextVectorization::adapt(const std::vector<std::string> &texts,
                         const TextVectorizationOptions &options) {
  int64_t reserved = reservedIndices(options.outputMode);
  if (options.maxTokens < 0 || (options.maxTokens > 0 &&
                                options.maxTokens <= reserved))
    return Status::error(
        "text vectorization: the vocabulary size " +
        std::to_string(options.maxTokens) + " leaves no room for words (it "
        "counts the " + std::to_string(reserved) + " reserved indices)");
  if (options.sequenceLength < 0)
    return Status::error("text vectorization: negative sequence length " +
                         std::to_string(options.sequenceLength));

  // Occurrences and documents per token, in one pass over the texts.
  std::unordered_map<std::string, std::pair<int64_t, int64_t>> counts;
  for (const std::string &text : texts) {
    std::unordered_set<std::string> seen;
    for (std::string &token : tokenize(text, options)) {
      auto &[occurrences, documents] = counts[token];
      ++occurrences;
      if (seen.insert(std::move(token)).second)
        ++documents;
    }
  }
  if (counts.empty())
    return Status::error("text vectorization: the " +
                         std::to_string(texts.size()) +
                         " training texts hold no token");

  std::vector<const std::pair<const std::string, std::pair<int64_t, int64_t>> *>
      ranked;
  for (const auto &entry : counts)
    ranked.push_back(&entry);
  std::sort(ranked.begin(), ranked.end(), [](auto *a, auto *b) {
    if (a->second.first != b->second.first)
      return a->second.first > b->second.first;
    return a->first < b->first;
  });
  size_t words = ranked.size();
  if (options.maxTokens > 0)
    words = std::min<size_t>(words, options.maxTokens - reserved);

  std::vector<std::string> vocabulary;
  if (options.outputMode == TextOutputMode::Int)
    vocabulary.push_back("");
  vocabulary.push_back("[UNK]");
  std::vector<float> idf(vocabulary.size(), 0.0f);
  double documents = static_cast<double>(texts.size());
  for (size_t rank = 0; rank < words; ++rank) {
    vocabulary.push_back(ranked[rank]->first);
    idf.push_back(static_cast<float>(std::log(
        1.0 + documents / (1.0 + ranked[rank]->second.second))));
  }
  if (options.outputMode != TextOutputMode::TfIdf) {
    idf.clear();
  } else {
    // Keras weighs the unknown token by the average weight of the words.
    idf[0] = std::accumulate(idf.begin() + 1, idf.end(), 0.0f) /
             static_cast<float>(idf.size() - 1);
  }
  return TextVectorization(options, std::move(vocabulary), std::move(idf));
}

std::vector<std::string> TextVectorization::tokens(std::string_view text) const {
  return tokenize(text, options_);
}

int64_t TextVectorization::unknownIndex() const {
  return options_.outputMode == TextOutputMode::Int ? 1 : 0;
}

int64_t TextVectorization::indexOf(const std::string &token) const {
  auto found = indices_.find(token);
  return found == indices_.end() ? unknownIndex() : found->second;
}

Tensor TextVectorization::operator()(
    const std::vector<std::string> &texts) const {
  return options_.outputMode == TextOutputMode::Int ? sequences(texts)
                                                    : tokenVectors(texts);
}

Tensor TextVectorization::sequences(const std::vector<std::string> &texts) const {
  std::vector<std::vector<int64_t>> rows;
  size_t longest = 0;
  for (const std::string &text : texts) {
    std::vector<int64_t> row;
    for (const std::string &token : tokens(text))
      row.push_back(indexOf(token));
    longest = std::max(longest, row.size());
    rows.push_back(std::move(row));
  }
  int64_t length = options_.sequenceLength > 0
                       ? options_.sequenceLength
                       : static_cast<int64_t>(longest);
  Tensor result(DType::Int64,
                {static_cast<int64_t>(texts.size()), length});
  int64_t *out = result.typed<int64_t>();
  for (const std::vector<int64_t> &row : rows) {
    int64_t size = static_cast<int64_t>(row.size());
    int64_t kept = std::min(size, length);
    auto first = options_.truncation == SequenceEnd::Front
                     ? row.end() - kept
                     : row.begin();
    int64_t offset = options_.padding == SequenceEnd::Front ? length - kept : 0;
    std::copy(first, first + kept, out + offset);  // The rest stays 0.
    out += length;
  }
  return result;
}

Tensor TextVectorization::tokenVectors(
    const std::vector<std::string> &texts) const {
  int64_t width = options_.maxTokens > 0
                      ? options_.maxTokens
                      : static_cast<int64_t>(vocabulary_.size());
  Tensor result(DType::Float32, {static_cast<int64_t>(texts.size()), width});
  float *out = result.typed<float>();
  for (const std::string &text : texts) {
    for (const std::string &token : tokens(text)) {
      float &slot = out[indexOf(token)];
      slot = options_.outputMode == TextOutputMode::MultiHot ? 1.0f
                                                             : slot + 1.0f;
    }
    if (options_.outputMode == TextOutputMode::TfIdf)
      for (size_t index = 0; index < inverseDocumentFrequency_.size(); ++index)
        out[index] *= inverseDocumentFrequency_[index];
    out += width;
  }
  return result;
}

} // namespace dlc
