//===- CsvFuzzer.cpp - CSV files of numbers -------------------------------===//
//
// A CSV file as `dlc train --data FILE.csv` reads it, with and without a
// header and skipped lines, and as a data set whose label is its first
// column.
//
//===----------------------------------------------------------------------===//
#include "ScratchFile.h"

#include "dlc/Runtime/Csv.h"

using namespace dlc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::ScratchFile file(".csv");
  const std::string &path = file.write(data, size);
  CsvOptions withHeader;
  CsvOptions sklearnStyle;  // a line of counts, then the header
  sklearnStyle.skipLines = 1;
  CsvOptions bare;
  bare.hasHeader = false;
  bare.delimiter = ';';
  for (const CsvOptions &options : {withHeader, sklearnStyle, bare})
    if (Result<CsvTable> table = readCsv(path, options))
      (void)table->values.castTo(DType::Float64);
  (void)readCsvDataset(path, "0", bare);
  return 0;
}
