//===- ComposedOpImporters.cpp - ONNX ops written with other dlc ops ------===//
//
// ONNX operators that are short formulas over ops dlc already has (Sum,
// Reciprocal, HardSigmoid, Softsign, ReduceL2, Not, Pad, ...) are imported as
// those formulas, so they are lowered, fused and differentiated like any
// other graph, without ops of their own.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace dlc {
namespace {

/// Imports a unary formula of the node's input 0.
void importFormula(NodeImporter &n,
                   const std::function<Value(DlcBuilder &, Value)> &formula) {
  Value x = n.input(0);
  if (n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(formula(b, x));
}

/// Folds the node's inputs (at least one) pairwise with `combine`, which
/// broadcasts them as numpy does.
void importVariadic(NodeImporter &n,
                    const std::function<Value(NodeImporter &, Value, Value)>
                        &combine) {
  if (n.node().inputs_size() == 0) {
    n.error() << "needs at least one input";
    return;
  }
  Value result = n.input(0);
  for (int i = 1; i < n.node().inputs_size() && result; ++i)
    result = combine(n, result, n.input(i));
  if (!n.failed())
    (void)n.setOutputs(result);
}

Value addInputs(NodeImporter &n, Value lhs, Value rhs) {
  return n.create<AddOp>(lhs, rhs);
}

/// Whether `value` holds f16 or bf16, which the compiler stores but does
/// not compute with: formulas over them run in f32.
bool isHalfFloat(Value value) {
  Type element = cast<RankedTensorType>(value.getType()).getElementType();
  return element.isF16() || element.isBF16();
}

/// `value` as f32 when it is a half float, else itself.
Value computable(NodeImporter &n, Value value) {
  if (!value || !isHalfFloat(value))
    return value;
  return n.create<CastOp>(value, TypeAttr::get(n.builder().getF32Type()));
}

/// The larger (or with `smaller` the smaller) of two broadcast operands.
Value pickInputs(NodeImporter &n, Value lhs, Value rhs, bool smaller) {
  Value left = computable(n, lhs), right = computable(n, rhs);
  Value lhsWins = smaller ? n.create<LessOp>(left, right)
                          : n.create<GreaterOp>(left, right);
  return lhsWins ? n.create<WhereOp>(lhsWins, lhs, rhs) : Value();
}

/// A constant boolean scalar.
Value boolean(DlcBuilder &b, bool value) {
  return b.scalar(b.builder().getI1Type(), value);
}

/// min(0, value).
Value negativePart(DlcBuilder &b, Value value) {
  Value zero = b.scalarLike(value, 0);
  return b.where(b.less(value, zero), value, zero);
}

/// A reduction written as `post(reduceSum(pre(x)))` (or, with `maximum`,
/// over reduceMax), with ONNX's axes (attribute, or input 1 from
/// `axesInputOpset` on) and keepdims.
void importComposedReduce(NodeImporter &n, int64_t axesInputOpset,
                          const std::function<Value(DlcBuilder &, Value)> &pre,
                          const std::function<Value(DlcBuilder &, Value)> &post,
                          bool maximum = false) {
  Value x = n.input(0);
  std::optional<ReduceOptions> options =
      readReduceOptions(n, n.opset() >= axesInputOpset);
  if (!options || n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value operand = pre(b, x);
  if (options->noop) {
    (void)n.setOutputs(post(b, operand));
    return;
  }
  OpBuilder &builder = n.builder();
  DenseI64ArrayAttr axes = builder.getDenseI64ArrayAttr(options->axes);
  BoolAttr keepdims = builder.getBoolAttr(options->keepdims);
  Value reduced = maximum ? n.create<ReduceMaxOp>(operand, axes, keepdims)
                          : n.create<ReduceSumOp>(operand, axes, keepdims);
  if (reduced)
    (void)n.setOutputs(post(b, reduced));
}

/// Imports a formula of the node's inputs 0 and 1; it builds on them with
/// `n.create` where their shapes may not broadcast, and returns null then.
void importBinaryFormula(
    NodeImporter &n,
    const std::function<Value(NodeImporter &, DlcBuilder &, Value, Value)>
        &formula) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  if (Value result = formula(n, b, lhs, rhs))
    (void)n.setOutputs(result);
}

Value same(DlcBuilder &, Value value) { return value; }

/// Expand: numpy broadcasting of the input with a constant shape.
void importExpand(NodeImporter &n) {
  Value x = n.input(0);
  std::optional<SmallVector<int64_t>> shape = n.constantInts(1);
  if (!shape || n.failed())
    return;
  RankedTensorType type = cast<RankedTensorType>(x.getType());
  // The result has the larger rank; dimensions of 1 stretch on either side.
  size_t rank = std::max<size_t>(type.getRank(), shape->size());
  SmallVector<int64_t> result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t fromInput = i + type.getRank() >= rank
                            ? type.getDimSize(i + type.getRank() - rank)
                            : 1;
    int64_t fromShape =
        i + shape->size() >= rank ? (*shape)[i + shape->size() - rank] : 1;
    if (fromInput != 1 && fromShape != 1 && fromInput != fromShape) {
      std::string target;
      for (int64_t size : *shape)
        target += (target.empty() ? "" : ", ") + std::to_string(size);
      n.error() << "cannot expand a tensor of shape " << type
                << " to shape [" << target << "]";
      return;
    }
    result[i] = fromInput == 1 ? fromShape : fromInput;
  }
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(
      b.broadcastTo(x, RankedTensorType::get(result, type.getElementType())));
}

/// Pad as slices (negative pads crop) and concatenations along each axis of
/// what the mode puts beside the data: the constant value, copies of the
/// edge, or the data mirrored about the edge (reflect).
void importPad(NodeImporter &n) {
  Value x = n.input(0);
  std::string mode = n.stringAttr("mode", "constant");
  SmallVector<int64_t> pads;
  double fill = 0;
  if (n.opset() >= 11) {
    std::optional<SmallVector<int64_t>> constant = n.constantInts(1);
    if (!constant)
      return;
    pads = *constant;
    if (n.hasInput(2))
      if (std::optional<float> value = n.constantFloat(2))
        fill = *value;
    if (n.hasInput(3)) {
      n.error() << "Pad's axes input is not supported";
      return;
    }
  } else {
    pads = n.intsAttr("pads", {});
    fill = n.floatAttr("value", 0);
  }
  if (n.failed())
    return;
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(pads.size()) != 2 * rank) {
    n.error() << "Pad has " << pads.size() << " pads for a tensor of rank "
              << rank << " (expected " << 2 * rank << ")";
    return;
  }
  if (mode != "constant" && mode != "edge" && mode != "reflect") {
    n.error() << "Pad mode '" << mode
              << "' is not supported (constant, edge, reflect)";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t begin = pads[axis], end = pads[rank + axis];
    int64_t size = cast<RankedTensorType>(x.getType()).getDimSize(axis);
    if (begin < 0 || end < 0) {
      int64_t from = std::max<int64_t>(0, -begin);
      int64_t to = size - std::max<int64_t>(0, -end);
      if (from > to) {
        n.error() << "Pad crops more than the " << size
                  << " elements of axis " << axis;
        return;
      }
      x = b.slice(x, axis, from, to);
      size = to - from;
    }
    if (begin <= 0 && end <= 0)
      continue;
    if ((mode == "reflect" && std::max(begin, end) >= size) ||
        (mode != "constant" && size == 0)) {
      n.error() << "Pad mode '" << mode << "' needs more than "
                << std::max(begin, end) << " elements along axis " << axis
                << ", which has " << size;
      return;
    }
    auto side = [&](int64_t count, bool before) -> Value {
      auto sideType = cast<RankedTensorType>(x.getType());
      SmallVector<int64_t> shape(sideType.getShape());
      shape[axis] = count;
      auto pieceType = RankedTensorType::get(shape, sideType.getElementType());
      if (mode == "constant")
        return b.splat(pieceType, fill);
      if (mode == "edge")
        return b.broadcastTo(before ? b.slice(x, axis, 0, 1)
                                    : b.slice(x, axis, size - 1, size),
                             pieceType);
      return b.reverse(before ? b.slice(x, axis, 1, count + 1)
                              : b.slice(x, axis, size - 1 - count, size - 1),
                       axis);
    };
    SmallVector<Value> pieces;
    if (begin > 0)
      pieces.push_back(side(begin, /*before=*/true));
    pieces.push_back(x);
    if (end > 0)
      pieces.push_back(side(end, /*before=*/false));
    x = b.concat(pieces, axis);
  }
  (void)n.setOutputs(x);
}

