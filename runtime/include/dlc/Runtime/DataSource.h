//===- DataSource.h - Resolve `--data` to training and test samples -------===//
//
// What `dlc train --data X` accepts:
//   a data set name      fashion-mnist, boston-housing (NamedDatasets.h)
//   a directory          x_train.npy and y_train.npy, and optionally
//                        x_test.npy and y_test.npy
//   a .csv file          numeric columns; the label column is named by
//                        `labelColumn`, else the last one
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_DATASOURCE_H
#define DLC_RUNTIME_DATASOURCE_H

#include "dlc/Runtime/Dataset.h"

#include <optional>
#include <string>

namespace dlc {

struct DataSource {
  Dataset train;
  /// Present when the source has a test split.
  std::optional<Dataset> test;
};

struct DataSourceOptions {
  /// For CSV files: the label column's header name (the last column when
  /// empty).
  std::string labelColumn;
};

Result<DataSource> loadDataSource(const std::string &source,
                                  const DataSourceOptions &options = {});

} // namespace dlc

#endif // DLC_RUNTIME_DATASOURCE_H
