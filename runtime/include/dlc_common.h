/*===- dlc_common.h - What the C interfaces of compiled libraries share ===*
 *
 * Libraries written by `dlc compile --emit=lib` (dlc_model.h, a model to
 * run) and `dlc compile --train --emit=lib` (dlc_trainer.h, a model to
 * train) share these. Every call that can fail returns a status: NULL on
 * success, else an error whose message says what went wrong; free it with
 * dlc_status_free. Tensors are dense, row-major buffers the caller owns.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_COMMON_H
#define DLC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dlc_status dlc_status;

/* What one tensor a library takes or gives is. The strings and the shape
 * belong to the model (or trainer) and live as long as it. */
typedef struct dlc_tensor_info {
  const char *name;
  const char *dtype; /* "float32", "float64", "int64", "int32", "uint8", ... */
  size_t rank;
  const int64_t *shape; /* for the compiled batch */
  size_t size_in_bytes; /* for the compiled batch */
  /* 1 when shape[0] is the batch, so that calls taking a number of
   * samples take other counts; one sample is size_in_bytes / shape[0]
   * bytes. */
  int batch_first;
} dlc_tensor_info;

/* The threads compiled models of this library run on (default: one per
 * processor); count in [1, 1024]. */
dlc_status *dlc_set_thread_count(int count);

const char *dlc_status_message(const dlc_status *status);
void dlc_status_free(dlc_status *status);

#ifdef __cplusplus
}
#endif

#endif /* DLC_COMMON_H */
