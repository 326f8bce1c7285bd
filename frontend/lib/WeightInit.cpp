//===- WeightInit.cpp - Draw initial weights from `init` specs ------------===//
#include "dlc/Frontend/WeightInit.h"

#include "dlc/Runtime/MemoryLimit.h"
#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/Tensor.h"

#include <cmath>
#include <cstring>

namespace dlc {

namespace {

/// (fan_in, fan_out) of a weight shape, as Keras computes them.
std::pair<double, double> fans(const proto::Tensor &tensor) {
  const auto &shape = tensor.shape();
  if (shape.size() < 2) {
    double size = shape.empty() ? 1.0 : static_cast<double>(shape[0]);
    return {size, size};
  }
  if (shape.size() == 2)
    return {static_cast<double>(shape[0]), static_cast<double>(shape[1])};
  double receptive = 1;
  for (int i = 2; i < shape.size(); ++i)
    receptive *= shape[i];
  return {shape[1] * receptive, shape[0] * receptive};
}

void fillUniform(std::vector<float> &values, double min, double max,
                 uint64_t seed) {
  SplitMix64 random(seed);
  for (float &value : values) {
    double unit = static_cast<double>(random.next() >> 40) * 0x1p-24;
    value = static_cast<float>(min + (max - min) * unit);
  }
}

Status materialize(proto::Tensor &tensor, const std::string &where) {
  const proto::Init &init = tensor.init();
  if (tensor.dtype() != proto::FLOAT32)
    return Status::error(where + ": init is supported for FLOAT32 tensors");
  if (tensor.float_data_size() || tensor.double_data_size() ||
      tensor.int_data_size() || !tensor.raw_data().empty())
    return Status::error(where + ": has both data and init");
  std::vector<int64_t> shape(tensor.shape().begin(), tensor.shape().end());
  for (int64_t dim : shape)
    if (dim < 0)
      return Status::error(where + ": negative dimension " +
                           std::to_string(dim));
  std::optional<uint64_t> bytes = tensorBytes(shape, sizeof(float));
  if (!bytes || *bytes > maxTensorBytes())
    return Status::error(where + ": shape " + formatShape(shape) +
                         " is over " + describeTensorLimit());
  std::vector<float> values(*bytes / sizeof(float), 0.0f);
  uint64_t seed = init.seed() ? init.seed() : hashString(tensor.name());
  auto [fanIn, fanOut] = fans(tensor);
  const std::string &kind = init.kind();
  if (kind == "zeros") {
  } else if (kind == "ones" || kind == "constant") {
    std::fill(values.begin(), values.end(),
              kind == "ones" ? 1.0f : init.value());
  } else if (kind == "uniform") {
    if (!(init.min() < init.max()))
      return Status::error(where + ": init.min must be below init.max");
    fillUniform(values, init.min(), init.max(), seed);
  } else if (kind == "glorot_uniform") {
    double limit = std::sqrt(6.0 / (fanIn + fanOut));
    fillUniform(values, -limit, limit, seed);
  } else if (kind == "he_uniform") {
    double limit = std::sqrt(6.0 / fanIn);
    fillUniform(values, -limit, limit, seed);
  } else {
    return Status::error(where + ": init.kind: unknown initializer '" + kind +
                         "' (known: zeros, ones, constant, uniform, "
                         "glorot_uniform, he_uniform)");
  }
  tensor.clear_init();
  tensor.set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                                  values.size() * sizeof(float)));
  return Status::ok();
}

} // namespace

Status materializeInitializers(proto::Model &model, const std::string &path) {
  for (proto::Tensor &tensor : *model.mutable_graph()->mutable_initializers())
    if (tensor.has_init())
      DLC_RETURN_IF_ERROR(
          materialize(tensor, path + ": initializer '" + tensor.name() + "'"));
  return Status::ok();
}

} // namespace dlc
