//===- DlcBuilder.cpp - Short-hand construction of dlc graphs -------------===//
#include "dlc/Dialect/DlcBuilder.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <limits>

using namespace mlir;

namespace dlc {

template <typename OpTy, typename... Args>
Value DlcBuilder::make(Args &&...args) {
  auto placeholder = RankedTensorType::get({}, builder_.getF32Type());
  auto op = OpTy::create(builder_, placeholder, std::forward<Args>(args)...);
  (void)refineResultTypes(op);
  return op->getResult(0);
}

Value DlcBuilder::scalar(Type elementType, double value) {
  return splat(RankedTensorType::get({}, elementType), value);
}

Value DlcBuilder::scalarLike(Value like, double value) {
  return scalar(tensorType(like).getElementType(), value);
}

/// `value` as an element of `type` (integers truncated toward zero).
static Attribute elementAttr(OpBuilder &builder, Type type, double value) {
  if (isa<FloatType>(type))
    return builder.getFloatAttr(type, value);
  return builder.getIntegerAttr(type, static_cast<int64_t>(value));
}

Value DlcBuilder::splat(RankedTensorType type, double value) {
  return ConstantOp::create(
      builder_, DenseElementsAttr::get(
                    type, elementAttr(builder_, type.getElementType(), value)));
}

Value DlcBuilder::constant(RankedTensorType type, ArrayRef<double> values) {
  SmallVector<Attribute> elements;
  for (double value : values)
    elements.push_back(elementAttr(builder_, type.getElementType(), value));
  return ConstantOp::create(builder_, DenseElementsAttr::get(type, elements));
}

Value DlcBuilder::positions(Type elementType, int64_t rank, int64_t axis,
                            int64_t count) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = count;
  SmallVector<double> values;
  for (int64_t position = 0; position < count; ++position)
    values.push_back(position);
  return constant(RankedTensorType::get(shape, elementType), values);
}

