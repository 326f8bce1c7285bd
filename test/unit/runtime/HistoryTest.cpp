//===- HistoryTest.cpp - Unit tests of the training History ---------------===//
//
// Checks the recorded values, the exact CSV text, that it reads back with
// readCsv, and that writing is atomic and reports errors with the path.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/History.h"

#include "dlc/Runtime/Csv.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;
using namespace dlc::test;

namespace {

class HistoryTest : public ScratchDirTest {};

TEST_F(HistoryTest, RecordsValuesPerEpoch) {
  History history;
  EXPECT_EQ(history.epochs(), 0);
  history.addEpoch({{"loss", 0.5}, {"accuracy", 0.8}});
  history.addEpoch({{"accuracy", 0.9}, {"loss", 0.25}, {"val_loss", 0.3}});
  EXPECT_EQ(history.epochs(), 2);
  EXPECT_EQ(history.metricNames(),
            (std::vector<std::string>{"loss", "accuracy", "val_loss"}));
  EXPECT_EQ(history.values("loss"), (std::vector<double>{0.5, 0.25}));
  EXPECT_EQ(history.values("accuracy"), (std::vector<double>{0.8, 0.9}));
  std::vector<double> validation = history.values("val_loss");
  ASSERT_EQ(validation.size(), 2u);
  EXPECT_TRUE(std::isnan(validation[0]));
  EXPECT_EQ(validation[1], 0.3);
  EXPECT_EQ(history.values("mae"), std::vector<double>{});
}

TEST_F(HistoryTest, WritesCsv) {
  History history;
  history.addEpoch({{"loss", 0.1 + 0.2}, {"accuracy", 0.875}});
  history.addEpoch({{"loss", 1e-20}, {"val_loss", 2}});
  std::string file = path("history.csv");
  ASSERT_TRUE(history.writeCsv(file).isOk());
  // Values are the shortest text that reads back as the same double.
  EXPECT_EQ(readBytes(file), "epoch,loss,accuracy,val_loss\n"
                             "1,0.30000000000000004,0.875,nan\n"
                             "2,1e-20,nan,2\n");
}

TEST_F(HistoryTest, QuotesAwkwardNames) {
  History history;
  history.addEpoch({{"a,b", 1}, {"say \"hi\"", 2}, {" padded", 3}});
  std::string file = path("history.csv");
  ASSERT_TRUE(history.writeCsv(file).isOk());
  EXPECT_EQ(readBytes(file), "epoch,\"a,b\",\"say \"\"hi\"\"\",\" padded\"\n"
                             "1,1,2,3\n");
  // ... and reads back with the same names.
  Result<CsvTable> table = readCsv(file);
  ASSERT_TRUE(table.isOk()) << table.status().message();
  EXPECT_EQ(table->columnNames, (std::vector<std::string>{
                                    "epoch", "a,b", "say \"hi\"", " padded"}));
}

TEST_F(HistoryTest, ReadsBackWithReadCsv) {
  History history;
  for (int epoch = 0; epoch < 3; ++epoch)
    history.addEpoch({{"loss", 1.0 / (epoch + 1)}, {"mae", epoch * 0.5}});
  std::string file = path("history.csv");
  ASSERT_TRUE(history.writeCsv(file).isOk());
  Result<CsvTable> table = readCsv(file);
  ASSERT_TRUE(table.isOk()) << table.status().message();
  EXPECT_EQ(table->columnNames,
            (std::vector<std::string>{"epoch", "loss", "mae"}));
  ASSERT_EQ(table->values.shape(), (std::vector<int64_t>{3, 3}));
  const float *values = table->values.typed<float>();
  EXPECT_EQ(values[3 * 2 + 0], 3.0f);
  EXPECT_EQ(values[3 * 2 + 1], static_cast<float>(1.0 / 3));
  EXPECT_EQ(values[3 * 2 + 2], 1.0f);
}

TEST_F(HistoryTest, EmptyHistoryWritesTheEpochHeader) {
  std::string file = path("history.csv");
  ASSERT_TRUE(History().writeCsv(file).isOk());
  EXPECT_EQ(readBytes(file), "epoch\n");
}

TEST_F(HistoryTest, RewritesAtomically) {
  History history;
  std::string file = path("history.csv");
  for (int epoch = 0; epoch < 3; ++epoch) {
    history.addEpoch({{"loss", 1}});
    // A training loop rewrites the file after every epoch.
    ASSERT_TRUE(history.writeCsv(file).isOk());
  }
  EXPECT_EQ(readBytes(file), "epoch,loss\n1,1\n2,1\n3,1\n");
  EXPECT_EQ(listDir(), std::vector<std::string>{"history.csv"});
}

TEST_F(HistoryTest, WriteErrorNamesThePath) {
  std::string file = path("missing/history.csv");
  expectError(History().writeCsv(file), file,
              "cannot create file: No such file or directory");
}

} // namespace
