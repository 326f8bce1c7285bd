//===- Diagnostics.h - Turn MLIR diagnostics into user-facing errors -*- C++ -*-===//
#ifndef DLC_COMPILER_DIAGNOSTICS_H
#define DLC_COMPILER_DIAGNOSTICS_H

#include "dlc/Runtime/Status.h"
#include "mlir/IR/Diagnostics.h"

namespace dlc {

/// Formats a diagnostic for a user: "model.onnx: node 'conv1': message".
/// Ops imported from a model carry NameLoc(node, FileLineColLoc(file)).
std::string formatDiagnostic(const mlir::Diagnostic &diagnostic);

/// Collects the errors emitted while alive, instead of printing them.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context);
  /// An error Status with the first collected error (or `fallback`).
  Status toStatus(const std::string &fallback) const;

private:
  std::vector<std::string> errors_;
  mlir::ScopedDiagnosticHandler handler_;
};

} // namespace dlc

#endif // DLC_COMPILER_DIAGNOSTICS_H
