//===- Diagnostics.cpp - Turn MLIR diagnostics into user-facing errors ----===//
#include "dlc/Compiler/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

using namespace mlir;

std::string dlc::formatDiagnostic(const Diagnostic &diagnostic) {
  std::string prefix;
  Location loc = diagnostic.getLocation();
  if (auto named = dyn_cast<NameLoc>(loc)) {
    if (auto file = dyn_cast<FileLineColLoc>(named.getChildLoc()))
      prefix = file.getFilename().str() + ": ";
    prefix += "node '" + named.getName().str() + "': ";
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    prefix = file.getFilename().str() + ": ";
  }
  return prefix + diagnostic.str();
}

dlc::DiagnosticCollector::DiagnosticCollector(MLIRContext &context)
    : handler_(&context, [this](Diagnostic &diagnostic) {
        if (diagnostic.getSeverity() == DiagnosticSeverity::Error)
          errors_.push_back(formatDiagnostic(diagnostic));
        return success();
      }) {}

dlc::Status dlc::DiagnosticCollector::toStatus(
    const std::string &fallback) const {
  return Status::error(errors_.empty() ? fallback : errors_.front());
}
