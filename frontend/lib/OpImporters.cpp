//===- OpImporters.cpp - ONNX-semantics operators to dlc ops --------------===//
//
// One importer per operator name. Each reads the node's inputs and
// attributes with ONNX defaults for the model's opset, normalizes older
// opset forms to the dlc op, and binds the node's outputs. Opsets 1 to 6
// differ from 7 only where an importer says so (legacy broadcasting, Cast's
// string types, Reshape's shape attribute, Concat's default axis, the
// is_test flag of Dropout and BatchNormalization); elsewhere they add only
// the consumed_inputs hint, which is ignored.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"
#include "OnnxCommon.h"
#include "dlc/Dialect/DlcBuilder.h"
#include "dlc/Runtime/Random.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/bit.h"

#include <cmath>
#include <limits>
#include <tuple>

using namespace mlir;

namespace dlc {
namespace {

template <typename OpTy> void importUnary(NodeImporter &n) {
  Value x = n.input(0);
  if (!n.failed())
    (void)n.setOutputs(n.fold(OpTy::create(n.builder(), n.loc(), x)));
}

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Before opset 7, B broadcasts to A only with `broadcast = 1`, its
/// dimensions matched to A's from `axis` on (by default A's trailing ones,
/// as in numpy); without it, A and B have the same shape, which numpy
/// broadcasting accepts too. Returns B with unit dimensions appended so that
/// numpy broadcasting aligns it the same way.
Value legacyBroadcastOperand(NodeImporter &n, Value a, Value b) {
  if (n.failed() || n.opset() >= 7 || !n.intAttr("broadcast", 0) ||
      !n.hasAttr("axis"))
    return b;
  int64_t rankA = typeOf(a).getRank(), rankB = typeOf(b).getRank();
  int64_t axis = n.intAttr("axis", 0);
  if (axis < 0)
    axis += rankA;
  if (axis < 0 || axis + rankB > rankA) {
    n.rejectAttrValue("axis", "B of rank " + std::to_string(rankB) +
                                  " does not fit A of rank " +
                                  std::to_string(rankA) + " at axis " +
                                  std::to_string(n.intAttr("axis", 0)));
    return {};
  }
  SmallVector<int64_t> trailing;
  for (int64_t dim = rankB; dim < rankA - axis; ++dim)
    trailing.push_back(dim);
  if (trailing.empty())
    return b;
  return n.create<UnsqueezeOp>(b, n.builder().getDenseI64ArrayAttr(trailing));
}

template <typename OpTy> void importBinary(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  rhs = legacyBroadcastOperand(n, lhs, rhs);
  (void)n.setOutputs(n.create<OpTy>(lhs, rhs));
}

void importBitShift(NodeImporter &n) {
  std::string direction = n.stringAttr("direction", "");
  if (direction == "LEFT")
    importBinary<ShiftLeftOp>(n);
  else if (direction == "RIGHT")
    importBinary<ShiftRightOp>(n);
  else
    n.rejectAttrValue("direction", "must be LEFT or RIGHT");
}

/// `value` with element type `type`, through dlc.cast when it differs.
Value castElements(NodeImporter &n, Value value, Type type) {
  if (!value || typeOf(value).getElementType() == type)
    return value;
  return n.create<CastOp>(value, TypeAttr::get(type));
}

/// ONNX's Pow lets the exponent's element type differ from the base's, and
/// the result has the base's type. dlc.pow, like every dlc binary op, takes
/// one element type, f32 or f64 (so its lowering and gradient need no mixed
/// case): the exponent is cast to an f32 or f64 base's type; a 16-bit float
/// base is raised in f32 and an integer base in f64, then cast back
/// (truncating, as onnxruntime's std::pow does).
void importPow(NodeImporter &n) {
  Value base = n.input(0), exponent = n.input(1);
  exponent = legacyBroadcastOperand(n, base, exponent);
  if (n.failed())
    return;
  Type baseType = typeOf(base).getElementType();
  Type computeType = baseType;
  if (!baseType.isF32() && !baseType.isF64())
    computeType = isa<FloatType>(baseType) ? Type(Float32Type::get(n.context()))
                                           : Type(Float64Type::get(n.context()));
  Value power = n.create<PowOp>(castElements(n, base, computeType),
                                castElements(n, exponent, computeType));
  (void)n.setOutputs(castElements(n, power, baseType));
}

/// A float attribute of an ONNX node and its default.
struct FloatAttrDefault {
  const char *name;
  float value;
};

/// A unary op whose only parameters are float attributes (LeakyRelu's
/// alpha, Selu's alpha and gamma), passed to the dlc op in order.
template <typename OpTy, typename... Defaults>
void importFloatAttrUnary(NodeImporter &n, Defaults... defaults) {
  Value x = n.input(0);
  OpBuilder &b = n.builder();
  // Read every attribute first: a wrongly typed one fails the node.
  auto attributes = std::make_tuple(
      b.getF32FloatAttr(n.floatAttr(defaults.name, defaults.value))...);
  if (n.failed())
    return;
  OpTy op = std::apply(
      [&](auto... attribute) {
        return OpTy::create(b, n.loc(), x, attribute...);
      },
      attributes);
  (void)n.setOutputs(op.getResult());
}

/// Clip of integers: the bounds (inputs 1 and 2, each optional) are
/// tensors of x's type that broadcast with it.
void importIntegerClip(NodeImporter &n, Value x) {
  Value low = n.optionalInput(1), high = n.optionalInput(2);
  if (n.failed())
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value result = x;
  if (low)
    result = b.where(b.less(result, low), low, result);
  if (high)
    result = b.where(b.greater(result, high), high, result);
  (void)n.setOutputs(result);
}

void importClip(NodeImporter &n) {
  Value x = n.input(0);
  if (x && n.opset() >= 12 &&
      isa<IntegerType>(cast<RankedTensorType>(x.getType()).getElementType()))
    return importIntegerClip(n, x);
  std::optional<float> low, high;
  if (n.opset() < 11) {
    if (n.hasAttr("min"))
      low = n.floatAttr("min", 0);
    if (n.hasAttr("max"))
      high = n.floatAttr("max", 0);
  } else {
    low = n.constantFloat(1);
    high = n.constantFloat(2);
  }
  if (n.failed())
    return;
  OpBuilder &b = n.builder();
  FloatAttr lowAttr = low ? b.getF32FloatAttr(*low) : FloatAttr();
  FloatAttr highAttr = high ? b.getF32FloatAttr(*high) : FloatAttr();
  (void)n.setOutputs(
      ClipOp::create(b, n.loc(), x, lowAttr, highAttr).getResult());
}

void importWhere(NodeImporter &n) {
  Value condition = n.input(0), lhs = n.input(1), rhs = n.input(2);
  (void)n.setOutputs(n.create<WhereOp>(condition, lhs, rhs));
}

} // namespace

Type onnxElementType(int64_t code, MLIRContext *context) {
  std::optional<proto::DataType> dtype = dtypeFromOnnx(code);
  return dtype ? elementTypeOf(*dtype, context) : Type();
}

namespace {

/// Cast before opset 6 names the type as a string (TensorProto.DataType).
int64_t onnxTypeCode(const std::string &name) {
  onnx::TensorProto::DataType code;
  return onnx::TensorProto::DataType_Parse(name, &code) ? code : 0;
}

void importCast(NodeImporter &n) {
  Value x = n.input(0);
  std::string name;
  int64_t code;
  if (n.opset() < 6) {
    name = n.stringAttr("to", "");
    code = onnxTypeCode(name);
  } else {
    code = n.intAttr("to", 0);
    name = std::to_string(code);
  }
  Type to = onnxElementType(code, n.context());
  if (!to) {
    if (!n.failed())
      n.rejectAttrValue("to", "element type " + name + " is not supported");
    return;
  }
  (void)n.setOutputs(n.create<CastOp>(x, TypeAttr::get(to)));
}

void importMatMul(NodeImporter &n) { importBinary<MatMulOp>(n); }

void importGemm(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1), c = n.optionalInput(2);
  float alpha = n.floatAttr("alpha", 1.0f), beta = n.floatAttr("beta", 1.0f);
  bool transA = n.intAttr("transA", 0), transB = n.intAttr("transB", 0);
  OpBuilder &builder = n.builder();
  (void)n.setOutputs(n.create<GemmOp>(
      a, b, c, builder.getF32FloatAttr(alpha), builder.getF32FloatAttr(beta),
      builder.getBoolAttr(transA), builder.getBoolAttr(transB)));
}

/// Softmax and LogSoftmax. Before opset 13 the input is coerced to a matrix
/// at `axis` and normalized over its second dimension.
template <typename OpTy> void importSoftmax(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  int64_t rank = typeOf(x).getRank();
  int64_t axis = n.intAttr("axis", n.opset() < 13 ? 1 : -1);
  OpBuilder &b = n.builder();
  bool coerced = n.opset() < 13 && axis != -1 && axis != rank - 1;
  if (!coerced) {
    (void)n.setOutputs(
        n.create<OpTy>(x, b.getI64IntegerAttr(axis < 0 ? axis : axis)));
    return;
  }
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  if (llvm::count_if(shape, ShapedType::isDynamic) > 1) {
    n.error() << "opset < 13 softmax over a shape with several dynamic "
                 "dimensions is not supported";
    return;
  }
  SmallVector<int64_t> restore;
  for (int64_t dim : shape)
    restore.push_back(ShapedType::isDynamic(dim) ? -1 : dim);
  Value matrix = n.create<FlattenOp>(x, b.getI64IntegerAttr(axis));
  Value normalized = n.create<OpTy>(matrix, b.getI64IntegerAttr(1));
  (void)n.setOutputs(n.create<ReshapeOp>(
      normalized, b.getDenseI64ArrayAttr(restore), b.getBoolAttr(false)));
}

void importReshape(NodeImporter &n) {
  Value x = n.input(0);
  // Before opset 5 the shape is an attribute.
  if (n.opset() < 5 && !n.hasAttr("shape"))
    n.error() << "missing required attribute 'shape'";
  std::optional<SmallVector<int64_t>> shape =
      n.opset() < 5 ? n.intsAttr("shape", {}) : n.constantInts(1);
  bool allowzero = n.intAttr("allowzero", 0);
  if (!shape)
    return;
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<ReshapeOp>(x, b.getDenseI64ArrayAttr(*shape),
                                         b.getBoolAttr(allowzero)));
}

