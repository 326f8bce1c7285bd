//===- CommandFlags.h - Command lines of dlc's programs -----------*- C++ -*-===//
//
// The flags that `dlc` and the programs `dlc compile` writes share, parsed
// the same way so that they behave the same.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_COMMANDFLAGS_H
#define DLC_RUNTIME_COMMANDFLAGS_H

#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dlc {

/// A parsed command line: positional arguments, and the value ("1" for a
/// switch) of each flag given (the last one wins).
struct CommandFlags {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;

  bool has(const std::string &flag) const { return values.count(flag); }
  std::string get(const std::string &flag, std::string fallback = "") const;
  /// The flag's value as a number, `fallback` when absent.
  Result<double> number(const std::string &flag, double fallback) const;
};

/// Parses `argv` (the arguments after the command): `valueFlags` take the
/// next argument, `switches` none; anything else starting with "--" is an
/// error that quotes `usage`.
Result<CommandFlags> parseCommandFlags(int argc, char **argv,
                                       const std::vector<std::string> &valueFlags,
                                       const std::vector<std::string> &switches,
                                       const std::string &usage);

/// `text` as an integer in [minimum, maximum], or an error naming `flag`.
Result<int64_t> parseCount(const std::string &flag, const std::string &text,
                           int64_t minimum, int64_t maximum);

/// `--threads TEXT`: sets the threads compiled models run on, or an error
/// for anything but an integer in [1, 1024].
Status applyThreadsFlag(const std::string &text);

/// The usage line of --threads.
inline constexpr const char *kThreadsUsage =
    "--threads N runs compiled code on N threads (default: one per "
    "processor).\n";

} // namespace dlc

#endif // DLC_RUNTIME_COMMANDFLAGS_H
