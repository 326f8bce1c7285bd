//===- AllReduceBufferization.h - dlc.all_reduce on buffers ------*- C++ -*-===//
//
// dlc.all_reduce is the one dlc op that dlc-convert-dlc-to-linalg keeps: it
// lowers during one-shot bufferization, in place on its operands' buffers
// where the analysis allows, into calls to the runtime's process group
// (dlc_all_reduce_enqueue per buffer, then dlc_all_reduce_run).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CONVERSION_ALLREDUCEBUFFERIZATION_H
#define DLC_CONVERSION_ALLREDUCEBUFFERIZATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace dlc {

/// Attaches bufferization's interface to dlc.all_reduce.
void registerAllReduceBufferization(mlir::DialectRegistry &registry);

} // namespace dlc

#endif // DLC_CONVERSION_ALLREDUCEBUFFERIZATION_H
