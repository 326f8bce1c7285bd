//===- ModelImporter.h - dlc model (proto) to the dlc dialect ----*- C++ -*-===//
#ifndef DLC_FRONTEND_MODELIMPORTER_H
#define DLC_FRONTEND_MODELIMPORTER_H

#include "dlc/Runtime/Tensor.h"
#include "dlc/proto/model.pb.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>
#include <vector>

namespace dlc {

/// Graph inputs that feed operands the compiler needs as constants (the
/// `shape` of Reshape, the `axes` of Squeeze, ...). A caller that has their
/// values binds them with `boundInputs` below.
std::vector<std::string> constantOperandInputs(const proto::Model &model);

/// The float initializers that are weights: those not read as constant
/// operands (shapes, axes), in graph order.
std::vector<std::string> weightInitializers(const proto::Model &model);
/// Whether the Training.frozen entry `entry` freezes `weight`: it names the
/// weight or its layer (the weights "<layer>/...").
bool freezes(const std::string &entry, const std::string &weight);
/// Whether some Training.frozen entry of `model` freezes `weight`.
bool isFrozen(const proto::Model &model, const std::string &weight);
/// The weights training updates: weightInitializers() less the frozen ones.
std::vector<std::string> parameterInitializers(const proto::Model &model);
/// The frozen ones, in graph order.
std::vector<std::string> frozenInitializers(const proto::Model &model);

enum class Weights {
  /// Initializers become constants: the graph as inference compiles it.
  Constants,
  /// The initializers listed by parameterInitializers() become trailing
  /// arguments of @main marked `dlc.parameter`: the graph as training
  /// compiles it, with the weights passed in and updated by the runtime.
  Arguments,
  /// As Arguments, and the frozen ones (frozenInitializers()) follow them,
  /// marked `dlc.frozen`: read, not trained, and set by the runtime (a
  /// GAN's discriminator inside the combined model).
  ArgumentsWithFrozen,
};

/// Builds a module with `func.func @main` in the dlc dialect. Arguments and
/// results carry their graph names in `dlc.name`; every op is located at
/// NameLoc(node name, FileLineColLoc(path)). Inputs in `boundInputs` become
/// constants instead of arguments. Inputs in `inputShapes` get that shape
/// instead of their declared one (which it must match, with dynamic
/// dimensions resolved), so that shape computations on them (PyTorch's
/// Shape -> Gather -> Concat -> Reshape) fold to constants. On error,
/// diagnostics are emitted on `context` and the result is null.
struct ImportOptions {
  std::map<std::string, Tensor> boundInputs;
  std::map<std::string, std::vector<int64_t>> inputShapes;
  Weights weights = Weights::Constants;
  /// The graph will be differentiated (a training step), so control flow is
  /// imported in the forms autodiff handles rather than as scf ops: an If
  /// on a run-time condition computes both branches and selects, a Loop of
  /// known trip count and a Scan are unrolled. A graph holding ONNX's
  /// Gradient operator is imported this way too.
  bool differentiable = false;
};
mlir::OwningOpRef<mlir::ModuleOp>
importModel(mlir::MLIRContext &context, const proto::Model &model,
            const std::string &path, const ImportOptions &options = {});

/// Registers the dialects the importer produces.
void registerImporterDialects(mlir::MLIRContext &context);

} // namespace dlc

#endif // DLC_FRONTEND_MODELIMPORTER_H
