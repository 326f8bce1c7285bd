//===- TrainingLog.h - What TensorBoard shows, as static files ---*- C++ -*-===//
//
// A callback that keeps a training run's log in a directory, as Keras's
// TensorBoard callback does, in files a browser opens without a server:
//
//   index.html          the page that shows everything below
//   <metric>.svg        each metric's curve over the epochs, its
//                       validation curve beside it ("loss", "accuracy")
//   epoch-N/<weight>.svg  a histogram of every weight after epoch N
//   epoch-N/activations/<node>.svg, epoch-N/gradients/<weight>.svg
//                       with a probe batch: histograms of each node's output
//                       and of the loss's gradient for each weight on it
//   metrics.csv         the epochs' metrics
//
// `dlc train --logdir DIR` adds the model's graph (model.dot, and model.svg
// where Graphviz's `dot` is installed), which the page shows too. Every
// file is rewritten atomically after each epoch.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TRAININGLOG_H
#define DLC_RUNTIME_TRAININGLOG_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Fit.h"
#include "dlc/Runtime/History.h"

#include <optional>
#include <string>
#include <vector>

namespace dlc {

class TrainingLog : public Callback {
public:
  /// Creates `directory` if needed at the first epoch's end. With `probe`
  /// (a batch of the data), the activations and gradients on it are drawn
  /// too, where the trainer can compute them (Trainer::nodeOutputs).
  explicit TrainingLog(std::string directory,
                       std::optional<Dataset> probe = std::nullopt)
      : directory_(std::move(directory)), probe_(std::move(probe)) {}
  Status onEpochEnd(EpochEnd &state) override;

private:
  /// Histograms of `tensors` into `folder` (in the epoch's folder), named
  /// after each tensor and titled "<name><what> (epoch N)"; returns the
  /// files written, relative to directory_.
  Result<std::vector<std::string>>
  writeHistograms(const std::string &folder, const std::string &what,
                  int64_t epoch, const std::vector<NamedTensor> &tensors) const;
  Status writeIndex(const Trainer &trainer) const;

  std::string directory_;
  std::optional<Dataset> probe_;
  /// Why there are no activation and gradient histograms, when the trainer
  /// cannot compute them.
  std::string inspectionUnavailable_;
  /// The files of each logged epoch's histograms, per section.
  struct EpochFiles {
    std::vector<std::string> weights, activations, gradients;
  };
  std::vector<EpochFiles> files_;
  History history_;
  /// The 1-based numbers of the epochs logged (a resumed run starts late).
  std::vector<int64_t> epochs_;
};

} // namespace dlc

#endif // DLC_RUNTIME_TRAININGLOG_H
