//===- DataSource.h - Resolve `--data` to training and test samples -------===//
//
// What `dlc train --data X` accepts:
//   a data set name      fashion-mnist, boston-housing (NamedDatasets.h)
//   a directory          x_train and y_train, and optionally x_test and
//                        y_test, each a .npy file or an IDX file (.idx,
//                        gzip'd or not: the format of MNIST's files); for
//                        a model of several inputs, x_train.<input> for
//                        each, and of several losses y_train.<output>
//   a .csv file          numeric columns; the label column is named by
//                        `labelColumn`, else the last one
//   texts                spam-assassin, or a directory of class folders
//                        (TextDatasets.h), vectorized as `text` says with
//                        a vocabulary learnt from the training texts
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_DATASOURCE_H
#define DLC_RUNTIME_DATASOURCE_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/TextVectorization.h"

#include <optional>
#include <string>
#include <vector>

namespace dlc {

struct DataSource {
  Dataset train;
  /// Present when the source has a test split.
  std::optional<Dataset> test;
  /// For texts: the vectorization learnt from the training split.
  std::optional<TextVectorization> vectorization;
};

struct DataSourceOptions {
  /// For CSV files: the label column's header name (the last column when
  /// empty).
  std::string labelColumn;
  /// For texts: how they become tensors.
  TextVectorizationOptions text;
  /// For directories of arrays, a model's input names and the outputs its
  /// losses read: with more than one, each has arrays of its own.
  std::vector<std::string> inputNames, outputNames;
};

/// Whether `source` names texts rather than arrays.
bool isTextSource(const std::string &source);

Result<DataSource> loadDataSource(const std::string &source,
                                  const DataSourceOptions &options = {});

} // namespace dlc

#endif // DLC_RUNTIME_DATASOURCE_H