void importFlatten(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", 1);
  (void)n.setOutputs(
      n.create<FlattenOp>(x, n.builder().getI64IntegerAttr(axis)));
}

void importTranspose(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> reversed;
  for (int64_t dim = rank - 1; dim >= 0; --dim)
    reversed.push_back(dim);
  SmallVector<int64_t> perm = n.intsAttr("perm", reversed);
  (void)n.setOutputs(
      n.create<TransposeOp>(x, n.builder().getDenseI64ArrayAttr(perm)));
}

void importConcat(NodeImporter &n) {
  SmallVector<Value> inputs;
  for (int i = 0; i < n.node().inputs_size(); ++i)
    inputs.push_back(n.input(i));
  // Before opset 4 the axis defaults to 1.
  if (!n.hasAttr("axis") && n.opset() >= 4)
    n.error() << "missing required attribute 'axis'";
  int64_t axis = n.intAttr("axis", 1);
  (void)n.setOutputs(
      n.create<ConcatOp>(inputs, n.builder().getI64IntegerAttr(axis)));
}

void importSlice(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.opset() < 10) {
    starts = n.intsAttr("starts", {});
    ends = n.intsAttr("ends", {});
    axes = n.intsAttr("axes", {});
  } else {
    std::optional<SmallVector<int64_t>> s = n.constantInts(1), e = n.constantInts(2);
    if (!s || !e)
      return;
    starts = *s;
    ends = *e;
    if (n.hasInput(3)) {
      std::optional<SmallVector<int64_t>> a = n.constantInts(3);
      if (!a)
        return;
      axes = *a;
    }
    if (n.hasInput(4)) {
      std::optional<SmallVector<int64_t>> st = n.constantInts(4);
      if (!st)
        return;
      steps = *st;
    }
  }
  if (axes.empty())
    for (int64_t dim = 0; dim < (int64_t)starts.size() && dim < rank; ++dim)
      axes.push_back(dim);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<SliceOp>(
      x, b.getDenseI64ArrayAttr(starts), b.getDenseI64ArrayAttr(ends),
      b.getDenseI64ArrayAttr(axes), b.getDenseI64ArrayAttr(steps)));
}

