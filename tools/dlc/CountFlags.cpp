//===- CountFlags.cpp - Integer flags of the dlc commands -----------------===//
#include "CountFlags.h"

#include "dlc/Api/Threads.h"

#include <charconv>

dlc::Result<int64_t> parseCount(const std::string &flag,
                                const std::string &text, int64_t minimum,
                                int64_t maximum) {
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() ||
      value < minimum || value > maximum)
    return dlc::Status::error(flag + " expects an integer in [" +
                              std::to_string(minimum) + ", " +
                              std::to_string(maximum) + "], got '" + text +
                              "'");
  return value;
}

dlc::Status applyThreadsFlag(const std::string &text) {
  dlc::Result<int64_t> count = parseCount("--threads", text, 1, 1024);
  if (!count)
    return count.status();
  return dlc::setThreadCount(*count);
}
