//===- Dataset.h - Samples for training: features and labels -------------===//
//
// A Dataset pairs a features tensor with a labels tensor whose first
// dimension counts the same samples. Training splits it (validation, K-fold),
// shuffles it each epoch and walks it in batches; each of these returns new
// Datasets whose rows are copies, so the results never alias one another.
//
// Copying a Dataset is cheap and shallow, like copying its Tensors.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_DATASET_H
#define DLC_RUNTIME_DATASET_H

#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace dlc {

class Batches;

class Dataset {
public:
  /// Pairs `features` and `labels`. Fails unless both have at least one
  /// dimension and their first dimensions (the sample counts) agree.
  static Result<Dataset> create(Tensor features, Tensor labels);
  /// A data set for a model with several inputs (Keras's fit([a, b], y)):
  /// one tensor per input, each with the samples along its first dimension.
  static Result<Dataset> create(std::vector<Tensor> inputs, Tensor labels);
  /// A data set for a model with several losses (Keras's fit(x, [a, b])):
  /// one labels tensor per loss, in the order of the losses.
  static Result<Dataset> create(std::vector<Tensor> inputs,
                                std::vector<Tensor> labels);

  /// The number of samples.
  int64_t size() const { return labels_.front().shape()[0]; }
  /// The features of a single-input data set (the first input otherwise).
  const Tensor &features() const { return inputs_.front(); }
  /// One tensor per model input.
  const std::vector<Tensor> &inputs() const { return inputs_; }
  /// The labels of a single-loss data set (the first loss's otherwise).
  const Tensor &labels() const { return labels_.front(); }
  /// One labels tensor per loss.
  const std::vector<Tensor> &allLabels() const { return labels_; }

  /// The samples at `indices`, in that order; each index must be in
  /// [0, size()).
  Dataset select(const std::vector<int64_t> &indices) const;
  /// The samples [begin, end), with 0 <= begin <= end <= size().
  Dataset slice(int64_t begin, int64_t end) const;
  /// All samples in an order drawn from `random` (see Random.h), so that a
  /// seed gives the same order on every machine.
  Dataset shuffled(SplitMix64 &random) const;

  /// Keras's validation_split: the first floor(size * (1 - fraction))
  /// samples are for training and the rest, the last ones, for validation.
  /// Nothing is shuffled, so shuffle first if the samples are ordered. Fails
  /// unless 0 <= fraction < 1.
  Result<std::pair<Dataset, Dataset>> split(double validationFraction) const;

  /// Fold `index` of a K-fold partition into `foldCount` consecutive folds:
  /// (training samples, validation samples), where the validation samples are
  /// the fold and the training samples all others, in order. As in
  /// scikit-learn's KFold, the first size % foldCount folds hold one sample
  /// more than the rest, so every sample is validated exactly once. Fails
  /// unless 2 <= foldCount <= size(); `index` must be in [0, foldCount).
  Result<std::pair<Dataset, Dataset>> fold(int64_t foldCount,
                                           int64_t index) const;

  /// The samples in consecutive batches of `batchSize` (which must be
  /// positive); the last batch holds the remainder when size() is not a
  /// multiple of `batchSize`.
  Batches batches(int64_t batchSize) const;

private:
  Dataset(std::vector<Tensor> inputs, std::vector<Tensor> labels)
      : inputs_(std::move(inputs)), labels_(std::move(labels)) {}

  std::vector<Tensor> inputs_;
  std::vector<Tensor> labels_;
};

/// A Dataset seen as batches, each itself a Dataset whose rows are copied
/// when it is requested:
///
///   for (Dataset batch : train.batches(32))
///     step(batch.features(), batch.labels());
class Batches {
public:
  class Iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Dataset;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Dataset;

    Dataset operator*() const { return (*batches_)[index_]; }
    Iterator &operator++() {
      ++index_;
      return *this;
    }
    bool operator==(const Iterator &other) const {
      return index_ == other.index_;
    }
    bool operator!=(const Iterator &other) const { return !(*this == other); }

  private:
    friend class Batches;
    Iterator(const Batches *batches, int64_t index)
        : batches_(batches), index_(index) {}
    const Batches *batches_;
    int64_t index_;
  };

  Batches(Dataset dataset, int64_t batchSize);

  /// The number of batches: size / batchSize, rounded up.
  int64_t size() const;
  int64_t batchSize() const { return batchSize_; }
  /// Batch `index`, in [0, size()).
  Dataset operator[](int64_t index) const;

  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

private:
  Dataset dataset_;
  int64_t batchSize_;
};

} // namespace dlc

#endif // DLC_RUNTIME_DATASET_H
