//===- TrainingLog.h - What TensorBoard shows, as static files ---*- C++ -*-===//
//
// A callback that keeps a training run's log in a directory, as Keras's
// TensorBoard callback does, in files a browser opens without a server:
//
//   index.html          the page that shows everything below
//   <metric>.svg        each metric's curve over the epochs, its
//                       validation curve beside it ("loss", "accuracy")
//   epoch-N/<weight>.svg  a histogram of every weight after epoch N
//   metrics.csv         the epochs' metrics
//
// `dlc train --logdir DIR` adds the model's graph (model.dot, and model.svg
// where Graphviz's `dot` is installed), which the page shows too. Every
// file is rewritten atomically after each epoch.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TRAININGLOG_H
#define DLC_RUNTIME_TRAININGLOG_H

#include "dlc/Runtime/Fit.h"
#include "dlc/Runtime/History.h"

#include <string>
#include <vector>

namespace dlc {

class TrainingLog : public Callback {
public:
  /// Creates `directory` if needed at the first epoch's end.
  explicit TrainingLog(std::string directory)
      : directory_(std::move(directory)) {}
  Status onEpochEnd(EpochEnd &state) override;

private:
  Status writeIndex(const Trainer &trainer) const;

  std::string directory_;
  History history_;
  /// The 1-based numbers of the epochs logged (a resumed run starts late).
  std::vector<int64_t> epochs_;
};

} // namespace dlc

#endif // DLC_RUNTIME_TRAININGLOG_H