/// Range(start, limit, delta) of constants: a constant of
/// max(ceil((limit - start) / delta), 0) elements.
void importRange(NodeImporter &n) {
  Value startInput = n.input(0);
  std::optional<double> start = n.constantScalar(0),
                        limit = n.constantScalar(1),
                        delta = n.constantScalar(2);
  if (n.failed() || !start || !limit || !delta)
    return;
  if (*delta == 0) {
    n.error() << "delta must not be 0";
    return;
  }
  int64_t count = std::max<int64_t>(
      static_cast<int64_t>(std::ceil((*limit - *start) / *delta)), 0);
  Type elementType =
      cast<RankedTensorType>(startInput.getType()).getElementType();
  SmallVector<double> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(*start + i * *delta);
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(
      b.constant(RankedTensorType::get({count}, elementType), values));
}

/// HannWindow, HammingWindow, BlackmanWindow of a constant size N: the
/// constant sum_k a_k cos(2 pi k n / M) for n < N, with M = N (periodic, the
/// default) or N - 1 (symmetric); `coefficients` are a_0, a_1, ...
void importWindow(NodeImporter &n, ArrayRef<double> coefficients) {
  std::optional<double> size = n.constantScalar(0);
  bool periodic = n.intAttr("periodic", 1);
  Type elementType =
      onnxElementType(n.intAttr("output_datatype", 1), n.context());
  if (n.failed() || !size)
    return;
  if (!elementType || !elementType.isIntOrFloat()) {
    n.rejectAttrValue("output_datatype", "the element type is not supported");
    return;
  }
  int64_t length = static_cast<int64_t>(*size);
  if (length < 1) {
    n.error() << "window size must be positive, got " << length;
    return;
  }
  double period = periodic ? length : length - 1;
  SmallVector<double> values;
  for (int64_t i = 0; i < length; ++i) {
    double value = 0;
    for (size_t k = 0; k < coefficients.size(); ++k)
      value += coefficients[k] * std::cos(2 * M_PI * k * i / period);
    values.push_back(value);
  }
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(
      b.constant(RankedTensorType::get({length}, elementType), values));
}

