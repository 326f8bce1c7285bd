//===- MemoryLimit.cpp - The most one tensor may take ---------------------===//
#include "dlc/Runtime/MemoryLimit.h"

#include "dlc/Runtime/Tensor.h"

#include <cstdlib>
#include <unistd.h>

namespace dlc {

namespace {

/// $DLC_MAX_TENSOR_BYTES as a positive number, if set so.
std::optional<uint64_t> configuredLimit() {
  const char *text = std::getenv("DLC_MAX_TENSOR_BYTES");
  if (!text || !*text)
    return std::nullopt;
  char *end = nullptr;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0' || value == 0)
    return std::nullopt;
  return value;
}

uint64_t physicalMemory() {
  return static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
         static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
}

} // namespace

uint64_t maxTensorBytes() {
  return configuredLimit().value_or(physicalMemory());
}

std::string describeTensorLimit() {
  uint64_t limit = maxTensorBytes();
  std::string mib = limit < (1u << 20) ? std::to_string(limit) + " bytes"
                                       : std::to_string(limit >> 20) + " MiB";
  if (configuredLimit())
    return "the limit of " + mib + " (DLC_MAX_TENSOR_BYTES)";
  return "the limit of " + mib +
         " (this machine's memory; DLC_MAX_TENSOR_BYTES sets another)";
}

std::optional<uint64_t> tensorBytes(const std::vector<int64_t> &shape,
                                    uint64_t elementBytes) {
  std::optional<int64_t> elements = checkedElementCount(shape);
  uint64_t bytes;
  if (!elements || __builtin_mul_overflow(static_cast<uint64_t>(*elements),
                                          elementBytes, &bytes))
    return std::nullopt;
  return bytes;
}

} // namespace dlc
