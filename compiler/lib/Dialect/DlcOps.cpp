//===- DlcOps.cpp - Shape rules, verifiers and folders of dlc ops ---------===//
//
// Each operator's inferReturnTypes is the single statement of its shape rule:
// the importer builds ops from it, the verifier checks against it, and the
// shape-inference pass re-runs it once input shapes become known.
//
//===----------------------------------------------------------------------===//
#include "dlc/Dialect/DlcOps.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace dlc;

static constexpr int64_t kDynamic = ShapedType::kDynamic;

static std::string shapeToString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [index, dim] : llvm::enumerate(shape)) {
    if (index)
      text += ", ";
    text += ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
  }
  return text + "]";
}

/// Maps `axis` in [-rank, rank) to [0, rank); fails outside.
static FailureOr<int64_t> normalizeAxis(std::optional<Location> loc,
                                        int64_t axis, int64_t rank,
                                        StringRef what = "axis") {
  if (axis < -rank || axis >= rank)
    return emitOptionalError(loc, what, " ", axis,
                             " is out of range for rank ", rank);
  return axis < 0 ? axis + rank : axis;
}

/// Normalizes a list of distinct axes, sorted ascending.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(std::optional<Location> loc, ArrayRef<int64_t> axes,
              int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(loc, axis, rank);
    if (failed(normalized))
      return failure();
    if (llvm::is_contained(result, *normalized))
      return emitOptionalError(loc, "axis ", axis, " is listed twice");
    result.push_back(*normalized);
  }
  llvm::sort(result);
  return result;
}

/// Product of dimensions, dynamic if any is dynamic.
static int64_t product(ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims) {
    if (ShapedType::isDynamic(dim))
      return kDynamic;
    result *= dim;
  }
  return result;
}

/// Fails unless the product of the static dimensions fits int64 (shapes
/// that models spell out can claim any size).
static LogicalResult checkElementCount(std::optional<Location> loc,
                                       ArrayRef<int64_t> dims) {
  int64_t count = 1;
  for (int64_t dim : dims)
    if (!ShapedType::isDynamic(dim) && llvm::MulOverflow(count, dim, count))
      return emitOptionalError(loc, "shape ", shapeToString(dims),
                               " has more elements than int64 can count");
  return success();
}

static LogicalResult broadcast(std::optional<Location> loc,
                               ArrayRef<RankedTensorType> types,
                               SmallVectorImpl<int64_t> &shape) {
  shape.assign(types.front().getShape().begin(),
               types.front().getShape().end());
  for (RankedTensorType type : types.drop_front()) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, type.getShape(), next))
      return emitOptionalError(loc, "operands are not broadcast-compatible: ",
                               shapeToString(shape), " and ",
                               shapeToString(type.getShape()));
    shape = std::move(next);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static LogicalResult inferBinary(std::optional<Location> loc, Value lhs,
                                 Value rhs, Type resultElementType,
                                 SmallVectorImpl<Type> &inferred) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  if (lhsType.getElementType() != rhsType.getElementType())
    return emitOptionalError(loc, "operand element types differ: ",
                             lhsType.getElementType(), " and ",
                             rhsType.getElementType());
  SmallVector<int64_t> shape;
  if (failed(broadcast(loc, {lhsType, rhsType}, shape)))
    return failure();
  inferred.push_back(RankedTensorType::get(
      shape, resultElementType ? resultElementType
                               : lhsType.getElementType()));
  return success();
}

#define DLC_ARITHMETIC_BINARY_INFER(OP)                                        \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferBinary(loc, adaptor.getLhs(), adaptor.getRhs(), Type(),        \
                       inferred);                                              \
  }
#define DLC_COMPARISON_INFER(OP)                                               \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,      \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferBinary(loc, adaptor.getLhs(), adaptor.getRhs(),                \
                       IntegerType::get(context, 1), inferred);                \
  }
DLC_ARITHMETIC_BINARY_INFER(AddOp)
DLC_ARITHMETIC_BINARY_INFER(SubOp)
DLC_ARITHMETIC_BINARY_INFER(MulOp)
DLC_ARITHMETIC_BINARY_INFER(DivOp)
DLC_ARITHMETIC_BINARY_INFER(PowOp)
DLC_ARITHMETIC_BINARY_INFER(ShiftLeftOp)
DLC_ARITHMETIC_BINARY_INFER(ShiftRightOp)
DLC_COMPARISON_INFER(EqualOp)
DLC_COMPARISON_INFER(LessOp)
DLC_COMPARISON_INFER(GreaterOp)
#undef DLC_ARITHMETIC_BINARY_INFER
#undef DLC_COMPARISON_INFER

/// Folds a binary op whose operands are constants of the result's type.
using FloatFolder =
    llvm::function_ref<std::optional<APFloat>(APFloat, APFloat)>;
using IntFolder = llvm::function_ref<std::optional<APInt>(APInt, APInt)>;

/// A splat constant operand broadcast to the result's shape (PyTorch's shape
/// arithmetic multiplies shape vectors by scalars); other operands as they
/// are.
static Attribute broadcastSplat(Attribute operand, ShapedType resultType) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(operand);
  if (!splat || splat.getType() == resultType)
    return operand;
  return SplatElementsAttr::get(resultType, splat.getSplatValue<Attribute>());
}

static OpFoldResult foldBinary(Operation *op, ArrayRef<Attribute> operands,
                               FloatFolder floatFn, IntFolder intFn) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType.hasStaticShape())
    return {};
  SmallVector<Attribute, 2> broadcast;
  for (Attribute operand : operands) {
    broadcast.push_back(broadcastSplat(operand, resultType));
    auto elements = dyn_cast_or_null<DenseElementsAttr>(broadcast.back());
    if (!elements || elements.getType() != resultType)
      return {};
  }
  if (isa<FloatType>(resultType.getElementType()))
    return constFoldBinaryOpConditional<FloatAttr, APFloat, void>(broadcast,
                                                                  floatFn);
  return constFoldBinaryOpConditional<IntegerAttr, APInt, void>(broadcast,
                                                                intFn);
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a + b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a + b; });
}
OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a - b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a - b; });
}
OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a * b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a * b; });
}
OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (isa<FloatType>(getType().getElementType()))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(
        adaptor.getOperands(), [](const APFloat &a) { return -a; });
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      adaptor.getOperands(), [](const APInt &a) { return -a; });
}
/// Folds a unary op on a constant: `floatFn` on float elements, `intFn` on
/// integers (which `isUnsigned` says how to read).
template <typename FloatFn, typename IntFn>
static OpFoldResult foldUnary(Operation *op, ArrayRef<Attribute> operands,
                              FloatFn floatFn, IntFn intFn) {
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  if (isa<FloatType>(element))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(operands, floatFn);
  bool isUnsigned = element.isUnsignedInteger();
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      operands, [&](const APInt &a) { return intFn(a, isUnsigned); });
}

static APFloat roundedTo(APFloat value, APFloat::roundingMode mode) {
  value.roundToIntegral(mode);
  return value;
}

OpFoldResult FloorOp::fold(FoldAdaptor adaptor) {
  return constFoldUnaryOp<FloatAttr, APFloat, void>(
      adaptor.getOperands(), [](const APFloat &a) {
        return roundedTo(a, APFloat::rmTowardNegative);
      });
}
OpFoldResult CeilOp::fold(FoldAdaptor adaptor) {
  return constFoldUnaryOp<FloatAttr, APFloat, void>(
      adaptor.getOperands(), [](const APFloat &a) {
        return roundedTo(a, APFloat::rmTowardPositive);
      });
}
OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getOperands(), [](const APFloat &a) { return abs(a); },
      [](const APInt &a, bool isUnsigned) { return isUnsigned ? a : a.abs(); });
}
OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getOperands(),
      [](const APFloat &a) {
        return a.isNegative() && !a.isNaN() ? APFloat::getZero(a.getSemantics())
                                            : a;
      },
      [](const APInt &a, bool isUnsigned) {
        return !isUnsigned && a.isNegative() ? APInt::getZero(a.getBitWidth())
                                             : a;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  bool isUnsigned = getElementTypeOrSelf(getType()).isUnsignedInteger();
  return foldBinary(
      *this, adaptor.getOperands(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a / b; },
      [&](APInt a, APInt b) -> std::optional<APInt> {
        if (b.isZero())
          return std::nullopt; // Leave division by zero to run time.
        return isUnsigned ? a.udiv(b) : a.sdiv(b);
      });
}

/// The largest results that the element-by-element folders (casts,
/// comparisons, selections, Concat, Gather) produce: shape arithmetic is far
/// smaller, and folding weights one attribute at a time would cost more than
/// the op at run time.
static constexpr int64_t kMaxFoldedElements = 1024;

