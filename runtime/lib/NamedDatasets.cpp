//===- NamedDatasets.cpp - Loaders for Fashion-MNIST and Boston housing ---===//
//
// Each loader checks that the files have the shapes the data set promises,
// so that a damaged or different file fails here, naming the file, rather
// than as a shape mismatch deep inside training.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/NamedDatasets.h"

#include "dlc/Runtime/Csv.h"
#include "dlc/Runtime/Idx.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

using namespace dlc;

namespace {

constexpr int64_t kImageSide = 28;
constexpr int64_t kFashionMnistClasses = 10;
constexpr const char *kFashionMnistPackage = "dataset-fashion-mnist";
constexpr int64_t kBostonHousingFeatures = 13;
constexpr const char *kBostonHousingPackage = "python3-sklearn";
/// The share of Boston housing samples held out for test, as in Keras.
constexpr double kBostonHousingTestFraction = 0.2;

/// Fails, naming the Debian package that provides it, if `path` is missing.
Status requirePackageFile(const std::string &path, const char *package) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 || errno != ENOENT)
    return Status::ok(); // Other problems surface, precisely, when reading.
  return Status::error(path + ": no such file; install the Debian package " +
                       package + " (apt-get install " + package + ")");
}

/// Reads Fashion-MNIST images as float32 pixels in [0, 1].
Result<Tensor> readImages(const std::string &path, bool flatten) {
  DLC_RETURN_IF_ERROR(requirePackageFile(path, kFashionMnistPackage));
  Result<Tensor> pixels = readIdx(path);
  if (!pixels)
    return pixels.status();
  const std::vector<int64_t> &shape = pixels->shape();
  if (pixels->dtype() != DType::UInt8 || shape.size() != 3 ||
      shape[1] != kImageSide || shape[2] != kImageSide)
    return Status::error(
        path + ": expected uint8 images of shape [N, 28, 28], got " +
        dtypeName(pixels->dtype()) + " " + pixels->shapeString());
  std::vector<int64_t> imageShape =
      flatten ? std::vector<int64_t>{shape[0], kImageSide * kImageSide} : shape;
  Tensor images(DType::Float32, std::move(imageShape));
  const uint8_t *source = pixels->typed<uint8_t>();
  float *target = images.typed<float>();
  for (int64_t i = 0; i < images.numElements(); ++i)
    target[i] = static_cast<float>(source[i]) / 255.0f;
  return images;
}

/// Reads Fashion-MNIST labels as int64 classes.
Result<Tensor> readLabels(const std::string &path) {
  DLC_RETURN_IF_ERROR(requirePackageFile(path, kFashionMnistPackage));
  Result<Tensor> bytes = readIdx(path);
  if (!bytes)
    return bytes.status();
  if (bytes->dtype() != DType::UInt8 || bytes->rank() != 1)
    return Status::error(path + ": expected uint8 labels of shape [N], got " +
                         dtypeName(bytes->dtype()) + " " +
                         bytes->shapeString());
  Tensor labels(DType::Int64, bytes->shape());
  for (int64_t i = 0; i < labels.numElements(); ++i) {
    uint8_t label = bytes->typed<uint8_t>()[i];
    if (label >= kFashionMnistClasses)
      return Status::error(path + ": label " + std::to_string(label) +
                           " of sample " + std::to_string(i) +
                           " is not a class 0.." +
                           std::to_string(kFashionMnistClasses - 1));
    labels.typed<int64_t>()[i] = label;
  }
  return labels;
}

/// Reads one part of Fashion-MNIST, "train" or "t10k", from `directory`.
Result<Dataset> readFashionMnistPart(const std::string &directory,
                                     const std::string &part, bool flatten) {
  std::string imagesPath = directory + "/" + part + "-images-idx3-ubyte.gz";
  std::string labelsPath = directory + "/" + part + "-labels-idx1-ubyte.gz";
  Result<Tensor> images = readImages(imagesPath, flatten);
  if (!images)
    return images.status();
  Result<Tensor> labels = readLabels(labelsPath);
  if (!labels)
    return labels.status();
  Result<Dataset> dataset =
      Dataset::create(std::move(images).value(), std::move(labels).value());
  if (!dataset)
    return dataset.status().withContext(imagesPath + " and " + labelsPath);
  return dataset;
}

/// A data set loadNamedDataset knows.
struct NamedDataset {
  const char *name;
  Result<TrainTestData> (*load)(const NamedDatasetOptions &options);
};

const NamedDataset kNamedDatasets[] = {
    {"boston-housing",
     [](const NamedDatasetOptions &) {
       return loadBostonHousing(kBostonHousingCsv);
     }},
    {"fashion-mnist",
     [](const NamedDatasetOptions &options) {
       return loadFashionMnist(kFashionMnistDir, options.flatten);
     }},
};

} // namespace

Result<TrainTestData> dlc::loadFashionMnist(const std::string &directory,
                                            bool flatten) {
  Result<Dataset> train = readFashionMnistPart(directory, "train", flatten);
  if (!train)
    return train.status();
  Result<Dataset> test = readFashionMnistPart(directory, "t10k", flatten);
  if (!test)
    return test.status();
  return TrainTestData{std::move(train).value(), std::move(test).value()};
}

Result<TrainTestData> dlc::loadBostonHousing(const std::string &csvPath) {
  DLC_RETURN_IF_ERROR(requirePackageFile(csvPath, kBostonHousingPackage));
  // The first line, "506,13,,...", gives the sample and feature counts.
  CsvOptions options;
  options.skipLines = 1;
  Result<Dataset> data = readCsvDataset(csvPath, "MEDV", options);
  if (!data)
    return data.status();
  if (data->features().shape()[1] != kBostonHousingFeatures)
    return Status::error(csvPath + ": expected " +
                         std::to_string(kBostonHousingFeatures) +
                         " feature columns besides MEDV, got " +
                         std::to_string(data->features().shape()[1]));
  SplitMix64 random(kBostonHousingSeed);
  Result<std::pair<Dataset, Dataset>> split =
      data->shuffled(random).split(kBostonHousingTestFraction);
  if (!split)
    return split.status();
  return TrainTestData{std::move(split->first), std::move(split->second)};
}

const std::vector<std::string> &dlc::namedDatasetNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const NamedDataset &dataset : kNamedDatasets)
      result.push_back(dataset.name);
    return result;
  }();
  return names;
}

Result<TrainTestData>
dlc::loadNamedDataset(const std::string &name,
                      const NamedDatasetOptions &options) {
  for (const NamedDataset &dataset : kNamedDatasets) {
    if (name != dataset.name)
      continue;
    Result<TrainTestData> data = dataset.load(options);
    if (!data)
      return data.status().withContext(name);
    return data;
  }
  std::string known;
  for (const std::string &candidate : namedDatasetNames())
    known += (known.empty() ? "" : ", ") + candidate;
  return Status::error("unknown data set '" + name + "' (known: " + known +
                       ")");
}