void importGather(NodeImporter &n) {
  Value data = n.input(0), indices = n.input(1);
  int64_t axis = n.intAttr("axis", 0);
  (void)n.setOutputs(
      n.create<GatherOp>(data, indices, n.builder().getI64IntegerAttr(axis)));
}

/// Squeeze/Unsqueeze: axes are an attribute before opset 13, an input after.
template <typename OpTy> void importAxesOp(NodeImporter &n, bool required) {
  Value x = n.input(0);
  SmallVector<int64_t> axes;
  if (n.opset() < 13) {
    axes = n.intsAttr("axes", {});
  } else if (n.hasInput(1) || required) {
    std::optional<SmallVector<int64_t>> constant = n.constantInts(1);
    if (!constant)
      return;
    axes = *constant;
  }
  (void)n.setOutputs(
      n.create<OpTy>(x, n.builder().getDenseI64ArrayAttr(axes)));
}

void importShape(NodeImporter &n) {
  Value x = n.input(0);
  int64_t start = n.intAttr("start", 0);
  int64_t end = n.intAttr("end", std::numeric_limits<int64_t>::max());
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<ShapeOp>(x, b.getI64IntegerAttr(start),
                                       b.getI64IntegerAttr(end)));
}

/// Constant: one of value (tensor), value_float(s), value_int(s).
void importConstant(NodeImporter &n) {
  OpBuilder &b = n.builder();
  DenseElementsAttr value;
  if (n.hasAttr("value")) {
    value = n.tensorAttr("value");
    if (!value)
      return;
  } else if (n.hasAttr("value_float")) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                   n.floatAttr("value_float", 0));
  } else if (n.hasAttr("value_floats")) {
    SmallVector<float> floats = n.floatsAttr("value_floats");
    value = DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)floats.size()}, b.getF32Type()),
        ArrayRef<float>(floats));
  } else if (n.hasAttr("value_int")) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                   n.intAttr("value_int", 0));
  } else if (n.hasAttr("value_ints")) {
    SmallVector<int64_t> ints = n.intsAttr("value_ints", {});
    value = DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)ints.size()}, b.getI64Type()),
        ArrayRef<int64_t>(ints));
  }
  if (!value) {
    n.error() << "Constant needs one of the attributes value, value_float, "
                 "value_floats, value_int, value_ints";
    return;
  }
  (void)n.setOutputs(n.create<ConstantOp>(value));
}

template <typename OpTy> void importReduce(NodeImporter &n, bool axesInput) {
  Value x = n.input(0);
  std::optional<ReduceOptions> options = readReduceOptions(n, axesInput);
  if (!options || n.failed())
    return;
  if (options->noop) {
    (void)n.setOutputs(x);
    return;
  }
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<OpTy>(x, b.getDenseI64ArrayAttr(options->axes),
                                    b.getBoolAttr(options->keepdims)));
}

void importArgMax(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", 0);
  bool keepdims = n.intAttr("keepdims", 1);
  bool last = n.intAttr("select_last_index", 0);
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<ArgMaxOp>(x, b.getI64IntegerAttr(axis),
                                        b.getBoolAttr(keepdims),
                                        b.getBoolAttr(last)));
}

/// Window geometry shared by Conv and the pools, with auto_pad resolved to
/// explicit pads (which needs static spatial sizes).
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

std::optional<Window> readWindow(NodeImporter &n, Value x,
                                 ArrayRef<int64_t> kernelDefault) {
  auto type = typeOf(x);
  int64_t k = type.getRank() - 2;
  if (k < 1) {
    n.error() << "input must have rank >= 3 (N x C x spatial...)";
    return std::nullopt;
  }
  Window window;
  window.kernel = n.intsAttr("kernel_shape", kernelDefault);
  window.strides = n.intsAttr("strides", SmallVector<int64_t>(k, 1));
  window.dilations = n.intsAttr("dilations", SmallVector<int64_t>(k, 1));
  window.pads = n.intsAttr("pads", SmallVector<int64_t>(2 * k, 0));
  std::string autoPad = n.stringAttr("auto_pad", "NOTSET");
  if (n.failed())
    return std::nullopt;
  if ((int64_t)window.kernel.size() != k ||
      (int64_t)window.strides.size() != k ||
      (int64_t)window.dilations.size() != k) {
    n.error() << "kernel_shape, strides and dilations need " << k
              << " entries";
    return std::nullopt;
  }
  if (autoPad == "VALID") {
    window.pads.assign(2 * k, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int64_t i = 0; i < k; ++i) {
      int64_t size = type.getDimSize(2 + i);
      if (ShapedType::isDynamic(size)) {
        n.rejectAttrValue("auto_pad", "needs static spatial dimensions");
        return std::nullopt;
      }
      int64_t out = (size + window.strides[i] - 1) / window.strides[i];
      int64_t span = (window.kernel[i] - 1) * window.dilations[i] + 1;
      int64_t total =
          std::max<int64_t>((out - 1) * window.strides[i] + span - size, 0);
      int64_t small = total / 2, large = total - small;
      window.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      window.pads[i + k] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "NOTSET") {
    n.rejectAttrValue("auto_pad", "unknown value '" + autoPad + "'");
    return std::nullopt;
  }
  return window;
}

} // namespace

Value createConv(NodeImporter &n, Value x, Value w, Value bias) {
  if (n.failed())
    return {};
  if (typeOf(w).getRank() != typeOf(x).getRank() || typeOf(w).getRank() < 3) {
    n.error() << "the weight must be [M, C / group, k...] with the input's "
                 "rank (>= 3), got rank "
              << typeOf(w).getRank() << " for an input of rank "
              << typeOf(x).getRank();
    return {};
  }
  SmallVector<int64_t> kernelDefault(typeOf(w).getShape().drop_front(2));
  std::optional<Window> window = readWindow(n, x, kernelDefault);
  int64_t group = n.intAttr("group", 1);
  if (!window)
    return {};
  OpBuilder &b = n.builder();
  return n.create<ConvOp>(
      x, w, bias, b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations), b.getI64IntegerAttr(group));
}

