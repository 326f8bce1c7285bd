//===- CInterface.h - Statuses of the compiled libraries' C interfaces ----===//
//
// What the C interfaces of dlc_model.h and dlc_trainer.h share
// (dlc_common.h): the status type and how C++ errors become statuses.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_LIB_CINTERFACE_H
#define DLC_RUNTIME_LIB_CINTERFACE_H

#include "dlc_common.h"

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <string>
#include <vector>

struct dlc_status {
  std::string message;
};

namespace dlc {

/// A new status holding `message`.
dlc_status *cError(std::string message);

/// NULL for success, else a status "CALL: message".
dlc_status *cStatus(const Status &status, const char *call);

/// The C description of a tensor; `name` and `shape` must outlive it.
dlc_tensor_info describeTensor(const std::string &name, DType dtype,
                               const std::vector<int64_t> &shape,
                               bool batchFirst);

} // namespace dlc

#endif // DLC_RUNTIME_LIB_CINTERFACE_H
