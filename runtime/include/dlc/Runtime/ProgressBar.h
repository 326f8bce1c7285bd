//===- ProgressBar.h - Keras-style progress output for one epoch ----------===//
//
// Prints what Keras's fit() prints per epoch:
//
//   Epoch 3/5
//   469/469 [==============================] - 2s 4ms/step - loss: 0.3412 -
//   accuracy: 0.8761 - 23456 samples/s
//
// On a terminal the second line is redrawn in place ('\r') as steps finish,
// with an ETA; into a file or pipe only the final line is printed, so logs
// stay readable.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_PROGRESSBAR_H
#define DLC_RUNTIME_PROGRESSBAR_H

#include "dlc/Runtime/Metrics.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace dlc {

class ProgressBar {
public:
  /// Seconds since any fixed point; must not go backwards.
  using Clock = std::function<double()>;

  /// Prints "Epoch <epoch>/<epochs>" to `out` and starts timing an epoch of
  /// `steps` steps (batches). Updates are drawn when `out` is a terminal.
  ProgressBar(int64_t epoch, int64_t epochs, int64_t steps,
              std::FILE *out = stdout);
  /// As above, with `interactive` deciding whether updates are drawn and
  /// `clock` telling the time (tests pass fixed ones).
  ProgressBar(int64_t epoch, int64_t epochs, int64_t steps, std::FILE *out,
              bool interactive, Clock clock);

  /// Reports that the first `step` steps (1-based) are done, with the
  /// metrics so far. When interactive, redraws
  ///   "  32/469 [==>...........................] - ETA: 3s - loss: 0.5123"
  /// in place, at most every 50 ms; otherwise prints nothing.
  void update(int64_t step, const MetricValues &metrics);

  /// Prints the epoch's final line, with its total time, time per step,
  /// `metrics` (typically including validation ones) and throughput over
  /// `samples` samples, replacing the in-place line when interactive.
  void finish(int64_t samples, const MetricValues &metrics);

private:
  /// "  32/469 [==>.....]": the counter and the 30-character bar.
  std::string formatBar(int64_t step) const;
  /// Writes `line`, over the previous in-place line when interactive, and
  /// ends the line if `endLine`.
  void draw(const std::string &line, bool endLine);

  int64_t steps_;
  std::FILE *out_;
  bool interactive_;
  Clock clock_;
  double start_;
  /// When update() last drew, so that fast steps do not flood the terminal.
  double lastDraw_ = -1;
  /// Length of the in-place line on screen, to blank what a shorter line
  /// leaves behind.
  size_t drawnLength_ = 0;
};

} // namespace dlc

#endif // DLC_RUNTIME_PROGRESSBAR_H
