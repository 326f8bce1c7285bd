//===- QuantizationImporters.cpp - ONNX's 8-bit quantization operators ----===//
//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear and the integer
// products (MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv) as
// formulas over dlc ops, with ONNX's reference arithmetic:
// y = saturate(round_half_even(x / scale) + zero_point) and
// x = (y - zero_point) * scale.
//
// The integer products subtract the zero points and multiply in f64: the
// products of 8-bit offsets are below 2^16 and their sums exact below 2^53,
// so the result equals the int32 accumulation of the reference for any
// reduction shorter than 2^37 terms, and the f64 matmul and convolution
// kernels run it.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

Type elementType(Value value) { return tensorType(value).getElementType(); }

/// A per-axis parameter (a 1-D scale or zero point) shaped to broadcast
/// along `axis` of a rank-`rank` tensor; scalars are returned as they are.
Value alongAxis(DlcBuilder &b, Value parameter, int64_t axis, int64_t rank) {
  if (tensorType(parameter).getRank() == 0)
    return parameter;
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = -1;
  return b.reshape(parameter, shape);
}

/// `value - zeroPoint` (the zero point absent: 0) as `type`, where
/// `zeroPoint` is a scalar or a vector along `axis` of `value`.
Value centered(DlcBuilder &b, Value value, Value zeroPoint, int64_t axis,
               Type type) {
  Value result = b.cast(value, type);
  if (!zeroPoint)
    return result;
  Value offset = alongAxis(b, zeroPoint, axis, tensorType(value).getRank());
  return b.sub(result, b.cast(offset, type));
}

/// The smallest and the largest value of an integer element type.
std::pair<double, double> integerRange(Type type) {
  unsigned width = type.getIntOrFloatBitWidth();
  if (type.isUnsignedInteger())
    return {0, std::ldexp(1.0, width) - 1};
  return {-std::ldexp(1.0, width - 1), std::ldexp(1.0, width - 1) - 1};
}

/// saturate(round_half_even(scaled) + zeroPoint) as `type`: the last step
/// of every quantizing op. `scaled` is a float tensor, `zeroPoint` a float
/// tensor that broadcasts with it or null.
Value saturate(DlcBuilder &b, Value scaled, Value zeroPoint, Type type) {
  Value rounded = RoundOp::create(b.builder(), scaled);
  if (zeroPoint)
    rounded = b.add(rounded, zeroPoint);
  auto [low, high] = integerRange(type);
  return b.cast(b.clip(rounded, low, high), type);
}

/// Checks that `value` has an 8-bit integer type (or, where `int32` allows,
/// a 32-bit one), naming `what` in the error.
bool checkQuantized(NodeImporter &n, Value value, StringRef what,
                    bool allowInt32 = false) {
  Type type = elementType(value);
  if (type.isInteger(8) || (allowInt32 && type.isSignlessInteger(32)))
    return true;
  n.error() << what << " must be an 8-bit integer tensor"
            << (allowInt32 ? " (or int32)" : "") << ", not " << type;
  return false;
}

/// The axis of per-axis scales and zero points (default 1), normalized;
/// unused (0) when `scale` is a scalar.
std::optional<int64_t> quantizationAxis(NodeImporter &n, Value x,
                                        Value scale) {
  int64_t axis = n.intAttr("axis", 1);
  int64_t rank = tensorType(x).getRank();
  if (tensorType(scale).getRank() == 0)
    return 0;
  if (!n.normalizeAxis(axis, rank))
    return std::nullopt;
  return axis;
}

void importQuantizeLinear(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1),
        zeroPoint = n.optionalInput(2);
  if (n.failed())
    return;
  std::optional<int64_t> axis = quantizationAxis(n, x, scale);
  if (!axis || (zeroPoint && !checkQuantized(n, zeroPoint, "y_zero_point")))
    return;
  DlcBuilder b(n.builder(), n.loc());
  int64_t rank = tensorType(x).getRank();
  Type f32 = b.builder().getF32Type();
  Type result = zeroPoint ? elementType(zeroPoint)
                          : IntegerType::get(n.context(), 8,
                                             IntegerType::Unsigned);
  Value scaled = b.div(b.cast(x, f32), alongAxis(b, scale, *axis, rank));
  Value offset =
      zeroPoint ? b.cast(alongAxis(b, zeroPoint, *axis, rank), f32) : Value();
  (void)n.setOutputs(saturate(b, scaled, offset, result));
}

void importDequantizeLinear(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1),
        zeroPoint = n.optionalInput(2);
  if (n.failed() || !checkQuantized(n, x, "x", /*allowInt32=*/true))
    return;
  std::optional<int64_t> axis = quantizationAxis(n, x, scale);
  if (!axis)
    return;
  DlcBuilder b(n.builder(), n.loc());
  int64_t rank = tensorType(x).getRank();
  Value offsets = centered(b, x, zeroPoint, *axis, b.builder().getF32Type());
  (void)n.setOutputs(b.mul(offsets, alongAxis(b, scale, *axis, rank)));
}

