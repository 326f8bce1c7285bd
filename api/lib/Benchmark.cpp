//===- Benchmark.cpp - Time a model's compiled call or training step ------===//
#include "dlc/Api/Benchmark.h"

#include "dlc/Runtime/BufferPool.h"

#include "dlc/Api/InferenceSession.h"
#include "dlc/Api/TrainingSession.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/Random.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>

namespace dlc {
namespace {

/// The shape of `info` with every dynamic dimension set to `batchSize`.
std::vector<int64_t> concreteShape(const proto::ValueInfo &info,
                                   int64_t batchSize) {
  std::vector<int64_t> shape;
  for (const proto::Dim &dim : info.shape())
    shape.push_back(dim.value_case() == proto::Dim::kSize ? dim.size()
                                                          : batchSize);
  return shape;
}

/// Uniform values in [0, 1) for floats, [0, `integerBound`) for integers.
Tensor randomTensor(DType dtype, std::vector<int64_t> shape,
                    uint64_t integerBound, SplitMix64 &random) {
  Tensor tensor(dtype, std::move(shape));
  bool integer = dtype != DType::Float32 && dtype != DType::Float64 &&
                 dtype != DType::Float16 && dtype != DType::BFloat16;
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.setValueAt(i, integer ? double(random.below(integerBound))
                                 : double(random.next() >> 11) * 0x1p-53);
  return tensor;
}

Result<std::vector<Tensor>>
randomInputs(const std::vector<const proto::ValueInfo *> &inputs,
             int64_t batchSize, SplitMix64 &random) {
  std::vector<Tensor> tensors;
  for (const proto::ValueInfo *info : inputs) {
    Result<DType> dtype = dtypeFromProto(info->dtype());
    if (!dtype)
      return dtype.status().withContext("input '" + info->name() + "'");
    tensors.push_back(randomTensor(*dtype, concreteShape(*info, batchSize),
                                   /*integerBound=*/1000, random));
  }
  return tensors;
}

/// Labels the loss accepts: class indices for sparse categorical
/// crossentropy, 0/1 for binary crossentropy, uniform values otherwise.
Tensor randomLabels(const OutputObjective &objective,
                    const proto::ValueInfo &output, int64_t batchSize,
                    SplitMix64 &random) {
  std::vector<int64_t> shape = concreteShape(output, batchSize);
  if (objective.loss == LossKind::SparseCategoricalCrossentropy) {
    uint64_t classes = shape.back();
    shape.pop_back();
    return randomTensor(DType::Int64, shape, classes, random);
  }
  if (objective.loss == LossKind::BinaryCrossentropy)
    return randomTensor(DType::Int64, shape, 2, random).castTo(DType::Float32);
  return randomTensor(DType::Float32, shape, 0, random);
}

/// Times `call`: one untimed call that compiles, then `iterations` calls.
Result<BenchmarkResult> timeCalls(const std::function<Status()> &call,
                                  const BenchmarkOptions &options) {
  using Clock = std::chrono::steady_clock;
  auto micros = [](Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
  };
  Clock::time_point start = Clock::now();
  DLC_RETURN_IF_ERROR(call());
  double firstMicros = micros(Clock::now() - start);

  std::vector<double> times;
  uint64_t allocatedStart = BufferPool::global().allocatedBytes();
  std::clock_t cpuStart = std::clock();
  for (int i = 0; i < options.iterations; ++i) {
    Clock::time_point begin = Clock::now();
    DLC_RETURN_IF_ERROR(call());
    times.push_back(micros(Clock::now() - begin));
  }
  double cpuMicros = double(std::clock() - cpuStart) * 1e6 / CLOCKS_PER_SEC;
  double allocated =
      double(BufferPool::global().allocatedBytes() - allocatedStart);
  std::sort(times.begin(), times.end());
  BenchmarkResult result;
  result.medianMicros = times[times.size() / 2];
  result.p90Micros = times[std::min(times.size() - 1, times.size() * 9 / 10)];
  result.cpuMicrosPerCall = cpuMicros / options.iterations;
  result.allocatedBytesPerCall = allocated / options.iterations;
  result.compileMs = std::max(0.0, firstMicros - result.medianMicros) / 1e3;
  result.samplesPerSecond = options.batchSize * 1e6 / result.medianMicros;
  return result;
}

} // namespace

Result<BenchmarkResult> benchmarkModel(const std::string &path,
                                       const BenchmarkOptions &options) {
  if (options.batchSize < 1 || options.iterations < 1)
    return Status::error("the batch size and the iteration count must be "
                         "positive");
  SplitMix64 random(options.seed);
  // One of the two sessions, by options.train.
  std::unique_ptr<InferenceSession> inference;
  std::unique_ptr<TrainingSession> training;
  std::vector<Tensor> labels;
  if (!options.train) {
    Result<std::unique_ptr<InferenceSession>> session =
        InferenceSession::load(path);
    if (!session)
      return session.status();
    inference = std::move(*session);
  } else {
    Result<proto::Model> model = loadModelFile(path);
    if (!model)
      return model.status();
    Result<TrainingSpec> spec = trainingSpecFromProto(*model, path);
    if (!spec)
      return spec.status();
    Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(
        *model, path, *spec, learningRateFromProto(model->training()));
    if (!session)
      return session.status();
    training = std::move(*session);
    for (const OutputObjective &objective : spec->objectives)
      labels.push_back(randomLabels(objective,
                                    model->graph().outputs(objective.output),
                                    options.batchSize, random));
  }

  Result<std::vector<Tensor>> inputs =
      randomInputs(training ? training->graphInputs() : inference->inputs(),
                   options.batchSize, random);
  if (!inputs)
    return inputs.status();
  return timeCalls(
      [&]() -> Status {
        if (training) {
          Result<std::vector<double>> objectives =
              training->trainBatch(*inputs, labels);
          return objectives ? Status::ok() : objectives.status();
        }
        Result<std::vector<NamedTensor>> outputs = inference->run(*inputs);
        return outputs ? Status::ok() : outputs.status();
      },
      options);
}

} // namespace dlc
