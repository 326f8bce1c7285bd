//===- CommandFlags.cpp - Command lines of dlc's programs -----------------===//
#include "dlc/Runtime/CommandFlags.h"

#include "dlc/Runtime/ThreadPool.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace dlc {

std::string CommandFlags::get(const std::string &flag,
                              std::string fallback) const {
  auto found = values.find(flag);
  return found == values.end() ? fallback : found->second;
}

Result<double> CommandFlags::number(const std::string &flag,
                                    double fallback) const {
  if (!has(flag))
    return fallback;
  std::string text = get(flag);
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    return Status::error(flag + ": expected a number, got '" + text + "'");
  return value;
}

Result<CommandFlags>
parseCommandFlags(int argc, char **argv,
                  const std::vector<std::string> &valueFlags,
                  const std::vector<std::string> &switches,
                  const std::string &usage) {
  auto listed = [](const std::vector<std::string> &list,
                   const std::string &arg) {
    return std::find(list.begin(), list.end(), arg) != list.end();
  };
  CommandFlags flags;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (listed(switches, arg)) {
      flags.values[arg] = "1";
    } else if (listed(valueFlags, arg)) {
      if (i + 1 >= argc)
        return Status::error(arg + " needs a value");
      flags.values[arg] = argv[++i];
    } else if (arg.rfind("--", 0) == 0) {
      return Status::error("unknown argument '" + arg + "'\n" + usage);
    } else {
      flags.positional.push_back(arg);
    }
  }
  return flags;
}

Result<int64_t> parseCount(const std::string &flag, const std::string &text,
                           int64_t minimum, int64_t maximum) {
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() ||
      value < minimum || value > maximum)
    return Status::error(flag + " expects an integer in [" +
                         std::to_string(minimum) + ", " +
                         std::to_string(maximum) + "], got '" + text + "'");
  return value;
}

Status applyThreadsFlag(const std::string &text) {
  Result<int64_t> count =
      parseCount("--threads", text, 1, ThreadPool::kMaxThreads);
  if (!count)
    return count.status();
  ThreadPool::global().setThreadCount(static_cast<int>(*count));
  return Status::ok();
}

} // namespace dlc
