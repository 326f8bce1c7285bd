//===- PackedConvolution.h - Convolutions with output channels in lanes -*- C++ -*-===//
//
// A packed convolution is an NCHW / NCW convolution whose filter has been
// reordered to [F/L][C][K...][L] (L = lanes of a vector), so that the L
// output channels of a block sit next to each other: a register tile then
// keeps one vector of L output channels per output position and, for each
// input channel and kernel offset, multiplies one filter vector by the
// input element broadcast. No lane is wasted on short output rows (the
// 11-wide rows of a convnet, the 7-wide of ResNet's last stage), and the
// filter streams through contiguously however many channels there are.
//
// It is a linalg.generic carrying the attribute kAttrName, over the loops
//
//   n, fo, o..., fi, c, k...
//   out[n, fo * L + fi, o...] += in[n, c, o * stride + k * dilation...]
//                                * packed[fo, c, k..., fi]
//
// or, with input and output in blocked layout (ChannelBlocks.h),
//
//   out[n, fo, o..., fi] += in[n, c / L, o * stride + k * dilation..., c % L]
//                           * packed[fo, c, k..., fi]
//
// built by dlc-cpu-pack-convolutions and vectorized by
// vectorizePackedConvolutionTile.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TARGET_CPU_PACKEDCONVOLUTION_H
#define DLC_TARGET_CPU_PACKEDCONVOLUTION_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc::cpu {

/// The attribute marking a packed convolution; a dictionary with the
/// `strides` and `dilations` of its spatial dimensions.
inline constexpr llvm::StringLiteral kPackedConvolutionAttr =
    "dlc.packed_convolution";

/// The loops of a packed convolution with `spatialRank` spatial dimensions.
struct PackedConvolutionLoops {
  unsigned spatialRank;

  unsigned batch() const { return 0; }
  /// Blocks of L output channels.
  unsigned channelBlocks() const { return 1; }
  unsigned output(unsigned dim) const { return 2 + dim; }
  /// The output channels within a block: the lanes of the vectors.
  unsigned lanes() const { return 2 + spatialRank; }
  unsigned inputChannels() const { return 3 + spatialRank; }
  unsigned window(unsigned dim) const { return 4 + spatialRank + dim; }
  unsigned count() const { return 4 + 2 * spatialRank; }
};

bool isPackedConvolution(mlir::linalg::LinalgOp op);

PackedConvolutionLoops packedConvolutionLoops(mlir::linalg::LinalgOp op);

/// Whether `tensor`, an operand of a packed convolution with `spatialRank`
/// spatial dimensions, is in blocked layout (ChannelBlocks.h).
bool isBlocked(mlir::Value tensor, unsigned spatialRank);

/// Whether the packed convolution `op` writes its output in blocked layout.
bool hasBlockedOutput(mlir::linalg::LinalgOp op);

/// The elementwise op that the tiles of the packed convolution `op`
/// compute along with it (its ReLU), or null: the one reader of a blocked
/// output, reading every input element for element and writing the result
/// in blocks or unblocked (ChannelBlocks.h).
mlir::linalg::GenericOp packedConvolutionEpilogue(mlir::linalg::LinalgOp op);

/// Whether `op` is the epilogue of a packed convolution.
bool isPackedConvolutionEpilogue(mlir::linalg::LinalgOp op);

/// The strides and dilations of a packed convolution's spatial dimensions.
struct WindowGeometry {
  llvm::SmallVector<int64_t> strides, dilations;
};
WindowGeometry packedConvolutionGeometry(mlir::linalg::LinalgOp op);

/// Every index tuple of a box with `sizes` in each dimension, in row-major
/// order (the output positions of a tile, the offsets of a window).
llvm::SmallVector<llvm::SmallVector<int64_t>>
rowMajorIndices(llvm::ArrayRef<int64_t> sizes);

/// Builds the packed convolution of `input` (N, C, spatial...) with
/// `packedFilter` (F/L, C, K..., L) accumulating into `init` (N, F,
/// output...). Input and output may each be in blocked layout instead,
/// (N, C/L, spatial..., L) and (N, F/L, output..., L).
mlir::Value buildPackedConvolution(mlir::OpBuilder &builder,
                                   mlir::Location loc, mlir::Value input,
                                   mlir::Value packedFilter, mlir::Value init,
                                   const WindowGeometry &geometry);

/// Replaces `tile`, a packed convolution on tensors of static shape that
/// is unit in the batch loop, whole in its reduction loops, one block of
/// lanes wide and no more output positions than lanes, by vector code: one accumulator of L output channels per
/// output position of the tile and channel block, loops over the input
/// channels and the window rows, the last window dimension unrolled, and
/// the tile of its epilogue, if any, applied to the accumulators. Fails
/// (with an error on the op) when the tile has another shape.
mlir::LogicalResult vectorizePackedConvolutionTile(mlir::RewriterBase &rewriter,
                                                   mlir::linalg::LinalgOp tile);

} // namespace dlc::cpu

#endif // DLC_TARGET_CPU_PACKEDCONVOLUTION_H
