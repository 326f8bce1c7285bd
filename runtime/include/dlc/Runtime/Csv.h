//===- Csv.h - Reading CSV files of numbers -------------------------------===//
//
// Tabular data sets (Boston housing, most Kaggle data) come as CSV files of
// numbers with an optional header row naming the columns. readCsv reads the
// cells as float32; readCsvDataset also picks the label column by name.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_CSV_H
#define DLC_RUNTIME_CSV_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

struct CsvOptions {
  /// Lines to skip at the top of the file, before the header or the first
  /// row; scikit-learn's data sets start with a line of sample counts.
  int64_t skipLines = 0;
  /// Whether the first line after the skipped ones names the columns.
  bool hasHeader = true;
  char delimiter = ',';
};

/// The cells of a CSV file.
struct CsvTable {
  /// The header's names, or "0", "1", ... (as pandas names them) when the
  /// file has no header.
  std::vector<std::string> columnNames;
  /// float32 [rows, columns].
  Tensor values;

  /// The index of the column called `name`. Fails, listing the columns, if
  /// there is none or more than one.
  Result<int64_t> columnIndex(const std::string &name) const;
};

/// Reads a CSV file, or a gzip-compressed one, whose cells are all numbers:
/// decimal or scientific notation with an optional sign, or nan and inf,
/// rounded to float32 as NumPy's loadtxt(...).astype(np.float32) does.
/// Fields may be quoted ("1.5", "a ""name"""), but may not span lines.
/// Spaces around fields and empty lines are ignored; a "\r\n" line end is
/// read as "\n". Errors name `path` and, for a bad line or cell, its line
/// number (1-based, counting every line of the file) and column (1-based,
/// with its name).
Result<CsvTable> readCsv(const std::string &path,
                         const CsvOptions &options = {});

/// Reads a CSV file as a Dataset: the column `labelColumn` (a name from the
/// header; without one, a 0-based index such as "13") becomes the labels
/// [rows] and the other columns, in order, the features [rows, columns - 1].
/// Errors name `path`.
Result<Dataset> readCsvDataset(const std::string &path,
                               const std::string &labelColumn,
                               const CsvOptions &options = {});

} // namespace dlc

#endif // DLC_RUNTIME_CSV_H