namespace {

void importConv(NodeImporter &n) {
  Value x = n.input(0), w = n.input(1), bias = n.optionalInput(2);
  if (Value y = createConv(n, x, w, bias))
    (void)n.setOutputs(y);
}

/// ConvTranspose is the gradient of a convolution with respect to its input:
/// each input element adds its kernel-weighted contribution at
/// o * stride + k * dilation - padsBegin of an output whose size is
/// stride * (in - 1) + output_padding + (K - 1) * dilation + 1 - pads, or
/// `output_shape` (the pads then follow from it, as with auto_pad SAME_*);
/// the op is dlc.conv_input_grad, so it runs as the packed convolution.
void importConvTranspose(NodeImporter &n) {
  Value x = n.input(0), w = n.input(1), bias = n.optionalInput(2);
  if (n.failed())
    return;
  RankedTensorType inputType = typeOf(x), weightType = typeOf(w);
  if (weightType.getRank() != inputType.getRank()) {
    n.error() << "the weight must be [C, M / group, k...] with the input's "
                 "rank, got rank "
              << weightType.getRank() << " for an input of rank "
              << inputType.getRank();
    return;
  }
  SmallVector<int64_t> kernelDefault(weightType.getShape().drop_front(2));
  std::optional<Window> window = readWindow(n, x, kernelDefault);
  int64_t group = n.intAttr("group", 1);
  std::string autoPad = n.stringAttr("auto_pad", "NOTSET");
  SmallVector<int64_t> outputShape = n.intsAttr("output_shape", {});
  if (!window)
    return;
  int64_t k = inputType.getRank() - 2;
  SmallVector<int64_t> outputPadding =
      n.intsAttr("output_padding", SmallVector<int64_t>(k, 0));
  if (static_cast<int64_t>(outputPadding.size()) != k ||
      (!outputShape.empty() && static_cast<int64_t>(outputShape.size()) != k)) {
    n.error() << "output_padding and output_shape need " << k << " entries";
    return;
  }
  if (!inputType.hasStaticShape() || !weightType.hasStaticShape()) {
    n.error() << "needs static input and weight shapes";
    return;
  }
  for (int64_t i = 0; i < k; ++i)
    if (outputPadding[i] < 0 ||
        outputPadding[i] >=
            std::max(window->strides[i], window->dilations[i])) {
      n.error() << "output_padding " << outputPadding[i]
                << " of spatial axis " << i
                << " must be smaller than its stride or dilation";
      return;
    }
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  SmallVector<int64_t> outputSpatial(k);
  for (int64_t i = 0; i < k; ++i) {
    int64_t in = inputType.getDimSize(2 + i);
    int64_t span = (window->kernel[i] - 1) * window->dilations[i] + 1;
    int64_t natural = window->strides[i] * (in - 1) + outputPadding[i] + span;
    if (outputShape.empty() && !same) {
      outputSpatial[i] = natural - window->pads[i] - window->pads[i + k];
      continue;
    }
    outputSpatial[i] =
        outputShape.empty() ? in * window->strides[i] : outputShape[i];
    // An output_shape beyond what the input reaches gets zeros at the end,
    // as ONNX's reference does (the convolution's stride drops them).
    int64_t total = std::max<int64_t>(natural - outputSpatial[i], 0);
    bool upper = autoPad == "SAME_UPPER";
    window->pads[i] = upper ? total / 2 : total - total / 2;
    window->pads[i + k] = total - window->pads[i];
  }
  for (int64_t size : outputSpatial)
    if (size < 1) {
      n.error() << "pads leave an empty output";
      return;
    }
  OpBuilder &b = n.builder();
  Value y = n.create<ConvInputGradOp>(
      x, w, b.getDenseI64ArrayAttr(outputSpatial),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations), b.getI64IntegerAttr(group));
  if (y && bias)
    y = n.create<AddOp>(y, DlcBuilder(b, n.loc()).perChannel(bias, k + 2));
  if (y)
    (void)n.setOutputs(y);
}

/// MaxPool's Indices output: for each output element, the flat position
/// (over N, C and the spatial dimensions, these row-major, or column-major
/// with storage_order 1) of the first window element holding the maximum.
/// The taps of every output position form a constant table, read with one
/// gather; the first tap equal to the maximum wins.
Value maxPoolIndices(NodeImporter &n, Value x, Value pooled,
                     const Window &window, bool columnMajor) {
  RankedTensorType type = typeOf(x), outType = typeOf(pooled);
  if (!type.hasStaticShape()) {
    n.error() << "the Indices output needs static shapes (bind the input "
                 "shapes)";
    return {};
  }
  int64_t k = type.getRank() - 2;
  ArrayRef<int64_t> spatial = type.getShape().drop_front(2),
                    outSpatial = outType.getShape().drop_front(2);
  int64_t outCount = ShapedType::getNumElements(outSpatial),
          taps = ShapedType::getNumElements(window.kernel),
          area = ShapedType::getNumElements(spatial);
  // read: the row-major position each tap reads (0 in the padding);
  // stored: the position Indices reports for it (-1 in the padding).
  SmallVector<double> read, stored;
  for (int64_t o = 0; o < outCount; ++o)
    for (int64_t t = 0; t < taps; ++t) {
      int64_t outRest = o, tapRest = t, rowMajor = 0, colMajor = 0,
              colStride = 1;
      bool inside = true;
      SmallVector<int64_t> position(k);
      for (int64_t d = k - 1; d >= 0; --d) {
        int64_t oc = outRest % outSpatial[d], kc = tapRest % window.kernel[d];
        outRest /= outSpatial[d];
        tapRest /= window.kernel[d];
        position[d] = oc * window.strides[d] + kc * window.dilations[d] -
                      window.pads[d];
        inside &= position[d] >= 0 && position[d] < spatial[d];
      }
      for (int64_t d = 0; d < k; ++d) {
        rowMajor = rowMajor * spatial[d] + position[d];
        colMajor += position[d] * colStride;
        colStride *= spatial[d];
      }
      read.push_back(inside ? rowMajor : 0);
      stored.push_back(inside ? (columnMajor ? colMajor : rowMajor) : -1);
    }
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  auto tableType = RankedTensorType::get({outCount, taps}, i64);
  Value storedTable = b.constant(tableType, stored);
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1);
  // [N, C, outputs, taps]: the tap values, and which equal the maximum.
  Value values = b.gather(b.reshape(x, {batch, channels, area}),
                          b.constant(tableType, read), 2);
  Value padding = b.equal(storedTable, b.scalar(i64, -1));
  Value hits = b.where(
      padding, b.scalar(b.builder().getI1Type(), 0),
      b.equal(values, b.reshape(pooled, {batch, channels, outCount, 1})));
  Value firstHit = b.argMax(b.cast(hits, b.builder().getI32Type()), 3,
                            /*keepdims=*/false); // [N, C, outputs]
  Value tap = b.add(b.mul(b.positions(i64, 3, 2, outCount),
                          b.scalar(i64, taps)),
                    firstHit);
  Value position = b.gather(b.reshape(storedTable, {outCount * taps}), tap, 0);
  Value plane = b.add(b.mul(b.positions(i64, 3, 0, batch),
                            b.scalar(i64, channels * area)),
                      b.mul(b.positions(i64, 3, 1, channels),
                            b.scalar(i64, area)));
  return b.reshape(b.add(plane, position), outType.getShape());
}

