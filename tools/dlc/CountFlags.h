//===- CountFlags.h - Integer flags of the dlc commands -----------*- C++ -*-===//
#ifndef DLC_TOOLS_COUNTFLAGS_H
#define DLC_TOOLS_COUNTFLAGS_H

#include "dlc/Runtime/Status.h"

#include <cstdint>
#include <string>

/// `text` as an integer in [minimum, maximum], or an error naming `flag`.
dlc::Result<int64_t> parseCount(const std::string &flag,
                                const std::string &text, int64_t minimum,
                                int64_t maximum);

/// `--threads TEXT`: sets the threads compiled models run on, or an error
/// for anything but an integer in [1, 1024].
dlc::Status applyThreadsFlag(const std::string &text);

/// The usage line of --threads.
inline constexpr const char *kThreadsUsage =
    "--threads N runs compiled code on N threads (default: one per "
    "processor).\n";

#endif // DLC_TOOLS_COUNTFLAGS_H
