//===- Metrics.h - Named metric values reported during training -----------===//
//
// The training loop reports metrics ("loss", "accuracy", "val_loss", ...) as
// an ordered list of named values; the progress bar prints them and the
// History records them, both in the order given.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_METRICS_H
#define DLC_RUNTIME_METRICS_H

#include <string>
#include <vector>

namespace dlc {

struct MetricValue {
  std::string name;
  double value;
};

using MetricValues = std::vector<MetricValue>;

} // namespace dlc

#endif // DLC_RUNTIME_METRICS_H