void importMaxPool(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  if (!n.hasAttr("kernel_shape")) {
    n.error() << "missing required attribute 'kernel_shape'";
    return;
  }
  std::optional<Window> window = readWindow(n, x, {});
  bool ceil = n.intAttr("ceil_mode", 0);
  int64_t storageOrder = n.intAttr("storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    n.rejectAttrValue("storage_order", "must be 0 (row-major) or 1");
  if (!window || n.failed())
    return;
  OpBuilder &b = n.builder();
  Value pooled = n.create<MaxPoolOp>(
      x, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations), b.getBoolAttr(ceil));
  if (!pooled)
    return;
  if (n.node().outputs_size() < 2 || n.node().outputs(1).empty()) {
    (void)n.setOutputs(pooled);
    return;
  }
  if (Value indices =
          maxPoolIndices(n, x, pooled, *window, storageOrder == 1))
    (void)n.setOutputs({pooled, indices});
}

void importAveragePool(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  if (!n.hasAttr("kernel_shape")) {
    n.error() << "missing required attribute 'kernel_shape'";
    return;
  }
  std::optional<Window> window = readWindow(n, x, {});
  bool ceil = n.intAttr("ceil_mode", 0);
  bool includePad = n.intAttr("count_include_pad", 0);
  if (!window)
    return;
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<AveragePoolOp>(
      x, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations), b.getBoolAttr(ceil),
      b.getBoolAttr(includePad)));
}

/// GlobalAveragePool / GlobalMaxPool reduce every spatial dimension.
template <typename ReduceOpTy> void importGlobalPool(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  SmallVector<int64_t> axes;
  for (int64_t dim = 2; dim < typeOf(x).getRank(); ++dim)
    axes.push_back(dim);
  OpBuilder &b = n.builder();
  (void)n.setOutputs(n.create<ReduceOpTy>(x, b.getDenseI64ArrayAttr(axes),
                                          b.getBoolAttr(true)));
}

/// BatchNormalization with training_mode = 1 (opset 14+) normalizes with the
/// statistics of the batch: the mean and the variance (without Bessel's
/// correction) over every dimension but the channels (1). Its optional
/// outputs 1 and 2 are the running statistics updated with them:
/// `running * momentum + batch * (1 - momentum)`.
void importBatchNormTraining(NodeImporter &n, Value x, Value scale, Value bias,
                             Value mean, Value variance, FloatAttr epsilon,
                             FloatAttr momentum) {
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 2 ||
      !isa<Float32Type, Float64Type>(type.getElementType())) {
    n.error() << "input must be float32 or float64 of rank >= 2 (N x C x "
                 "...), got "
              << type;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  auto [batchMean, batchVariance] = b.channelStatistics(x);
  Value y = n.create<BatchNormOp>(x, scale, bias, batchMean, batchVariance,
                                  epsilon, momentum);
  if (n.failed())
    return;
  double keep = momentum.getValueAsDouble();
  (void)n.setOutputs({y, b.movingAverage(mean, batchMean, keep),
                      b.movingAverage(variance, batchVariance, keep)});
}

void importBatchNorm(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1), bias = n.input(2),
        mean = n.input(3), variance = n.input(4);
  FloatAttr epsilon =
      n.builder().getF32FloatAttr(n.floatAttr("epsilon", 1e-5f));
  FloatAttr momentum =
      n.builder().getF32FloatAttr(n.floatAttr("momentum", 0.9f));
  bool training = n.intAttr("training_mode", 0);
  // Before opset 7 the default is training (is_test = 0); before 9,
  // spatial = 0 asks for statistics per activation, not per channel.
  if (n.opset() < 7 && !n.intAttr("is_test", 0))
    n.rejectAttrValue("is_test", "before opset 7, BatchNormalization runs in "
                                 "training mode unless is_test = 1");
  if (n.opset() < 9 && n.intAttr("spatial", 1) != 1)
    n.rejectAttrValue("spatial", "per-activation statistics (spatial = 0) "
                                 "are not supported");
  n.limitOutputs(training ? 3 : 1,
                 "running statistics are only produced in training mode");
  if (n.failed())
    return;
  if (training) {
    importBatchNormTraining(n, x, scale, bias, mean, variance, epsilon,
                            momentum);
    return;
  }
  (void)n.setOutputs(n.create<BatchNormOp>(x, scale, bias, mean, variance,
                                           epsilon, momentum));
}

/// What LSTM, GRU and RNN share: inputs X, W, R and the optional B,
/// sequence_lens, initial_h (an empty name is an absent input), and the
/// attributes, which keep their ONNX meaning in the dlc ops.
struct RecurrentCommon {
  Value x, w, r, b, sequenceLens, initialH, recurrentMask;
  IntegerAttr hiddenSize, layout;
  StringAttr direction;
  ArrayAttr activations;
  DenseF32ArrayAttr alpha, beta;
  FloatAttr clip;
};

