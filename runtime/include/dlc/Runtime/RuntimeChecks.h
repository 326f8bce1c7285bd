//===- RuntimeChecks.h - Compiled code that checks its memory accesses ---===//
//
// In checked mode (`dlc run/train/compile --check-bounds`, or
// DLC_CHECK_BOUNDS=1 in the environment) the compiler inserts a check
// before every memory access of the code it generates. A failed check
// calls dlc_runtime_check_failed, which prints what failed, in which op and
// for which model node, and ends the process with status 1: compiled code
// cannot unwind, and going on would read or corrupt memory. The checks
// cost time; the mode is for finding a fault, not for production.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_RUNTIMECHECKS_H
#define DLC_RUNTIME_RUNTIMECHECKS_H

namespace dlc {

/// Whether code compiled from now on checks its memory accesses; by
/// default whether DLC_CHECK_BOUNDS is set to 1. Like the thread count, it
/// applies to what is compiled after it is set: set it before creating
/// sessions.
bool runtimeChecksEnabled();
void setRuntimeChecks(bool enabled);

} // namespace dlc

/// Called by checked code when a check fails; `message` names the check,
/// the op and the model nodes. Prints it and exits with status 1.
extern "C" [[noreturn]] void dlc_runtime_check_failed(const char *message);

#endif // DLC_RUNTIME_RUNTIMECHECKS_H
