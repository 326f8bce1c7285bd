//===- RuntimeChecks.cpp - The checked mode's switch and its failures -----===//
#include "dlc/Runtime/RuntimeChecks.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<bool> &checksEnabled() {
  static std::atomic<bool> enabled = [] {
    const char *setting = std::getenv("DLC_CHECK_BOUNDS");
    return setting && std::strcmp(setting, "1") == 0;
  }();
  return enabled;
}

} // namespace

bool dlc::runtimeChecksEnabled() { return checksEnabled().load(); }

void dlc::setRuntimeChecks(bool enabled) { checksEnabled().store(enabled); }

extern "C" void dlc_runtime_check_failed(const char *message) {
  // Other threads may be inside compiled code too: no destructors, no
  // atexit handlers, only what the user already printed flushed.
  std::fflush(stdout);
  std::fprintf(stderr, "dlc: error: a run-time check failed: %s\n", message);
  std::_Exit(1);
}
