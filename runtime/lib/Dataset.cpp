//===- Dataset.cpp - Splitting, shuffling and batching samples ------------===//
//
// Every operation reduces to copying rows: a row is everything a sample
// holds, i.e. the elements below the first dimension, stored contiguously.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Dataset.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>

using namespace dlc;

/// Bytes of one row (sample) of `tensor`.
static size_t rowBytes(const Tensor &tensor) {
  return tensor.shape()[0] == 0 ? 0 : tensor.sizeInBytes() / tensor.shape()[0];
}

/// A tensor of the rows of `tensor` at `indices`.
static Tensor gatherRows(const Tensor &tensor,
                         const std::vector<int64_t> &indices) {
  std::vector<int64_t> shape = tensor.shape();
  shape[0] = static_cast<int64_t>(indices.size());
  Tensor result(tensor.dtype(), std::move(shape));
  size_t bytes = rowBytes(tensor);
  const auto *source = tensor.typed<char>();
  auto *target = result.typed<char>();
  for (size_t i = 0; i < indices.size(); ++i) {
    assert(indices[i] >= 0 && indices[i] < tensor.shape()[0] &&
           "row index out of range");
    std::memcpy(target + i * bytes, source + indices[i] * bytes, bytes);
  }
  return result;
}

/// A tensor of the rows [begin, end) of `tensor`, copied in one piece.
static Tensor sliceRows(const Tensor &tensor, int64_t begin, int64_t end) {
  assert(0 <= begin && begin <= end && end <= tensor.shape()[0] &&
         "row range out of bounds");
  std::vector<int64_t> shape = tensor.shape();
  shape[0] = end - begin;
  Tensor result(tensor.dtype(), std::move(shape));
  size_t bytes = rowBytes(tensor);
  std::memcpy(result.data(), tensor.typed<char>() + begin * bytes,
              (end - begin) * bytes);
  return result;
}

Result<Dataset> Dataset::create(Tensor features, Tensor labels) {
  return create(std::vector<Tensor>{std::move(features)}, std::move(labels));
}

Result<Dataset> Dataset::create(std::vector<Tensor> inputs, Tensor labels) {
  return create(std::move(inputs), std::vector<Tensor>{std::move(labels)});
}

Result<Dataset> Dataset::create(std::vector<Tensor> inputs,
                                std::vector<Tensor> labels) {
  if (inputs.empty())
    return Status::error("a data set needs at least one input tensor");
  if (labels.empty())
    return Status::error("a data set needs at least one labels tensor");
  for (const Tensor &input : inputs) {
    for (const Tensor &target : labels) {
      if (input.rank() == 0 || target.rank() == 0)
        return Status::error(
            "features and labels need a first dimension counting samples, "
            "got shapes " +
            input.shapeString() + " and " + target.shapeString());
      if (input.shape()[0] != target.shape()[0])
        return Status::error(
            "features have " + std::to_string(input.shape()[0]) +
            " samples but labels have " + std::to_string(target.shape()[0]) +
            " (shapes " + input.shapeString() + " and " +
            target.shapeString() + ")");
    }
  }
  return Dataset(std::move(inputs), std::move(labels));
}

Dataset Dataset::select(const std::vector<int64_t> &indices) const {
  std::vector<Tensor> inputs;
  for (const Tensor &input : inputs_)
    inputs.push_back(gatherRows(input, indices));
  std::vector<Tensor> labels;
  for (const Tensor &target : labels_)
    labels.push_back(gatherRows(target, indices));
  return Dataset(std::move(inputs), std::move(labels));
}

Dataset Dataset::slice(int64_t begin, int64_t end) const {
  std::vector<Tensor> inputs;
  for (const Tensor &input : inputs_)
    inputs.push_back(sliceRows(input, begin, end));
  std::vector<Tensor> labels;
  for (const Tensor &target : labels_)
    labels.push_back(sliceRows(target, begin, end));
  return Dataset(std::move(inputs), std::move(labels));
}

Dataset Dataset::shuffled(SplitMix64 &random) const {
  return select(randomPermutation(size(), random));
}

Result<std::pair<Dataset, Dataset>>
Dataset::split(double validationFraction) const {
  // Written so that NaN fails too.
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    char text[32];
    std::snprintf(text, sizeof(text), "%g", validationFraction);
    return Status::error(
        std::string("validation fraction must be in [0, 1), got ") + text);
  }
  // The same expression as Keras, so that both split at the same sample.
  auto splitAt = static_cast<int64_t>(
      std::floor(static_cast<double>(size()) * (1.0 - validationFraction)));
  return std::make_pair(slice(0, splitAt), slice(splitAt, size()));
}

Result<std::pair<Dataset, Dataset>> Dataset::fold(int64_t foldCount,
                                                  int64_t index) const {
  if (foldCount < 2 || foldCount > size())
    return Status::error("K-fold needs 2 to " + std::to_string(size()) +
                         " folds for " + std::to_string(size()) +
                         " samples, got " + std::to_string(foldCount));
  assert(0 <= index && index < foldCount && "fold index out of range");
  int64_t smallFold = size() / foldCount;
  int64_t largeFolds = size() % foldCount;
  int64_t begin = index * smallFold + std::min(index, largeFolds);
  int64_t end = begin + smallFold + (index < largeFolds ? 1 : 0);

  std::vector<int64_t> training(static_cast<size_t>(size() - (end - begin)));
  std::iota(training.begin(), training.begin() + begin, 0);
  std::iota(training.begin() + begin, training.end(), end);
  return std::make_pair(select(training), slice(begin, end));
}

Batches Dataset::batches(int64_t batchSize) const {
  return Batches(*this, batchSize);
}

Batches::Batches(Dataset dataset, int64_t batchSize)
    : dataset_(std::move(dataset)), batchSize_(batchSize) {
  assert(batchSize > 0 && "batch size must be positive");
}

int64_t Batches::size() const {
  return (dataset_.size() + batchSize_ - 1) / batchSize_;
}

Dataset Batches::operator[](int64_t index) const {
  assert(0 <= index && index < size() && "batch index out of range");
  int64_t begin = index * batchSize_;
  return dataset_.slice(begin, std::min(begin + batchSize_, dataset_.size()));
}
