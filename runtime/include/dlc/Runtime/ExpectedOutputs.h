//===- ExpectedOutputs.h - Outputs checked against reference files --------===//
//
// `--expect NAME=FILE [--rtol R] [--atol A]`, shared by `dlc run` and the
// programs `dlc compile --emit=exe` builds: each named output is compared
// with the tensor in FILE as numpy.allclose does (Compare.h).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_EXPECTEDOUTPUTS_H
#define DLC_RUNTIME_EXPECTEDOUTPUTS_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dlc {

/// A NAME=FILE option value, split; nullopt without '='.
std::optional<std::pair<std::string, std::string>>
splitBinding(const std::string &binding);

/// A tolerance: a finite number >= 0, or nullopt.
std::optional<double> parseTolerance(const std::string &text);

/// Compares each output named in `expected` (name -> reference file, read
/// by `readReference`) with its reference: one line per output, on stdout
/// when it matches and on stderr when it does not. Fails if any output is
/// missing or does not match.
Status checkExpectedOutputs(
    const std::vector<NamedTensor> &outputs,
    const std::vector<std::pair<std::string, std::string>> &expected,
    double rtol, double atol,
    const std::function<Result<Tensor>(const std::string &)> &readReference);

} // namespace dlc

#endif // DLC_RUNTIME_EXPECTEDOUTPUTS_H
