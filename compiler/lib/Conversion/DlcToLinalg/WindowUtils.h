//===- WindowUtils.h - Geometry of convolution and pooling -----*- C++ -*-===//
//
// The forward and gradient lowerings of the windowed ops agree on where a
// window reads (`o * stride + k * dilation` in the padded input), on the
// extra end padding of ceil mode and on the element counts of average
// pooling; these helpers state each of them once.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CONVERSION_DLCTOLINALG_WINDOWUTILS_H
#define DLC_CONVERSION_DLCTOLINALG_WINDOWUTILS_H

#include "LoweringUtils.h"

#include "mlir/IR/AffineExpr.h"

namespace dlc::lowering {

/// The window attributes of a pool (or of its gradient), over k spatial
/// dimensions; `pads` lists the k begin then the k end paddings. The arrays
/// point into the op's attributes, which the context owns.
struct PoolWindow {
  llvm::ArrayRef<int64_t> kernel, strides, dilations, pads;

  template <typename PoolLikeOp> static PoolWindow of(PoolLikeOp op) {
    return {op.getKernelShape(), op.getStrides(), op.getDilations(),
            op.getPads()};
  }
  unsigned rank() const { return kernel.size(); }
  int64_t padBegin(unsigned dim) const { return pads[dim]; }
  int64_t padEnd(unsigned dim) const { return pads[rank() + dim]; }
  int64_t numOffsets() const;
};

/// Whether linalg has named convolution and pooling ops for k spatial
/// dimensions (1-D and 2-D), which the CPU target vectorizes.
inline bool hasNamedWindowOp(unsigned k) { return k == 1 || k == 2; }

/// Linalg's named window op of `input` (already padded) and `second` (the
/// filter, or the pool's window shape) into `init`: `Named1D` or `Named2D`
/// by the number of spatial dimensions.
template <typename Named1D, typename Named2D>
mlir::Value buildNamedWindowOp(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value input, mlir::Value second,
                               mlir::Value init,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> dilations) {
  llvm::SmallVector<mlir::NamedAttribute> window = {
      b.getNamedAttr("strides", b.getI64TensorAttr(strides)),
      b.getNamedAttr("dilations", b.getI64TensorAttr(dilations))};
  llvm::SmallVector<mlir::Value, 2> inputs = {input, second};
  mlir::Type resultType = init.getType();
  if (strides.size() == 1)
    return Named1D::create(b, loc, resultType, inputs, init, window)
        .getResult(0);
  return Named2D::create(b, loc, resultType, inputs, init, window)
      .getResult(0);
}

/// An ungrouped NCW / NCHW convolution with an FCW / FCHW weight.
inline mlir::Value buildNamedConv(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Value input, mlir::Value weight,
                                  mlir::Value init,
                                  llvm::ArrayRef<int64_t> strides,
                                  llvm::ArrayRef<int64_t> dilations) {
  return buildNamedWindowOp<mlir::linalg::Conv1DNcwFcwOp,
                            mlir::linalg::Conv2DNchwFchwOp>(
      b, loc, input, weight, init, strides, dilations);
}

/// Whether a convolution of `groups` groups on `inChannels` channels with
/// `weightType` (F x C/G x K...) is depthwise: a group per channel, one
/// filter each.
inline bool isDepthwise(int64_t groups, int64_t inChannels,
                        mlir::RankedTensorType weightType) {
  return groups != 1 && groups == inChannels &&
         weightType.getDimSize(0) == groups && weightType.getDimSize(1) == 1;
}

/// A depthwise NCW / NCHW convolution (a group per channel, one filter
/// each) with a CW / CHW filter.
inline mlir::Value buildNamedDepthwiseConv(mlir::OpBuilder &b,
                                           mlir::Location loc,
                                           mlir::Value input,
                                           mlir::Value filter,
                                           mlir::Value init,
                                           llvm::ArrayRef<int64_t> strides,
                                           llvm::ArrayRef<int64_t> dilations) {
  return buildNamedWindowOp<mlir::linalg::DepthwiseConv1DNcwCwOp,
                            mlir::linalg::DepthwiseConv2DNchwChwOp>(
      b, loc, input, filter, init, strides, dilations);
}

/// The loop dimensions d[first] .. d[first + count - 1].
llvm::SmallVector<mlir::AffineExpr> loopDims(mlir::MLIRContext *context,
                                             unsigned first, unsigned count);

/// Index expressions `o * stride + k * dilation` for each spatial dimension,
/// given the first loop dimensions holding o and k.
llvm::SmallVector<mlir::AffineExpr>
windowAccess(mlir::MLIRContext *context, llvm::ArrayRef<int64_t> strides,
             llvm::ArrayRef<int64_t> dilations, unsigned firstOutputDim,
             unsigned firstWindowDim);

/// The input of a pool padded with `neutral`: the declared padding plus, in
/// ceil mode, whatever the last window reaches past the end padding, so that
/// every window of an `outputSpatial` result reads inside the tensor.
mlir::Value buildPoolPad(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, const PoolWindow &window,
                         llvm::ArrayRef<int64_t> outputSpatial,
                         mlir::Value neutral);

/// The divisor of each average-pooling window, a constant of shape
/// `outputSpatial`: the number of window elements inside the input, or also
/// inside the declared padding with `countIncludePad` (never the extra end
/// padding of ceil mode), as ONNX AveragePool counts them.
mlir::Value buildWindowCounts(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Type elementType,
                              llvm::ArrayRef<int64_t> inputSpatial,
                              llvm::ArrayRef<int64_t> outputSpatial,
                              const PoolWindow &window, bool countIncludePad);

} // namespace dlc::lowering

#endif // DLC_CONVERSION_DLCTOLINALG_WINDOWUTILS_H
