//===- InterruptFlag.h - Ctrl-C as a request to stop -------------*- C++ -*-===//
//
// While an InterruptFlag lives, SIGINT sets its flag instead of ending the
// program, so a training loop can stop after its step and save (see
// FitOptions::interrupt). The handler removes itself when it runs: a
// second Ctrl-C ends the program as usual. One flag at a time.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_INTERRUPTFLAG_H
#define DLC_RUNTIME_INTERRUPTFLAG_H

#include <atomic>
#include <csignal>

namespace dlc {

class InterruptFlag {
public:
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag &) = delete;
  InterruptFlag &operator=(const InterruptFlag &) = delete;

  /// Set once SIGINT arrived.
  const std::atomic<bool> &flag() const;

private:
  struct sigaction previous_;
};

} // namespace dlc

#endif // DLC_RUNTIME_INTERRUPTFLAG_H