/// IsInf: x is +inf (unless detect_positive = 0) or -inf (unless
/// detect_negative = 0).
void importIsInf(NodeImporter &n) {
  bool positive = n.intAttr("detect_positive", 1);
  bool negative = n.intAttr("detect_negative", 1);
  importFormula(n, [&](DlcBuilder &b, Value x) {
    double infinity = std::numeric_limits<double>::infinity();
    Value isPositive = b.equal(x, b.scalarLike(x, infinity));
    Value isNegative = b.equal(x, b.scalarLike(x, -infinity));
    if (positive && negative)
      return b.where(isPositive, boolean(b, true), isNegative);
    if (positive)
      return isPositive;
    return negative ? isNegative
                    : b.splat(tensorType(isPositive), /*value=*/0);
  });
}

/// Mod: the remainder of truncated division a - trunc(a / b) * b (fmod = 1,
/// required for floats), or for integers with fmod = 0 the remainder that
/// takes the divisor's sign, as Python's %.
void importMod(NodeImporter &n) {
  bool truncated = n.intAttr("fmod", 0);
  importBinaryFormula(n, [&](NodeImporter &n, DlcBuilder &b, Value input,
                             Value divisorInput) -> Value {
    Value a = computable(n, input), divisor = computable(n, divisorInput);
    if (!a || !divisor)
      return {};
    bool isFloat = isa<FloatType>(tensorType(a).getElementType());
    if (isFloat && !truncated) {
      n.error() << "Mod of floats needs fmod = 1";
      return {};
    }
    Value quotient = n.create<DivOp>(a, divisor);
    if (!quotient)
      return {};
    if (isFloat) {
      Value zero = b.scalarLike(quotient, 0);
      quotient = b.where(b.less(quotient, zero),
                         CeilOp::create(b.builder(), quotient),
                         FloorOp::create(b.builder(), quotient));
    }
    Value remainder = b.sub(a, b.mul(quotient, divisor));
    Type resultType = tensorType(input).getElementType();
    if (truncated)
      return b.cast(remainder, resultType);
    Value zero = b.scalarLike(remainder, 0);
    Value divisorNegative = b.less(divisor, zero);
    // A non-zero remainder whose sign is not the divisor's moves by one
    // divisor.
    Value signsDiffer =
        b.where(b.less(remainder, zero), b.logicalNot(divisorNegative),
                b.where(b.greater(remainder, zero), divisorNegative,
                        boolean(b, false)));
    return b.cast(b.where(signsDiffer, b.add(remainder, divisor), remainder),
                  resultType);
  });
}

