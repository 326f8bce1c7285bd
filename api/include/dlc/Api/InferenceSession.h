//===- InferenceSession.h - Load a model file and run it, JIT-compiled -*- C++ -*-===//
#ifndef DLC_API_INFERENCESESSION_H
#define DLC_API_INFERENCESESSION_H

#include "dlc/Api/LruCache.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"
#include "dlc/proto/model.pb.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
}

namespace dlc {

class JitFunction;

/// A model loaded from `.pbtxt`, `.pb` or `.onnx`, compiled for the host CPU
/// on first use of each set of input shapes (a dynamic batch dimension takes
/// its size from the inputs) and cached.
///
///   auto session = InferenceSession::load("mlp.onnx");
///   auto outputs = (*session)->run({images});
class InferenceSession {
public:
  static Result<std::unique_ptr<InferenceSession>> load(const std::string &path);
  ~InferenceSession();

  const proto::Model &model() const { return model_; }
  /// The graph inputs that run() expects, in order.
  const std::vector<const proto::ValueInfo *> &inputs() const { return inputs_; }

  /// Runs on one tensor per input; returns the graph outputs in order.
  Result<std::vector<NamedTensor>> run(const std::vector<Tensor> &inputs);

  /// The model in the dlc dialect, as MLIR text.
  Result<std::string> mlirText();

  /// How many compilations (one per set of input shapes, and per value of
  /// the inputs compiled in as constants) the session keeps: the least
  /// recently used one goes when a new one needs the room. 16 by default.
  void setCompilationCacheCapacity(size_t capacity);
  size_t cachedCompilations() const { return compiled_.size(); }

private:
  InferenceSession();
  Status checkInput(const proto::ValueInfo &info, const Tensor &tensor) const;

  std::unique_ptr<mlir::MLIRContext> context_;
  std::string path_;
  proto::Model model_;
  std::vector<const proto::ValueInfo *> inputs_;
  std::vector<std::string> constantInputs_;
  /// Initialized where JitFunction is complete (the constructor).
  LruCache<std::unique_ptr<JitFunction>> compiled_;
};

} // namespace dlc

#endif // DLC_API_INFERENCESESSION_H
