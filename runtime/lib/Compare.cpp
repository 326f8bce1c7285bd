//===- Compare.cpp - Comparing tensors with a tolerance -------------------===//
#include "dlc/Runtime/Compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace dlc;

/// "[1, 0]": the multi-dimensional index of flat index `index`.
static std::string indexString(const std::vector<int64_t> &shape,
                               int64_t index) {
  std::vector<int64_t> coordinates(shape.size());
  for (size_t dim = shape.size(); dim-- > 0;) {
    coordinates[dim] = index % shape[dim];
    index /= shape[dim];
  }
  std::string result = "[";
  for (size_t dim = 0; dim < coordinates.size(); ++dim)
    result += (dim ? ", " : "") + std::to_string(coordinates[dim]);
  return result + "]";
}

/// 9 significant digits tell apart any two float32 values.
static std::string formatValue(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", value);
  return text;
}

Result<TensorErrors> dlc::compareTensors(const Tensor &actual,
                                         const Tensor &expected, double rtol,
                                         double atol) {
  if (actual.dtype() != expected.dtype() || actual.shape() != expected.shape())
    return Status::error(std::string("got ") + dtypeName(actual.dtype()) + " " +
                         actual.shapeString() + ", expected " +
                         dtypeName(expected.dtype()) + " " +
                         expected.shapeString());
  TensorErrors errors;
  int64_t mismatches = 0, firstMismatch = -1;
  for (int64_t i = 0; i < actual.numElements(); ++i) {
    double a = actual.valueAt(i), e = expected.valueAt(i);
    if (a == e || (std::isnan(a) && std::isnan(e)))
      continue;
    double difference = std::fabs(a - e);
    // NaN against a number, or opposite infinities: count as infinitely far.
    if (std::isnan(difference))
      difference = INFINITY;
    errors.maxAbsolute = std::max(errors.maxAbsolute, difference);
    if (e != 0)
      errors.maxRelative =
          std::max(errors.maxRelative, difference / std::fabs(e));
    // An infinite expected value matches only itself, as in numpy.
    bool close = std::isfinite(e) && difference <= atol + rtol * std::fabs(e);
    if (!close && mismatches++ == 0)
      firstMismatch = i;
  }
  if (mismatches == 0)
    return errors;
  return Status::error(
      std::to_string(mismatches) + " of " +
      std::to_string(actual.numElements()) +
      " elements differ (max abs error " + formatValue(errors.maxAbsolute) +
      ", max rel error " + formatValue(errors.maxRelative) + "); first at " +
      indexString(actual.shape(), firstMismatch) + ": got " +
      formatValue(actual.valueAt(firstMismatch)) + ", expected " +
      formatValue(expected.valueAt(firstMismatch)));
}