Value DlcBuilder::add(Value lhs, Value rhs) {
  return make<AddOp>(lhs, rhs);
}
Value DlcBuilder::sub(Value lhs, Value rhs) {
  return make<SubOp>(lhs, rhs);
}
Value DlcBuilder::mul(Value lhs, Value rhs) {
  return make<MulOp>(lhs, rhs);
}
Value DlcBuilder::div(Value lhs, Value rhs) {
  return make<DivOp>(lhs, rhs);
}
Value DlcBuilder::pow(Value lhs, Value rhs) {
  return make<PowOp>(lhs, rhs);
}
Value DlcBuilder::neg(Value value) {
  return NegOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::abs(Value value) {
  return AbsOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::exp(Value value) {
  return ExpOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::log(Value value) {
  return LogOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::sqrt(Value value) {
  return SqrtOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::sigmoid(Value value) {
  return SigmoidOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::relu(Value value) {
  return ReluOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::softplus(Value value) {
  return SoftplusOp::create(builder_, value.getType(), value);
}
Value DlcBuilder::clip(Value value, double min, double max) {
  return ClipOp::create(builder_, value.getType(), value,
                        builder_.getF32FloatAttr(min),
                        builder_.getF32FloatAttr(max));
}

Value DlcBuilder::equal(Value lhs, Value rhs) {
  return make<EqualOp>(lhs, rhs);
}
Value DlcBuilder::less(Value lhs, Value rhs) {
  return make<LessOp>(lhs, rhs);
}
Value DlcBuilder::greater(Value lhs, Value rhs) {
  return make<GreaterOp>(lhs, rhs);
}
Value DlcBuilder::where(Value condition, Value lhs, Value rhs) {
  return make<WhereOp>(condition, lhs, rhs);
}
Value DlcBuilder::logicalNot(Value condition) {
  Type i1 = builder_.getI1Type();
  return where(condition, scalar(i1, 0), scalar(i1, 1));
}
Value DlcBuilder::cast(Value value, Type elementType) {
  if (tensorType(value).getElementType() == elementType)
    return value;
  return make<CastOp>(value, TypeAttr::get(elementType));
}

Value DlcBuilder::matmul(Value lhs, Value rhs) {
  return make<MatMulOp>(lhs, rhs);
}
Value DlcBuilder::gemm(Value a, Value b, double alpha, bool transA,
                       bool transB) {
  return make<GemmOp>(a, b, /*c=*/Value(),
                        builder_.getF32FloatAttr(alpha),
                        builder_.getF32FloatAttr(1.0),
                        builder_.getBoolAttr(transA),
                        builder_.getBoolAttr(transB));
}

Value DlcBuilder::reduceSum(Value value, ArrayRef<int64_t> axes,
                            bool keepdims) {
  return make<ReduceSumOp>(value,
                             builder_.getDenseI64ArrayAttr(axes),
                             builder_.getBoolAttr(keepdims));
}
Value DlcBuilder::reduceMean(Value value, ArrayRef<int64_t> axes,
                             bool keepdims) {
  return make<ReduceMeanOp>(value,
                              builder_.getDenseI64ArrayAttr(axes),
                              builder_.getBoolAttr(keepdims));
}
Value DlcBuilder::reduceMax(Value value, ArrayRef<int64_t> axes,
                            bool keepdims) {
  return make<ReduceMaxOp>(value,
                             builder_.getDenseI64ArrayAttr(axes),
                             builder_.getBoolAttr(keepdims));
}
Value DlcBuilder::argMax(Value value, int64_t axis, bool keepdims) {
  return make<ArgMaxOp>(value, builder_.getI64IntegerAttr(axis),
                          builder_.getBoolAttr(keepdims));
}
Value DlcBuilder::softmax(Value value, int64_t axis) {
  return make<SoftmaxOp>(value, builder_.getI64IntegerAttr(axis));
}
Value DlcBuilder::logSoftmax(Value value, int64_t axis) {
  return make<LogSoftmaxOp>(value,
                              builder_.getI64IntegerAttr(axis));
}
Value DlcBuilder::oneHot(Value indices, int64_t depth, Type elementType) {
  return make<OneHotOp>(indices, builder_.getI64IntegerAttr(depth),
                          TypeAttr::get(elementType));
}

Value DlcBuilder::reshape(Value value, ArrayRef<int64_t> shape) {
  return make<ReshapeOp>(value,
                           builder_.getDenseI64ArrayAttr(shape));
}
Value DlcBuilder::perChannel(Value value, int64_t rank) {
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = -1;
  return reshape(value, shape);
}
Value DlcBuilder::transpose(Value value, ArrayRef<int64_t> perm) {
  return make<TransposeOp>(value,
                             builder_.getDenseI64ArrayAttr(perm));
}
Value DlcBuilder::unsqueeze(Value value, ArrayRef<int64_t> axes) {
  return make<UnsqueezeOp>(value,
                             builder_.getDenseI64ArrayAttr(axes));
}
Value DlcBuilder::slice(Value value, int64_t axis, int64_t start,
                        int64_t end) {
  return make<SliceOp>(value,
                         builder_.getDenseI64ArrayAttr({start}),
                         builder_.getDenseI64ArrayAttr({end}),
                         builder_.getDenseI64ArrayAttr({axis}),
                         builder_.getDenseI64ArrayAttr({1}));
}
Value DlcBuilder::gather(Value data, Value indices, int64_t axis) {
  return make<GatherOp>(data, indices, builder_.getI64IntegerAttr(axis));
}
Value DlcBuilder::concat(ValueRange values, int64_t axis) {
  return make<ConcatOp>(values, builder_.getI64IntegerAttr(axis));
}
Value DlcBuilder::reverse(Value value, int64_t axis) {
  // From the last element back to before the first (ends clamp to -1).
  return SliceOp::create(
      builder_, value, builder_.getDenseI64ArrayAttr({-1}),
      builder_.getDenseI64ArrayAttr({std::numeric_limits<int64_t>::min()}),
      builder_.getDenseI64ArrayAttr({axis}), builder_.getDenseI64ArrayAttr({-1}));
}

Value DlcBuilder::flatPositionsAlongAxis(Value indices, ArrayRef<int64_t> shape,
                                         int64_t axis) {
  ArrayRef<int64_t> indexShape =
      llvm::cast<RankedTensorType>(indices.getType()).getShape();
  int64_t rank = shape.size();
  Type i64 = builder_.getI64Type();
  // Row-major strides of `shape`.
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  Value flat = mul(indices, scalar(i64, strides[axis]));
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      flat = add(flat, mul(positions(i64, rank, d, indexShape[d]),
                           scalar(i64, strides[d])));
  return flat;
}

Value DlcBuilder::reverseSequences(Value value, Value lengths, int64_t timeAxis,
                                   int64_t batchAxis) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  Type i64 = builder_.getI64Type();
  SmallVector<int64_t> lengthShape(rank, 1);
  lengthShape[batchAxis] = type.getDimSize(batchAxis);
  Value length = reshape(cast(lengths, i64), lengthShape);
  Value time = positions(i64, rank, timeAxis, type.getDimSize(timeAxis));
  // Step t of a sequence of length n reads step n - 1 - t while t < n.
  Value source = where(less(time, length),
                       sub(sub(length, scalar(i64, 1)), time), time);
  Value sources =
      broadcastTo(source, RankedTensorType::get(type.getShape(), i64));
  Value flat = reshape(value, {type.getNumElements()});
  return reshape(
      gather(flat, flatPositionsAlongAxis(sources, type.getShape(), timeAxis),
             0),
      type.getShape());
}

std::pair<Value, Value> DlcBuilder::channelStatistics(Value input) {
  int64_t rank = tensorType(input).getRank();
  SmallVector<int64_t> axes{0};
  for (int64_t axis = 2; axis < rank; ++axis)
    axes.push_back(axis);
  // Kept dimensions broadcast the mean along the channels of the input.
  Value mean = reduceMean(input, axes, /*keepdims=*/true);
  Value centered = sub(input, mean);
  Value variance = reduceMean(mul(centered, centered), axes, /*keepdims=*/false);
  return {reshape(mean, tensorType(variance).getShape()), variance};
}

Value DlcBuilder::movingAverage(Value running, Value batch, double momentum) {
  return add(mul(running, scalarLike(running, momentum)),
             mul(batch, scalarLike(batch, 1.0 - momentum)));
}

Value DlcBuilder::broadcastTo(Value value, RankedTensorType type) {
  if (value.getType() == type)
    return value;
  return add(value, splat(type, 0.0));
}

Value DlcBuilder::sumToShape(Value value, RankedTensorType type) {
  ArrayRef<int64_t> from = tensorType(value).getShape();
  ArrayRef<int64_t> to = type.getShape();
  // Dimensions broadcasting prepended are summed away; dimensions it
  // stretched from 1 are summed but kept.
  int64_t prepended = from.size() - to.size();
  SmallVector<int64_t> leading, stretched;
  for (int64_t i = 0; i < prepended; ++i)
    leading.push_back(i);
  for (auto [i, dim] : llvm::enumerate(to))
    if (dim == 1 && from[prepended + i] != 1)
      stretched.push_back(i);
  Value result = value;
  if (!leading.empty())
    result = reduceSum(result, leading, /*keepdims=*/false);
  if (!stretched.empty())
    result = reduceSum(result, stretched, /*keepdims=*/true);
  return result;
}

} // namespace dlc
