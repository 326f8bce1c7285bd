//===- ChannelBlocks.h - Tensors in blocks of channels ------------*- C++ -*-===//
//
// The blocked layout of an NCHW (or NCW) tensor keeps L channels, one
// vector, innermost: (N, C/L, spatial..., L), "NCHWc" in oneDNN's and ONNX
// Runtime's terms. A packed convolution (PackedConvolution.h) writes it with
// plain vector stores and reads it with one broadcast per element, and an
// elementwise op or a pool over it is vector code along the channels,
// however short the rows. dlc-cpu-block-channels moves chains of such ops
// into this layout; an "unblock" copy turns the result back where a consumer
// needs NCHW.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TARGET_CPU_CHANNELBLOCKS_H
#define DLC_TARGET_CPU_CHANNELBLOCKS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace dlc::cpu {

/// (N, C, spatial...) -> (N, C / lanes, spatial..., lanes).
mlir::RankedTensorType blockedType(mlir::RankedTensorType type, int64_t lanes);

/// The map from the indices of a blocked tensor (n, cb, s..., ci) to those
/// of the same element unblocked (n, cb * lanes + ci, s...).
mlir::AffineMap unblockedIndices(unsigned blockedRank, int64_t lanes,
                                 mlir::MLIRContext *context);

/// The NCHW tensor of `blocked`: a copy (a linalg.generic over the blocked
/// tensor that writes each element to its unblocked position), applying on
/// the way the body of `unary`, an elementwise op of one input, if given.
mlir::Value buildUnblock(mlir::OpBuilder &builder, mlir::Location loc,
                         mlir::Value blocked,
                         mlir::linalg::GenericOp unary = nullptr);

/// The blocked tensor that `value` is the unblock copy of, or null.
mlir::Value unblockSource(mlir::Value value);

/// Whether `op` computes each element from its inputs alone, into a new
/// tensor: all loops parallel, one result in the order of its loops, the
/// initial value unread and from tensor.empty.
bool isElementwiseIntoEmpty(mlir::linalg::GenericOp op);

/// `value` (N, C, spatial...) in blocks of `lanes` channels. A fill or an
/// elementwise op writing into an empty tensor (a bias broadcast, a ReLU)
/// is made again in blocked layout, reading the inputs that are unblock
/// copies from their blocked tensors; anything else is copied.
mlir::Value buildBlocked(mlir::OpBuilder &builder, mlir::Location loc,
                         mlir::Value value, int64_t lanes);

/// A filter (F, rest...) in blocks of its first dimension: (F / lanes,
/// rest..., lanes), the lanes innermost. A constant is reordered at compile
/// time, anything else by a copy. The filter of a packed convolution (F, C,
/// K...) and of a depthwise convolution (C, K...).
mlir::Value buildBlockedFilter(mlir::OpBuilder &builder, mlir::Location loc,
                               mlir::Value filter, int64_t lanes);

} // namespace dlc::cpu

#endif // DLC_TARGET_CPU_CHANNELBLOCKS_H