/// One element converted as dlc.cast does: float to integer truncates
/// toward zero, anything to bool tests for non-zero, integers are signed
/// unless their type is unsigned (bool counts as unsigned).
static Attribute castElement(Attribute element, Type to) {
  if (auto integer = dyn_cast<IntegerAttr>(element)) {
    const APInt &value = integer.getValue();
    bool isSigned = !integer.getType().isInteger(1) &&
                    !integer.getType().isUnsignedInteger();
    if (to.isInteger(1))
      return IntegerAttr::get(to, !value.isZero());
    if (auto toFloat = dyn_cast<FloatType>(to)) {
      APFloat result(toFloat.getFloatSemantics());
      result.convertFromAPInt(value, isSigned, APFloat::rmNearestTiesToEven);
      return FloatAttr::get(to, result);
    }
    unsigned width = to.getIntOrFloatBitWidth();
    return IntegerAttr::get(to, isSigned ? value.sextOrTrunc(width)
                                         : value.zextOrTrunc(width));
  }
  APFloat value = cast<FloatAttr>(element).getValue();
  if (to.isInteger(1))
    return IntegerAttr::get(to, !value.isZero());
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    bool losesInfo;
    value.convert(toFloat.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    return FloatAttr::get(to, value);
  }
  llvm::APSInt result(to.getIntOrFloatBitWidth(), to.isUnsignedInteger());
  bool isExact;
  if (value.convertToInteger(result, APFloat::rmTowardZero, &isExact) &
      APFloat::opInvalidOp)
    return {}; // NaN or out of range: whatever the target does at run time.
  return IntegerAttr::get(to, result);
}

/// Casts of small constants fold, so that shape arithmetic PyTorch exports
/// with casts in it (ShuffleNet's channel count / groups) becomes a constant.
OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto input = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  Type to = getTo();
  if (!input || !to.isIntOrFloat() ||
      !input.getElementType().isIntOrFloat() ||
      input.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<Attribute> elements;
  for (Attribute element : input.getValues<Attribute>()) {
    Attribute converted = castElement(element, to);
    if (!converted)
      return {};
    elements.push_back(converted);
  }
  return DenseElementsAttr::get(cast<ShapedType>(getType()), elements);
}

/// The elements of a constant operand of an elementwise op with `count`
/// result elements, when it has that many or is a splat; empty otherwise
/// (other broadcasts, or more elements than shape arithmetic has).
static SmallVector<Attribute> elementwiseOperand(Attribute operand,
                                                 int64_t count) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(operand);
  if (!elements || count > kMaxFoldedElements)
    return {};
  if (elements.isSplat())
    return SmallVector<Attribute>(count, elements.getSplatValue<Attribute>());
  if (elements.getNumElements() != count)
    return {};
  return SmallVector<Attribute>(elements.getValues<Attribute>());
}

namespace {
enum class Order { Less, Equal, Greater, Unordered };
} // namespace

/// Folds a comparison of constants; `holds` reads the order of the two
/// elements (integers are signed unless their type is unsigned, NaN is
/// unordered).
static OpFoldResult foldComparison(Operation *op, ArrayRef<Attribute> operands,
                                   llvm::function_ref<bool(Order)> holds) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  int64_t count = resultType.getNumElements();
  SmallVector<Attribute> lhs = elementwiseOperand(operands[0], count);
  SmallVector<Attribute> rhs = elementwiseOperand(operands[1], count);
  if (lhs.empty() || rhs.empty())
    return {};
  SmallVector<bool> results;
  for (auto [left, right] : llvm::zip_equal(lhs, rhs)) {
    Order order = Order::Unordered;
    if (auto leftInt = dyn_cast<IntegerAttr>(left)) {
      const APInt &a = leftInt.getValue();
      const APInt &b = cast<IntegerAttr>(right).getValue();
      Type type = leftInt.getType();
      bool less = type.isInteger(1) || type.isUnsignedInteger() ? a.ult(b)
                                                                : a.slt(b);
      order = less ? Order::Less : a == b ? Order::Equal : Order::Greater;
    } else {
      APFloat::cmpResult cmp = cast<FloatAttr>(left).getValue().compare(
          cast<FloatAttr>(right).getValue());
      if (cmp != APFloat::cmpUnordered)
        order = cmp == APFloat::cmpLessThan      ? Order::Less
                : cmp == APFloat::cmpGreaterThan ? Order::Greater
                                                 : Order::Equal;
    }
    results.push_back(holds(order));
  }
  return DenseElementsAttr::get(resultType, results);
}

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldComparison(*this, adaptor.getOperands(),
                        [](Order o) { return o == Order::Equal; });
}
OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldComparison(*this, adaptor.getOperands(),
                        [](Order o) { return o == Order::Less; });
}
OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldComparison(*this, adaptor.getOperands(),
                        [](Order o) { return o == Order::Greater; });
}

/// A constant condition selects a whole operand (when it has the result's
/// type) or, with constant operands, folds element by element.
OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  auto resultType = cast<RankedTensorType>(getType());
  auto condition = dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
  if (!condition)
    return {};
  if (condition.isSplat()) {
    Value chosen = condition.getSplatValue<bool>() ? getLhs() : getRhs();
    if (chosen.getType() == resultType)
      return chosen;
  }
  int64_t count = resultType.getNumElements();
  SmallVector<Attribute> selectors = elementwiseOperand(condition, count);
  SmallVector<Attribute> lhs = elementwiseOperand(adaptor.getLhs(), count);
  SmallVector<Attribute> rhs = elementwiseOperand(adaptor.getRhs(), count);
  if (selectors.empty() || lhs.empty() || rhs.empty())
    return {};
  SmallVector<Attribute> results;
  for (auto [selector, left, right] : llvm::zip_equal(selectors, lhs, rhs))
    results.push_back(cast<IntegerAttr>(selector).getValue().isZero() ? right
                                                                      : left);
  return DenseElementsAttr::get(resultType, results);
}

LogicalResult DropoutOp::verify() {
  double ratio = getRatio().convertToDouble();
  if (!(ratio >= 0.0 && ratio < 1.0))
    return emitOpError("ratio must be in [0, 1), got ") << ratio;
  if (getSeed() && getSeed().getType().getRank() != 0)
    return emitOpError("seed must be a scalar");
  return success();
}

LogicalResult RandomNormalOp::verify() {
  double scale = getScale().convertToDouble();
  if (!(scale >= 0.0) || !std::isfinite(scale))
    return emitOpError("scale must be finite and not negative, got ") << scale;
  if (!std::isfinite(getMean().convertToDouble()))
    return emitOpError("mean must be finite");
  if (getSeed() && getSeed().getType().getRank() != 0)
    return emitOpError("seed must be a scalar");
  return success();
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto conditionType = cast<RankedTensorType>(adaptor.getCondition().getType());
  auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (lhsType.getElementType() != rhsType.getElementType())
    return emitOptionalError(loc, "operand element types differ: ",
                             lhsType.getElementType(), " and ",
                             rhsType.getElementType());
  SmallVector<int64_t> shape;
  if (failed(broadcast(loc, {conditionType, lhsType, rhsType}, shape)))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, lhsType.getElementType()));
  return success();
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  inferred.push_back(inputType.clone(adaptor.getTo()));
  return success();
}

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// Two static dimensions that must agree; a dynamic one agrees with anything.
static bool dimsConflict(int64_t a, int64_t b) {
  return !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b;
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (lhsType.getElementType() != rhsType.getElementType())
    return emitOptionalError(loc, "operand element types differ");
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return emitOptionalError(loc, "operands must have rank >= 1");
  // Promote vectors to matrices, as numpy does, and drop the dim afterwards.
  SmallVector<int64_t> lhs(lhsType.getShape()), rhs(rhsType.getShape());
  bool lhsVector = lhs.size() == 1, rhsVector = rhs.size() == 1;
  if (lhsVector)
    lhs.insert(lhs.begin(), 1);
  if (rhsVector)
    rhs.push_back(1);
  int64_t k = lhs.back(), rhsK = rhs[rhs.size() - 2];
  if (dimsConflict(k, rhsK))
    return emitOptionalError(loc, "contraction dimensions differ: lhs ",
                             shapeToString(lhsType.getShape()), " and rhs ",
                             shapeToString(rhsType.getShape()));
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef(lhs).drop_back(2),
                                          ArrayRef(rhs).drop_back(2), batch))
    return emitOptionalError(loc, "batch dimensions are not broadcast-compatible");
  SmallVector<int64_t> shape(batch);
  if (!lhsVector)
    shape.push_back(lhs[lhs.size() - 2]);
  if (!rhsVector)
    shape.push_back(rhs.back());
  inferred.push_back(RankedTensorType::get(shape, lhsType.getElementType()));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto aType = cast<RankedTensorType>(adaptor.getA().getType());
  auto bType = cast<RankedTensorType>(adaptor.getB().getType());
  if (aType.getRank() != 2 || bType.getRank() != 2)
    return emitOptionalError(loc, "A and B must be matrices");
  if (aType.getElementType() != bType.getElementType())
    return emitOptionalError(loc, "operand element types differ");
  int64_t m = aType.getDimSize(adaptor.getTransA() ? 1 : 0);
  int64_t k = aType.getDimSize(adaptor.getTransA() ? 0 : 1);
  int64_t bk = bType.getDimSize(adaptor.getTransB() ? 1 : 0);
  int64_t n = bType.getDimSize(adaptor.getTransB() ? 0 : 1);
  if (dimsConflict(k, bk))
    return emitOptionalError(loc, "contraction dimensions differ: ", k,
                             " and ", bk);
  auto resultType = RankedTensorType::get({m, n}, aType.getElementType());
  if (Value c = adaptor.getC()) {
    SmallVector<int64_t> shape;
    if (failed(broadcast(loc, {resultType, cast<RankedTensorType>(c.getType())},
                         shape)))
      return failure();
    if (dimsConflict(shape[0], m) || dimsConflict(shape[1], n) ||
        shape.size() != 2)
      return emitOptionalError(loc, "C does not broadcast to the result");
  }
  inferred.push_back(resultType);
  return success();
}

