//===- VectorizeWindow.h - Vector code for convolution and pool tiles -*- C++ -*-===//
//
// The register tile of an NCHW / NCW convolution or pool (linalg's named
// ops) is one output row segment of several channels, for one input channel
// and one kernel row: dlc writes its vector code itself instead of handing
// it to upstream's vectorizer, whose NCHW form transposes the accumulators
// and gathers the filter on every step (shared/notes/conv-codegen-facts.md).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TARGET_CPU_VECTORIZEWINDOW_H
#define DLC_TARGET_CPU_VECTORIZEWINDOW_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc::cpu {

/// Whether `op` is one of the window ops the CPU target tiles and
/// vectorizes itself: f32 conv_1d_ncw_fcw, conv_2d_nchw_fchw, the depthwise
/// depthwise_conv_1d_ncw_cw and depthwise_conv_2d_nchw_chw, and the NCW /
/// NCHW max and sum pools.
bool isWindowOp(mlir::linalg::LinalgOp op);

/// The loops of a window op that a register tile spans.
struct WindowLoops {
  /// Output channels (one accumulator each).
  size_t channels;
  /// The last output dimension (the lanes of the vectors).
  size_t positions;
  /// The last window dimension (unrolled).
  size_t taps;
};

/// Loops n, channels, o..., (c,) w... for convolutions and pools; n, o...,
/// channels, w... for depthwise convolutions.
WindowLoops windowLoops(mlir::linalg::LinalgOp op);

/// Replaces `tile`, a window op on tensors of static shape whose loops are
/// all unit except those of windowLoops(), by vector code: one vector per output channel over the
/// output positions, updated for each window offset. Fails (with an error
/// on the op) when the tile has another shape.
mlir::LogicalResult vectorizeWindowTile(mlir::RewriterBase &rewriter,
                                        mlir::linalg::LinalgOp tile);

} // namespace dlc::cpu

#endif // DLC_TARGET_CPU_VECTORIZEWINDOW_H
