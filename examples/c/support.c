/*===- support.c - What the C examples share -----------------------------===*/
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int failed(dlc_status *status) {
  if (!status)
    return 0;
  fprintf(stderr, "error: %s\n", dlc_status_message(status));
  dlc_status_free(status);
  return 1;
}

/* numpy's descr of a dtype name. */
static const char *npy_descr(const char *dtype) {
  static const char *const names[][2] = {
      {"float32", "<f4"}, {"float64", "<f8"}, {"int64", "<i8"},
      {"int32", "<i4"},   {"int8", "|i1"},    {"uint8", "|u1"},
      {"bool", "|b1"},    {"float16", "<f2"}};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i)
    if (strcmp(dtype, names[i][0]) == 0)
      return names[i][1];
  return NULL;
}

/* The bytes of one row of `info` (all of it unless batch_first). */
static size_t row_bytes(const dlc_tensor_info *info) {
  return info->batch_first && info->rank > 0 && info->shape[0] > 0
             ? info->size_in_bytes / (size_t)info->shape[0]
             : info->size_in_bytes;
}

/* Dimension `i` of `info`'s shape with `rows` rows when batch_first. */
static int64_t dim(const dlc_tensor_info *info, size_t i, int64_t rows) {
  return i == 0 && info->batch_first ? rows : info->shape[i];
}

/* "(2, 784)", "(7,)" or "()" as numpy writes shapes. */
static void shape_text(const dlc_tensor_info *info, int64_t rows, char *text,
                       size_t size) {
  size_t used = (size_t)snprintf(text, size, "(");
  for (size_t i = 0; i < info->rank && used < size; ++i)
    used += (size_t)snprintf(text + used, size - used, "%lld%s",
                             (long long)dim(info, i, rows),
                             info->rank == 1 ? "," : i + 1 < info->rank ? ", "
                                                                        : "");
  if (used < size)
    snprintf(text + used, size - used, ")");
}

/* Whether the tuple at `text` ("(7, 784)") is `info`'s shape, any first
 * dimension when batch_first; sets *rows to its first dimension. */
static int shape_fits(const char *text, const dlc_tensor_info *info,
                      int64_t *rows) {
  size_t rank = 0;
  *rows = 0;
  for (const char *c = text + 1; *c && *c != ')';) {
    char *end;
    long long value = strtoll(c, &end, 10);
    if (end == c)
      return 0;
    if (rank == 0)
      *rows = value;
    if (rank >= info->rank || value != dim(info, rank, *rows))
      return 0;
    ++rank;
    c = end;
    while (*c == ',' || *c == ' ')
      ++c;
  }
  return rank == info->rank;
}

int npy_read(const char *path, const dlc_tensor_info *info, void **data,
             int64_t *rows) {
  FILE *file = fopen(path, "rb");
  unsigned char preamble[12];
  if (!file || fread(preamble, 1, 10, file) != 10 ||
      memcmp(preamble, "\x93NUMPY", 6) != 0) {
    fprintf(stderr, "error: %s: not a .npy file\n", path);
    if (file)
      fclose(file);
    return 1;
  }
  size_t length = preamble[8] | (size_t)preamble[9] << 8;
  if (preamble[6] >= 2) { /* versions 2 and 3: a 4-byte header length */
    if (fread(preamble + 10, 1, 2, file) != 2) {
      fclose(file);
      return 1;
    }
    length |= (size_t)preamble[10] << 16 | (size_t)preamble[11] << 24;
  }
  char *header = malloc(length + 1);
  if (!header || fread(header, 1, length, file) != length) {
    fprintf(stderr, "error: %s: truncated header\n", path);
    free(header);
    fclose(file);
    return 1;
  }
  header[length] = '\0';
  const char *shape = strstr(header, "'shape': (");
  const char *descr = npy_descr(info->dtype);
  int fits = descr && strstr(header, descr) && shape &&
             shape_fits(shape + 9, info, rows) &&
             strstr(header, "'fortran_order': False");
  free(header);
  if (!fits) {
    char expected[256];
    shape_text(info, info->batch_first ? info->shape[0] : 0, expected,
               sizeof(expected));
    fprintf(stderr, "error: %s: expected %s %s%s\n", path, info->dtype,
            expected, info->batch_first ? " (any number of rows)" : "");
    fclose(file);
    return 1;
  }
  size_t bytes = info->batch_first ? row_bytes(info) * (size_t)*rows
                                   : info->size_in_bytes;
  *data = malloc(bytes ? bytes : 1);
  int failed = !*data || fread(*data, 1, bytes, file) != bytes ||
               fgetc(file) != EOF;
  fclose(file);
  if (failed) {
    fprintf(stderr, "error: %s: expected %zu bytes of data\n", path, bytes);
    free(*data);
  }
  return failed;
}

int npy_write(const char *dir, const dlc_tensor_info *info, int64_t rows,
              const void *data) {
  char path[4096], shape[512], header[640];
  snprintf(path, sizeof(path), "%s/%s.npy", dir, info->name);
  for (char *c = path + strlen(dir) + 1; *c; ++c)
    if (*c == '/' || *c == '\\')
      *c = '_';
  shape_text(info, rows, shape, sizeof(shape));
  int length = snprintf(header, sizeof(header),
                        "{'descr': '%s', 'fortran_order': False, "
                        "'shape': %s, }",
                        npy_descr(info->dtype), shape);
  /* Pad with spaces to a multiple of 64 bytes, ending in a newline. */
  while ((10 + length + 1) % 64 != 0)
    header[length++] = ' ';
  header[length++] = '\n';
  size_t bytes =
      info->batch_first ? row_bytes(info) * (size_t)rows : info->size_in_bytes;
  FILE *file = fopen(path, "wb");
  unsigned char preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                (unsigned char)(length & 0xff),
                                (unsigned char)(length >> 8)};
  int failed = !file || fwrite(preamble, 1, 10, file) != 10 ||
               fwrite(header, 1, (size_t)length, file) != (size_t)length ||
               fwrite(data, 1, bytes, file) != bytes;
  if (file && fclose(file) != 0)
    failed = 1;
  if (failed)
    fprintf(stderr, "error: %s: cannot write\n", path);
  return failed;
}