/// Output size of a sliding window (convolution or pooling).
static int64_t windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                                int64_t dilation, int64_t padBegin,
                                int64_t padEnd, bool ceilMode) {
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernel))
    return kDynamic;
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t room = input + padBegin + padEnd - span;
  if (room < 0)
    return 0;
  int64_t size = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
  // A window may not start in the end padding (PyTorch's and ONNX's rule).
  if (ceilMode && (size - 1) * stride >= input + padBegin)
    --size;
  return size;
}

/// Checks that a window of `kernel` elements `dilation` apart fits in the
/// padded input along spatial dimension `dim` (PyTorch's rule; ONNX would
/// give an empty or negative output size), without overflowing on hostile
/// sizes.
static LogicalResult checkWindowFits(std::optional<Location> loc,
                                     int64_t input, int64_t kernel,
                                     int64_t dilation, int64_t padBegin,
                                     int64_t padEnd, int64_t dim) {
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernel))
    return success();
  if (kernel < 1)
    return emitOptionalError(loc, "kernel sizes must be positive, got ",
                             kernel);
  int64_t span, padded;
  if (__builtin_mul_overflow(dilation, kernel - 1, &span) ||
      __builtin_add_overflow(input, padBegin, &padded) ||
      __builtin_add_overflow(padded, padEnd, &padded) || span >= padded)
    return emitOptionalError(loc, "the window (", kernel, " x dilation ",
                             dilation, ") is larger than the padded input (",
                             input, " + ", padBegin, " + ", padEnd,
                             ") along spatial dimension ", dim);
  return success();
}

/// Checks strides/pads/dilations of a k-dimensional window.
static LogicalResult checkWindowAttrs(std::optional<Location> loc,
                                      int64_t spatialRank,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      ArrayRef<int64_t> dilations) {
  if ((int64_t)strides.size() != spatialRank ||
      (int64_t)dilations.size() != spatialRank)
    return emitOptionalError(loc, "strides and dilations need ", spatialRank,
                             " entries");
  if ((int64_t)pads.size() != 2 * spatialRank)
    return emitOptionalError(loc, "pads needs ", 2 * spatialRank, " entries");
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return emitOptionalError(loc, "strides and dilations must be positive");
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return emitOptionalError(loc, "pads must be non-negative");
  return success();
}

/// The result type of a convolution (the shape rule of dlc.conv, shared with
/// the gradient ops that check their operands against it).
static FailureOr<RankedTensorType>
inferConvResult(std::optional<Location> loc, RankedTensorType inputType,
                RankedTensorType weightType, Value bias,
                ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                ArrayRef<int64_t> dilations, int64_t group) {
  int64_t rank = inputType.getRank();
  if (rank < 3 || weightType.getRank() != rank)
    return emitOptionalError(loc, "input and weight must both have rank >= 3 "
                                  "(N x C x spatial...)");
  int64_t spatialRank = rank - 2;
  if (failed(checkWindowAttrs(loc, spatialRank, strides, pads, dilations)))
    return failure();
  int64_t channels = inputType.getDimSize(1);
  int64_t outChannels = weightType.getDimSize(0);
  if (group < 1)
    return emitOptionalError(loc, "group must be positive");
  int64_t channelsPerGroup = weightType.getDimSize(1);
  if (!ShapedType::isDynamic(channelsPerGroup) &&
      dimsConflict(channels, channelsPerGroup * group))
    return emitOptionalError(loc, "input has ", channels,
                             " channels but weight expects ",
                             weightType.getDimSize(1), " x group ", group);
  if (!ShapedType::isDynamic(outChannels) && outChannels % group != 0)
    return emitOptionalError(loc, "output channels ", outChannels,
                             " are not divisible by group ", group);
  if (bias) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getRank() != 1 ||
        dimsConflict(biasType.getDimSize(0), outChannels))
      return emitOptionalError(loc, "bias must have ", outChannels,
                               " elements");
  }
  SmallVector<int64_t> shape = {inputType.getDimSize(0), outChannels};
  for (int64_t i = 0; i < spatialRank; ++i)
    if (failed(checkWindowFits(loc, inputType.getDimSize(i + 2),
                               weightType.getDimSize(i + 2), dilations[i],
                               pads[i], pads[i + spatialRank], i)))
      return failure();
  for (int64_t i = 0; i < spatialRank; ++i)
    shape.push_back(windowOutputSize(
        inputType.getDimSize(i + 2), weightType.getDimSize(i + 2), strides[i],
        dilations[i], pads[i], pads[i + spatialRank], /*ceilMode=*/false));
  return RankedTensorType::get(shape, inputType.getElementType());
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> result = inferConvResult(
      loc, cast<RankedTensorType>(adaptor.getInput().getType()),
      cast<RankedTensorType>(adaptor.getWeight().getType()), adaptor.getBias(),
      adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
      adaptor.getGroup());
  if (failed(result))
    return failure();
  inferred.push_back(*result);
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling and normalization
//===----------------------------------------------------------------------===//

/// The result type of a pool over `inputType` (the shape rule of the pools
/// and, checking their operands, of their gradients).
static FailureOr<RankedTensorType>
inferPoolResult(std::optional<Location> loc, RankedTensorType inputType,
                ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                bool ceilMode) {
  int64_t spatialRank = inputType.getRank() - 2;
  if (spatialRank < 1 || (int64_t)kernel.size() != spatialRank)
    return emitOptionalError(loc, "kernel_shape needs one entry per spatial "
                                  "dimension of the N x C x ... input");
  if (failed(checkWindowAttrs(loc, spatialRank, strides, pads, dilations)))
    return failure();
  SmallVector<int64_t> shape = {inputType.getDimSize(0),
                                inputType.getDimSize(1)};
  for (int64_t i = 0; i < spatialRank; ++i)
    if (failed(checkWindowFits(loc, inputType.getDimSize(i + 2), kernel[i],
                               dilations[i], pads[i], pads[i + spatialRank],
                               i)))
      return failure();
  for (int64_t i = 0; i < spatialRank; ++i)
    shape.push_back(windowOutputSize(inputType.getDimSize(i + 2), kernel[i],
                                     strides[i], dilations[i], pads[i],
                                     pads[i + spatialRank], ceilMode));
  return RankedTensorType::get(shape, inputType.getElementType());
}

template <typename PoolOp>
static LogicalResult inferPool(std::optional<Location> loc,
                               typename PoolOp::Adaptor adaptor,
                               SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> result = inferPoolResult(
      loc, cast<RankedTensorType>(adaptor.getInput().getType()),
      adaptor.getKernelShape(), adaptor.getStrides(), adaptor.getPads(),
      adaptor.getDilations(), adaptor.getCeilMode());
  if (failed(result))
    return failure();
  inferred.push_back(*result);
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferPool<MaxPoolOp>(loc, adaptor, inferred);
}

LogicalResult AveragePoolOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  return inferPool<AveragePoolOp>(loc, adaptor, inferred);
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (inputType.getRank() < 2)
    return emitOptionalError(loc, "input must have rank >= 2 (N x C x ...)");
  int64_t channels = inputType.getDimSize(1);
  for (Value vector : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                       adaptor.getVariance()}) {
    auto type = cast<RankedTensorType>(vector.getType());
    if (type.getRank() != 1 || dimsConflict(type.getDimSize(0), channels))
      return emitOptionalError(loc, "scale, bias, mean and variance must "
                                    "have one element per channel (",
                               channels, ")");
  }
  inferred.push_back(inputType);
  return success();
}

