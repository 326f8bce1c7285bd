/*===- support.h - What the C examples share -----------------------------===*
 *
 * Statuses printed as errors, and the subset of NumPy's .npy format the
 * examples read and write: versions 1-3, little-endian, C order, the
 * dtypes of dlc_common.h.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLC_EXAMPLES_SUPPORT_H
#define DLC_EXAMPLES_SUPPORT_H

#include "dlc_common.h"

/* Prints the status's message and frees it; returns whether it was one. */
int failed(dlc_status *status);

/* The data of the .npy file at `path`: its dtype must be `info`'s and its
 * shape `info`'s apart from the first dimension when `info->batch_first`.
 * On success returns 0 and sets *data (malloc'd, the caller frees it) and
 * *rows (the file's first dimension). */
int npy_read(const char *path, const dlc_tensor_info *info, void **data,
             int64_t *rows);

/* `data`, of `info`'s dtype, with `rows` rows when `info->batch_first`
 * (else `info`'s shape), as DIR/NAME.npy (version 1.0). Returns 0 on
 * success. */
int npy_write(const char *dir, const dlc_tensor_info *info, int64_t rows,
              const void *data);

#endif /* DLC_EXAMPLES_SUPPORT_H */
