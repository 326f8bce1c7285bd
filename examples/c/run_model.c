/*===- run_model.c - Run a model compiled into a library, from C ----------===*
 *
 *   dlc compile model.onnx --emit=lib --batch 2 -o libmodel.so
 *   cc run_model.c support.c -I. -L. -lmodel -o run_model
 *   LD_LIBRARY_PATH=. ./run_model INPUT.npy... OUTPUT_DIR
 *
 * Reads each input from a .npy file, runs the model through dlc_model.h
 * and writes each output as OUTPUT_DIR/NAME.npy. A model whose tensors lead
 * with the batch takes any number of samples (dlc_model_run_batch), else
 * the compiled shapes (dlc_model_run).
 *
 *===----------------------------------------------------------------------===*/
#include "dlc_model.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  dlc_model *model = NULL;
  if (failed(dlc_model_create(&model)))
    return 1;
  size_t inputs = dlc_model_input_count(model);
  size_t outputs = dlc_model_output_count(model);
  if ((size_t)argc != inputs + 2) {
    fprintf(stderr, "usage: %s INPUT.npy (x%zu) OUTPUT_DIR\n", argv[0],
            inputs);
    dlc_model_destroy(model);
    return 2;
  }
  void **buffers = calloc(inputs + outputs, sizeof(void *));
  dlc_tensor_info *infos = calloc(inputs + outputs, sizeof(dlc_tensor_info));
  int64_t samples = 0;
  int status = !buffers || !infos;
  for (size_t i = 0; i < inputs && !status; ++i) {
    int64_t rows = 0;
    status = failed(dlc_model_input_info(model, i, &infos[i])) ||
             npy_read(argv[1 + i], &infos[i], &buffers[i], &rows);
    if (!status && i == 0)
      samples = rows;
    if (!status && infos[i].batch_first && rows != samples) {
      fprintf(stderr, "error: %s: %lld rows, the first input has %lld\n",
              argv[1 + i], (long long)rows, (long long)samples);
      status = 1;
    }
  }
  for (size_t i = inputs; i < inputs + outputs && !status; ++i) {
    dlc_tensor_info *info = &infos[i];
    status = failed(dlc_model_output_info(model, i - inputs, info));
    size_t bytes = info->size_in_bytes;
    if (!status && info->batch_first)
      bytes = bytes / (size_t)info->shape[0] * (size_t)samples;
    if (!status && !(buffers[i] = malloc(bytes ? bytes : 1)))
      status = 1;
  }
  if (!status)
    status = failed(
        inputs > 0 && infos[0].batch_first
            ? dlc_model_run_batch(model, samples, (const void *const *)buffers,
                                  buffers + inputs)
            : dlc_model_run(model, (const void *const *)buffers,
                            buffers + inputs));
  for (size_t i = inputs; i < inputs + outputs && !status; ++i)
    status = npy_write(argv[argc - 1], &infos[i], samples, buffers[i]);
  for (size_t i = 0; buffers && i < inputs + outputs; ++i)
    free(buffers[i]);
  free(buffers);
  free(infos);
  dlc_model_destroy(model);
  return status;
}