/// dlc's attribute `recurrent_dropout` (Keras's): the rate at which a
/// training step drops units of Ht-1 from the recurrent products, with one
/// mask per sequence (dlc.dropout of ones, shaped like initial_h: the
/// identity outside training steps).
Value recurrentDropoutMask(NodeImporter &n, const RecurrentCommon &common) {
  float rate = n.floatAttr("recurrent_dropout", 0.0f);
  if (!(rate >= 0.0f && rate < 1.0f)) {
    n.rejectAttrValue("recurrent_dropout", "must be in [0, 1)");
    return Value();
  }
  bool batchFirst = common.layout.getInt() == 1;
  int64_t batch = typeOf(common.x).getDimSize(batchFirst ? 0 : 1);
  if (ShapedType::isDynamic(batch)) {
    n.error() << "recurrent_dropout needs a static batch size";
    return Value();
  }
  int64_t directions = common.direction.getValue() == "bidirectional" ? 2 : 1,
          hidden = common.hiddenSize.getInt();
  SmallVector<int64_t> shape =
      batchFirst ? SmallVector<int64_t>{batch, directions, hidden}
                 : SmallVector<int64_t>{directions, batch, hidden};
  auto type = RankedTensorType::get(shape, typeOf(common.x).getElementType());
  OpBuilder &b = n.builder();
  StringRef name = cast<NameLoc>(n.loc()).getName().strref();
  auto stream = static_cast<int64_t>(
      hashString((name + "/recurrent_dropout").str()));
  return DropoutOp::create(b, n.loc(), type,
                           DlcBuilder(b, n.loc()).splat(type, 1.0),
                           /*seed=*/Value(), b.getF32FloatAttr(rate),
                           b.getI64IntegerAttr(stream));
}

std::optional<RecurrentCommon> readRecurrent(NodeImporter &n) {
  RecurrentCommon common;
  common.x = n.input(0);
  common.w = n.input(1);
  common.r = n.input(2);
  common.b = n.optionalInput(3);
  common.sequenceLens = n.optionalInput(4);
  common.initialH = n.optionalInput(5);
  if (n.failed())
    return std::nullopt;
  OpBuilder &b = n.builder();
  // hidden_size is optional in ONNX: R is [num_directions, G*H, H].
  RankedTensorType rType = typeOf(common.r);
  int64_t impliedHidden =
      rType.getRank() == 3 ? rType.getDimSize(2) : ShapedType::kDynamic;
  if (!n.hasAttr("hidden_size") && ShapedType::isDynamic(impliedHidden)) {
    n.error() << "missing attribute 'hidden_size', which R's shape "
              << "does not give either";
    return std::nullopt;
  }
  common.hiddenSize =
      b.getI64IntegerAttr(n.intAttr("hidden_size", impliedHidden));
  common.layout = b.getI64IntegerAttr(n.intAttr("layout", 0));
  common.direction = b.getStringAttr(n.stringAttr("direction", "forward"));
  SmallVector<std::string> names = n.stringsAttr("activations");
  common.activations = b.getStrArrayAttr(
      SmallVector<StringRef>(names.begin(), names.end()));
  common.alpha = b.getDenseF32ArrayAttr(n.floatsAttr("activation_alpha"));
  common.beta = b.getDenseF32ArrayAttr(n.floatsAttr("activation_beta"));
  if (n.hasAttr("clip"))
    common.clip = b.getF32FloatAttr(n.floatAttr("clip", 0));
  if (n.failed())
    return std::nullopt;
  if (n.hasAttr("recurrent_dropout"))
    common.recurrentMask = recurrentDropoutMask(n, common);
  if (n.failed())
    return std::nullopt;
  return common;
}

void importLstm(NodeImporter &n) {
  std::optional<RecurrentCommon> c = readRecurrent(n);
  Value initialC = n.optionalInput(6), peepholes = n.optionalInput(7);
  bool inputForget = n.intAttr("input_forget", 0);
  if (!c)
    return;
  (void)n.setOutputs(n.createResults<LstmOp>(
      3, c->x, c->w, c->r, c->b, c->sequenceLens, c->initialH, initialC,
      peepholes, c->recurrentMask, c->hiddenSize, c->direction,
      c->activations, c->alpha, c->beta, c->clip, c->layout,
      n.builder().getBoolAttr(inputForget)));
}

void importGru(NodeImporter &n) {
  std::optional<RecurrentCommon> c = readRecurrent(n);
  bool linearBeforeReset = n.intAttr("linear_before_reset", 0);
  if (!c)
    return;
  (void)n.setOutputs(n.createResults<GruOp>(
      2, c->x, c->w, c->r, c->b, c->sequenceLens, c->initialH,
      c->recurrentMask, c->hiddenSize, c->direction, c->activations, c->alpha,
      c->beta, c->clip, c->layout, n.builder().getBoolAttr(linearBeforeReset)));
}

void importRnn(NodeImporter &n) {
  std::optional<RecurrentCommon> c = readRecurrent(n);
  if (!c)
    return;
  (void)n.setOutputs(n.createResults<RnnOp>(
      2, c->x, c->w, c->r, c->b, c->sequenceLens, c->initialH,
      c->recurrentMask, c->hiddenSize, c->direction, c->activations, c->alpha,
      c->beta, c->clip, c->layout));
}

