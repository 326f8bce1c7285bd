//===- DataParallel.cpp - The fit loop across processes -------------------===//
#include "dlc/Runtime/DataParallel.h"

#include "dlc/Runtime/Random.h"

#include <cmath>
#include <cstring>
#include <string_view>

namespace dlc {

BatchShare shareOfBatch(int64_t samples, int rank, int processes) {
  return {samples * rank / processes, samples * (rank + 1) / processes};
}

int64_t largestShare(int64_t batchSize, int processes) {
  return (batchSize + processes - 1) / processes;
}

namespace {

/// Combines `hash` with the FNV-1a hash of `bytes` bytes at `data`.
uint64_t mixBytes(uint64_t hash, const void *data, size_t bytes) {
  std::string_view text(static_cast<const char *>(data), bytes);
  return hash ^ (hashString(text) + 0x9E3779B97F4A7C15ull + (hash << 6) +
                 (hash >> 2));
}

template <typename T> uint64_t mixValue(uint64_t hash, T value) {
  return mixBytes(hash, &value, sizeof(value));
}

/// The trainer's weights, names and values, as one hash.
uint64_t weightsHash(const Trainer &trainer) {
  uint64_t hash = 0;
  for (const NamedTensor &weight : trainer.allWeights()) {
    hash = mixBytes(hash, weight.name.data(), weight.name.size());
    hash = mixBytes(hash, weight.tensor.data(), weight.tensor.sizeInBytes());
  }
  return hash;
}

/// Ok when every process's `fingerprint` equals process 0's; else, on
/// every process, the error `describe` makes of the differing ranks
/// ("1, 3").
Status checkAllEqual(ProcessGroup &group, uint64_t fingerprint,
                     std::string (*describe)(const std::string &ranks)) {
  uint64_t first = fingerprint;
  DLC_RETURN_IF_ERROR(group.broadcast(&first, sizeof(first), 0));
  // Each process marks the slot of its rank when it differs.
  std::vector<float> differs(group.size(), 0.0f);
  differs[group.rank()] = first == fingerprint ? 0.0f : 1.0f;
  DLC_RETURN_IF_ERROR(group.allReduceSum(differs.data(), differs.size()));
  std::string ranks;
  for (int rank = 0; rank < group.size(); ++rank)
    if (differs[rank] != 0.0f)
      ranks += (ranks.empty() ? "" : ", ") + std::to_string(rank);
  return ranks.empty() ? Status::ok() : Status::error(describe(ranks));
}

} // namespace

uint64_t trainingFingerprint(const Trainer &trainer, const Dataset &data,
                             int64_t batchSize, int64_t epochs,
                             uint64_t seed) {
  uint64_t hash = mixValue(weightsHash(trainer), data.size());
  for (const Tensor &input : data.inputs())
    for (int64_t dim : input.shape())
      hash = mixValue(hash, dim);
  hash = mixValue(hash, batchSize);
  hash = mixValue(hash, epochs);
  return mixValue(hash, seed);
}

Status checkSameTraining(ProcessGroup &group, uint64_t fingerprint) {
  return checkAllEqual(group, fingerprint, [](const std::string &ranks) {
    return "the processes would not train the same model: process(es) " +
           ranks +
           " have other weights, data sizes or fit settings than process 0 "
           "(the same model file, data and flags must reach every process)";
  });
}

Status checkSameWeights(ProcessGroup &group, const Trainer &trainer) {
  return checkAllEqual(group, weightsHash(trainer),
                       [](const std::string &ranks) {
                         return "after training, the weights of process(es) " +
                                ranks + " differ from process 0's";
                       });
}

Result<MetricValues> averageMetrics(ProcessGroup &group,
                                    const MetricValues &local,
                                    int64_t samples) {
  std::vector<float> sums;
  for (const MetricValue &metric : local)
    sums.push_back(samples ? static_cast<float>(metric.value * samples) : 0);
  sums.push_back(static_cast<float>(samples));
  DLC_RETURN_IF_ERROR(group.allReduceSum(sums.data(), sums.size()));
  MetricValues averaged = local;
  for (size_t i = 0; i < averaged.size(); ++i)
    averaged[i].value = sums.back() > 0 ? sums[i] / sums.back() : std::nan("");
  return averaged;
}

Result<bool> anyProcessInterrupted(ProcessGroup &group, bool interrupted) {
  float count = interrupted ? 1.0f : 0.0f;
  DLC_RETURN_IF_ERROR(group.allReduceSum(&count, 1));
  return count > 0;
}

} // namespace dlc
