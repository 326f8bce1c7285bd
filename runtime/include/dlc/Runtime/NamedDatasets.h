//===- NamedDatasets.h - Standard data sets from Debian packages ----------===//
//
// `dlc train` accepts a data set name instead of files, like Keras's
// keras.datasets. The data comes from Debian packages, never the network:
//
//   fashion-mnist   dataset-fashion-mnist  (IDX files)
//   boston-housing  python3-sklearn        (scikit-learn's CSV copy)
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_NAMEDDATASETS_H
#define DLC_RUNTIME_NAMEDDATASETS_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

/// A data set's training and test samples.
struct TrainTestData {
  Dataset train;
  Dataset test;
};

/// Where Debian's dataset-fashion-mnist installs the four IDX files.
constexpr const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
/// Where Debian's python3-sklearn installs the Boston housing CSV.
constexpr const char *kBostonHousingCsv =
    "/usr/lib/python3/dist-packages/sklearn/datasets/data/"
    "boston_house_prices.csv";
/// The seed of the Boston housing train/test shuffle; 113 is the seed of
/// keras.datasets.boston_housing, though the orders differ as NumPy's
/// generator is not ours.
constexpr uint64_t kBostonHousingSeed = 113;

struct NamedDatasetOptions {
  /// Fashion-MNIST images as [N, 784] rows rather than [N, 28, 28].
  bool flatten = true;
};

/// The names loadNamedDataset knows, sorted.
const std::vector<std::string> &namedDatasetNames();

/// Loads the data set called `name` from its Debian package. Fails, listing
/// the known names, for an unknown one, and names the Debian package to
/// install when its files are missing.
Result<TrainTestData> loadNamedDataset(const std::string &name,
                                       const NamedDatasetOptions &options = {});

/// Fashion-MNIST from the IDX files in `directory`: 60000 training and 10000
/// test images of 28x28 pixels as float32 in [0, 1] (pixel / 255), shaped
/// [N, 784] or, without `flatten`, [N, 28, 28]; labels are int64 [N] classes
/// 0..9 (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal,
/// 6 shirt, 7 sneaker, 8 bag, 9 ankle boot).
Result<TrainTestData> loadFashionMnist(const std::string &directory,
                                       bool flatten = true);

/// Boston housing from scikit-learn's CSV at `csvPath` (a line of counts, a
/// header, then 506 rows): features are the 13 columns CRIM..LSTAT as float32
/// [N, 13], labels the median value MEDV (in $1000s) as float32 [N]. The
/// samples are shuffled with SplitMix64(kBostonHousingSeed) and split like
/// Keras's boston_housing: the first 404 for training, the last 102 for test.
Result<TrainTestData> loadBostonHousing(const std::string &csvPath);

} // namespace dlc

#endif // DLC_RUNTIME_NAMEDDATASETS_H