/// Dropout becomes dlc.dropout without a seed: the identity, until a
/// training step gives it the step's seed. Its stream comes from the node's
/// name, so each layer draws its own mask. Training mode (opset 12+) with a
/// zero ratio keeps every element, so it is the identity even then.
/// Dropout's outputs: `y = dropout(x)`, and the mask when the node asks for
/// it, read off the output: an element is kept where y is not 0, and where
/// x is 0 (whether it was dropped makes no difference there, and reads as
/// kept). In the modes a graph runs Dropout in (inference, or training with
/// ratio 0) every element is kept; in a training step dlc generates, the
/// mask is the one drawn.
void setDropoutOutputs(NodeImporter &n, Value x, Value y) {
  if (n.node().outputs_size() < 2 || n.node().outputs(1).empty()) {
    (void)n.setOutputs(y);
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value zero = b.scalarLike(x, 0);
  Value keep = b.scalar(b.builder().getI1Type(), 1);
  (void)n.setOutputs(
      {y, b.where(b.equal(x, zero), keep, b.logicalNot(b.equal(y, zero)))});
}

void importDropout(NodeImporter &n) {
  Value x = n.input(0);
  // Before opset 7 the default is training (is_test = 0).
  if (n.opset() < 7 && !n.intAttr("is_test", 0))
    n.rejectAttrValue("is_test", "before opset 7, Dropout runs in training "
                                 "mode unless is_test = 1");
  float ratio = n.floatAttr("ratio", 0.5f);
  bool training = false;
  if (n.opset() >= 12) {
    ratio = 0.5f;
    if (n.hasInput(1)) {
      std::optional<float> given = n.constantFloat(1);
      if (!given)
        return;
      ratio = *given;
    }
    if (n.hasInput(2)) {
      std::optional<SmallVector<int64_t>> mode = n.constantInts(2);
      training = mode && !mode->empty() && (*mode)[0] != 0;
    }
  }
  if (n.failed())
    return;
  if (training) {
    if (ratio != 0.0f)
      n.error() << "training_mode = true with a non-zero ratio: a graph "
                   "runs dropout in inference mode; dlc draws dropout masks "
                   "only in the training steps it generates";
    else
      setDropoutOutputs(n, x, x);
    return;
  }
  // The node's name (never the file's path, so a moved file draws the same
  // masks).
  StringRef name = cast<NameLoc>(n.loc()).getName().strref();
  auto stream = static_cast<int64_t>(hashString(name));
  Value dropout = DropoutOp::create(n.builder(), n.loc(), x.getType(), x,
                                    /*seed=*/Value(),
                                    n.builder().getF32FloatAttr(ratio),
                                    n.builder().getI64IntegerAttr(stream));
  setDropoutOutputs(n, x, dropout);
}

/// ONNX's random seeds are floats: one in int64's range names the stream
/// of its integer part; any other (huge, infinite or NaN) that of its bits.
static int64_t streamOfSeed(float seed) {
  if (std::isfinite(seed) && std::fabs(seed) < 0x1p63f)
    return static_cast<int64_t>(seed);
  return llvm::bit_cast<uint32_t>(seed);
}

/// RandomNormalLike and RandomNormal: dlc.random_normal, shaped like the
/// input or like `shape`, without a seed: a graph runs in inference mode,
/// where it is one fixed sample (a training step draws a fresh one). The
/// stream is the `seed` attribute where given, else the node's name.
void importRandomNormal(NodeImporter &n, Value like) {
  OpBuilder &b = n.builder();
  if (n.hasAttr("dtype")) {
    Type type = onnxElementType(n.intAttr("dtype", 0), b.getContext());
    if (!type || !isa<FloatType>(type)) {
      n.rejectAttrValue("dtype", "must name a float type");
      return;
    }
    like = DlcBuilder(b, n.loc()).cast(like, type);
  }
  if (n.failed())
    return;
  StringRef name = cast<NameLoc>(n.loc()).getName().strref();
  auto stream = n.hasAttr("seed")
                    ? streamOfSeed(n.floatAttr("seed", 0))
                    : static_cast<int64_t>(hashString(name));
  Value noise = RandomNormalOp::create(
      b, n.loc(), like.getType(), like, /*seed=*/Value(),
      b.getF32FloatAttr(n.floatAttr("mean", 0.0f)),
      b.getF32FloatAttr(n.floatAttr("scale", 1.0f)),
      b.getI64IntegerAttr(stream));
  (void)n.setOutputs(noise);
}

void importRandomNormalLike(NodeImporter &n) {
  Value like = n.input(0);
  if (!n.failed() &&
      !isa<FloatType>(tensorType(like).getElementType()) &&
      !n.hasAttr("dtype")) {
    n.error() << "input 0 is not a float tensor; give the output's dtype";
    return;
  }
  importRandomNormal(n, like);
}

void importRandomNormalShape(NodeImporter &n) {
  if (!n.hasAttr("shape")) {
    n.error() << "missing required attribute 'shape'";
    return;
  }
  SmallVector<int64_t> shape = n.intsAttr("shape", {});
  if (!n.checkShape(shape, "the shape"))
    return;
  // The shape's values never matter, only its shape: zeros of float32
  // (the default dtype).
  Value like = DlcBuilder(n.builder(), n.loc())
                   .splat(RankedTensorType::get(shape, n.builder().getF32Type()),
                          0.0);
  importRandomNormal(n, like);
}

/// ConstantOfShape: a constant-shape tensor filled with `value`.
void importConstantOfShape(NodeImporter &n) {
  std::optional<SmallVector<int64_t>> shape = n.constantInts(0);
  if (!shape || !n.checkShape(*shape, "the shape"))
    return;
  OpBuilder &b = n.builder();
  Attribute fill = b.getF32FloatAttr(0.0f);
  if (n.hasAttr("value")) {
    DenseElementsAttr value = n.tensorAttr("value");
    if (!value)
      return;
    if (value.getNumElements() != 1) {
      n.rejectAttrValue("value", "must hold exactly one element");
      return;
    }
    fill = *value.getValues<Attribute>().begin();
  }
  Type elementType = cast<TypedAttr>(fill).getType();
  auto type = RankedTensorType::get(*shape, elementType);
  (void)n.setOutputs(n.create<ConstantOp>(DenseElementsAttr::get(type, fill)));
}

const llvm::StringMap<OpImporter> &opImporters() {
  static const llvm::StringMap<OpImporter> table = [] {
  llvm::StringMap<OpImporter> table = {
      {"Neg", importUnary<NegOp>},
      {"Abs", importUnary<AbsOp>},
      {"Exp", importUnary<ExpOp>},
      {"Log", importUnary<LogOp>},
      {"Sqrt", importUnary<SqrtOp>},
      {"Tanh", importUnary<TanhOp>},
      {"Erf", importUnary<ErfOp>},
      {"Floor", importUnary<FloorOp>},
      {"Ceil", importUnary<CeilOp>},
      {"Round", importUnary<RoundOp>},
      {"Sin", importUnary<SinOp>},
      {"Cos", importUnary<CosOp>},
      {"Tan", importUnary<TanOp>},
      {"Asin", importUnary<AsinOp>},
      {"Acos", importUnary<AcosOp>},
      {"Atan", importUnary<AtanOp>},
      {"Sinh", importUnary<SinhOp>},
      {"Cosh", importUnary<CoshOp>},
      {"Asinh", importUnary<AsinhOp>},
      {"Acosh", importUnary<AcoshOp>},
      {"Atanh", importUnary<AtanhOp>},
      {"Sigmoid", importUnary<SigmoidOp>},
      {"Softplus", importUnary<SoftplusOp>},
      {"Relu", importUnary<ReluOp>},
      {"Identity", importUnary<IdentityOp>},
      {"LeakyRelu",
       [](NodeImporter &n) {
         importFloatAttrUnary<LeakyReluOp>(n, FloatAttrDefault{"alpha", 0.01f});
       }},
      {"Elu",
       [](NodeImporter &n) {
         importFloatAttrUnary<EluOp>(n, FloatAttrDefault{"alpha", 1.0f});
       }},
      {"Selu",
       [](NodeImporter &n) {
         importFloatAttrUnary<SeluOp>(
             n, FloatAttrDefault{"alpha", 1.67326319217681884765625f},
             FloatAttrDefault{"gamma", 1.05070102214813232421875f});
       }},
      {"Clip", importClip},
      {"Add", importBinary<AddOp>},
      {"Sub", importBinary<SubOp>},
      {"Mul", importBinary<MulOp>},
      {"Div", importBinary<DivOp>},
      {"BitShift", importBitShift},
      {"Pow", importPow},
      {"Equal", importBinary<EqualOp>},
      {"Less", importBinary<LessOp>},
      {"Greater", importBinary<GreaterOp>},
      {"Where", importWhere},
      {"Cast", importCast},
      {"MatMul", importMatMul},
      {"Gemm", importGemm},
      {"Softmax", importSoftmax<SoftmaxOp>},
      {"LogSoftmax", importSoftmax<LogSoftmaxOp>},
      {"Reshape", importReshape},
      {"Flatten", importFlatten},
      {"Transpose", importTranspose},
      {"Concat", importConcat},
      {"Slice", importSlice},
      {"Gather", importGather},
      {"Squeeze", [](NodeImporter &n) { importAxesOp<SqueezeOp>(n, false); }},
      {"Unsqueeze", [](NodeImporter &n) { importAxesOp<UnsqueezeOp>(n, true); }},
      {"Shape", importShape},
      {"Constant", importConstant},
      {"ConstantOfShape", importConstantOfShape},
      {"ReduceSum",
       [](NodeImporter &n) { importReduce<ReduceSumOp>(n, n.opset() >= 13); }},
      {"ReduceMean",
       [](NodeImporter &n) { importReduce<ReduceMeanOp>(n, n.opset() >= 18); }},
      {"ReduceMax",
       [](NodeImporter &n) { importReduce<ReduceMaxOp>(n, n.opset() >= 18); }},
      {"ReduceProd",
       [](NodeImporter &n) { importReduce<ReduceProdOp>(n, n.opset() >= 18); }},
      {"ArgMax", importArgMax},
      {"Conv", importConv},
      {"ConvTranspose", importConvTranspose},
      {"MaxPool", importMaxPool},
      {"AveragePool", importAveragePool},
      {"GlobalAveragePool", importGlobalPool<ReduceMeanOp>},
      {"GlobalMaxPool", importGlobalPool<ReduceMaxOp>},
      {"BatchNormalization", importBatchNorm},
      {"LSTM", importLstm},
      {"GRU", importGru},
      {"RNN", importRnn},
      {"Dropout", importDropout},
      {"RandomNormalLike", importRandomNormalLike},
      {"RandomNormal", importRandomNormalShape},
  };
  for (const auto *importers :
       {&composedOpImporters(), &selectionOpImporters(), &lossOpImporters(),
        &normalizationOpImporters(), &reshapingOpImporters(),
        &resizeOpImporters(), &quantizationOpImporters(),
        &trainingOpImporters(), &indexedOpImporters(),
        &sequenceOpImporters(), &einsumOpImporters(),
        &gridSampleOpImporters(), &spectralOpImporters(),
        &determinantOpImporters(), &controlFlowOpImporters()})
    for (const auto &[name, importer] : *importers)
      table[name] = importer;
  return table;
  }();
  return table;
}

} // namespace