/// y_scale = (max(x, 0) - min(x, 0)) / 255, y_zero_point = saturate(
/// round(-min(x, 0) / y_scale)), y = saturate(round(x / y_scale) +
/// y_zero_point), all as uint8.
void importDynamicQuantizeLinear(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  auto uint8 = IntegerType::get(n.context(), 8, IntegerType::Unsigned);
  SmallVector<int64_t> all =
      llvm::to_vector(llvm::seq<int64_t>(0, tensorType(x).getRank()));
  Value zero = b.scalarLike(x, 0);
  Value max = b.reduceMax(x, all, /*keepdims=*/false);
  Value high = b.where(b.greater(max, zero), max, zero);
  Value negatedMin = b.reduceMax(b.neg(x), all, /*keepdims=*/false);
  Value low = b.neg(b.where(b.greater(negatedMin, zero), negatedMin, zero));
  Value scale = b.div(b.sub(high, low), b.scalarLike(x, 255));
  Value zeroPoint = saturate(b, b.div(b.neg(low), scale), Value(), uint8);
  Value quantized = saturate(b, b.div(x, scale),
                             b.cast(zeroPoint, b.builder().getF32Type()),
                             uint8);
  (void)n.setOutputs({quantized, scale, zeroPoint});
}

/// MatMulInteger: (A - a_zero_point) x (B - b_zero_point) as int32; A's
/// zero point is a scalar or one per row, B's a scalar or one per column.
void importMatMulInteger(NodeImporter &n) {
  Value a = n.input(0), bMatrix = n.input(1), aZero = n.optionalInput(2),
        bZero = n.optionalInput(3);
  if (n.failed() || !checkQuantized(n, a, "A") ||
      !checkQuantized(n, bMatrix, "B"))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Type f64 = b.builder().getF64Type();
  int64_t aRank = tensorType(a).getRank();
  Value product = n.create<MatMulOp>(
      centered(b, a, aZero, std::max<int64_t>(aRank - 2, 0), f64),
      centered(b, bMatrix, bZero, tensorType(bMatrix).getRank() - 1, f64));
  if (product)
    (void)n.setOutputs(b.cast(product, b.builder().getI32Type()));
}

/// ConvInteger: Conv of (x - x_zero_point) and (w - w_zero_point) as int32;
/// w's zero point is a scalar or one per output channel.
void importConvInteger(NodeImporter &n) {
  Value x = n.input(0), w = n.input(1), xZero = n.optionalInput(2),
        wZero = n.optionalInput(3);
  if (n.failed() || !checkQuantized(n, x, "x") || !checkQuantized(n, w, "w"))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Type f64 = b.builder().getF64Type();
  Value conv = createConv(n, centered(b, x, xZero, 1, f64),
                          centered(b, w, wZero, 0, f64), Value());
  if (conv)
    (void)n.setOutputs(b.cast(conv, b.builder().getI32Type()));
}

/// The requantization of an exact integer `accumulator` (f64): `scale`
/// (f32, the input scales over the output's) brings it to the output's
/// scale, then saturate() adds the output zero point.
Value requantize(DlcBuilder &b, Value accumulator, Value scale,
                 Value outputZero) {
  Type f64 = b.builder().getF64Type();
  return saturate(b, b.mul(accumulator, b.cast(scale, f64)),
                  b.cast(outputZero, f64), elementType(outputZero));
}

void importQLinearMatMul(NodeImporter &n) {
  Value a = n.input(0), aScale = n.input(1), aZero = n.input(2),
        bMatrix = n.input(3), bScale = n.input(4), bZero = n.input(5),
        yScale = n.input(6), yZero = n.input(7);
  if (n.failed() || !checkQuantized(n, a, "a") ||
      !checkQuantized(n, bMatrix, "b") ||
      !checkQuantized(n, yZero, "y_zero_point"))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Type f64 = b.builder().getF64Type();
  int64_t aRow = std::max<int64_t>(tensorType(a).getRank() - 2, 0);
  int64_t bColumn = tensorType(bMatrix).getRank() - 1;
  Value product =
      n.create<MatMulOp>(centered(b, a, aZero, aRow, f64),
                         centered(b, bMatrix, bZero, bColumn, f64));
  if (!product)
    return;
  Value scale = b.div(
      b.mul(alongAxis(b, aScale, aRow, tensorType(a).getRank()), bScale),
      yScale);
  (void)n.setOutputs(requantize(b, product, scale, yZero));
}

/// QLinearConv: the integer convolution of the centered inputs plus the
/// int32 bias, requantized; w's scale and zero point are scalars or one
/// per output channel.
void importQLinearConv(NodeImporter &n) {
  Value x = n.input(0), xScale = n.input(1), xZero = n.input(2),
        w = n.input(3), wScale = n.input(4), wZero = n.input(5),
        yScale = n.input(6), yZero = n.input(7), bias = n.optionalInput(8);
  if (n.failed() || !checkQuantized(n, x, "x") || !checkQuantized(n, w, "w") ||
      !checkQuantized(n, yZero, "y_zero_point"))
    return;
  DlcBuilder b(n.builder(), n.loc());
  Type f64 = b.builder().getF64Type();
  Value conv = createConv(n, centered(b, x, xZero, 1, f64),
                          centered(b, w, wZero, 0, f64),
                          bias ? b.cast(bias, f64) : Value());
  if (!conv)
    return;
  int64_t rank = tensorType(conv).getRank();
  Value scale =
      b.div(b.mul(xScale, alongAxis(b, wScale, 1, rank)), yScale);
  (void)n.setOutputs(requantize(b, conv, scale, yZero));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
quantizationOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"QuantizeLinear", importQuantizeLinear},
      {"DequantizeLinear", importDequantizeLinear},
      {"DynamicQuantizeLinear", importDynamicQuantizeLinear},
      {"MatMulInteger", importMatMulInteger},
      {"ConvInteger", importConvInteger},
      {"QLinearMatMul", importQLinearMatMul},
      {"QLinearConv", importQLinearConv},
  };
  return importers;
}

} // namespace dlc
