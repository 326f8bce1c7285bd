//===- InterruptFlag.cpp - Ctrl-C as a request to stop --------------------===//
#include "dlc/Runtime/InterruptFlag.h"

namespace dlc {

namespace {

// Lock-free, so the handler may set it.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void onInterrupt(int) { interrupted.store(true); }

} // namespace

InterruptFlag::InterruptFlag() {
  interrupted.store(false);
  struct sigaction action = {};
  action.sa_handler = onInterrupt;
  sigemptyset(&action.sa_mask);
  // The handler gives way to the default after one run: a second Ctrl-C
  // ends the program.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &previous_);
}

InterruptFlag::~InterruptFlag() { sigaction(SIGINT, &previous_, nullptr); }

const std::atomic<bool> &InterruptFlag::flag() const { return interrupted; }

} // namespace dlc
