//===- DatasetTest.cpp - Unit tests of Dataset and Batches ----------------===//
//
// Uses data sets whose feature rows encode their sample index, so that every
// split, fold, shuffle and batch can be checked by the indices it holds.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace dlc;

namespace {

/// `samples` samples with float32 features [samples, 2, 3] (sample i holds
/// 100*i, 100*i + 1, ...) and int64 labels [samples] equal to i.
Dataset indexedDataset(int64_t samples) {
  Tensor features(DType::Float32, {samples, 2, 3});
  Tensor labels(DType::Int64, {samples});
  for (int64_t i = 0; i < samples; ++i) {
    for (int64_t j = 0; j < 6; ++j)
      features.typed<float>()[i * 6 + j] = static_cast<float>(100 * i + j);
    labels.typed<int64_t>()[i] = i;
  }
  Result<Dataset> dataset = Dataset::create(features, labels);
  EXPECT_TRUE(dataset.isOk()) << dataset.status().message();
  return std::move(dataset).value();
}

/// The sample indices `dataset` holds, after checking that every feature
/// row still belongs to its label.
std::vector<int64_t> indicesOf(const Dataset &dataset) {
  std::vector<int64_t> indices;
  EXPECT_EQ(dataset.features().shape(),
            (std::vector<int64_t>{dataset.size(), 2, 3}));
  EXPECT_EQ(dataset.labels().shape(), (std::vector<int64_t>{dataset.size()}));
  for (int64_t i = 0; i < dataset.size(); ++i) {
    int64_t index = dataset.labels().typed<int64_t>()[i];
    for (int64_t j = 0; j < 6; ++j)
      EXPECT_EQ(dataset.features().typed<float>()[i * 6 + j],
                static_cast<float>(100 * index + j))
          << "row " << i << " does not match its label " << index;
    indices.push_back(index);
  }
  return indices;
}

std::vector<int64_t> range(int64_t begin, int64_t end) {
  std::vector<int64_t> values(end - begin);
  std::iota(values.begin(), values.end(), begin);
  return values;
}

std::vector<int64_t> concat(std::vector<int64_t> a,
                            const std::vector<int64_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(DatasetTest, CreateChecksSampleCounts) {
  Result<Dataset> ok = Dataset::create(Tensor(DType::Float32, {4, 3}),
                                       Tensor(DType::Int64, {4}));
  ASSERT_TRUE(ok.isOk()) << ok.status().message();
  EXPECT_EQ(ok->size(), 4);

  Result<Dataset> mismatch = Dataset::create(Tensor(DType::Float32, {4, 3}),
                                             Tensor(DType::Int64, {5}));
  ASSERT_FALSE(mismatch.isOk());
  EXPECT_EQ(mismatch.status().message(),
            "features have 4 samples but labels have 5 (shapes [4, 3] and "
            "[5])");

  Result<Dataset> scalar =
      Dataset::create(Tensor(DType::Float32, {}), Tensor(DType::Int64, {1}));
  ASSERT_FALSE(scalar.isOk());
  EXPECT_EQ(scalar.status().message(),
            "features and labels need a first dimension counting samples, got "
            "shapes [] and [1]");
}

TEST(DatasetTest, SelectAndSliceCopyRows) {
  Dataset data = indexedDataset(6);
  EXPECT_EQ(indicesOf(data.select({5, 0, 5, 2})),
            (std::vector<int64_t>{5, 0, 5, 2}));
  EXPECT_EQ(indicesOf(data.slice(2, 5)), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(data.slice(3, 3).size(), 0);

  // The results own their rows: writing to them leaves the source intact.
  Tensor sliceFeatures = data.slice(0, 1).features();
  sliceFeatures.typed<float>()[0] = -1;
  EXPECT_EQ(data.features().typed<float>()[0], 0.0f);
}

TEST(DatasetTest, ShuffleIsSeededAndPinned) {
  Dataset data = indexedDataset(10);
  SplitMix64 random(42);
  // The permutation RandomTest pins for seed 42.
  EXPECT_EQ(indicesOf(data.shuffled(random)),
            (std::vector<int64_t>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
  SplitMix64 again(42);
  EXPECT_EQ(indicesOf(data.shuffled(again)),
            (std::vector<int64_t>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
}

TEST(DatasetTest, SplitTakesTheLastFractionLikeKeras) {
  Dataset data = indexedDataset(10);
  // Keras: split_at = floor(10 * (1 - 0.25)) = 7.
  Result<std::pair<Dataset, Dataset>> split = data.split(0.25);
  ASSERT_TRUE(split.isOk()) << split.status().message();
  EXPECT_EQ(indicesOf(split->first), range(0, 7));
  EXPECT_EQ(indicesOf(split->second), range(7, 10));

  // 60000 * (1 - 0.2) is 48000 in doubles too, not 47999.99...
  Result<Dataset> large = Dataset::create(Tensor(DType::UInt8, {60000}),
                                          Tensor(DType::UInt8, {60000}));
  ASSERT_TRUE(large.isOk());
  Result<std::pair<Dataset, Dataset>> largeSplit = large->split(0.2);
  ASSERT_TRUE(largeSplit.isOk());
  EXPECT_EQ(largeSplit->first.size(), 48000);
  EXPECT_EQ(largeSplit->second.size(), 12000);

  Result<std::pair<Dataset, Dataset>> none = data.split(0);
  ASSERT_TRUE(none.isOk());
  EXPECT_EQ(none->first.size(), 10);
  EXPECT_EQ(none->second.size(), 0);
}

TEST(DatasetTest, SplitRejectsBadFractions) {
  Dataset data = indexedDataset(3);
  for (double fraction : {-0.1, 1.0, 1.5, std::nan("")}) {
    Result<std::pair<Dataset, Dataset>> split = data.split(fraction);
    ASSERT_FALSE(split.isOk()) << fraction;
    EXPECT_NE(split.status().message().find(
                  "validation fraction must be in [0, 1), got"),
              std::string::npos)
        << split.status().message();
  }
  EXPECT_EQ(data.split(1.5).status().message(),
            "validation fraction must be in [0, 1), got 1.5");
}

TEST(DatasetTest, FoldsPartitionTheSamples) {
  Dataset data = indexedDataset(10);
  // 10 samples in 3 folds: sizes 4, 3, 3, as scikit-learn's KFold.
  const std::pair<int64_t, int64_t> folds[] = {{0, 4}, {4, 7}, {7, 10}};
  for (int64_t index = 0; index < 3; ++index) {
    Result<std::pair<Dataset, Dataset>> fold = data.fold(3, index);
    ASSERT_TRUE(fold.isOk()) << fold.status().message();
    auto [begin, end] = folds[index];
    EXPECT_EQ(indicesOf(fold->second), range(begin, end)) << index;
    EXPECT_EQ(indicesOf(fold->first), concat(range(0, begin), range(end, 10)))
        << index;
  }
}

TEST(DatasetTest, FoldsLikeTheKerasBookForBostonHousing) {
  // 404 training samples in 4 folds of 101, as in "Deep Learning with
  // Python", listing 3.27.
  Dataset data = indexedDataset(404);
  Result<std::pair<Dataset, Dataset>> fold = data.fold(4, 3);
  ASSERT_TRUE(fold.isOk()) << fold.status().message();
  EXPECT_EQ(indicesOf(fold->second), range(303, 404));
  EXPECT_EQ(indicesOf(fold->first), range(0, 303));
}

TEST(DatasetTest, FoldRejectsBadCounts) {
  Dataset data = indexedDataset(3);
  for (int64_t count : {0, 1, 4}) {
    Result<std::pair<Dataset, Dataset>> fold = data.fold(count, 0);
    ASSERT_FALSE(fold.isOk()) << count;
    EXPECT_EQ(fold.status().message(),
              "K-fold needs 2 to 3 folds for 3 samples, got " +
                  std::to_string(count));
  }
}

TEST(DatasetTest, BatchesCoverTheSamplesWithAPartialLastOne) {
  Dataset data = indexedDataset(10);
  Batches batches = data.batches(4);
  EXPECT_EQ(batches.size(), 3);
  EXPECT_EQ(batches.batchSize(), 4);
  EXPECT_EQ(indicesOf(batches[0]), range(0, 4));
  EXPECT_EQ(indicesOf(batches[2]), range(8, 10));

  std::vector<int64_t> sizes;
  std::vector<int64_t> seen;
  for (Dataset batch : data.batches(4)) {
    sizes.push_back(batch.size());
    seen = concat(seen, indicesOf(batch));
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 4, 2}));
  EXPECT_EQ(seen, range(0, 10));
}

TEST(DatasetTest, BatchSizesAtTheEdges) {
  Dataset data = indexedDataset(8);
  EXPECT_EQ(data.batches(4).size(), 2);
  EXPECT_EQ(data.batches(8).size(), 1);
  EXPECT_EQ(data.batches(100).size(), 1);
  EXPECT_EQ(indicesOf(data.batches(100)[0]), range(0, 8));
  EXPECT_EQ(data.batches(1).size(), 8);
  EXPECT_EQ(indexedDataset(0).batches(32).size(), 0);
  int iterations = 0;
  for (Dataset batch : indexedDataset(0).batches(32)) {
    (void)batch;
    ++iterations;
  }
  EXPECT_EQ(iterations, 0);
}

TEST(DatasetTest, BatchesOfAShuffledEpoch) {
  // The usual epoch: shuffle with a persistent generator, then batch.
  Dataset data = indexedDataset(10);
  SplitMix64 random(42);
  std::vector<int64_t> seen;
  for (Dataset batch : data.shuffled(random).batches(3))
    seen = concat(seen, indicesOf(batch));
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
}

} // namespace
