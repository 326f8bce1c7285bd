//===- GradientOpInterface.cpp - The interface's generated definitions ----===//
#include "dlc/Autodiff/GradientOpInterface.h"

namespace dlc {
#include "dlc/Autodiff/GradientOpInterface.cpp.inc"
} // namespace dlc
