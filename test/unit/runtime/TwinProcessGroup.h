//===- TwinProcessGroup.h - Two processes holding the same values -*- C++ -*-===//
//
// A process group for tests in one process: it stands for two processes
// whose buffers are equal, so a sum doubles each value. It records the
// length of every message, and sets itself as the training group while it
// lives.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_UNIT_RUNTIME_TWINPROCESSGROUP_H
#define DLC_TEST_UNIT_RUNTIME_TWINPROCESSGROUP_H

#include "dlc/Runtime/ProcessGroup.h"

#include <cstdlib>
#include <vector>

namespace dlc {

class TwinProcessGroup final : public ProcessGroup {
public:
  TwinProcessGroup() { setTrainingProcessGroup(this); }
  ~TwinProcessGroup() override { setTrainingProcessGroup(nullptr); }

  int rank() const override { return 0; }
  int size() const override { return 2; }
  Status allReduceSum(float *data, int64_t count) override {
    messages.push_back(count);
    for (int64_t i = 0; i < count; ++i)
      data[i] *= 2;
    return Status::ok();
  }
  Status broadcast(void *, int64_t, int) override { return Status::ok(); }
  void abort(int) override { std::abort(); }

  std::vector<int64_t> messages;
};

} // namespace dlc

#endif // DLC_TEST_UNIT_RUNTIME_TWINPROCESSGROUP_H
