//===- WeightInit.h - Draw initial weights from `init` specs -----*- C++ -*-===//
#ifndef DLC_FRONTEND_WEIGHTINIT_H
#define DLC_FRONTEND_WEIGHTINIT_H

#include "dlc/Runtime/Status.h"
#include "dlc/proto/model.pb.h"

namespace dlc {

/// Replaces the `init` of each initializer by values drawn as it says
/// (float32 raw_data). The draws use SplitMix64 (Random.h) and fixed
/// transforms, so a model file gives bit-identical weights on every machine:
/// a uniform value in [0, 1) is the top 24 bits of next() times 2^-24, scaled
/// to the range. Errors name `path` and the initializer.
Status materializeInitializers(proto::Model &model, const std::string &path);

} // namespace dlc

#endif // DLC_FRONTEND_WEIGHTINIT_H
