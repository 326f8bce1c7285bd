//===- BenchCommand.cpp - `dlc bench` -------------------------------------===//
//
// A thin main over dlc::benchmarkModel: parses the flags, prints the figures
// as a line for people or one JSON object for scripts (bench/run.py).
//
//===----------------------------------------------------------------------===//
#include "BenchCommand.h"

#include "dlc/Runtime/CommandFlags.h"

#include "dlc/Api/Benchmark.h"

#include <cstdio>
#include <iostream>
#include <string>

namespace {

const char *kUsage =
    "usage: dlc bench MODEL [--batch N] [--iterations N] [--threads N]\n"
    "                 [--train] [--seed S] [--json]\n"
    "Compiles MODEL for batch N (default 1) on random inputs, then times N\n"
    "calls (default 20): compile time, median and p90 time of a call,\n"
    "samples/s. --train times a training step of the model's training\n"
    "section instead. --json prints one JSON object with compile_ms,\n"
    "median_us, p90_us, cpu_us, samples_per_s and allocated_bytes (what the\n"
    "compiled code allocates a call). --threads N runs on N\n"
    "threads (default: one per processor).\n";

int fail(const dlc::Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

} // namespace

const char *benchUsage() { return kUsage; }

int benchCommand(int argc, char **argv) {
  if (argc < 1) {
    std::cerr << kUsage;
    return 2;
  }
  std::string path = argv[0];
  dlc::BenchmarkOptions options;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--train" || flag == "--json") {
      (flag == "--train" ? options.train : json) = true;
      continue;
    }
    if (flag != "--batch" && flag != "--iterations" && flag != "--threads" &&
        flag != "--seed") {
      std::cerr << "error: unknown argument '" << flag << "'\n" << kUsage;
      return 2;
    }
    if (i + 1 >= argc)
      return fail(dlc::Status::error(flag + " needs a value"));
    std::string text = argv[++i];
    if (flag == "--threads") {
      if (dlc::Status status = dlc::applyThreadsFlag(text); !status)
        return fail(status);
      continue;
    }
    dlc::Result<int64_t> value =
        flag == "--batch" || flag == "--iterations"
            ? dlc::parseCount(flag, text, 1, 1 << 20)
            : dlc::parseCount(flag, text, 0, INT64_MAX);
    if (!value)
      return fail(value.status());
    if (flag == "--batch")
      options.batchSize = *value;
    else if (flag == "--iterations")
      options.iterations = static_cast<int>(*value);
    else
      options.seed = static_cast<uint64_t>(*value);
  }

  dlc::Result<dlc::BenchmarkResult> result =
      dlc::benchmarkModel(path, options);
  if (!result)
    return fail(result.status());
  char line[512];
  if (json)
    std::snprintf(line, sizeof line,
                  "{\"compile_ms\": %.1f, \"median_us\": %.1f, \"p90_us\": "
                  "%.1f, \"cpu_us\": %.1f, \"samples_per_s\": %.1f, "
                  "\"allocated_bytes\": %.0f}\n",
                  result->compileMs, result->medianMicros, result->p90Micros,
                  result->cpuMicrosPerCall, result->samplesPerSecond,
                  result->allocatedBytesPerCall);
  else
    std::snprintf(line, sizeof line,
                  "%s, batch %lld%s: compile %.1f ms, median %.1f us, p90 "
                  "%.1f us (CPU %.1f us), %.1f samples/s, %.0f bytes "
                  "allocated a call\n",
                  path.c_str(), static_cast<long long>(options.batchSize),
                  options.train ? ", training step" : "", result->compileMs,
                  result->medianMicros, result->p90Micros,
                  result->cpuMicrosPerCall, result->samplesPerSecond,
                  result->allocatedBytesPerCall);
  std::cout << line;
  return 0;
}