template <typename SoftmaxLike>
static LogicalResult verifySoftmaxAxis(SoftmaxLike op) {
  int64_t rank = op.getInput().getType().getRank();
  if (op.getAxis() < -rank || op.getAxis() >= rank)
    return op.emitOpError("axis ") << op.getAxis()
                                   << " is out of range for rank " << rank;
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

//===----------------------------------------------------------------------===//
// Gradients of convolution and pooling
//===----------------------------------------------------------------------===//
//
// Each gradient op rebuilds the types of the forward op it differentiates,
// runs the forward shape rule on them and checks `result_grad` against the
// forward result, so an inconsistent op reports what the forward op would.

/// `result_grad` must be shaped like the forward result `forward`.
static LogicalResult checkResultGrad(std::optional<Location> loc,
                                     RankedTensorType grad,
                                     RankedTensorType forward,
                                     StringRef forwardOp) {
  bool conflict = grad.getRank() != forward.getRank() ||
                  llvm::any_of(llvm::seq<int64_t>(0, grad.getRank()),
                               [&](int64_t dim) {
                                 return dimsConflict(grad.getDimSize(dim),
                                                     forward.getDimSize(dim));
                               });
  if (conflict)
    return emitOptionalError(loc, "result_grad has shape ",
                             shapeToString(grad.getShape()), " but ",
                             forwardOp, " gives ",
                             shapeToString(forward.getShape()));
  return success();
}

static LogicalResult checkSameElementType(std::optional<Location> loc,
                                          RankedTensorType lhs,
                                          RankedTensorType rhs) {
  if (lhs.getElementType() != rhs.getElementType())
    return emitOptionalError(loc, "operand element types differ: ",
                             lhs.getElementType(), " and ",
                             rhs.getElementType());
  return success();
}

/// Checks an attribute listing one non-negative size per spatial dimension.
static LogicalResult checkSpatialSizes(std::optional<Location> loc,
                                       StringRef name, ArrayRef<int64_t> sizes,
                                       int64_t spatialRank) {
  if ((int64_t)sizes.size() != spatialRank)
    return emitOptionalError(loc, name, " needs ", spatialRank,
                             " entries, one per spatial dimension");
  if (llvm::any_of(sizes, [](int64_t size) { return size < 0; }))
    return emitOptionalError(loc, name, " must be non-negative, got ",
                             shapeToString(sizes));
  return success();
}

/// N x C x `spatial`, taking N and C from `like`'s leading dimensions.
static RankedTensorType withSpatialShape(RankedTensorType like,
                                         int64_t channels,
                                         ArrayRef<int64_t> spatial) {
  SmallVector<int64_t> shape = {like.getDimSize(0), channels};
  llvm::append_range(shape, spatial);
  return RankedTensorType::get(shape, like.getElementType());
}

LogicalResult ConvInputGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto gradType = cast<RankedTensorType>(adaptor.getResultGrad().getType());
  auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
  if (gradType.getRank() < 3 || weightType.getRank() != gradType.getRank())
    return emitOptionalError(loc, "result_grad and weight must both have "
                                  "rank >= 3 (N x M x spatial...)");
  if (failed(checkSameElementType(loc, gradType, weightType)) ||
      failed(checkSpatialSizes(loc, "input_spatial_shape",
                               adaptor.getInputSpatialShape(),
                               gradType.getRank() - 2)))
    return failure();
  int64_t channelsPerGroup = weightType.getDimSize(1);
  int64_t channels = ShapedType::isDynamic(channelsPerGroup)
                         ? kDynamic
                         : channelsPerGroup * adaptor.getGroup();
  RankedTensorType inputType = withSpatialShape(
      gradType, channels, adaptor.getInputSpatialShape());
  FailureOr<RankedTensorType> forward = inferConvResult(
      loc, inputType, weightType, /*bias=*/Value(), adaptor.getStrides(),
      adaptor.getPads(), adaptor.getDilations(), adaptor.getGroup());
  if (failed(forward) ||
      failed(checkResultGrad(loc, gradType, *forward, "the convolution")))
    return failure();
  inferred.push_back(inputType);
  return success();
}

LogicalResult ConvWeightGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto gradType = cast<RankedTensorType>(adaptor.getResultGrad().getType());
  if (inputType.getRank() < 3 || gradType.getRank() != inputType.getRank())
    return emitOptionalError(loc, "input and result_grad must both have "
                                  "rank >= 3 (N x C x spatial...)");
  if (failed(checkSameElementType(loc, inputType, gradType)) ||
      failed(checkSpatialSizes(loc, "kernel_shape", adaptor.getKernelShape(),
                               inputType.getRank() - 2)))
    return failure();
  int64_t group = adaptor.getGroup(), channels = inputType.getDimSize(1);
  if (group < 1)
    return emitOptionalError(loc, "group must be positive");
  if (!ShapedType::isDynamic(channels) && channels % group != 0)
    return emitOptionalError(loc, "input channels ", channels,
                             " are not divisible by group ", group);
  SmallVector<int64_t> weightShape = {
      gradType.getDimSize(1),
      ShapedType::isDynamic(channels) ? kDynamic : channels / group};
  llvm::append_range(weightShape, adaptor.getKernelShape());
  auto weightType =
      RankedTensorType::get(weightShape, inputType.getElementType());
  FailureOr<RankedTensorType> forward = inferConvResult(
      loc, inputType, weightType, /*bias=*/Value(), adaptor.getStrides(),
      adaptor.getPads(), adaptor.getDilations(), group);
  if (failed(forward) ||
      failed(checkResultGrad(loc, gradType, *forward, "the convolution")))
    return failure();
  inferred.push_back(weightType);
  return success();
}

LogicalResult MaxPoolGradOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto gradType = cast<RankedTensorType>(adaptor.getResultGrad().getType());
  if (failed(checkSameElementType(loc, inputType, gradType)))
    return failure();
  FailureOr<RankedTensorType> forward = inferPoolResult(
      loc, inputType, adaptor.getKernelShape(), adaptor.getStrides(),
      adaptor.getPads(), adaptor.getDilations(), adaptor.getCeilMode());
  if (failed(forward) ||
      failed(checkResultGrad(loc, gradType, *forward, "the max pool")))
    return failure();
  inferred.push_back(inputType);
  return success();
}

LogicalResult AveragePoolGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto gradType = cast<RankedTensorType>(adaptor.getResultGrad().getType());
  if (gradType.getRank() < 3)
    return emitOptionalError(loc, "result_grad must have rank >= 3 "
                                  "(N x C x spatial...)");
  if (failed(checkSpatialSizes(loc, "input_spatial_shape",
                               adaptor.getInputSpatialShape(),
                               gradType.getRank() - 2)))
    return failure();
  RankedTensorType inputType = withSpatialShape(
      gradType, gradType.getDimSize(1), adaptor.getInputSpatialShape());
  FailureOr<RankedTensorType> forward = inferPoolResult(
      loc, inputType, adaptor.getKernelShape(), adaptor.getStrides(),
      adaptor.getPads(), adaptor.getDilations(), adaptor.getCeilMode());
  if (failed(forward) ||
      failed(checkResultGrad(loc, gradType, *forward, "the average pool")))
    return failure();
  inferred.push_back(inputType);
  return success();
}

//===----------------------------------------------------------------------===//
// Recurrent
//===----------------------------------------------------------------------===//

namespace {
/// An ONNX activation function of the recurrent ops, with the default of each
/// parameter it takes (that of the ONNX operator of the same name).
struct ActivationSpec {
  StringLiteral name;
  RecurrentActivationKind kind;
  std::optional<float> alpha, beta;
};
} // namespace

static const ActivationSpec kRecurrentActivations[] = {
    {"Relu", RecurrentActivationKind::Relu, {}, {}},
    {"Tanh", RecurrentActivationKind::Tanh, {}, {}},
    {"Sigmoid", RecurrentActivationKind::Sigmoid, {}, {}},
    {"Affine", RecurrentActivationKind::Affine, 1.0f, 0.0f},
    {"LeakyRelu", RecurrentActivationKind::LeakyRelu, 0.01f, {}},
    {"ThresholdedRelu", RecurrentActivationKind::ThresholdedRelu, 1.0f, {}},
    {"ScaledTanh", RecurrentActivationKind::ScaledTanh, 1.0f, 1.0f},
    {"HardSigmoid", RecurrentActivationKind::HardSigmoid, 0.2f, 0.5f},
    {"Elu", RecurrentActivationKind::Elu, 1.0f, {}},
    {"Softsign", RecurrentActivationKind::Softsign, {}, {}},
    {"Softplus", RecurrentActivationKind::Softplus, {}, {}},
};

