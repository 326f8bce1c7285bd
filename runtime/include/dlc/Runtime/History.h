//===- History.h - Per-epoch metrics of a training run --------------------===//
//
// Like the History object Keras's fit() returns: the metric values of every
// epoch, kept for the caller and written as CSV for plotting.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_HISTORY_H
#define DLC_RUNTIME_HISTORY_H

#include "dlc/Runtime/Metrics.h"
#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

class History {
public:
  /// Records the next epoch's metrics. Names must be unique within an
  /// epoch; an epoch may lack metrics others have (e.g. validation run only
  /// every few epochs).
  void addEpoch(const MetricValues &metrics);

  int64_t epochs() const { return static_cast<int64_t>(epochs_.size()); }
  /// Every metric name recorded, in the order first seen.
  const std::vector<std::string> &metricNames() const { return names_; }
  /// The values of metric `name`, one per epoch, NaN where an epoch lacks
  /// it; empty if no epoch has it.
  std::vector<double> values(const std::string &name) const;

  /// Writes the history as CSV: a header "epoch,<metric names...>", then one
  /// row per epoch numbered from 1 like the "Epoch 3/5" lines, with values in
  /// the shortest form that reads back as the same double and "nan" for
  /// missing ones. Written atomically (see writeFileAtomically); errors name
  /// `path`.
  Status writeCsv(const std::string &path) const;

private:
  std::vector<std::string> names_;
  std::vector<MetricValues> epochs_;
};

} // namespace dlc

#endif // DLC_RUNTIME_HISTORY_H
