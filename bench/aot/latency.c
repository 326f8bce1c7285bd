/*===- latency.c - Time calls of a model compiled into a library ----------===*
 *
 *   latency THREADS ITERATIONS
 *
 * Links a library from `dlc compile --emit=lib` (see bench/aot_bench.py),
 * runs the model on zeroed inputs, warm-up first, then times ITERATIONS
 * calls and prints one JSON line: median_us, p90_us, cpu_us (CPU time of
 * all threads per call) and samples_per_s (from the batch of the first
 * input's first dimension).
 *
 *===----------------------------------------------------------------------===*/
#include "dlc_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(clockid_t clock) {
  struct timespec now;
  clock_gettime(clock, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static int ascending(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int check(dlc_status *status) {
  if (!status)
    return 0;
  fprintf(stderr, "error: %s\n", dlc_status_message(status));
  dlc_status_free(status);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s THREADS ITERATIONS\n", argv[0]);
    return 2;
  }
  int iterations = atoi(argv[2]);
  dlc_model *model = NULL;
  if (iterations < 1 || check(dlc_set_thread_count(atoi(argv[1]))) ||
      check(dlc_model_create(&model)))
    return 1;
  size_t inputs = dlc_model_input_count(model);
  size_t outputs = dlc_model_output_count(model);
  void **buffers = calloc(inputs + outputs, sizeof(void *));
  double batch = 1;
  for (size_t i = 0; i < inputs + outputs; ++i) {
    dlc_tensor_info info;
    if (check(i < inputs ? dlc_model_input_info(model, i, &info)
                         : dlc_model_output_info(model, i - inputs, &info)))
      return 1;
    buffers[i] = calloc(1, info.size_in_bytes ? info.size_in_bytes : 1);
    if (i == 0 && info.rank > 0)
      batch = (double)info.shape[0];
  }
  const void *const *in = (const void *const *)buffers;
  for (int i = 0; i < iterations / 10 + 3; ++i)
    if (check(dlc_model_run(model, in, buffers + inputs)))
      return 1;
  double *times = malloc(sizeof(double) * (size_t)iterations);
  double cpuStart = seconds(CLOCK_PROCESS_CPUTIME_ID);
  for (int i = 0; i < iterations; ++i) {
    double start = seconds(CLOCK_MONOTONIC);
    dlc_model_run(model, in, buffers + inputs);
    times[i] = seconds(CLOCK_MONOTONIC) - start;
  }
  double cpu = (seconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart) / iterations;
  qsort(times, (size_t)iterations, sizeof(double), ascending);
  double median = times[iterations / 2], p90 = times[iterations * 9 / 10];
  printf("{\"median_us\": %.3f, \"p90_us\": %.3f, \"cpu_us\": %.3f, "
         "\"samples_per_s\": %.3f}\n",
         median * 1e6, p90 * 1e6, cpu * 1e6, batch / median);
  dlc_model_destroy(model);
  return 0;
}