std::optional<ReduceOptions> readReduceOptions(NodeImporter &n,
                                               bool axesInput) {
  ReduceOptions options;
  if (axesInput) {
    if (n.hasInput(1)) {
      std::optional<SmallVector<int64_t>> constant = n.constantInts(1);
      if (!constant)
        return std::nullopt;
      options.axes = *constant;
    }
  } else {
    options.axes = n.intsAttr("axes", {});
  }
  options.keepdims = n.intAttr("keepdims", 1);
  options.noop = options.axes.empty() && n.intAttr("noop_with_empty_axes", 0);
  return options;
}

const OpImporter *findOpImporter(StringRef op) {
  auto found = opImporters().find(op);
  return found == opImporters().end() ? nullptr : &found->second;
}

bool isConstantOperand(StringRef op, int64_t opset, int index) {
  if (op == "Reshape")
    return opset >= 5 && index == 1;
  if (op == "ConstantOfShape")
    return index == 0;
  if (op == "Squeeze" || op == "Unsqueeze" || op == "ReduceSum")
    return opset >= 13 && index == 1;
  if (op == "Slice")
    return opset >= 10 && index >= 1;
  if (op == "Clip")
    return opset >= 11 && index >= 1;
  if (op == "Dropout")
    return opset >= 12 && index >= 1;
  if (op == "Expand" || op == "Trilu" || op == "CumSum" || op == "OneHot" ||
      op == "Tile")
    return index == 1;
  if (op == "Range" || op == "HannWindow" || op == "HammingWindow" ||
      op == "BlackmanWindow")
    return true;
  if (op == "Resize")
    return index >= 1; // roi, scales, sizes (opset 10: scales)
  if (op == "Upsample")
    return index == 1;
  if (op == "MaxUnpool")
    return index == 2; // output_shape
  if (op == "TopK")
    return opset >= 10 && index == 1;
  if (op == "DFT")
    return index == 1; // dft_length
  if (op == "STFT")
    return index == 1 || index == 3; // frame_step, frame_length
  if (op == "Compress")
    return index == 1; // the condition decides the output's shape
  if (op == "Loop")
    return index == 0; // the trip count decides the scan outputs' shapes
  // Sequences are resolved during import (SequenceImporters.cpp).
  if (op == "SequenceInsert")
    return index == 2;
  if (op == "SequenceAt" || op == "SequenceErase" || op == "SplitToSequence")
    return index == 1;
  if (op == "Split")
    return opset >= 13 && index == 1;
  if (op == "Pad")
    return opset >= 11 && index >= 1;
  if (op == "ReduceMean" || op == "ReduceMax" || op == "ReduceMin" ||
      op == "ReduceProd" ||
      op == "ReduceL1" || op == "ReduceL2" || op == "ReduceSumSquare" ||
      op == "ReduceLogSum" || op == "ReduceLogSumExp")
    return opset >= 18 && index == 1;
  return false;
}

} // namespace dlc
