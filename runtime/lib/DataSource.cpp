//===- DataSource.cpp - Resolve `--data` to training and test samples -----===//
#include "dlc/Runtime/DataSource.h"

#include "dlc/Runtime/Csv.h"
#include "dlc/Runtime/Idx.h"
#include "dlc/Runtime/NamedDatasets.h"
#include "dlc/Runtime/Npy.h"
#include "dlc/Runtime/TextDatasets.h"

#include <algorithm>
#include <filesystem>

namespace dlc {

namespace {

namespace fs = std::filesystem;

/// `<stem>.npy`, or else the IDX file `<stem>.idx` (possibly gzip'd).
Result<Tensor> readArray(const fs::path &directory, const std::string &stem) {
  fs::path npy = directory / (stem + ".npy");
  if (fs::exists(npy) || !fs::exists(directory / (stem + ".idx")))
    return readNpy(npy.string());
  return readIdx((directory / (stem + ".idx")).string());
}

/// The array `<stem>`, or with several names `<stem>.<name>` for each.
Result<std::vector<Tensor>> readArrays(const fs::path &directory,
                                       const std::string &stem,
                                       const std::vector<std::string> &names) {
  std::vector<std::string> stems = {stem};
  if (names.size() > 1) {
    stems.clear();
    for (const std::string &name : names)
      stems.push_back(stem + "." + name);
  }
  std::vector<Tensor> arrays;
  for (const std::string &each : stems) {
    Result<Tensor> array = readArray(directory, each);
    if (!array)
      return array.status();
    arrays.push_back(std::move(*array));
  }
  return arrays;
}

Result<Dataset> loadArrayPair(const fs::path &directory,
                              const std::string &split,
                              const DataSourceOptions &options) {
  Result<std::vector<Tensor>> features =
      readArrays(directory, "x_" + split, options.inputNames);
  if (!features)
    return features.status();
  Result<std::vector<Tensor>> labels =
      readArrays(directory, "y_" + split, options.outputNames);
  if (!labels)
    return labels.status();
  Result<Dataset> data = Dataset::create(*features, *labels);
  if (!data)
    return data.status().withContext(directory.string() + ": " + split +
                                     " split");
  return data;
}

Result<DataSource> loadDirectory(const fs::path &directory,
                                 const DataSourceOptions &options) {
  Result<Dataset> train = loadArrayPair(directory, "train", options);
  if (!train)
    return train.status();
  DataSource source{*train, std::nullopt};
  std::string testStem = "x_test";
  if (options.inputNames.size() > 1)
    testStem += "." + options.inputNames.front();
  if (fs::exists(directory / (testStem + ".npy")) ||
      fs::exists(directory / (testStem + ".idx"))) {
    Result<Dataset> test = loadArrayPair(directory, "test", options);
    if (!test)
      return test.status();
    source.test = *test;
  }
  return source;
}

Result<DataSource> loadCsv(const std::string &path,
                           const DataSourceOptions &options) {
  std::string label = options.labelColumn;
  if (label.empty()) {
    Result<CsvTable> table = readCsv(path);
    if (!table)
      return table.status();
    if (table->columnNames.empty())
      return Status::error(path + ": no columns");
    label = table->columnNames.back();
  }
  Result<Dataset> data = readCsvDataset(path, label);
  if (!data)
    return data.status();
  return DataSource{*data, std::nullopt};
}

/// Texts vectorized with a vocabulary of the training split.
Result<DataSource> loadTexts(const std::string &source,
                             const TextVectorizationOptions &options) {
  Result<TextTrainTest> texts = source == kSpamAssassinName
                                    ? loadSpamAssassin()
                                    : loadTextDirectory(source);
  if (!texts)
    return texts.status();
  Result<TextVectorization> vectorization =
      TextVectorization::adapt(texts->train.texts, options);
  if (!vectorization)
    return vectorization.status().withContext(source);
  Result<Dataset> train = vectorizedDataset(texts->train, *vectorization);
  if (!train)
    return train.status();
  DataSource data{*train, std::nullopt, *vectorization};
  if (texts->test) {
    Result<Dataset> test = vectorizedDataset(*texts->test, *vectorization);
    if (!test)
      return test.status();
    data.test = *test;
  }
  return data;
}

} // namespace

bool isTextSource(const std::string &source) {
  return source == kSpamAssassinName ||
         (fs::is_directory(source) && isTextDirectory(source));
}

Result<DataSource> loadDataSource(const std::string &source,
                                  const DataSourceOptions &options) {
  const std::vector<std::string> &names = namedDatasetNames();
  if (std::find(names.begin(), names.end(), source) != names.end()) {
    Result<TrainTestData> named = loadNamedDataset(source);
    if (!named)
      return named.status();
    return DataSource{named->train, named->test};
  }
  if (isTextSource(source))
    return loadTexts(source, options.text);
  if (fs::is_directory(source))
    return loadDirectory(source, options);
  if (fs::path(source).extension() == ".csv")
    return loadCsv(source, options);
  std::string known;
  for (const std::string &name : names)
    known += (known.empty() ? "" : ", ") + name;
  return Status::error("--data " + source +
                       ": not a data set name (" + known + ", " +
                       kSpamAssassinName +
                       "), a directory of x_train/y_train (.npy or .idx) "
                       "or of text class folders, or a .csv file");
}

} // namespace dlc
