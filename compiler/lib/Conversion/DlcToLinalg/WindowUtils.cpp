//===- WindowUtils.cpp - Geometry shared by convolution and pooling -------===//
#include "WindowUtils.h"

using namespace mlir;

namespace dlc::lowering {

int64_t PoolWindow::numOffsets() const {
  int64_t count = 1;
  for (int64_t size : kernel)
    count *= size;
  return count;
}

SmallVector<AffineExpr> loopDims(MLIRContext *context, unsigned first,
                                 unsigned count) {
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < count; ++i)
    exprs.push_back(getAffineDimExpr(first + i, context));
  return exprs;
}

SmallVector<AffineExpr> windowAccess(MLIRContext *context,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations,
                                     unsigned firstOutputDim,
                                     unsigned firstWindowDim) {
  SmallVector<AffineExpr> exprs;
  for (size_t i = 0; i < strides.size(); ++i)
    exprs.push_back(getAffineDimExpr(firstOutputDim + i, context) * strides[i] +
                    getAffineDimExpr(firstWindowDim + i, context) *
                        dilations[i]);
  return exprs;
}

Value buildPoolPad(OpBuilder &b, Location loc, Value input,
                   const PoolWindow &window, ArrayRef<int64_t> outputSpatial,
                   Value neutral) {
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned k = window.rank();
  SmallVector<int64_t> padEnd(window.pads.drop_front(k));
  for (unsigned i = 0; i < k; ++i) {
    int64_t reach = (outputSpatial[i] - 1) * window.strides[i] +
                    window.dilations[i] * (window.kernel[i] - 1) + 1;
    int64_t available =
        inputType.getDimSize(2 + i) + window.padBegin(i) + padEnd[i];
    padEnd[i] += std::max<int64_t>(0, reach - available);
  }
  return buildSpatialPad(b, loc, input, window.pads.take_front(k), padEnd,
                         neutral);
}

Value buildWindowCounts(OpBuilder &b, Location loc, Type elementType,
                        ArrayRef<int64_t> inputSpatial,
                        ArrayRef<int64_t> outputSpatial,
                        const PoolWindow &window, bool countIncludePad) {
  unsigned k = window.rank();
  // counts[i][o]: window elements along dimension i at output position o;
  // a window's count is their product over the dimensions.
  SmallVector<SmallVector<int64_t>> counts(k);
  for (unsigned i = 0; i < k; ++i) {
    int64_t size = inputSpatial[i];
    int64_t low = countIncludePad ? -window.padBegin(i) : 0;
    int64_t high = countIncludePad ? size + window.padEnd(i) : size;
    for (int64_t o = 0; o < outputSpatial[i]; ++o) {
      int64_t count = 0;
      for (int64_t w = 0; w < window.kernel[i]; ++w) {
        int64_t position = o * window.strides[i] + w * window.dilations[i] -
                           window.padBegin(i);
        count += position >= low && position < high;
      }
      counts[i].push_back(std::max<int64_t>(count, 1));
    }
  }
  SmallVector<Attribute> divisors;
  int64_t positions = 1;
  for (int64_t dim : outputSpatial)
    positions *= dim;
  for (int64_t flat = 0; flat < positions; ++flat) {
    int64_t remaining = flat, count = 1;
    for (int i = k - 1; i >= 0; --i) {
      count *= counts[i][remaining % outputSpatial[i]];
      remaining /= outputSpatial[i];
    }
    divisors.push_back(b.getFloatAttr(elementType, count));
  }
  auto divisorType = RankedTensorType::get(outputSpatial, elementType);
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(divisorType, divisors));
}

} // namespace dlc::lowering
