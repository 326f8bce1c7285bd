/*===- dlc_model.h - The C interface of a model compiled into a library -===*
 *
 * `dlc compile MODEL --emit=lib -o libmodel.so` writes a shared library
 * with this interface (and copies of this header and dlc_common.h beside
 * it). The library needs no LLVM, MLIR or dlc installed: only the C and C++
 * runtime libraries. Statuses, tensor descriptions and threads:
 * dlc_common.h.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_MODEL_H
#define DLC_MODEL_H

#include "dlc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dlc_model dlc_model;

/* The model, ready to run. A library compiled with --weights FILE reads
 * FILE from its own folder the first time. */
dlc_status *dlc_model_create(dlc_model **model);
void dlc_model_destroy(dlc_model *model);

size_t dlc_model_input_count(const dlc_model *model);
size_t dlc_model_output_count(const dlc_model *model);
dlc_status *dlc_model_input_info(const dlc_model *model, size_t index,
                                 dlc_tensor_info *info);
dlc_status *dlc_model_output_info(const dlc_model *model, size_t index,
                                  dlc_tensor_info *info);

/* Runs the model once: inputs[i] holds input i (size_in_bytes bytes),
 * outputs[i] receives output i. Safe to call from one thread at a time
 * per model. */
dlc_status *dlc_model_run(dlc_model *model, const void *const *inputs,
                          void *const *outputs);

/* Runs the model on `samples` samples of batch-first tensors (see
 * dlc_tensor_info): inputs[i] holds samples rows of input i, outputs[i]
 * receives as many rows of output i. The library was compiled for a few
 * batch sizes (dlc compile --batch N: N and the powers of two below it);
 * other counts run in pieces of those, a single sample on the code
 * compiled for one. */
dlc_status *dlc_model_run_batch(dlc_model *model, int64_t samples,
                                const void *const *inputs,
                                void *const *outputs);

#ifdef __cplusplus
}
#endif

#endif /* DLC_MODEL_H */
