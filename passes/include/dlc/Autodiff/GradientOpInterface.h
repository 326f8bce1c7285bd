//===- GradientOpInterface.h - Reverse-mode rule of an op --------*- C++ -*-===//
#ifndef DLC_AUTODIFF_GRADIENTOPINTERFACE_H
#define DLC_AUTODIFF_GRADIENTOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "dlc/Autodiff/GradientOpInterface.h.inc"

#endif // DLC_AUTODIFF_GRADIENTOPINTERFACE_H
