//===- ProgressBar.cpp - Keras-style progress output ----------------------===//
//
// The layout follows Keras 2's Progbar: a 30-character bar, the counter
// padded to the width of the step count, ETA and per-step times in the same
// units, metrics with 4 decimals. Users compare the two outputs side by side.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/ProgressBar.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unistd.h>

using namespace dlc;

namespace {

constexpr int64_t kBarWidth = 30;
/// Minimum seconds between two in-place redraws, as in Keras.
constexpr double kRedrawInterval = 0.05;

/// printf into a std::string.
template <typename... Args>
std::string format(const char *pattern, Args... args) {
  std::string text(std::snprintf(nullptr, 0, pattern, args...), '\0');
  // C++17 strings own their terminator, so writing it is allowed.
  std::snprintf(text.data(), text.size() + 1, pattern, args...);
  return text;
}

double steadySeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// " - loss: 0.3412 - accuracy: 0.8761"; magnitudes that would print as
/// 0.0000 switch to scientific notation.
std::string formatMetrics(const MetricValues &metrics) {
  std::string text;
  for (const MetricValue &metric : metrics)
    text +=
        " - " + metric.name + ": " +
        format(std::fabs(metric.value) > 1e-3 ? "%.4f" : "%.4e", metric.value);
  return text;
}

/// "7s", "2:05" or "1:02:05".
std::string formatEta(double seconds) {
  auto whole = static_cast<long long>(seconds);
  if (whole >= 3600)
    return format("%lld:%02lld:%02lld", whole / 3600, whole / 60 % 60,
                  whole % 60);
  if (whole >= 60)
    return format("%lld:%02lld", whole / 60, whole % 60);
  return format("%llds", whole);
}

/// "2s/step", "4ms/step" or "850us/step".
std::string formatStepTime(double seconds) {
  if (seconds >= 1)
    return format("%.0fs/step", seconds);
  if (seconds >= 1e-3)
    return format("%.0fms/step", seconds * 1e3);
  return format("%.0fus/step", seconds * 1e6);
}

} // namespace

ProgressBar::ProgressBar(int64_t epoch, int64_t epochs, int64_t steps,
                         std::FILE *out)
    : ProgressBar(epoch, epochs, steps, out, isatty(fileno(out)) != 0,
                  steadySeconds) {}

ProgressBar::ProgressBar(int64_t epoch, int64_t epochs, int64_t steps,
                         std::FILE *out, bool interactive, Clock clock)
    : steps_(steps), out_(out), interactive_(interactive),
      clock_(std::move(clock)) {
  std::fprintf(out_, "Epoch %lld/%lld\n", static_cast<long long>(epoch),
               static_cast<long long>(epochs));
  std::fflush(out_);
  start_ = clock_();
}

std::string ProgressBar::formatBar(int64_t step) const {
  int digits = static_cast<int>(std::to_string(steps_).size());
  std::string bar = format("%*lld/%lld [", digits, static_cast<long long>(step),
                           static_cast<long long>(steps_));
  // An epoch without steps is complete from the start.
  int64_t filled =
      steps_ == 0 ? kBarWidth : std::min(step, steps_) * kBarWidth / steps_;
  if (filled > 0) {
    bar.append(filled - 1, '=');
    bar += step < steps_ ? '>' : '=';
  }
  bar.append(kBarWidth - filled, '.');
  return bar + "]";
}

void ProgressBar::update(int64_t step, const MetricValues &metrics) {
  if (!interactive_)
    return;
  double now = clock_();
  if (lastDraw_ >= 0 && now - lastDraw_ < kRedrawInterval)
    return;
  lastDraw_ = now;
  std::string line = formatBar(step);
  if (step > 0 && step < steps_)
    line += " - ETA: " + formatEta((now - start_) / step * (steps_ - step));
  draw(line + formatMetrics(metrics), /*endLine=*/false);
}

void ProgressBar::finish(int64_t samples, const MetricValues &metrics) {
  double elapsed = clock_() - start_;
  std::string line = formatBar(steps_) + " - " + format("%.0fs", elapsed) +
                     " " +
                     formatStepTime(elapsed / std::max<int64_t>(steps_, 1)) +
                     formatMetrics(metrics);
  if (elapsed > 0)
    line += format(" - %.0f samples/s", samples / elapsed);
  draw(line, /*endLine=*/true);
}

void ProgressBar::draw(const std::string &line, bool endLine) {
  if (interactive_) {
    // '\r' returns to the start of the line; spaces blank the rest of a
    // longer previous line.
    std::fputc('\r', out_);
    std::fputs(line.c_str(), out_);
    if (line.size() < drawnLength_)
      std::fprintf(out_, "%*s", static_cast<int>(drawnLength_ - line.size()),
                   "");
    drawnLength_ = line.size();
  } else {
    std::fputs(line.c_str(), out_);
  }
  if (endLine)
    std::fputc('\n', out_);
  std::fflush(out_);
}
