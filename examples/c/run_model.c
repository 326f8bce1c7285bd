/*===- run_model.c - Run a model compiled into a library, from C ----------===*
 *
 *   dlc compile model.onnx --emit=lib --batch 2 -o libmodel.so
 *   cc run_model.c -I. -L. -lmodel -o run_model
 *   LD_LIBRARY_PATH=. ./run_model [--samples N] INPUT.npy... OUTPUT_DIR
 *
 * Reads each input from a .npy file (version 1-3, little-endian, C order,
 * of the input's dtype and shape), runs the model through dlc_model.h and
 * writes each output as OUTPUT_DIR/NAME.npy. With --samples N, the
 * batch-first tensors hold N samples (dlc_model_run_batch) instead of the
 * batch the library was compiled for.
 *
 *===----------------------------------------------------------------------===*/
#include "dlc_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The data of the .npy file at `path` into `data`, which must hold exactly
 * `bytes` bytes of it. Returns 0 on success. */
static int read_npy(const char *path, void *data, size_t bytes) {
  FILE *file = fopen(path, "rb");
  unsigned char preamble[12];
  if (!file || fread(preamble, 1, 10, file) != 10 ||
      memcmp(preamble, "\x93NUMPY", 6) != 0) {
    fprintf(stderr, "error: %s: not a .npy file\n", path);
    if (file)
      fclose(file);
    return 1;
  }
  size_t header = preamble[8] | (size_t)preamble[9] << 8;
  if (preamble[6] >= 2) { /* versions 2 and 3: a 4-byte header length */
    if (fread(preamble + 10, 1, 2, file) != 2) {
      fclose(file);
      return 1;
    }
    header |= (size_t)preamble[10] << 16 | (size_t)preamble[11] << 24;
  }
  int failed = fseek(file, (long)header, SEEK_CUR) != 0 ||
               fread(data, 1, bytes, file) != bytes || fgetc(file) != EOF;
  fclose(file);
  if (failed)
    fprintf(stderr, "error: %s: expected %zu bytes of data\n", path, bytes);
  return failed;
}

/* `info`'s tensor in `data` as DIR/NAME.npy, version 1.0. */
static int write_npy(const char *dir, const dlc_tensor_info *info,
                     const void *data) {
  char path[4096], shape[512] = "", header[640];
  snprintf(path, sizeof(path), "%s/%s.npy", dir, info->name);
  for (char *c = path + strlen(dir) + 1; *c; ++c)
    if (*c == '/' || *c == '\\')
      *c = '_';
  for (size_t i = 0; i < info->rank; ++i)
    snprintf(shape + strlen(shape), sizeof(shape) - strlen(shape), "%lld,%s",
             (long long)info->shape[i], i + 1 < info->rank ? " " : "");
  int length = snprintf(header, sizeof(header),
                        "{'descr': '%s', 'fortran_order': False, "
                        "'shape': (%s), }",
                        npy_descr(info->dtype), shape);
  /* Pad with spaces to a multiple of 64 bytes, ending in a newline. */
  while ((10 + length + 1) % 64 != 0)
    header[length++] = ' ';
  header[length++] = '\n';
  FILE *file = fopen(path, "wb");
  unsigned char preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                (unsigned char)(length & 0xff),
                                (unsigned char)(length >> 8)};
  int failed = !file || fwrite(preamble, 1, 10, file) != 10 ||
               fwrite(header, 1, (size_t)length, file) != (size_t)length ||
               fwrite(data, 1, info->size_in_bytes, file) !=
                   info->size_in_bytes;
  if (file && fclose(file) != 0)
    failed = 1;
  if (failed)
    fprintf(stderr, "error: %s: cannot write\n", path);
  return failed;
}

/* Makes `info` describe `samples` samples of its batch-first tensor; the
 * returned shape replaces the model's and is the caller's to free. */
static int64_t *resize_batch(dlc_tensor_info *info, int64_t samples) {
  int64_t *shape = malloc(info->rank * sizeof(int64_t));
  if (!shape)
    return NULL;
  memcpy(shape, info->shape, info->rank * sizeof(int64_t));
  info->size_in_bytes =
      info->size_in_bytes / (size_t)shape[0] * (size_t)samples;
  shape[0] = samples;
  info->shape = shape;
  return shape;
}

/* Prints the status's message and frees it; returns whether it was one. */
static int failed(dlc_status *status) {
  if (!status)
    return 0;
  fprintf(stderr, "error: %s\n", dlc_status_message(status));
  dlc_status_free(status);
  return 1;
}

int main(int argc, char **argv) {
  dlc_model *model = NULL;
  if (failed(dlc_model_create(&model)))
    return 1;
  int64_t samples = 0; /* 0: the compiled batch */
  if (argc > 2 && strcmp(argv[1], "--samples") == 0) {
    samples = atoll(argv[2]);
    argc -= 2;
    argv += 2;
  }
  size_t inputs = dlc_model_input_count(model);
  size_t outputs = dlc_model_output_count(model);
  if ((size_t)argc != inputs + 2 || samples < 0) {
    fprintf(stderr, "usage: %s [--samples N] INPUT.npy (x%zu) OUTPUT_DIR\n",
            argv[0], inputs);
    dlc_model_destroy(model);
    return 2;
  }
  void **buffers = calloc(inputs + outputs, sizeof(void *));
  int64_t **shapes = calloc(inputs + outputs, sizeof(int64_t *));
  dlc_tensor_info *infos = calloc(inputs + outputs, sizeof(dlc_tensor_info));
  int status = 0;
  for (size_t i = 0; i < inputs + outputs && !status; ++i) {
    dlc_tensor_info *info = &infos[i];
    status = i < inputs ? failed(dlc_model_input_info(model, i, info))
                        : failed(dlc_model_output_info(model, i - inputs, info));
    if (!status && samples && info->batch_first)
      status = !(shapes[i] = resize_batch(info, samples));
    if (!status)
      buffers[i] = malloc(info->size_in_bytes ? info->size_in_bytes : 1);
    if (!status && i < inputs)
      status = read_npy(argv[1 + i], buffers[i], info->size_in_bytes);
  }
  if (!status)
    status = failed(
        samples ? dlc_model_run_batch(model, samples,
                                      (const void *const *)buffers,
                                      buffers + inputs)
                : dlc_model_run(model, (const void *const *)buffers,
                                buffers + inputs));
  for (size_t i = 0; i < outputs && !status; ++i)
    status = write_npy(argv[argc - 1], &infos[inputs + i], buffers[inputs + i]);
  for (size_t i = 0; i < inputs + outputs; ++i) {
    free(buffers[i]);
    free(shapes[i]);
  }
  free(buffers);
  free(shapes);
  free(infos);
  dlc_model_destroy(model);
  return status;
}
