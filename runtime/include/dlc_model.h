/*===- dlc_model.h - The C interface of a model compiled into a library -===*
 *
 * `dlc compile MODEL --emit=lib -o libmodel.so` writes a shared library
 * with this interface (and a copy of this header beside it). The library
 * needs no LLVM, MLIR or dlc installed: only the C and C++ runtime
 * libraries. Every call that can fail returns a status: NULL on success,
 * else an error whose message says what went wrong; free it with
 * dlc_status_free. Tensors are dense, row-major buffers the caller owns.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_MODEL_H
#define DLC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dlc_model dlc_model;
typedef struct dlc_status dlc_status;

/* What one input or output of the model is. The strings and the shape
 * belong to the model and live as long as it. */
typedef struct dlc_tensor_info {
  const char *name;
  const char *dtype; /* "float32", "float64", "int64", "int32", "uint8", ... */
  size_t rank;
  const int64_t *shape; /* for dlc_model_run's batch */
  size_t size_in_bytes; /* for dlc_model_run's batch */
  /* 1 when shape[0] is the batch: dlc_model_run_batch then takes any
   * number of samples, and one sample is size_in_bytes / shape[0] bytes. */
  int batch_first;
} dlc_tensor_info;

/* The model, ready to run. */
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

/* The threads compiled models of this library run on (default: one per
 * processor); count in [1, 1024]. */
dlc_status *dlc_set_thread_count(int count);

const char *dlc_status_message(const dlc_status *status);
void dlc_status_free(dlc_status *status);

#ifdef __cplusplus
}
#endif

#endif /* DLC_MODEL_H */
