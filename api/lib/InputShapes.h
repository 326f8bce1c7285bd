//===- InputShapes.h - The shapes a model is compiled for ---------*- C++ -*-===//
#ifndef DLC_API_LIB_INPUTSHAPES_H
#define DLC_API_LIB_INPUTSHAPES_H

#include "dlc/Runtime/Status.h"
#include "dlc/proto/model.pb.h"

#include <map>
#include <string>
#include <vector>

namespace dlc {

/// The shape each data input of `model` is compiled for ahead of time: its
/// declared one, with a dynamic first dimension set to `batch`. Other
/// dynamic dimensions, and inputs read as constants, are errors naming
/// `path` and the input.
Result<std::map<std::string, std::vector<int64_t>>>
inputShapesOf(const proto::Model &model, const std::string &path,
              int64_t batch);

} // namespace dlc

#endif // DLC_API_LIB_INPUTSHAPES_H
