//===- Compare.h - Comparing tensors with a tolerance ---------------------===//
//
// Checks computed outputs against reference outputs (ONNX test data, another
// framework's results) the way numpy.allclose does.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_COMPARE_H
#define DLC_RUNTIME_COMPARE_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

namespace dlc {

/// How far a tensor that matched is from its reference.
struct TensorErrors {
  /// max |actual - expected| over all elements.
  double maxAbsolute = 0;
  /// max |actual - expected| / |expected| over elements whose expected value
  /// is not 0.
  double maxRelative = 0;
};

/// Compares `actual` with `expected` element by element using numpy.allclose's
/// rule |actual - expected| <= atol + rtol * |expected|; NaN matches NaN and
/// equal infinities match. Fails when the dtypes or shapes differ or when any
/// element is outside the tolerance; the message gives the number of such
/// elements, the largest errors, and the index and both values of the first:
///   "2 of 6 elements differ (max abs error 0.5, max rel error 2); first at
///    [1, 0]: got 0.5, expected 0.25"
/// Values print with enough digits to tell apart any two float32s.
Result<TensorErrors> compareTensors(const Tensor &actual,
                                    const Tensor &expected, double rtol,
                                    double atol);

} // namespace dlc

#endif // DLC_RUNTIME_COMPARE_H
