//===- timeseries_forecasting.cpp - Chapter 6: forecasting with a GRU -----===//
//
// The book's temperature forecast: from five days of hourly weather, the
// temperature 24 hours after the last hour. No weather record ships with
// Debian, so by default the example writes one (weather.csv) from a
// documented seeded process, three years of hours:
//
//   pressure     1013 hPa + a, where a(t) = 0.995 a(t-1) + N(0, 0.5)
//                (slow weather systems)
//   temperature  9 + 9 sin(2 pi (day - 110) / 365.25)        (seasons)
//                  + 4 sin(2 pi (hour - 9) / 24)             (day and night)
//                  + w, where w(t) = 0.98 w(t-1) + 0.016 a(t-12) + N(0, 0.3)
//                (weather that follows the pressure of 12 hours before)
//   humidity     75 - 6 sin(2 pi (hour - 9) / 24) - 0.5 w + N(0, 2)
//
// `--csv FILE --target NAME` forecasts a column of any numeric CSV instead.
// The rows are split in time: the first half for training, the next
// quarter for validation, the last for testing; features are normalized
// with the training half's statistics. The naive forecast (the temperature
// now) is the baseline to beat; the model is a GRU(32) and a Dense(1),
// trained with RMSprop on the mean squared error, reported as mean
// absolute error in the target's units. `--recurrent-dropout R` is the
// book's fight against overfitting: GRU(32, recurrent_dropout=R), then
// Dropout(0.5).
//
//   build/examples/timeseries_forecasting [--epochs N] [--csv F --target C]
//       [--recurrent-dropout R]
//
//===----------------------------------------------------------------------===//
#include "ExampleSupport.h"

#include "dlc/Api/Model.h"
#include "dlc/Runtime/Csv.h"
#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/Normalizer.h"
#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/TimeseriesWindows.h"

#include <cmath>
#include <cstdlib>

using namespace dlc::nn;
using example::check;

namespace {

constexpr int64_t kHoursPerYear = 8766;
constexpr int64_t kWindowHours = 120;
constexpr int64_t kHorizonHours = 24;

/// `--NAME VALUE` from the command line, else `fallback`.
std::string flag(int argc, char **argv, const char *name,
                 const std::string &fallback) {
  const char *value = example::flagValue(argc, argv, name);
  return value ? value : fallback;
}

/// Writes the seeded weather record described above.
void writeWeather(const std::string &path, int64_t hours) {
  dlc::SplitMix64 random(2026);
  std::vector<double> pressure(hours);
  std::string csv = "temperature,pressure,humidity\n";
  double a = 0, w = 0;
  for (int64_t t = 0; t < hours; ++t) {
    a = 0.995 * a + 0.5 * dlc::standardNormal(random);
    pressure[t] = a;
    w = 0.98 * w + 0.016 * (t >= 12 ? pressure[t - 12] : 0) +
        0.3 * dlc::standardNormal(random);
    double day = static_cast<double>(t) / 24, hour = t % 24;
    double daily = std::sin(2 * M_PI * (hour - 9) / 24);
    double temperature =
        9 + 9 * std::sin(2 * M_PI * (day - 110) / 365.25) + 4 * daily + w;
    double humidity =
        75 - 6 * daily - 0.5 * w + 2 * dlc::standardNormal(random);
    char line[96];
    std::snprintf(line, sizeof(line), "%.2f,%.2f,%.1f\n", temperature,
                  1013 + a, humidity);
    csv += line;
  }
  check(dlc::writeFileAtomically(path, {csv}));
}

/// The mean absolute error of forecasting each window's target by the
/// target column's value in its last row, in the series' units.
double naiveMae(const dlc::Tensor &series, int64_t column,
                const dlc::TimeseriesWindowOptions &options) {
  int64_t features = series.shape()[1];
  int64_t end = options.end < 0 ? series.shape()[0] : options.end;
  int64_t last = kWindowHours - 1, target = last + kHorizonHours;
  double total = 0;
  int64_t count = 0;
  for (int64_t s = options.begin; s + target < end; s += options.stride) {
    const float *values = series.typed<float>();
    total += std::abs(values[(s + target) * features + column] -
                      values[(s + last) * features + column]);
    ++count;
  }
  return total / count;
}

} // namespace

