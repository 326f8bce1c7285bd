//===- CpuFeatures.cpp - Instruction sets a compiled program needs --------===//
#include "dlc/Runtime/CpuFeatures.h"

#include <sstream>
#include <utility>

namespace dlc {
namespace {

/// Each checkable extension with whether this processor has it.
/// __builtin_cpu_supports takes literal names only, hence the macro.
const std::vector<std::pair<std::string, bool>> &supportedFeatures() {
#define DLC_FEATURE(name) {name, static_cast<bool>(__builtin_cpu_supports(name))}
  static const std::vector<std::pair<std::string, bool>> features = {
      DLC_FEATURE("sse3"),        DLC_FEATURE("ssse3"),
      DLC_FEATURE("sse4.1"),      DLC_FEATURE("sse4.2"),
      DLC_FEATURE("popcnt"),      DLC_FEATURE("avx"),
      DLC_FEATURE("avx2"),        DLC_FEATURE("fma"),
      DLC_FEATURE("f16c"),        DLC_FEATURE("bmi"),
      DLC_FEATURE("bmi2"),        DLC_FEATURE("lzcnt"),
      DLC_FEATURE("movbe"),       DLC_FEATURE("avx512f"),
      DLC_FEATURE("avx512bw"),    DLC_FEATURE("avx512cd"),
      DLC_FEATURE("avx512dq"),    DLC_FEATURE("avx512vl"),
      DLC_FEATURE("avx512vnni"),  DLC_FEATURE("avx512bf16"),
      DLC_FEATURE("avx512fp16"),  DLC_FEATURE("avx512vbmi"),
      DLC_FEATURE("avx512ifma"),  DLC_FEATURE("avxvnni"),
  };
#undef DLC_FEATURE
  return features;
}

} // namespace

const std::vector<std::string> &checkableCpuFeatures() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const auto &[name, supported] : supportedFeatures())
      result.push_back(name);
    return result;
  }();
  return names;
}

Status checkCpuFeatures(const char *required) {
  std::string missing;
  std::istringstream list(required);
  for (std::string name; std::getline(list, name, ',');)
    for (const auto &[known, supported] : supportedFeatures())
      if (name == known && !supported)
        missing += (missing.empty() ? "" : ", ") + name;
  if (missing.empty())
    return Status::ok();
  return Status::error("this processor lacks " + missing +
                       ", which the compiled code uses; compile it with "
                       "--cpu set to this machine's level (e.g. x86-64-v3 "
                       "for AVX2) or --cpu=native here");
}

} // namespace dlc
