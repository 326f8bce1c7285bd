//===- NamedDatasetsTest.cpp - Unit tests of the named data set loaders ---===//
//
// Runs the loaders on the real Debian files (dataset-fashion-mnist and
// python3-sklearn, which scripts/setup.sh installs) and on small synthetic
// copies in a scratch directory. A missing package fails the real-file tests
// with the loader's own message, which names the package to install: the
// tests must not pass by skipping.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/NamedDatasets.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace dlc;
using namespace dlc::test;

namespace {

/// The feature values of sample `sample` of float32 `dataset`.
std::vector<float> row(const Dataset &dataset, int64_t sample) {
  int64_t width = dataset.features().numElements() / dataset.size();
  const float *begin = dataset.features().typed<float>() + sample * width;
  return std::vector<float>(begin, begin + width);
}

//===----------------------------------------------------------------------===//
// The real data sets
//===----------------------------------------------------------------------===//

TEST(NamedDatasetsTest, FashionMnist) {
  Result<TrainTestData> data = loadNamedDataset("fashion-mnist");
  ASSERT_TRUE(data.isOk()) << data.status().message();
  const Dataset &train = data->train, &test = data->test;
  EXPECT_EQ(train.features().dtype(), DType::Float32);
  EXPECT_EQ(train.features().shape(), (std::vector<int64_t>{60000, 784}));
  EXPECT_EQ(train.labels().dtype(), DType::Int64);
  EXPECT_EQ(train.labels().shape(), (std::vector<int64_t>{60000}));
  EXPECT_EQ(test.features().shape(), (std::vector<int64_t>{10000, 784}));
  EXPECT_EQ(test.labels().shape(), (std::vector<int64_t>{10000}));

  // The first labels of each file (9 is "ankle boot").
  EXPECT_EQ(train.labels().valuesPreview(10),
            "[9, 0, 0, 3, 0, 2, 7, 2, 5, 5, ...]");
  EXPECT_EQ(test.labels().valuesPreview(10),
            "[9, 2, 1, 1, 6, 1, 4, 6, 5, 7, ...]");
  // Known pixels of the first training image, and its pixel sum 76247/255.
  std::vector<float> image = row(train, 0);
  EXPECT_EQ(image[95], 0.0f);
  EXPECT_EQ(image[96], 1.0f / 255.0f);
  EXPECT_EQ(image[99], 13.0f / 255.0f);
  double sum = 0;
  for (float pixel : image) {
    ASSERT_GE(pixel, 0.0f);
    ASSERT_LE(pixel, 1.0f);
    sum += pixel;
  }
  EXPECT_NEAR(sum, 76247.0 / 255.0, 1e-3);
}

TEST(NamedDatasetsTest, FashionMnistAsImages) {
  NamedDatasetOptions options;
  options.flatten = false;
  Result<TrainTestData> data = loadNamedDataset("fashion-mnist", options);
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(data->train.features().shape(),
            (std::vector<int64_t>{60000, 28, 28}));
  EXPECT_EQ(data->test.features().shape(),
            (std::vector<int64_t>{10000, 28, 28}));
  // Row 3, column 12 of the first image is pixel 96 of the flat one.
  EXPECT_EQ(data->train.features().typed<float>()[3 * 28 + 12], 1.0f / 255.0f);
}

TEST(NamedDatasetsTest, BostonHousing) {
  Result<TrainTestData> data = loadNamedDataset("boston-housing");
  ASSERT_TRUE(data.isOk()) << data.status().message();
  const Dataset &train = data->train, &test = data->test;
  EXPECT_EQ(train.features().dtype(), DType::Float32);
  EXPECT_EQ(train.features().shape(), (std::vector<int64_t>{404, 13}));
  EXPECT_EQ(train.labels().dtype(), DType::Float32);
  EXPECT_EQ(train.labels().shape(), (std::vector<int64_t>{404}));
  EXPECT_EQ(test.features().shape(), (std::vector<int64_t>{102, 13}));
  EXPECT_EQ(test.labels().shape(), (std::vector<int64_t>{102}));

  // SplitMix64(113) puts data row 177 (0-based, after the header) first in
  // training, and rows 241 and 284 first and last in test.
  EXPECT_EQ(row(train, 0),
            (std::vector<float>{0.05425f, 0, 4.05f, 0, 0.51f, 6.315f, 73.4f,
                                3.3175f, 5, 296, 16.6f, 395.6f, 6.29f}));
  EXPECT_EQ(train.labels().typed<float>()[0], 24.6f);
  EXPECT_EQ(row(test, 0)[0], 0.10612f);
  EXPECT_EQ(test.labels().typed<float>()[0], 20.1f);
  EXPECT_EQ(row(test, 101)[0], 0.00906f);
  EXPECT_EQ(test.labels().typed<float>()[101], 32.2f);

  // Every sample lands in exactly one part: the MEDV sums add up.
  double trainSum = 0, testSum = 0;
  for (int64_t i = 0; i < 404; ++i)
    trainSum += train.labels().typed<float>()[i];
  for (int64_t i = 0; i < 102; ++i)
    testSum += test.labels().typed<float>()[i];
  EXPECT_NEAR(trainSum, 9164.5, 1e-3);
  EXPECT_NEAR(trainSum + testSum, 11401.6, 1e-3);
}

TEST(NamedDatasetsTest, UnknownNameListsTheKnownOnes) {
  EXPECT_EQ(namedDatasetNames(),
            (std::vector<std::string>{"boston-housing", "fashion-mnist"}));
  Result<TrainTestData> data = loadNamedDataset("mnist");
  ASSERT_FALSE(data.isOk());
  EXPECT_EQ(data.status().message(),
            "unknown data set 'mnist' (known: boston-housing, fashion-mnist)");
}

//===----------------------------------------------------------------------===//
// Synthetic copies
//===----------------------------------------------------------------------===//

class NamedDatasetsFilesTest : public ScratchDirTest {
protected:
  /// Writes gzip'd IDX files of `images` 28x28 images (pixel p of image i is
  /// (i + p) % 256) and of `labels`, as part `part` ("train" or "t10k").
  void writeFashionMnistPart(const std::string &part, uint32_t images,
                             const std::vector<uint8_t> &labels) {
    std::string pixels;
    for (uint32_t i = 0; i < images; ++i)
      for (uint32_t p = 0; p < 784; ++p)
        pixels += static_cast<char>((i + p) % 256);
    write(part + "-images-idx3-ubyte.gz",
          gzip(idxHeader(0x08, {images, 28, 28}) + pixels));
    write(part + "-labels-idx1-ubyte.gz",
          gzip(idxHeader(0x08, {static_cast<uint32_t>(labels.size())}) +
               std::string(labels.begin(), labels.end())));
  }
};

TEST_F(NamedDatasetsFilesTest, FashionMnistConvertsPixelsAndLabels) {
  writeFashionMnistPart("train", 3, {0, 9, 4});
  writeFashionMnistPart("t10k", 2, {1, 2});
  Result<TrainTestData> data = loadFashionMnist(dir_.string());
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(data->train.features().shape(), (std::vector<int64_t>{3, 784}));
  EXPECT_EQ(data->train.labels().valuesPreview(), "[0, 9, 4]");
  EXPECT_EQ(data->test.labels().valuesPreview(), "[1, 2]");
  std::vector<float> image = row(data->train, 2);
  EXPECT_EQ(image[0], 2.0f / 255.0f);
  EXPECT_EQ(image[253], 1.0f);
  EXPECT_EQ(image[254], 0.0f);
}

TEST_F(NamedDatasetsFilesTest, FashionMnistMissingPackage) {
  Result<TrainTestData> data = loadFashionMnist(dir_.string());
  expectError(data.status(), path("train-images-idx3-ubyte.gz"),
              "no such file; install the Debian package "
              "dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
}

TEST_F(NamedDatasetsFilesTest, FashionMnistBadFiles) {
  writeFashionMnistPart("train", 2, {0, 10});
  writeFashionMnistPart("t10k", 1, {0});
  std::string labels = path("train-labels-idx1-ubyte.gz");
  expectError(loadFashionMnist(dir_.string()).status(), labels,
              "label 10 of sample 1 is not a class 0..9");

  writeFashionMnistPart("train", 2, {0, 1, 2});
  expectError(loadFashionMnist(dir_.string()).status(),
              path("train-images-idx3-ubyte.gz") + " and " + labels,
              "features have 2 samples but labels have 3");

  std::string images = write("train-images-idx3-ubyte.gz",
                             gzip(idxHeader(0x08, {1, 2, 2}) + "abcd"));
  expectError(loadFashionMnist(dir_.string()).status(), images,
              "expected uint8 images of shape [N, 28, 28], got uint8 [1, 2, "
              "2]");
}

TEST_F(NamedDatasetsFilesTest, BostonHousingFormat) {
  std::string csv = "5,13,,,,,,,,,,,,\n"
                    "\"CRIM\",\"ZN\",\"INDUS\",\"CHAS\",\"NOX\",\"RM\",\"AGE\","
                    "\"DIS\",\"RAD\",\"TAX\",\"PTRATIO\",\"B\",\"LSTAT\","
                    "\"MEDV\"\n";
  for (int i = 0; i < 5; ++i) {
    for (int column = 0; column < 13; ++column)
      csv += std::to_string(i) + ",";
    csv += std::to_string(10 * i) + "\n";
  }
  Result<TrainTestData> data = loadBostonHousing(write("boston.csv", csv));
  ASSERT_TRUE(data.isOk()) << data.status().message();
  // floor(5 * 0.8) = 4 training samples, as Keras splits.
  EXPECT_EQ(data->train.features().shape(), (std::vector<int64_t>{4, 13}));
  EXPECT_EQ(data->test.features().shape(), (std::vector<int64_t>{1, 13}));
  // Each label is still 10x its features after the shuffle.
  for (const Dataset *part : {&data->train, &data->test})
    for (int64_t i = 0; i < part->size(); ++i)
      EXPECT_EQ(part->labels().typed<float>()[i], 10 * row(*part, i)[0]);
}

TEST_F(NamedDatasetsFilesTest, BostonHousingErrors) {
  std::string missing = path("absent.csv");
  expectError(loadBostonHousing(missing).status(), missing,
              "no such file; install the Debian package python3-sklearn");

  std::string noMedv = write("nomedv.csv", "1,2\n\"A\",\"B\"\n1,2\n");
  expectError(loadBostonHousing(noMedv).status(), noMedv,
              "no column named \"MEDV\" (columns: \"A\", \"B\")");
  std::string narrow = write("narrow.csv", "1,2\n\"A\",\"MEDV\"\n1,2\n");
  expectError(loadBostonHousing(narrow).status(), narrow,
              "expected 13 feature columns besides MEDV, got 1");
}

} // namespace