static const ActivationSpec &activationSpec(RecurrentActivationKind kind) {
  return *llvm::find_if(kRecurrentActivations, [&](const ActivationSpec &spec) {
    return spec.kind == kind;
  });
}

/// The activation functions of every direction: `names` (or `defaults` per
/// direction when empty), with alpha and beta taken in order from `alphas` and
/// `betas` by the functions that use them, as ONNX Runtime does.
static FailureOr<SmallVector<RecurrentActivation>> resolveRecurrentActivations(
    std::optional<Location> loc, ArrayAttr names, ArrayRef<float> alphas,
    ArrayRef<float> betas, ArrayRef<RecurrentActivationKind> defaults,
    int64_t numDirections) {
  SmallVector<const ActivationSpec *> specs;
  if (names.empty()) {
    for (int64_t direction = 0; direction < numDirections; ++direction)
      for (RecurrentActivationKind kind : defaults)
        specs.push_back(&activationSpec(kind));
  } else {
    int64_t expected = defaults.size() * numDirections;
    if ((int64_t)names.size() != expected)
      return emitOptionalError(loc, "expected ", expected, " activations (",
                               defaults.size(), " per direction), got ",
                               names.size());
    for (StringRef name : names.getAsValueRange<StringAttr>()) {
      const ActivationSpec *spec = llvm::find_if(
          kRecurrentActivations, [&](const ActivationSpec &candidate) {
            return candidate.name.equals_insensitive(name);
          });
      if (spec == std::end(kRecurrentActivations))
        return emitOptionalError(loc, "unknown activation function '", name,
                                 "'");
      specs.push_back(spec);
    }
  }
  SmallVector<RecurrentActivation> result;
  size_t usedAlphas = 0, usedBetas = 0;
  auto take = [](std::optional<float> fallback, ArrayRef<float> values,
                 size_t &used) {
    if (!fallback)
      return 0.0f; // The function has no such parameter.
    return used < values.size() ? values[used++] : *fallback;
  };
  for (const ActivationSpec *spec : specs) {
    RecurrentActivation activation{spec->kind};
    activation.alpha = take(spec->alpha, alphas, usedAlphas);
    activation.beta = take(spec->beta, betas, usedBetas);
    result.push_back(activation);
  }
  if (usedAlphas != alphas.size() || usedBetas != betas.size())
    return emitOptionalError(
        loc, "activation_alpha and activation_beta have ", alphas.size(),
        " and ", betas.size(), " values but the activations take ", usedAlphas,
        " and ", usedBetas);
  return result;
}

/// Checks the dimensions of recurrent operand `name` against `expected`
/// (spelled `dims` in the message); dynamic dimensions match anything.
static LogicalResult checkRecurrentOperand(std::optional<Location> loc,
                                           StringRef name, Value value,
                                           ArrayRef<int64_t> expected,
                                           StringRef dims) {
  if (!value)
    return success();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(value.getType()).getShape();
  if (shape.size() != expected.size() ||
      llvm::any_of(llvm::zip(shape, expected), [](auto pair) {
        return dimsConflict(std::get<0>(pair), std::get<1>(pair));
      }))
    return emitOptionalError(loc, name, " must be ", dims, " = ",
                             shapeToString(expected), ", got ",
                             shapeToString(shape));
  return success();
}

/// The shape rule shared by LSTM, GRU and RNN: `gates` gates per direction,
/// and for LSTM a cell state (`initialC`, a third result) and peepholes.
template <typename Adaptor>
static LogicalResult
inferRecurrent(std::optional<Location> loc, Adaptor adaptor, int64_t gates,
               ArrayRef<RecurrentActivationKind> defaultActivations,
               Value initialC, Value peepholes, bool hasCellState,
               SmallVectorImpl<Type> &inferred) {
  StringRef direction = adaptor.getDirection();
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return emitOptionalError(loc, "direction must be forward, reverse or "
                                  "bidirectional, got '",
                             direction, "'");
  int64_t numDirections = direction == "bidirectional" ? 2 : 1;
  int64_t layout = adaptor.getLayout();
  if (layout != 0 && layout != 1)
    return emitOptionalError(loc, "layout must be 0 (sequence first) or 1 "
                                  "(batch first), got ",
                             layout);
  int64_t hidden = adaptor.getHiddenSize();
  if (hidden < 1)
    return emitOptionalError(loc, "hidden_size must be positive, got ",
                             hidden);
  if (std::optional<APFloat> clip = adaptor.getClip();
      clip && !(clip->convertToFloat() > 0.0f))
    return emitOptionalError(loc, "clip must be positive, got ",
                             clip->convertToFloat());
  if (failed(resolveRecurrentActivations(
          loc, adaptor.getActivations(), adaptor.getActivationAlpha(),
          adaptor.getActivationBeta(), defaultActivations, numDirections)))
    return failure();

  auto xType = cast<RankedTensorType>(adaptor.getX().getType());
  Type elementType = xType.getElementType();
  for (Value operand : {adaptor.getW(), adaptor.getR(), adaptor.getB(),
                        adaptor.getInitialH(), initialC, peepholes,
                        adaptor.getRecurrentMask()})
    if (operand &&
        cast<RankedTensorType>(operand.getType()).getElementType() !=
            elementType)
      return emitOptionalError(loc, "operand element types differ");
  bool batchFirst = layout == 1;
  if (xType.getRank() != 3)
    return emitOptionalError(
        loc, "x must have rank 3 (",
        batchFirst ? "[batch_size, seq_length, input_size]"
                   : "[seq_length, batch_size, input_size]",
        "), got ", shapeToString(xType.getShape()));
  int64_t seq = xType.getDimSize(batchFirst ? 1 : 0);
  int64_t batch = xType.getDimSize(batchFirst ? 0 : 1);
  int64_t input = xType.getDimSize(2);
  int64_t gateRows = gates * hidden;
  std::string g = gates == 1 ? "" : std::to_string(gates) + " x ";
  SmallVector<int64_t> stateShape =
      batchFirst ? SmallVector<int64_t>{batch, numDirections, hidden}
                 : SmallVector<int64_t>{numDirections, batch, hidden};
  StringRef stateDims = batchFirst
                            ? "[batch_size, num_directions, hidden_size]"
                            : "[num_directions, batch_size, hidden_size]";
  if (failed(checkRecurrentOperand(
          loc, "w", adaptor.getW(), {numDirections, gateRows, input},
          "[num_directions, " + g + "hidden_size, input_size]")) ||
      failed(checkRecurrentOperand(
          loc, "r", adaptor.getR(), {numDirections, gateRows, hidden},
          "[num_directions, " + g + "hidden_size, hidden_size]")) ||
      failed(checkRecurrentOperand(
          loc, "b", adaptor.getB(), {numDirections, 2 * gateRows},
          "[num_directions, " + std::to_string(2 * gates) +
              " x hidden_size]")) ||
      failed(checkRecurrentOperand(loc, "sequence_lens",
                                   adaptor.getSequenceLens(), {batch},
                                   "[batch_size]")) ||
      failed(checkRecurrentOperand(loc, "initial_h", adaptor.getInitialH(),
                                   stateShape, stateDims)) ||
      failed(checkRecurrentOperand(loc, "initial_c", initialC, stateShape,
                                   stateDims)) ||
      failed(checkRecurrentOperand(loc, "recurrent_mask",
                                   adaptor.getRecurrentMask(), stateShape,
                                   stateDims)) ||
      failed(checkRecurrentOperand(loc, "p", peepholes,
                                   {numDirections, 3 * hidden},
                                   "[num_directions, 3 x hidden_size]")))
    return failure();

  SmallVector<int64_t> yShape =
      batchFirst ? SmallVector<int64_t>{batch, seq, numDirections, hidden}
                 : SmallVector<int64_t>{seq, numDirections, batch, hidden};
  inferred.push_back(RankedTensorType::get(yShape, elementType));
  inferred.push_back(RankedTensorType::get(stateShape, elementType));
  if (hasCellState)
    inferred.push_back(RankedTensorType::get(stateShape, elementType));
  return success();
}

template <typename OpTy>
static SmallVector<RecurrentActivation> resolveActivationsOf(OpTy op) {
  FailureOr<SmallVector<RecurrentActivation>> activations =
      resolveRecurrentActivations(std::nullopt, op.getActivations(),
                                  op.getActivationAlpha(),
                                  op.getActivationBeta(),
                                  OpTy::defaultActivations(),
                                  op.getNumDirections());
  assert(succeeded(activations) && "recurrent op was not verified");
  return *activations;
}

