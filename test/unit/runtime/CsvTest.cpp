//===- CsvTest.cpp - Unit tests of the CSV reader -------------------------===//
//
// Reads small CSV files written by the tests: with and without a header,
// quoted, CRLF, gzip'd, scikit-learn's count line; and checks that every bad
// line or cell is reported with the file, line and column.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Csv.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;
using namespace dlc::test;

namespace {

class CsvTest : public ScratchDirTest {
protected:
  /// Writes `text` to a scratch file and reads it with `options`.
  CsvTable read(const std::string &text, const CsvOptions &options = {}) {
    Result<CsvTable> table = readCsv(write("table.csv", text), options);
    EXPECT_TRUE(table.isOk()) << table.status().message();
    return table ? std::move(table).value() : CsvTable();
  }

  /// Expects reading `text` to fail with `expected`, which names the file.
  void expectReadError(const std::string &text, const std::string &expected,
                       const CsvOptions &options = {}) {
    std::string file = write("bad.csv", text);
    expectError(readCsv(file, options).status(), file, file + expected);
  }
};

std::vector<float> valuesOf(const Tensor &tensor) {
  const float *data = tensor.typed<float>();
  return std::vector<float>(data, data + tensor.numElements());
}

TEST_F(CsvTest, ReadsHeaderAndRows) {
  CsvTable table = read("a,b,c\n1,2,3\n4.5,-6,7e-3\n");
  EXPECT_EQ(table.columnNames, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(table.values.dtype(), DType::Float32);
  EXPECT_EQ(table.values.shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(valuesOf(table.values),
            (std::vector<float>{1, 2, 3, 4.5f, -6, 7e-3f}));
}

TEST_F(CsvTest, WithoutHeaderColumnsAreNumbered) {
  CsvOptions options;
  options.hasHeader = false;
  CsvTable table = read("1,2\n3,4\n", options);
  EXPECT_EQ(table.columnNames, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(valuesOf(table.values), (std::vector<float>{1, 2, 3, 4}));
}

TEST_F(CsvTest, SkipsScikitLearnCountLine) {
  CsvOptions options;
  options.skipLines = 1;
  CsvTable table = read("2,2,,\n\"X\",\"Y\"\n1,10\n2,20\n", options);
  EXPECT_EQ(table.columnNames, (std::vector<std::string>{"X", "Y"}));
  EXPECT_EQ(valuesOf(table.values), (std::vector<float>{1, 10, 2, 20}));
}

TEST_F(CsvTest, QuotesSpacesLineEndsAndBlankLines) {
  CsvTable table = read("\"a \"\"q\"\"\", b ,\"c,d\"\r\n"
                        "\r\n"
                        "  1 , \"2\" ,+3\r\n"
                        "\n"
                        "nan,inf,-INF\n"
                        "   \n");
  EXPECT_EQ(table.columnNames,
            (std::vector<std::string>{"a \"q\"", "b", "c,d"}));
  ASSERT_EQ(table.values.shape(), (std::vector<int64_t>{2, 3}));
  std::vector<float> values = valuesOf(table.values);
  EXPECT_EQ(values[0], 1);
  EXPECT_EQ(values[1], 2);
  EXPECT_EQ(values[2], 3);
  EXPECT_TRUE(std::isnan(values[3]));
  EXPECT_EQ(values[4], INFINITY);
  EXPECT_EQ(values[5], -INFINITY);
}

TEST_F(CsvTest, OtherDelimiters) {
  CsvOptions options;
  options.delimiter = '\t';
  CsvTable table = read("x\ty\n1\t2\n", options);
  EXPECT_EQ(table.columnNames, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(valuesOf(table.values), (std::vector<float>{1, 2}));

  options.delimiter = ';';
  EXPECT_EQ(valuesOf(read("x;y\n0.5;2\n", options).values),
            (std::vector<float>{0.5f, 2}));
}

TEST_F(CsvTest, HeaderOnlyGivesZeroRows) {
  CsvTable table = read("a,b\n");
  EXPECT_EQ(table.values.shape(), (std::vector<int64_t>{0, 2}));
}

TEST_F(CsvTest, ReadsGzippedFiles) {
  Result<CsvTable> table = readCsv(write("table.csv.gz", gzip("a\n1\n2\n")));
  ASSERT_TRUE(table.isOk()) << table.status().message();
  EXPECT_EQ(valuesOf(table->values), (std::vector<float>{1, 2}));
}

//===----------------------------------------------------------------------===//
// Errors name the file, the line and the column
//===----------------------------------------------------------------------===//

TEST_F(CsvTest, BadCell) {
  expectReadError("a,b\n1,2\n3,x4\n", ":3: column 2 (\"b\"): cannot read 'x4' "
                                      "as a number");
  expectReadError("a,b\n1,2 3\n", ":2: column 2 (\"b\"): cannot read '2 3' as "
                                  "a number");
  expectReadError("a,b\n1,0x10\n", ":2: column 2 (\"b\"): cannot read '0x10'");
  expectReadError("a,b\n1,+-1\n", ":2: column 2 (\"b\"): cannot read '+-1'");
  expectReadError("a,b\n1,+\n", ":2: column 2 (\"b\"): cannot read '+'");
}

TEST_F(CsvTest, BadCellWithoutHeaderHasNoName) {
  CsvOptions options;
  options.hasHeader = false;
  expectReadError("1,2\n3,abc\n", ":2: column 2: cannot read 'abc' as a number",
                  options);
}

TEST_F(CsvTest, EmptyCell) {
  expectReadError("a,b,c\n1,,3\n", ":2: column 2 (\"b\"): empty cell");
  expectReadError("a,b\n1,2,\n", ":2: has 3 fields but line 1 has 2");
}

TEST_F(CsvTest, OutOfRange) {
  expectReadError("a\n1e39\n",
                  ":2: column 1 (\"a\"): '1e39' is out of the float32 range");
  expectReadError("a\n-1e999\n",
                  ":2: column 1 (\"a\"): '-1e999' is out of the float32 range");
  // Too small for float32 rounds to zero, as NumPy's conversion does.
  EXPECT_EQ(valuesOf(read("a\n1e-50\n").values), (std::vector<float>{0}));
}

TEST_F(CsvTest, WrongFieldCount) {
  CsvOptions options;
  options.skipLines = 2;
  expectReadError("junk\njunk\n\na,b,c\n1,2,3\n1,2\n",
                  ":6: has 2 fields but line 4 has 3", options);
}

TEST_F(CsvTest, BadQuotes) {
  expectReadError("a,b\n1,\"2\n", ":2: column 2: unterminated quoted field");
  expectReadError("a,\"b\"c\n", ":1: column 2: text after the closing quote");
}

TEST_F(CsvTest, NoHeader) {
  expectReadError("", ": no header line");
  expectReadError("\n  \n", ": no header line");
  CsvOptions options;
  options.skipLines = 1;
  expectReadError("506,13\n", ": no header line after the 1 skipped lines",
                  options);
}

TEST_F(CsvTest, MissingFile) {
  std::string file = path("absent.csv");
  expectError(readCsv(file).status(), file, "No such file or directory");
}

//===----------------------------------------------------------------------===//
// Columns and datasets
//===----------------------------------------------------------------------===//

TEST_F(CsvTest, ColumnIndex) {
  CsvTable table = read("a,b,a\n1,2,3\n");
  Result<int64_t> b = table.columnIndex("b");
  ASSERT_TRUE(b.isOk()) << b.status().message();
  EXPECT_EQ(*b, 1);
  Result<int64_t> missing = table.columnIndex("c");
  ASSERT_FALSE(missing.isOk());
  EXPECT_EQ(missing.status().message(),
            "no column named \"c\" (columns: \"a\", \"b\", \"a\")");
  Result<int64_t> ambiguous = table.columnIndex("a");
  ASSERT_FALSE(ambiguous.isOk());
  EXPECT_EQ(ambiguous.status().message(),
            "column name \"a\" is ambiguous: columns 1 and 3 have it");
}

TEST_F(CsvTest, DatasetTakesTheLabelColumnByName) {
  std::string file = write("data.csv", "x1,y,x2\n1,10,2\n3,30,4\n5,50,6\n");
  Result<Dataset> data = readCsvDataset(file, "y");
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(data->features().shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(data->labels().shape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(valuesOf(data->features()), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(valuesOf(data->labels()), (std::vector<float>{10, 30, 50}));
}

TEST_F(CsvTest, DatasetWithoutHeaderTakesTheLabelColumnByIndex) {
  CsvOptions options;
  options.hasHeader = false;
  std::string file = write("data.csv", "1,2,7\n3,4,8\n");
  Result<Dataset> data = readCsvDataset(file, "2", options);
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(valuesOf(data->features()), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(valuesOf(data->labels()), (std::vector<float>{7, 8}));
}

TEST_F(CsvTest, DatasetErrors) {
  std::string file = write("data.csv", "x,y\n1,2\n");
  expectError(readCsvDataset(file, "label").status(), file,
              file + ": no column named \"label\" (columns: \"x\", \"y\")");
  std::string single = write("single.csv", "y\n1\n");
  expectError(readCsvDataset(single, "y").status(), single,
              single + ": needs a feature column besides the label column "
                       "\"y\"");
  std::string bad = write("bad.csv", "x,y\n1,?\n");
  expectError(readCsvDataset(bad, "y").status(), bad,
              bad + ":2: column 2 (\"y\"): cannot read '?' as a number");
}

} // namespace