/// Size: the number of elements, known from the (bound) static shape.
void importSize(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  auto type = cast<RankedTensorType>(x.getType());
  if (!type.hasStaticShape()) {
    n.error() << "needs a static shape (bind the input shapes)";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(
      b.scalar(b.builder().getI64Type(), type.getNumElements()));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &composedOpImporters() {
  using Formula = std::function<Value(DlcBuilder &, Value)>;
  auto formula = [](Formula build) -> OpImporter {
    return [build](NodeImporter &n) { importFormula(n, build); };
  };
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"Reciprocal",
       formula([](DlcBuilder &b, Value x) {
         return b.div(b.scalarLike(x, 1), x);
       })},
      {"Sign", formula([](DlcBuilder &b, Value x) {
         Value zero = b.scalarLike(x, 0);
         return b.where(b.greater(x, zero), b.scalarLike(x, 1),
                        b.where(b.less(x, zero), b.scalarLike(x, -1), zero));
       })},
      {"Softsign", formula([](DlcBuilder &b, Value x) {
         return b.div(x, b.add(b.scalarLike(x, 1), b.abs(x)));
       })},
      {"HardSigmoid",
       [](NodeImporter &n) {
         float alpha = n.floatAttr("alpha", 0.2f), beta = n.floatAttr("beta", 0.5f);
         importFormula(n, [&](DlcBuilder &b, Value x) {
           return b.clip(b.add(b.mul(b.scalarLike(x, alpha), x),
                               b.scalarLike(x, beta)),
                         0, 1);
         });
       }},
      {"HardSwish", formula([](DlcBuilder &b, Value x) {
         return b.mul(x, b.clip(b.add(b.mul(b.scalarLike(x, 1.0 / 6), x),
                                      b.scalarLike(x, 0.5)),
                                0, 1));
       })},
      {"ThresholdedRelu",
       [](NodeImporter &n) {
         float alpha = n.floatAttr("alpha", 1.0f);
         importFormula(n, [&](DlcBuilder &b, Value x) {
           return b.where(b.greater(x, b.scalarLike(x, alpha)), x,
                          b.scalarLike(x, 0));
         });
       }},
      {"Celu",
       [](NodeImporter &n) {
         float alpha = n.floatAttr("alpha", 1.0f);
         importFormula(n, [&](DlcBuilder &b, Value x) {
           Value a = b.scalarLike(x, alpha);
           return b.add(b.relu(x),
                        negativePart(b, b.mul(a, b.sub(b.exp(b.div(x, a)),
                                                       b.scalarLike(x, 1)))));
         });
       }},
      {"Shrink",
       [](NodeImporter &n) {
         float lambd = n.floatAttr("lambd", 0.5f), bias = n.floatAttr("bias", 0);
         importFormula(n, [&](DlcBuilder &b, Value x) {
           Value zero = b.scalarLike(x, 0);
           Value shift = b.scalarLike(x, bias);
           return b.where(
               b.less(x, b.scalarLike(x, -lambd)), b.add(x, shift),
               b.where(b.greater(x, b.scalarLike(x, lambd)), b.sub(x, shift),
                       zero));
         });
       }},
      {"Mish", formula([](DlcBuilder &b, Value x) {
         return b.mul(x, TanhOp::create(b.builder(), b.softplus(x)).getResult());
       })},
      {"Not", formula([](DlcBuilder &b, Value x) { return b.logicalNot(x); })},
      {"PRelu",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &n, DlcBuilder &b, Value x,
                                   Value slope) {
           Value scaled = n.create<MulOp>(x, slope);
           return scaled ? n.create<WhereOp>(b.less(x, b.scalarLike(x, 0)),
                                             scaled, x)
                         : Value();
         });
       }},
      {"And",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &n, DlcBuilder &b, Value lhs,
                                   Value rhs) {
           return n.create<WhereOp>(lhs, rhs, boolean(b, false));
         });
       }},
      {"Or",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &n, DlcBuilder &b, Value lhs,
                                   Value rhs) {
           return n.create<WhereOp>(lhs, boolean(b, true), rhs);
         });
       }},
      {"Xor",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &n, DlcBuilder &b, Value lhs,
                                   Value rhs) {
           return n.create<WhereOp>(lhs, b.logicalNot(rhs), rhs);
         });
       }},
      {"GreaterOrEqual",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &n, DlcBuilder &b, Value lhs,
                                   Value rhs) {
           Value less = n.create<LessOp>(lhs, rhs);
           return less ? b.logicalNot(less) : Value();
         });
       }},
      {"LessOrEqual",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &n, DlcBuilder &b, Value lhs,
                                   Value rhs) {
           Value greater = n.create<GreaterOp>(lhs, rhs);
           return greater ? b.logicalNot(greater) : Value();
         });
       }},
      {"Sum", [](NodeImporter &n) { importVariadic(n, addInputs); }},
      {"Mean",
       [](NodeImporter &n) {
         importVariadic(n, addInputs);
         if (n.failed() || n.outputs().empty())
           return;
         DlcBuilder b(n.builder(), n.loc());
         Value sum = n.outputs().front();
         // Rebind the output to the mean.
         (void)n.setOutputs(
             b.div(sum, b.scalarLike(sum, n.node().inputs_size())));
       }},
      {"Max",
       [](NodeImporter &n) {
         importVariadic(n, [](NodeImporter &n, Value lhs, Value rhs) {
           return pickInputs(n, lhs, rhs, /*smaller=*/false);
         });
       }},
      {"Min",
       [](NodeImporter &n) {
         importVariadic(n, [](NodeImporter &n, Value lhs, Value rhs) {
           return pickInputs(n, lhs, rhs, /*smaller=*/true);
         });
       }},
      {"Expand", importExpand},
      {"Size", importSize},
      {"Range", importRange},
      {"Mod", importMod},
      {"HannWindow",
       [](NodeImporter &n) { importWindow(n, {0.5, -0.5}); }},
      {"HammingWindow",
       [](NodeImporter &n) { importWindow(n, {25.0 / 46, -21.0 / 46}); }},
      {"BlackmanWindow",
       [](NodeImporter &n) { importWindow(n, {0.42, -0.5, 0.08}); }},
      {"IsInf", importIsInf},
      {"IsNaN", formula([](DlcBuilder &b, Value x) {
         return b.logicalNot(b.equal(x, x)); // NaN alone is unequal to itself
       })},
      {"CastLike",
       [](NodeImporter &n) {
         importBinaryFormula(n, [](NodeImporter &, DlcBuilder &b, Value x,
                                   Value like) {
           return b.cast(x, cast<RankedTensorType>(like.getType())
                                .getElementType());
         });
       }},
      {"Pad", importPad},
      {"ReduceL1",
       [](NodeImporter &n) {
         importComposedReduce(
             n, 18, [](DlcBuilder &b, Value x) { return b.abs(x); }, same);
       }},
      {"ReduceL2",
       [](NodeImporter &n) {
         importComposedReduce(
             n, 18, [](DlcBuilder &b, Value x) { return b.mul(x, x); },
             [](DlcBuilder &b, Value sum) { return b.sqrt(sum); });
       }},
      {"ReduceSumSquare",
       [](NodeImporter &n) {
         importComposedReduce(
             n, 18, [](DlcBuilder &b, Value x) { return b.mul(x, x); }, same);
       }},
      {"ReduceLogSum",
       [](NodeImporter &n) {
         importComposedReduce(n, 18, same, [](DlcBuilder &b, Value sum) {
           return b.log(sum);
         });
       }},
      {"ReduceLogSumExp",
       [](NodeImporter &n) {
         importComposedReduce(
             n, 18, [](DlcBuilder &b, Value x) { return b.exp(x); },
             [](DlcBuilder &b, Value sum) { return b.log(sum); });
       }},
      {"ReduceMin",
       [](NodeImporter &n) {
         importComposedReduce(
             n, 18, [](DlcBuilder &b, Value x) { return b.neg(x); },
             [](DlcBuilder &b, Value max) { return b.neg(max); },
             /*maximum=*/true);
       }},
  };
  return importers;
}

} // namespace dlc
