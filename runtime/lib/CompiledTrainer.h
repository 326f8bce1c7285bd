//===- CompiledTrainer.h - The trainer `dlc compile --train` links --------===//
//
// The symbols a trainer's objects define (api/lib/CompileTrainer.cpp): the
// function table of its steps, the manifest, the model without its weights
// (dlc's format and ONNX) and the weights; and the LinkedTrainer over them. Included by the
// program's main (TrainerMain.cpp) and the library's C interface
// (TrainerLibrary.cpp), the two things linked with those objects.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_LIB_COMPILEDTRAINER_H
#define DLC_RUNTIME_LIB_COMPILEDTRAINER_H

#include "dlc/Runtime/LinkedTrainer.h"

extern "C" {
extern const dlc::LinkedFunction dlc_compiled_trainer_functions[];
extern const char dlc_compiled_trainer_manifest[];
extern const int64_t dlc_compiled_trainer_manifest_size;
extern const char dlc_compiled_trainer_model[];
extern const int64_t dlc_compiled_trainer_model_size;
extern const char dlc_compiled_trainer_onnx_model[];
extern const int64_t dlc_compiled_trainer_onnx_model_size;
extern const char dlc_compiled_trainer_weights[];
extern const int64_t dlc_compiled_trainer_weights_size;
}

namespace dlc {

/// The trainer linked into this binary; errors name `name`.
inline Result<std::unique_ptr<LinkedTrainer>>
createCompiledTrainer(const std::string &name) {
  return LinkedTrainer::create(
      name,
      {dlc_compiled_trainer_manifest,
       static_cast<size_t>(dlc_compiled_trainer_manifest_size)},
      {dlc_compiled_trainer_model,
       static_cast<size_t>(dlc_compiled_trainer_model_size)},
      {dlc_compiled_trainer_onnx_model,
       static_cast<size_t>(dlc_compiled_trainer_onnx_model_size)},
      {dlc_compiled_trainer_weights,
       static_cast<size_t>(dlc_compiled_trainer_weights_size)},
      dlc_compiled_trainer_functions);
}

} // namespace dlc

#endif // DLC_RUNTIME_LIB_COMPILEDTRAINER_H
