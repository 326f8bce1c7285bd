//===- BatchedFunction.h - A model compiled for several batch sizes -*- C++ -*-===//
//
// `dlc compile --emit=exe|lib --batch N` compiles a model whose inputs and
// outputs all lead with the batch dimension for N samples and for each
// power of two below N. BatchedFunction runs any number of samples on
// them: the largest compiled size that fits, again and again, then the
// smaller ones (100 = 64 + 32 + 4). Batch-major rows are contiguous, so the
// pieces are pointers into the caller's buffers: nothing is copied, and a
// batch of one runs the code compiled for one.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_BATCHEDFUNCTION_H
#define DLC_RUNTIME_BATCHEDFUNCTION_H

#include "dlc/Runtime/LinkedFunction.h"

#include <map>

namespace dlc {

class BatchedFunction {
public:
  /// The rows of `table` with `role`; an error if this processor lacks an
  /// extension their code uses or if their signatures disagree.
  static Result<BatchedFunction> create(const LinkedFunction *table,
                                        const std::string &role);

  /// The tensors, shaped for the largest compiled batch.
  const std::vector<TensorSlot> &slots() const { return slots_; }
  /// Whether every tensor leads with the batch, so any number of samples
  /// runs; else only the compiled batch does.
  bool batched() const { return batched_; }
  int64_t largestBatch() const { return functions_.rbegin()->first; }

  /// `slot`'s shape for `samples` samples.
  std::vector<int64_t> shapeFor(const TensorSlot &slot, int64_t samples) const;

  /// Runs on `samples` samples; buffers[i] holds tensor i (inputs, then
  /// outputs) shaped by shapeFor. Not reentrant: one call at a time.
  Status run(int64_t samples, void *const *buffers) const;

private:
  std::vector<TensorSlot> slots_;
  /// Bytes of one sample of each tensor.
  std::vector<size_t> rowBytes_;
  bool batched_ = false;
  /// The compiled functions by batch size.
  std::map<int64_t, void (*)(void **)> functions_;
  /// The argument of one call, reused (no allocation while running).
  mutable std::vector<void *> pieceBuffers_;
};

} // namespace dlc

#endif // DLC_RUNTIME_BATCHEDFUNCTION_H