ArrayRef<RecurrentActivationKind> LstmOp::defaultActivations() {
  static constexpr RecurrentActivationKind kinds[] = {
      RecurrentActivationKind::Sigmoid, RecurrentActivationKind::Tanh,
      RecurrentActivationKind::Tanh};
  return kinds;
}
ArrayRef<RecurrentActivationKind> GruOp::defaultActivations() {
  static constexpr RecurrentActivationKind kinds[] = {
      RecurrentActivationKind::Sigmoid, RecurrentActivationKind::Tanh};
  return kinds;
}
ArrayRef<RecurrentActivationKind> RnnOp::defaultActivations() {
  static constexpr RecurrentActivationKind kinds[] = {
      RecurrentActivationKind::Tanh};
  return kinds;
}

ArrayRef<RecurrentActivationKind> LstmGradOp::defaultActivations() {
  return LstmOp::defaultActivations();
}
ArrayRef<RecurrentActivationKind> GruGradOp::defaultActivations() {
  return GruOp::defaultActivations();
}
ArrayRef<RecurrentActivationKind> RnnGradOp::defaultActivations() {
  return RnnOp::defaultActivations();
}

SmallVector<RecurrentActivation> LstmOp::resolveActivations() {
  return resolveActivationsOf(*this);
}
SmallVector<RecurrentActivation> GruOp::resolveActivations() {
  return resolveActivationsOf(*this);
}
SmallVector<RecurrentActivation> RnnOp::resolveActivations() {
  return resolveActivationsOf(*this);
}
SmallVector<RecurrentActivation> LstmGradOp::resolveActivations() {
  return resolveActivationsOf(*this);
}
SmallVector<RecurrentActivation> GruGradOp::resolveActivations() {
  return resolveActivationsOf(*this);
}
SmallVector<RecurrentActivation> RnnGradOp::resolveActivations() {
  return resolveActivationsOf(*this);
}

RecurrentActivationAttrs
dlc::recurrentActivationAttrs(MLIRContext *context,
                              ArrayRef<RecurrentActivation> activations) {
  RecurrentActivationAttrs attrs;
  SmallVector<Attribute> names;
  for (const RecurrentActivation &activation : activations) {
    const ActivationSpec &spec = activationSpec(activation.kind);
    names.push_back(StringAttr::get(context, spec.name));
    if (spec.alpha)
      attrs.alphas.push_back(activation.alpha);
    if (spec.beta)
      attrs.betas.push_back(activation.beta);
  }
  attrs.names = ArrayAttr::get(context, names);
  return attrs;
}

LogicalResult LstmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(loc, adaptor, /*gates=*/4, defaultActivations(),
                        adaptor.getInitialC(), adaptor.getP(),
                        /*hasCellState=*/true, inferred);
}

LogicalResult GruOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(loc, adaptor, /*gates=*/3, defaultActivations(),
                        Value(), Value(), /*hasCellState=*/false, inferred);
}

LogicalResult RnnOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(loc, adaptor, /*gates=*/1, defaultActivations(),
                        Value(), Value(), /*hasCellState=*/false, inferred);
}

/// The shape rule of dlc.rnn_grad, dlc.gru_grad and dlc.lstm_grad: the operands of a
/// forward, layout-0 op with `gates` gates and the gradients of its results;
/// each gradient has the type of what it differentiates. `initialC`,
/// `peepholes` and `yCGrad` are LSTM's (null for RNN).
template <typename Adaptor>
static LogicalResult
inferRecurrentGrad(std::optional<Location> loc, Adaptor adaptor, int64_t gates,
                   ArrayRef<RecurrentActivationKind> defaultActivations,
                   Value initialC, Value peepholes, Value yCGrad,
                   SmallVectorImpl<Type> &inferred) {
  auto xType = cast<RankedTensorType>(adaptor.getX().getType());
  auto rType = cast<RankedTensorType>(adaptor.getR().getType());
  if (xType.getRank() != 3 || rType.getRank() != 3)
    return emitOptionalError(loc, "x and r must have rank 3, got ",
                             shapeToString(xType.getShape()), " and ",
                             shapeToString(rType.getShape()));
  Type elementType = xType.getElementType();
  for (Value operand : adaptor.getOperands())
    if (operand != adaptor.getSequenceLens() &&
        cast<RankedTensorType>(operand.getType()).getElementType() !=
            elementType)
      return emitOptionalError(loc, "operand element types differ");
  if (std::optional<APFloat> clip = adaptor.getClip();
      clip && !(clip->convertToFloat() > 0.0f))
    return emitOptionalError(loc, "clip must be positive, got ",
                             clip->convertToFloat());
  if (failed(resolveRecurrentActivations(
          loc, adaptor.getActivations(), adaptor.getActivationAlpha(),
          adaptor.getActivationBeta(), defaultActivations,
          /*numDirections=*/1)))
    return failure();
  int64_t seq = xType.getDimSize(0), batch = xType.getDimSize(1),
          input = xType.getDimSize(2), hidden = rType.getDimSize(2);
  if (ShapedType::isDynamic(hidden))
    return emitOptionalError(loc, "r must have a static hidden_size");
  int64_t gateRows = gates * hidden;
  std::string g = gates == 1 ? "" : std::to_string(gates) + " x ";
  SmallVector<int64_t> yShape = {seq, 1, batch, hidden};
  SmallVector<int64_t> stateShape = {1, batch, hidden};
  StringRef yDims = "[seq_length, 1, batch_size, hidden_size]";
  StringRef stateDims = "[1, batch_size, hidden_size]";
  if (failed(checkRecurrentOperand(loc, "w", adaptor.getW(),
                                   {1, gateRows, input},
                                   "[1, " + g + "hidden_size, input_size]")) ||
      failed(checkRecurrentOperand(loc, "r", adaptor.getR(),
                                   {1, gateRows, hidden},
                                   "[1, " + g + "hidden_size, hidden_size]")) ||
      failed(checkRecurrentOperand(
          loc, "b", adaptor.getB(), {1, 2 * gateRows},
          "[1, " + std::to_string(2 * gates) + " x hidden_size]")) ||
      failed(checkRecurrentOperand(loc, "sequence_lens",
                                   adaptor.getSequenceLens(), {batch},
                                   "[batch_size]")) ||
      failed(checkRecurrentOperand(loc, "initial_h", adaptor.getInitialH(),
                                   stateShape, stateDims)) ||
      failed(checkRecurrentOperand(loc, "initial_c", initialC, stateShape,
                                   stateDims)) ||
      failed(checkRecurrentOperand(loc, "recurrent_mask",
                                   adaptor.getRecurrentMask(), stateShape,
                                   stateDims)) ||
      failed(checkRecurrentOperand(loc, "p", peepholes, {1, 3 * hidden},
                                   "[1, 3 x hidden_size]")) ||
      failed(checkRecurrentOperand(loc, "y", adaptor.getY(), yShape, yDims)) ||
      failed(checkRecurrentOperand(loc, "y_grad", adaptor.getYGrad(), yShape,
                                   yDims)) ||
      failed(checkRecurrentOperand(loc, "y_h_grad", adaptor.getYHGrad(),
                                   stateShape, stateDims)) ||
      failed(checkRecurrentOperand(loc, "y_c_grad", yCGrad, stateShape,
                                   stateDims)))
    return failure();
  for (Value operand : {adaptor.getX(), adaptor.getW(), adaptor.getR()})
    inferred.push_back(operand.getType());
  inferred.push_back(RankedTensorType::get({1, 2 * gateRows}, elementType));
  inferred.push_back(RankedTensorType::get(stateShape, elementType));
  return success();
}

LogicalResult RnnGradOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferRecurrentGrad(loc, adaptor, /*gates=*/1, defaultActivations(),
                            Value(), Value(), Value(), inferred);
}

LogicalResult GruGradOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferRecurrentGrad(loc, adaptor, /*gates=*/3, defaultActivations(),
                            Value(), Value(), Value(), inferred);
}

LogicalResult LstmGradOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  if (failed(inferRecurrentGrad(loc, adaptor, /*gates=*/4,
                                defaultActivations(), adaptor.getInitialC(),
                                adaptor.getP(),
                                adaptor.getYCGrad(), inferred)))
    return failure();
  Type stateType = inferred.back();
  int64_t hidden = cast<RankedTensorType>(stateType).getDimSize(2);
  inferred.push_back(stateType); // initial_c_grad
  inferred.push_back(RankedTensorType::get(
      {1, 3 * hidden}, getElementTypeOrSelf(stateType)));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static LogicalResult inferReduce(std::optional<Location> loc, Value input,
                                 ArrayRef<int64_t> axes, bool keepdims,
                                 SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  FailureOr<SmallVector<int64_t>> reduced = normalizeAxes(loc, axes, rank);
  if (failed(reduced))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool isReduced = reduced->empty() || llvm::is_contained(*reduced, dim);
    if (!isReduced)
      shape.push_back(inputType.getDimSize(dim));
    else if (keepdims)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

#define DLC_REDUCE_INFER(OP)                                                   \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferReduce(loc, adaptor.getInput(), adaptor.getAxes(),             \
                       adaptor.getKeepdims(), inferred);                       \
  }