int main(int argc, char **argv) {
  std::string path = flag(argc, argv, "--csv", "");
  if (path.empty()) {
    path = "weather.csv";
    writeWeather(path, 3 * kHoursPerYear);
  }
  dlc::CsvTable table = check(dlc::readCsv(path));
  dlc::Result<int64_t> target =
      table.columnIndex(flag(argc, argv, "--target", "temperature"));
  check(target.status().withContext(path));
  int64_t column = *target;
  const dlc::Tensor &series = table.values;
  int64_t rows = series.shape()[0];
  std::printf("%s: %lld rows of %zu columns, forecasting '%s' %lld rows "
              "ahead from windows of %lld\n",
              path.c_str(), static_cast<long long>(rows),
              table.columnNames.size(), table.columnNames[column].c_str(),
              static_cast<long long>(kHorizonHours),
              static_cast<long long>(kWindowHours));

  // Statistics of the training half only (its rows, sliced as a data
  // set's); the target is forecast in normalized units (the progress bar's
  // val_mae) and the test error scaled back.
  int64_t trainEnd = rows / 2, validationEnd = rows * 3 / 4;
  dlc::Tensor trainRows =
      check(dlc::Dataset::create(series, series)).slice(0, trainEnd).features();
  dlc::Normalizer normalizer = check(dlc::Normalizer::fit(trainRows));
  dlc::Tensor normalized = check(normalizer.apply(series));
  double scale = normalizer.stddev()[column];

  dlc::TimeseriesWindowOptions options;
  options.sequenceLength = kWindowHours;
  options.horizon = kHorizonHours;
  options.stride = 1;
  auto split = [&](int64_t begin, int64_t end) {
    dlc::TimeseriesWindowOptions range = options;
    range.begin = begin;
    range.end = end;
    return range;
  };
  dlc::Dataset train =
      check(dlc::timeseriesWindows(normalized, column, split(0, trainEnd)));
  dlc::Dataset validation = check(dlc::timeseriesWindows(
      normalized, column, split(trainEnd, validationEnd)));
  dlc::Dataset test = check(
      dlc::timeseriesWindows(normalized, column, split(validationEnd, rows)));
  std::printf("windows: %lld training, %lld validation, %lld test\n",
              static_cast<long long>(train.size()),
              static_cast<long long>(validation.size()),
              static_cast<long long>(test.size()));
  std::printf("naive forecast (the value now): validation MAE %.3f, test "
              "MAE %.3f\n",
              naiveMae(series, column, split(trainEnd, validationEnd)),
              naiveMae(series, column, split(validationEnd, rows)));

  int64_t features = series.shape()[1];
  double recurrentDropout =
      std::atof(flag(argc, argv, "--recurrent-dropout", "0").c_str());
  Sequential network({Input({kWindowHours, features}),
                      GRU(32, /*returnSequences=*/false,
                          {/*input=*/0.0, recurrentDropout})});
  if (recurrentDropout > 0)
    network.add(Dropout(0.5));
  network.add(Dense(1));
  auto model = check(dlc::Model::fromNetwork(network, /*seed=*/1));
  check(model->compile(dlc::optimizers::rmsprop(1e-3), "mse", {"mae"}));
  dlc::FitOptions fitOptions = example::fitOptions(argc, argv, 10, 128);
  fitOptions.validationData = validation;
  check(model->fit(train, fitOptions));
  for (const dlc::MetricValue &metric : check(model->evaluate(test, 256)))
    if (metric.name == "mae")
      std::printf("GRU: test MAE %.3f\n", metric.value * scale);
  return 0;
}
