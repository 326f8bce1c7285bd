//===- ModelFuzzer.cpp - Model files, from bytes to verified IR -----------===//
//
// Built three times, for DLC_FUZZ_MODEL_EXTENSION .onnx, .pb and .pbtxt. An
// input goes the way of `dlc run` and `dlc train` as far as the compiler's
// front: loadModelFile (parse, convert ONNX, materialize initializers,
// validate), then importModel for inference and for training (which verify
// the module), so hostile graphs reach every check. A rejection at any step
// is fine; a crash, an assertion, a sanitizer report or a hang is a bug.
//
//===----------------------------------------------------------------------===//
#include "ScratchFile.h"

#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <cstdlib>

using namespace dlc;

/// Tensors over 64 MiB are refused (DLC_MAX_TENSOR_BYTES), as a machine
/// with little memory refuses them: the limit, not libFuzzer's 4 GiB, then
/// bounds what a model may ask for.
extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  setenv("DLC_MAX_TENSOR_BYTES", "67108864", /*overwrite=*/0);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::ScratchFile file(DLC_FUZZ_MODEL_EXTENSION);
  Result<proto::Model> model = loadModelFile(file.write(data, size));
  if (!model)
    return 0;
  ImportOptions inference;
  ImportOptions training;
  training.weights = Weights::ArgumentsWithFrozen;
  training.differentiable = true;
  for (const ImportOptions &options : {inference, training}) {
    // A fresh context each time: constants would otherwise accumulate in
    // it over millions of inputs. Rejections are expected; their
    // diagnostics are dropped.
    mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
    mlir::ScopedDiagnosticHandler quiet(
        &context, [](mlir::Diagnostic &) { return mlir::success(); });
    importModel(context, *model, file.path(), options);
  }
  return 0;
}
