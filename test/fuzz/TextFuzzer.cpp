//===- TextFuzzer.cpp - Texts of the text data sets, vectorized -----------===//
//
// Texts come from files of any bytes (e-mails, reviews). An input is two
// bytes that configure a TextVectorization (output mode, split,
// standardization, padding and truncation ends, vocabulary size, sequence
// length; out-of-range sizes included), then an e-mail: its body's lines
// are the samples the vectorizer adapts to and then encodes.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/TextDatasets.h"
#include "dlc/Runtime/TextVectorization.h"

#include <sstream>

using namespace dlc;

namespace {

TextVectorizationOptions optionsFrom(uint8_t modes, int8_t sizes) {
  TextVectorizationOptions options;
  options.outputMode = static_cast<TextOutputMode>(modes % 4);
  options.split = modes & 4 ? TextSplit::Characters : TextSplit::Words;
  options.standardize = static_cast<TextStandardize>((modes >> 3) % 3);
  options.padding = modes & 32 ? SequenceEnd::Front : SequenceEnd::Back;
  options.truncation = modes & 64 ? SequenceEnd::Front : SequenceEnd::Back;
  options.maxTokens = sizes % 16;
  options.sequenceLength = sizes / 16;
  return options;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  TextVectorizationOptions options =
      optionsFrom(data[0], static_cast<int8_t>(data[1]));
  std::istringstream body(messageBody(std::string(data + 2, data + size)));
  std::vector<std::string> texts;
  for (std::string line; std::getline(body, line);)
    texts.push_back(line);
  Result<TextVectorization> vectorize = TextVectorization::adapt(texts, options);
  if (vectorize)
    (void)(*vectorize)(texts).castTo(DType::Float64);
  return 0;
}