DLC_REDUCE_INFER(ReduceSumOp)
DLC_REDUCE_INFER(ReduceMeanOp)
DLC_REDUCE_INFER(ReduceMaxOp)
DLC_REDUCE_INFER(ReduceProdOp)
#undef DLC_REDUCE_INFER

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  SmallVector<Type> reduced;
  if (failed(inferReduce(loc, adaptor.getInput(), {adaptor.getAxis()},
                         adaptor.getKeepdims(), reduced)))
    return failure();
  inferred.push_back(
      cast<RankedTensorType>(reduced[0]).clone(IntegerType::get(context, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  SmallVector<int64_t> shape;
  int64_t inferredIndex = -1;
  for (auto [index, dim] : llvm::enumerate(adaptor.getShape())) {
    if (dim == -1) {
      if (inferredIndex >= 0)
        return emitOptionalError(loc, "shape has more than one -1");
      inferredIndex = index;
      shape.push_back(kDynamic);
    } else if (dim == 0 && !adaptor.getAllowzero()) {
      if ((int64_t)index >= inputType.getRank())
        return emitOptionalError(loc, "shape copies dimension ", index,
                                 " (0) but the input has rank ",
                                 inputType.getRank());
      shape.push_back(inputType.getDimSize(index));
    } else if (dim < 0) {
      return emitOptionalError(loc, "shape has invalid dimension ", dim);
    } else {
      shape.push_back(dim);
    }
  }
  if (failed(checkElementCount(loc, inputType.getShape())) ||
      failed(checkElementCount(loc, shape)))
    return failure();
  int64_t total = product(inputType.getShape());
  if (inferredIndex >= 0) {
    SmallVector<int64_t> known(shape);
    known.erase(known.begin() + inferredIndex);
    int64_t knownProduct = product(known);
    if (!ShapedType::isDynamic(total) && !ShapedType::isDynamic(knownProduct)) {
      if (knownProduct == 0 || total % knownProduct != 0)
        return emitOptionalError(loc, "cannot reshape ",
                                 shapeToString(inputType.getShape()), " to ",
                                 shapeToString(adaptor.getShape()));
      shape[inferredIndex] = total / knownProduct;
    }
  }
  int64_t resultTotal = product(shape);
  if (!ShapedType::isDynamic(total) && !ShapedType::isDynamic(resultTotal) &&
      total != resultTotal)
    return emitOptionalError(loc, "cannot reshape ",
                             shapeToString(inputType.getShape()), " (", total,
                             " elements) to ", shapeToString(shape));
  inferred.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto constant = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput());
  if (constant && getType().hasStaticShape())
    return constant.reshape(getType());
  return {};
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  int64_t axis = adaptor.getAxis();
  if (axis < -rank || axis > rank)
    return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                             rank);
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> dims = inputType.getShape();
  if (failed(checkElementCount(loc, dims)))
    return failure();
  inferred.push_back(RankedTensorType::get(
      {product(dims.take_front(axis)), product(dims.drop_front(axis))},
      inputType.getElementType()));
  return success();
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(loc, adaptor.getAxes(), inputType.getRank());
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(inputType.getShape())) {
    bool listed = llvm::is_contained(*axes, (int64_t)dim);
    if (listed && dimsConflict(size, 1))
      return emitOptionalError(loc, "cannot squeeze dimension ", dim,
                               " of size ", size);
    if (listed || (axes->empty() && size == 1))
      continue;
    if (axes->empty() && ShapedType::isDynamic(size))
      return emitOptionalError(loc, "squeeze without axes needs static dims");
    shape.push_back(size);
  }
  inferred.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

/// Squeeze and Unsqueeze of a constant: the same elements, reshaped.
static OpFoldResult foldReshapeOfConstant(Attribute input,
                                          RankedTensorType type) {
  auto constant = dyn_cast_if_present<DenseElementsAttr>(input);
  if (constant && type.hasStaticShape())
    return constant.reshape(type);
  return {};
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  return foldReshapeOfConstant(adaptor.getInput(), getType());
}

LogicalResult UnsqueezeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank() + adaptor.getAxes().size();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(loc, adaptor.getAxes(), rank);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> remaining = inputType.getShape();
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (llvm::is_contained(*axes, dim)) {
      shape.push_back(1);
    } else {
      shape.push_back(remaining.front());
      remaining = remaining.drop_front();
    }
  }
  inferred.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  return foldReshapeOfConstant(adaptor.getInput(), getType());
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  if ((int64_t)perm.size() != inputType.getRank() ||
      !llvm::equal(sorted, llvm::seq<int64_t>(0, perm.size())))
    return emitOptionalError(loc, "perm ", shapeToString(perm),
                             " is not a permutation of rank ",
                             inputType.getRank());
  SmallVector<int64_t> shape;
  for (int64_t source : perm)
    shape.push_back(inputType.getDimSize(source));
  inferred.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "needs at least one input");
  auto firstType = cast<RankedTensorType>(adaptor.getInputs()[0].getType());
  FailureOr<int64_t> axis =
      normalizeAxis(loc, adaptor.getAxis(), firstType.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(firstType.getShape());
  for (Value input : adaptor.getInputs().drop_front()) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != firstType.getRank() ||
        type.getElementType() != firstType.getElementType())
      return emitOptionalError(loc, "inputs differ in rank or element type");
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      int64_t size = type.getDimSize(dim);
      if (dim == *axis) {
        shape[dim] = ShapedType::isDynamic(shape[dim]) ||
                             ShapedType::isDynamic(size)
                         ? kDynamic
                         : shape[dim] + size;
      } else if (dimsConflict(shape[dim], size)) {
        return emitOptionalError(loc, "inputs differ in dimension ", dim);
      }
    }
  }
  inferred.push_back(RankedTensorType::get(shape, firstType.getElementType()));
  return success();
}

/// Concat and Gather fold element by element, which suits the small tensors
/// of shape computations (Shape -> Gather -> Concat -> Reshape, as PyTorch
/// exports `x.view(x.size(0), -1)`); larger results are left to the compiled
/// code (kMaxFoldedElements).
static bool isSmallStatic(RankedTensorType type) {
  return type.hasStaticShape() && type.getNumElements() <= kMaxFoldedElements;
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = getType();
  if (!isSmallStatic(type))
    return {};
  int64_t axis = getAxis() < 0 ? getAxis() + type.getRank() : getAxis();
  // Each input contributes, per index of the dimensions before `axis`, one
  // contiguous chunk of its elements.
  int64_t outer = product(type.getShape().take_front(axis));
  SmallVector<SmallVector<Attribute>> inputs;
  for (Attribute input : adaptor.getInputs()) {
    auto constant = dyn_cast_if_present<DenseElementsAttr>(input);
    if (!constant)
      return {};
    inputs.push_back(llvm::to_vector(constant.getValues<Attribute>()));
  }
  SmallVector<Attribute> values;
  for (int64_t index = 0; index < outer; ++index)
    for (ArrayRef<Attribute> input : inputs) {
      int64_t chunk = input.size() / outer;
      llvm::append_range(values, input.slice(index * chunk, chunk));
    }
  return DenseElementsAttr::get(type, values);
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  size_t count = adaptor.getAxes().size();
  if (starts.size() != count || ends.size() != count || steps.size() != count)
    return emitOptionalError(loc, "starts, ends, axes and steps must have the "
                                  "same length");
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(loc, adaptor.getAxes(), inputType.getRank());
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape(inputType.getShape());
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = adaptor.getAxes()[i] < 0
                       ? adaptor.getAxes()[i] + inputType.getRank()
                       : adaptor.getAxes()[i];
    if (steps[i] == 0)
      return emitOptionalError(loc, "slice steps must not be zero");
    if (!ShapedType::isDynamic(shape[axis]))
      shape[axis] = resolveRange(shape[axis], starts[i], ends[i], steps[i]).count;
  }
  inferred.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

SliceRange SliceOp::resolveRange(int64_t dim, int64_t start, int64_t end,
                                 int64_t step) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    // Counted so that no step, however large, overflows.
    return {start, end > start ? 1 + (end - start - 1) / step : 0, step};
  }
  if (dim == 0)
    return {0, 0, step};
  // Backwards, the end may be -1: one before the first element.
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return {start, start > end ? 1 - (start - end - 1) / step : 0, step};
}

