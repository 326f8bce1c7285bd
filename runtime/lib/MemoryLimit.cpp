//===- MemoryLimit.cpp - The most one tensor may take ---------------------===//
#include "dlc/Runtime/MemoryLimit.h"

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
  uint64_t bytes = elementBytes;
  for (int64_t dim : shape)
    if (dim < 0 ||
        __builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes))
      return std::nullopt;
  return bytes;
}

} // namespace dlc
