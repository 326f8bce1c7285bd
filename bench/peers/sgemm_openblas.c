/* Times OpenBLAS's cblas_sgemm: C[M,N] = op(A) . op(B), row-major.

     sgemm_openblas M N K TRANS_A TRANS_B THREADS ITERATIONS

   TRANS_A / TRANS_B are 0 or 1, with the same meaning as ONNX Gemm's transA /
   transB: with TRANS_A=1, A is stored as [K,M]; with TRANS_B=1, B as [N,K].
   After two untimed warm-up calls it times ITERATIONS calls one by one and
   prints one JSON line:

     {"median_us":..,"p90_us":..,"gflops":..,"cpu_s":..,"wall_s":..,"version":..}

   gflops is 2*M*N*K over the median call; cpu_s and wall_s cover all timed
   calls together (cpu_s counts every thread of the process, so cpu_s/wall_s
   is the number of cores actually kept busy); version is OpenBLAS's build
   configuration string.

   Run it with OPENBLAS_NUM_THREADS=THREADS in the environment, as bench/run.py
   does: OpenBLAS otherwise starts one thread per core when it loads, and
   openblas_set_num_threads(1) leaves the extra ones spinning for a while
   (cpu_s shows it).

   bench/run.py builds it with: cc -O2 sgemm_openblas.c -lopenblas
   (OpenBLAS's own cblas.h, which declares openblas_set_num_threads and
   openblas_get_config: Debian's libopenblas-dev). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double wall_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

/* User + system CPU time of every thread of this process. */
static double cpu_seconds(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec * 1e-6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A buffer of `count` floats, uniform in [-1, 1), from a fixed seed. */
static float *random_matrix(long count) {
  float *data = malloc(count * sizeof(float));
  if (!data) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  for (long i = 0; i < count; ++i)
    data[i] = 2.0f * rand() / ((float)RAND_MAX + 1.0f) - 1.0f;
  return data;
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s M N K TRANS_A TRANS_B THREADS ITERATIONS\n", argv[0]);
    return 2;
  }
  int m = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[3]);
  int trans_a = atoi(argv[4]), trans_b = atoi(argv[5]);
  int threads = atoi(argv[6]), iterations = atoi(argv[7]);
  if (m <= 0 || n <= 0 || k <= 0 || threads <= 0 || iterations <= 0) {
    fprintf(stderr, "M, N, K, THREADS and ITERATIONS must be positive\n");
    return 2;
  }
  openblas_set_num_threads(threads);

  srand(1);
  float *a = random_matrix((long)m * k);
  float *b = random_matrix((long)k * n);
  float *c = random_matrix((long)m * n);
  /* Leading dimensions of the row-major buffers as stored. */
  int lda = trans_a ? m : k;
  int ldb = trans_b ? k : n;
  enum CBLAS_TRANSPOSE op_a = trans_a ? CblasTrans : CblasNoTrans;
  enum CBLAS_TRANSPOSE op_b = trans_b ? CblasTrans : CblasNoTrans;

  /* Warm-up: starts OpenBLAS's thread pool and faults in every page. */
  for (int i = 0; i < 2; ++i)
    cblas_sgemm(CblasRowMajor, op_a, op_b, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);

  double *call_us = malloc(iterations * sizeof(double));
  double cpu_start = cpu_seconds(), wall_start = wall_seconds();
  for (int i = 0; i < iterations; ++i) {
    double start = wall_seconds();
    cblas_sgemm(CblasRowMajor, op_a, op_b, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
    call_us[i] = (wall_seconds() - start) * 1e6;
  }
  double wall = wall_seconds() - wall_start, cpu = cpu_seconds() - cpu_start;

  qsort(call_us, iterations, sizeof(double), compare_doubles);
  double median = call_us[iterations / 2];
  double p90 = call_us[(int)(0.9 * (iterations - 1) + 0.5)];
  printf("{\"median_us\": %.1f, \"p90_us\": %.1f, \"gflops\": %.2f, \"cpu_s\": %.4f, "
         "\"wall_s\": %.4f, \"version\": \"%s\"}\n",
         median, p90, 2.0 * m * n * k / median / 1e3, cpu, wall, openblas_get_config());
  free(call_us);
  free(a);
  free(b);
  free(c);
  return 0;
}