int64_t SliceOp::getSlicedDim(unsigned index) {
  int64_t axis = getAxes()[index];
  return axis < 0 ? axis + getInput().getType().getRank() : axis;
}

SliceRange SliceOp::getRange(unsigned index) {
  return resolveRange(getInput().getType().getDimSize(getSlicedDim(index)),
                      getStarts()[index], getEnds()[index], getSteps()[index]);
}

/// Whether indices (some, of static shape) index `axis` of `indexed`,
/// known to be 0 long: none of them can be in range.
static bool indexesEmptyAxis(RankedTensorType indexed, int64_t axis,
                             RankedTensorType indices) {
  return indexed.getDimSize(axis) == 0 && indices.hasStaticShape() &&
         indices.getNumElements() > 0;
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  FailureOr<int64_t> axis =
      normalizeAxis(loc, adaptor.getAxis(), dataType.getRank());
  if (failed(axis))
    return failure();
  if (indexesEmptyAxis(dataType, *axis, indicesType))
    return emitOptionalError(loc, "indexes an axis of size 0: every index "
                                  "is out of range");
  SmallVector<int64_t> shape(dataType.getShape().take_front(*axis));
  llvm::append_range(shape, indicesType.getShape());
  llvm::append_range(shape, dataType.getShape().drop_front(*axis + 1));
  inferred.push_back(RankedTensorType::get(shape, dataType.getElementType()));
  return success();
}

/// The result is the data that a gather with these indices would read:
/// updates = result.shape[:axis] + indices.shape + result.shape[axis+1:].
/// The rule both scatters share: `updates` has the shape of gathering
/// `indices` along `axis` from a tensor of `result`'s type.
static LogicalResult verifyScatter(Operation *op, RankedTensorType result,
                                   Value indicesValue, Value updatesValue,
                                   int64_t axisAttr) {
  auto updates = cast<RankedTensorType>(updatesValue.getType());
  auto indices = cast<RankedTensorType>(indicesValue.getType());
  if (updates.getElementType() != result.getElementType())
    return op->emitOpError("updates and result element types differ");
  FailureOr<int64_t> axis =
      normalizeAxis(op->getLoc(), axisAttr, result.getRank());
  if (failed(axis))
    return failure();
  if (indexesEmptyAxis(result, *axis, indices))
    return op->emitOpError("indexes an axis of size 0: every index is out "
                           "of range");
  SmallVector<int64_t> expected(result.getShape().take_front(*axis));
  llvm::append_range(expected, indices.getShape());
  llvm::append_range(expected, result.getShape().drop_front(*axis + 1));
  if (failed(verifyCompatibleShape(expected, updates.getShape())))
    return op->emitOpError("updates must have shape ")
           << shapeToString(expected) << " for this result and indices, got "
           << shapeToString(updates.getShape());
  return success();
}

LogicalResult ScatterAddOp::verify() {
  return verifyScatter(*this, getType(), getIndices(), getUpdates(),
                       getAxis());
}

LogicalResult ScatterOp::verify() {
  StringRef reduction = getReduction();
  if (reduction != "none" && reduction != "add" && reduction != "mul" &&
      reduction != "max" && reduction != "min")
    return emitOpError("reduction must be none, add, mul, max or min, got '")
           << reduction << "'";
  return verifyScatter(*this, getType(), getIndices(), getUpdates(),
                       getAxis());
}

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (adaptor.getDepth() < 1)
    return emitOptionalError(loc, "depth must be positive, got ",
                             adaptor.getDepth());
  Type dtype = adaptor.getDtype();
  if (!isa<FloatType>(dtype) && !dtype.isSignlessInteger())
    return emitOptionalError(loc, "dtype must be a float or integer type, got ",
                             dtype);
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  SmallVector<int64_t> shape(indicesType.getShape());
  shape.push_back(adaptor.getDepth());
  inferred.push_back(RankedTensorType::get(shape, dtype));
  return success();
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto data = dyn_cast_if_present<DenseElementsAttr>(adaptor.getData());
  auto indices =
      dyn_cast_if_present<DenseIntElementsAttr>(adaptor.getIndices());
  if (!data || !indices || !isSmallStatic(getType()) ||
      data.getNumElements() > kMaxFoldedElements)
    return {};
  ArrayRef<int64_t> shape = data.getType().getShape();
  int64_t axis = getAxis() < 0 ? getAxis() + shape.size() : getAxis();
  int64_t outer = product(shape.take_front(axis)), size = shape[axis],
          inner = product(shape.drop_front(axis + 1));
  SmallVector<Attribute> elements =
      llvm::to_vector(data.getValues<Attribute>());
  SmallVector<Attribute> values;
  for (int64_t index = 0; index < outer; ++index)
    for (const APInt &position : indices.getValues<APInt>()) {
      int64_t taken = position.getSExtValue();
      if (taken < 0)
        taken += size;
      // Out of range: left for the compiled code to report or handle.
      if (taken < 0 || taken >= size)
        return {};
      llvm::append_range(values, ArrayRef(elements).slice(
                                     (index * size + taken) * inner, inner));
    }
  return DenseElementsAttr::get(getType(), values);
}

/// Slices of small constants (ONNX's shape arithmetic: `shape[:axis]`).
OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto data = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput());
  if (!data || !isSmallStatic(getType()) ||
      data.getNumElements() > kMaxFoldedElements)
    return {};
  ArrayRef<int64_t> shape = data.getType().getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t> start(rank, 0), step(rank, 1);
  for (unsigned index = 0; index < getAxes().size(); ++index) {
    SliceRange range = getRange(index);
    start[getSlicedDim(index)] = range.start;
    step[getSlicedDim(index)] = range.step;
  }
  SmallVector<Attribute> elements =
      llvm::to_vector(data.getValues<Attribute>());
  ArrayRef<int64_t> resultShape = getType().getShape();
  SmallVector<Attribute> values;
  SmallVector<int64_t> position(rank, 0);
  for (int64_t taken = 0; taken < getType().getNumElements(); ++taken) {
    int64_t source = 0;
    for (int64_t dim = 0; dim < rank; ++dim)
      source = source * shape[dim] + start[dim] + position[dim] * step[dim];
    values.push_back(elements[source]);
    // The next position, the last dimension fastest.
    for (int64_t dim = rank - 1; dim >= 0 && ++position[dim] ==
                                                 resultShape[dim];
         --dim)
      position[dim] = 0;
  }
  return DenseElementsAttr::get(getType(), values);
}

/// The [start, end) range of dimensions a Shape op reports, clamped.
static std::pair<int64_t, int64_t> shapeRange(int64_t start, int64_t end,
                                              int64_t rank) {
  auto clampDim = [rank](int64_t dim) {
    return std::clamp<int64_t>(dim < 0 ? dim + rank : dim, 0, rank);
  };
  return {clampDim(start), clampDim(end)};
}

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  int64_t rank = cast<RankedTensorType>(adaptor.getInput().getType()).getRank();
  auto [start, end] = shapeRange(adaptor.getStart(), adaptor.getEnd(), rank);
  inferred.push_back(RankedTensorType::get({std::max<int64_t>(end - start, 0)},
                                           IntegerType::get(context, 64)));
  return success();
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto inputType = getInput().getType();
  auto [start, end] = shapeRange(getStart(), getEnd(), inputType.getRank());
  SmallVector<int64_t> dims;
  for (int64_t dim = start; dim < end; ++dim)
    dims.push_back(inputType.getDimSize(dim));
  if (llvm::any_of(dims, ShapedType::isDynamic))
    return {};
  return DenseIntElementsAttr::get(getType(), dims);
}

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type)
    return emitOptionalError(loc, "value must be a ranked tensor");
  inferred.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Data-parallel training
//===----------------------------------------------------------------------===//

LogicalResult AllReduceOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location>,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  llvm::append_range(inferred, adaptor.getInputs().getTypes());
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.cpp.inc"

LogicalResult dlc::refineResultTypes(Operation *op) {
  auto inferable = dyn_cast<InferTypeOpInterface>(op);
  if (!inferable)
    return success();
  SmallVector<Type> types;
  if (failed(inferable.inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getAttrDictionary(), op->getPropertiesStorage(),
          op->getRegions(), types)))
    return failure();
  for (auto [result, type] : llvm::zip_equal(op->getResults(), types))
    result.setType(type);
  return success();
}

SmallVector<int64_t> dlc::reducedDimensions(ArrayRef<int64_t> axes,
                                            int64_t rank) {
  if (axes.empty())
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  SmallVector<int64_t> dims;
  for (int64_t axis : axes)
    dims.push_back(axis < 0 ? axis + rank : axis);
  llvm::sort(dims);
  return dims;
}
