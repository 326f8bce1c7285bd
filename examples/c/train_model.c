/*===- train_model.c - Train a model compiled into a library, from C ------===*
 *
 *   dlc compile model.pbtxt --train --emit=lib -o libtrainer.so
 *   cc train_model.c support.c -I. -L. -ltrainer -o train_model
 *   LD_LIBRARY_PATH=. ./train_model DATA_DIR EPOCHS OUT.pb
 *
 * Trains the model of the library on DATA_DIR/x_train.npy and y_train.npy
 * (labels as dlc_trainer_labels_info describes them), batch after batch in
 * file order for EPOCHS epochs, printing the mean loss and metrics of each;
 * then evaluates on DATA_DIR/x_test.npy and y_test.npy if they exist, and
 * saves the trained model as OUT.pb, which `dlc run` reads.
 *
 *===----------------------------------------------------------------------===*/
#include "dlc_trainer.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A split of the data: features and labels of `rows` samples. */
typedef struct {
  void *features, *labels;
  int64_t rows;
} split;

/* DIR/x_NAME.npy and DIR/y_NAME.npy; returns 0 on success. */
static int read_split(dlc_trainer *trainer, const char *dir, const char *name,
                      split *data) {
  char path[4096];
  dlc_tensor_info features, labels;
  int64_t label_rows = 0;
  if (failed(dlc_trainer_input_info(trainer, 0, &features)) ||
      failed(dlc_trainer_labels_info(trainer, &labels)))
    return 1;
  snprintf(path, sizeof(path), "%s/x_%s.npy", dir, name);
  if (npy_read(path, &features, &data->features, &data->rows))
    return 1;
  snprintf(path, sizeof(path), "%s/y_%s.npy", dir, name);
  if (npy_read(path, &labels, &data->labels, &label_rows))
    return 1;
  if (label_rows != data->rows) {
    fprintf(stderr, "error: %s: %lld labels for %lld samples\n", path,
            (long long)label_rows, (long long)data->rows);
    return 1;
  }
  return 0;
}

/* Runs `step` (dlc_trainer_step or dlc_trainer_evaluate) over `data` in
 * batches and prints the sample-weighted means of the objectives after
 * `title`. Returns 0 on success. */
static int run_epoch(dlc_trainer *trainer, const split *data,
                     dlc_status *(*step)(dlc_trainer *, int64_t,
                                         const void *const *, const void *,
                                         double *),
                     const char *title) {
  dlc_tensor_info features, labels;
  if (failed(dlc_trainer_input_info(trainer, 0, &features)) ||
      failed(dlc_trainer_labels_info(trainer, &labels)))
    return 1;
  size_t feature_row = features.size_in_bytes / (size_t)features.shape[0];
  size_t label_row = labels.size_in_bytes / (size_t)labels.shape[0];
  size_t count = dlc_trainer_objective_count(trainer);
  double values[16] = {0}, sums[16] = {0};
  if (count > 16)
    return 1;
  int64_t batch = dlc_trainer_batch_size(trainer);
  for (int64_t start = 0; start < data->rows; start += batch) {
    int64_t samples = data->rows - start < batch ? data->rows - start : batch;
    const void *inputs[] = {(const char *)data->features + start * feature_row};
    if (failed(step(trainer, samples, inputs,
                    (const char *)data->labels + start * label_row, values)))
      return 1;
    for (size_t i = 0; i < count; ++i)
      sums[i] += values[i] * (double)samples;
  }
  printf("%s", title);
  for (size_t i = 0; i < count; ++i)
    printf("%s%s: %.4f", i ? " - " : "",
           dlc_trainer_objective_name(trainer, i),
           sums[i] / (double)data->rows);
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DATA_DIR EPOCHS OUT.pb\n", argv[0]);
    return 2;
  }
  dlc_trainer *trainer = NULL;
  if (failed(dlc_trainer_create(&trainer)))
    return 1;
  split train = {0}, test = {0};
  int status = 0;
  if (dlc_trainer_input_count(trainer) != 1) {
    fprintf(stderr, "error: this example feeds models of one input\n");
    status = 1;
  }
  if (!status)
    status = read_split(trainer, argv[1], "train", &train);
  for (int epoch = 1; !status && epoch <= atoi(argv[2]); ++epoch) {
    char title[32];
    snprintf(title, sizeof(title), "epoch %d: ", epoch);
    status = run_epoch(trainer, &train, dlc_trainer_step, title);
  }
  char path[4096];
  snprintf(path, sizeof(path), "%s/x_test.npy", argv[1]);
  FILE *has_test = fopen(path, "rb");
  if (has_test) {
    fclose(has_test);
    if (!status)
      status = read_split(trainer, argv[1], "test", &test) ||
               run_epoch(trainer, &test, dlc_trainer_evaluate, "test: ");
  }
  if (!status)
    status = failed(dlc_trainer_save(trainer, argv[3]));
  if (!status)
    printf("saved %s\n", argv[3]);
  free(train.features);
  free(train.labels);
  free(test.features);
  free(test.labels);
  dlc_trainer_destroy(trainer);
  return status;
}
