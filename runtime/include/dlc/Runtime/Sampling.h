//===- Sampling.h - Drawing the next token from a distribution --*- C++ -*-===//
//
// Generating text one token at a time, as the book's character-level LSTM
// does: the model predicts a probability for each token of the vocabulary,
// the distribution is reweighted by a temperature and the next token drawn
// from it. A low temperature sharpens the distribution towards the most
// likely token (repetitive, predictable text), a high one flattens it
// (surprising, less coherent text).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_SAMPLING_H
#define DLC_RUNTIME_SAMPLING_H

#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <vector>

namespace dlc {

/// Draws an index from `probabilities` reweighted as p^(1 / temperature)
/// and normalized (computed on logarithms, so no power underflows to an
/// all-zero distribution). Fails for an empty distribution, a temperature
/// that is not positive, or probabilities that are negative, not finite or
/// all zero.
Result<int64_t> sampleWithTemperature(const std::vector<float> &probabilities,
                                      double temperature, SplitMix64 &random);

} // namespace dlc

#endif // DLC_RUNTIME_SAMPLING_H
