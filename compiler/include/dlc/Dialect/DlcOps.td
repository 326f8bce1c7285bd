//===- DlcOps.td - Operators of the dlc dialect ------------*- tablegen -*-===//
//
// Operators follow ONNX semantics (opset 13+ forms); the importer normalizes
// older opsets and turns constant operands (shapes, axes) into attributes.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_OPS_TD
#define DLC_OPS_TD

include "dlc/Dialect/DlcDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Elementwise operators
//===----------------------------------------------------------------------===//

class Dlc_UnaryOp<string mnemonic, TypeConstraint type, string doc,
                  list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let summary = doc;
  let description = "Elementwise: `result[i] = " # doc # "`.";
  let arguments = (ins type:$input);
  let results = (outs type:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Dlc_NegOp : Dlc_UnaryOp<"neg", Dlc_NumericTensor, "-input[i]"> {
  let hasFolder = 1;
}
def Dlc_AbsOp : Dlc_UnaryOp<"abs", Dlc_NumericTensor, "|input[i]|"> {
  let hasFolder = 1;
}
def Dlc_ExpOp : Dlc_UnaryOp<"exp", Dlc_FloatTensor, "exp(input[i])">;
def Dlc_LogOp : Dlc_UnaryOp<"log", Dlc_FloatTensor, "log(input[i])">;
def Dlc_SqrtOp : Dlc_UnaryOp<"sqrt", Dlc_FloatTensor, "sqrt(input[i])">;
def Dlc_TanhOp : Dlc_UnaryOp<"tanh", Dlc_FloatTensor, "tanh(input[i])">;
def Dlc_ErfOp : Dlc_UnaryOp<"erf", Dlc_FloatTensor, "erf(input[i])">;
def Dlc_FloorOp : Dlc_UnaryOp<"floor", Dlc_FloatTensor, "floor(input[i])"> {
  let hasFolder = 1;
}
def Dlc_CeilOp : Dlc_UnaryOp<"ceil", Dlc_FloatTensor, "ceil(input[i])"> {
  let hasFolder = 1;
}
def Dlc_RoundOp : Dlc_UnaryOp<"round", Dlc_FloatTensor,
    "input[i] rounded to the nearest integer, halves to even">;
def Dlc_SinOp : Dlc_UnaryOp<"sin", Dlc_FloatTensor, "sin(input[i])">;
def Dlc_CosOp : Dlc_UnaryOp<"cos", Dlc_FloatTensor, "cos(input[i])">;
def Dlc_TanOp : Dlc_UnaryOp<"tan", Dlc_FloatTensor, "tan(input[i])">;
def Dlc_AsinOp : Dlc_UnaryOp<"asin", Dlc_FloatTensor, "asin(input[i])">;
def Dlc_AcosOp : Dlc_UnaryOp<"acos", Dlc_FloatTensor, "acos(input[i])">;
def Dlc_AtanOp : Dlc_UnaryOp<"atan", Dlc_FloatTensor, "atan(input[i])">;
def Dlc_SinhOp : Dlc_UnaryOp<"sinh", Dlc_FloatTensor, "sinh(input[i])">;
def Dlc_CoshOp : Dlc_UnaryOp<"cosh", Dlc_FloatTensor, "cosh(input[i])">;
def Dlc_AsinhOp : Dlc_UnaryOp<"asinh", Dlc_FloatTensor, "asinh(input[i])">;
def Dlc_AcoshOp : Dlc_UnaryOp<"acosh", Dlc_FloatTensor, "acosh(input[i])">;
def Dlc_AtanhOp : Dlc_UnaryOp<"atanh", Dlc_FloatTensor, "atanh(input[i])">;
def Dlc_SigmoidOp
    : Dlc_UnaryOp<"sigmoid", Dlc_FloatTensor, "1 / (1 + exp(-input[i]))">;
def Dlc_SoftplusOp
    : Dlc_UnaryOp<"softplus", Dlc_FloatTensor, "log(1 + exp(input[i]))">;
def Dlc_ReluOp : Dlc_UnaryOp<"relu", Dlc_NumericTensor, "max(input[i], 0)"> {
  let hasFolder = 1;
}
def Dlc_IdentityOp : Dlc_UnaryOp<"identity", Dlc_Tensor, "input[i]"> {
  let hasFolder = 1;
}

class Dlc_ParamUnaryOp<string mnemonic, string doc, dag params>
    : Dlc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = doc;
  let description = "Elementwise: `result[i] = " # doc # "`.";
  let arguments = !con((ins Dlc_FloatTensor:$input), params);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Dlc_LeakyReluOp : Dlc_ParamUnaryOp<"leaky_relu",
    "x >= 0 ? x : alpha * x", (ins DefaultValuedAttr<F32Attr, "0.01">:$alpha)>;
def Dlc_EluOp : Dlc_ParamUnaryOp<"elu",
    "x >= 0 ? x : alpha * (exp(x) - 1)",
    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;
def Dlc_SeluOp : Dlc_ParamUnaryOp<"selu",
    "gamma * (x > 0 ? x : alpha * (exp(x) - 1))",
    (ins DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
         DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma)>;
def Dlc_ClipOp : Dlc_ParamUnaryOp<"clip",
    "min(max(x, min), max); an absent bound does not clip",
    (ins OptionalAttr<F32Attr>:$min, OptionalAttr<F32Attr>:$max)>;

// Binary operators broadcast their operands numpy-style.
class Dlc_BinaryOp<string mnemonic, string doc, TypeConstraint type,
                   TypeConstraint resultType, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])> {
  let summary = doc;
  let description = "Elementwise with numpy broadcasting: `result = " # doc #
      "`. Operands have the same element type.";
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs resultType:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
}

def Dlc_AddOp : Dlc_BinaryOp<"add", "lhs + rhs", Dlc_NumericTensor,
                             Dlc_NumericTensor, [Commutative]> {
  let hasFolder = 1;
}
def Dlc_SubOp : Dlc_BinaryOp<"sub", "lhs - rhs", Dlc_NumericTensor,
                             Dlc_NumericTensor> {
  let hasFolder = 1;
}
def Dlc_MulOp : Dlc_BinaryOp<"mul", "lhs * rhs", Dlc_NumericTensor,
                             Dlc_NumericTensor, [Commutative]> {
  let hasFolder = 1;
}
def Dlc_DivOp : Dlc_BinaryOp<"div", "lhs / rhs (integers truncate)",
                             Dlc_NumericTensor, Dlc_NumericTensor> {
  let hasFolder = 1;
}
def Dlc_PowOp : Dlc_BinaryOp<"pow", "lhs ** rhs", Dlc_FloatTensor,
                             Dlc_FloatTensor>;
def Dlc_EqualOp : Dlc_BinaryOp<"equal", "lhs == rhs", Dlc_Tensor,
                               Dlc_BoolTensor, [Commutative]> {
  let hasFolder = 1;
}
def Dlc_LessOp : Dlc_BinaryOp<"less", "lhs < rhs", Dlc_NumericTensor,
                              Dlc_BoolTensor> {
  let hasFolder = 1;
}
def Dlc_GreaterOp : Dlc_BinaryOp<"greater", "lhs > rhs", Dlc_NumericTensor,
                                 Dlc_BoolTensor> {
  let hasFolder = 1;
}
def Dlc_ShiftLeftOp
    : Dlc_BinaryOp<"shift_left", "lhs << rhs (0 when rhs >= the bit width)",
                   Dlc_IntegerTensor, Dlc_IntegerTensor>;
def Dlc_ShiftRightOp
    : Dlc_BinaryOp<"shift_right",
                   "lhs >> rhs (arithmetic for signed integers, logical for "
                   "unsigned ones; rhs >= the bit width shifts every bit out)",
                   Dlc_IntegerTensor, Dlc_IntegerTensor>;

def Dlc_WhereOp : Dlc_Op<"where", [Pure, InferTypeOpAdaptor]> {
  let summary = "Select elementwise between two tensors";
  let description = [{
    `result = condition ? lhs : rhs`, all three broadcast numpy-style.
  }];
  let arguments = (ins Dlc_BoolTensor:$condition, Dlc_Tensor:$lhs,
                       Dlc_Tensor:$rhs);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $lhs `,` $rhs attr-dict `:` type($condition) `,` type($lhs)
    `,` type($rhs) `->` type($result)
  }];
  let hasFolder = 1;
}

def Dlc_CastOp : Dlc_Op<"cast", [Pure, InferTypeOpAdaptor]> {
  let summary = "Convert the element type";
  let description = [{
    Converts each element to `to`: float to integer truncates toward zero,
    to bool tests for non-zero.
  }];
  let arguments = (ins Dlc_Tensor:$input, TypeAttr:$to);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_DropoutOp : Dlc_Op<"dropout", [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "Random zeroing in training, identity otherwise";
  let description = [{
    Without `seed` (inference, evaluation) the result is the input. With a
    `seed` (a training step's int64 scalar), each element is kept with
    probability 1 - ratio and scaled by 1 / (1 - ratio), else zeroed. Element
    i is kept when the top 24 bits of splitmix64(seed ^ stream-mix, i) give a
    value >= ratio: a counter-based generator, so the mask is a function of
    (seed, stream, i) only, identical on every run, and the gradient can
    rebuild it. `stream` separates the dropout layers of one graph.
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       Optional<RankedTensorOf<[I64]>>:$seed,
                       F32Attr:$ratio, Dlc_I64Attr:$stream);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`,` $seed^ `:` type($seed))? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Dlc_RandomNormalOp : Dlc_Op<"random_normal",
    [Pure, AllTypesMatch<["like", "result"]>]> {
  let summary = "Gaussian noise shaped like a tensor (ONNX RandomNormalLike)";
  let description = [{
    Each element is mean + scale * n, n a standard normal draw made by the
    Box-Muller transform of two uniforms from splitmix64(key, 2i + 1) and
    splitmix64(key, 2i + 2), where key mixes `seed` (a training step's
    int64 scalar) with `stream`, as dlc.dropout draws its masks: a
    counter-based generator, so the noise is a function of (seed, stream,
    i) only. Without a seed (inference) the key is `stream` alone: one
    fixed sample, the same on every call. Only the shape and element type
    of `like` are read, never its values.
  }];
  let arguments = (ins Dlc_FloatTensor:$like,
                       Optional<RankedTensorOf<[I64]>>:$seed,
                       F32Attr:$mean, F32Attr:$scale, Dlc_I64Attr:$stream);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $like (`,` $seed^ `:` type($seed))? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Dlc_MatMulOp : Dlc_Op<"matmul", [Pure, InferTypeOpAdaptor]> {
  let summary = "Matrix product with numpy semantics";
  let description = [{
    Operands of rank >= 2 multiply their last two dimensions; leading (batch)
    dimensions broadcast. A rank-1 operand is treated as a row (lhs) or column
    (rhs) vector and that dimension is dropped from the result, as in
    `numpy.matmul`. Example: `tensor<?x784xf32>, tensor<784x512xf32> ->
    tensor<?x512xf32>`.
  }];
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)";
}

def Dlc_GemmOp : Dlc_Op<"gemm", [Pure, InferTypeOpAdaptor]> {
  let summary = "alpha * op(A) * op(B) + beta * C";
  let description = [{
    `op(X)` is X or its transpose per `trans_a` / `trans_b`; A and B are
    matrices, the optional C broadcasts to the M x N result (ONNX Gemm).
  }];
  let arguments = (ins Dlc_FloatTensor:$a, Dlc_FloatTensor:$b,
                       Optional<Dlc_FloatTensor>:$c,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0">:$beta,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_b);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` type($a) `,` type($b) (`,` type($c)^)?
    `->` type($result)
  }];
}

def Dlc_ConvOp : Dlc_Op<"conv", [Pure, InferTypeOpAdaptor]> {
  let summary = "N-d grouped convolution (ONNX Conv, NC[spatial] layout)";
  let description = [{
    `input` is N x C x D1..Dk, `weight` is M x C/group x K1..Kk, optional
    `bias` has M elements. `pads` lists the k begin paddings then the k end
    paddings; `strides` and `dilations` have k entries. Result:
    N x M x O1..Ok with Oi = (Di + padsBegin + padsEnd - dil*(Ki-1) - 1) / stride + 1.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                       Optional<Dlc_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<Dlc_I64Attr, "1">:$group);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` type($input) `,`
    type($weight) (`,` type($bias)^)? `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling and normalization
//===----------------------------------------------------------------------===//

class Dlc_PoolOp<string mnemonic, string doc, dag extraAttrs,
                 TypeConstraint type = Dlc_FloatTensor>
    : Dlc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = doc;
  let description = [{
    Pools windows of `kernel_shape` over the spatial dimensions of an
    N x C x D1..Dk input; `pads` lists k begin then k end paddings;
    `ceil_mode` rounds the output size up.
  }];
  let arguments = !con((ins type:$input,
                            DenseI64ArrayAttr:$kernel_shape,
                            DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$pads,
                            DenseI64ArrayAttr:$dilations,
                            DefaultValuedAttr<BoolAttr, "false">:$ceil_mode),
                       extraAttrs);
  let results = (outs type:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_MaxPoolOp : Dlc_PoolOp<"max_pool", "Maximum over sliding windows",
                               (ins), Dlc_NumericTensor>;
def Dlc_AveragePoolOp : Dlc_PoolOp<"average_pool", "Mean over sliding windows",
    (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad)>;

def Dlc_BatchNormOp : Dlc_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "Batch normalization with given statistics (inference)";
  let description = [{
    `result = scale * (input - mean) / sqrt(variance + epsilon) + bias`, with
    the C-element vectors broadcast along dimension 1 of an N x C x ... input.
    Training steps replace it by normalization with the batch's statistics
    and update the moving ones: `mean = mean * momentum + batch_mean * (1 -
    momentum)`, likewise the variance (ONNX's convention for `momentum`).
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Dlc_FloatTensor:$bias, Dlc_FloatTensor:$mean,
                       Dlc_FloatTensor:$variance,
                       DefaultValuedAttr<F32Attr, "1e-5">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9">:$momentum);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

class Dlc_SoftmaxLikeOp<string mnemonic, string doc>
    : Dlc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = doc;
  let description = doc # " along `axis` (negative counts from the end).";
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<Dlc_I64Attr, "-1">:$axis);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}
def Dlc_SoftmaxOp : Dlc_SoftmaxLikeOp<"softmax", "exp(x) / sum(exp(x))">;
def Dlc_LogSoftmaxOp
    : Dlc_SoftmaxLikeOp<"log_softmax", "x - log(sum(exp(x)))">;

//===----------------------------------------------------------------------===//
// Gradients of convolution and pooling
//===----------------------------------------------------------------------===//

// The reverse-mode rules of dlc.conv, dlc.max_pool and dlc.average_pool
// build these ops. Each takes the forward op's window attributes unchanged
// and `result_grad`, the gradient with respect to the forward result, whose
// shape the shape rule checks against the forward shape rule. They are not
// differentiable themselves.

def Dlc_ConvInputGradOp : Dlc_Op<"conv_input_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of dlc.conv with respect to its input";
  let description = [{
    For `y = conv(x, weight)` with the same attributes, returns dL/dx given
    `result_grad` = dL/dy (N x M x O1..Ok) and `weight` (M x C/group x
    K1..Kk): `dx[n, c, i] = sum over m, k with o * stride + k * dilation =
    i + padsBegin of dy[n, m, o] * weight[m, c, k]` (c and m in the same
    group). `input_spatial_shape` gives D1..Dk, which the output sizes do not
    determine when a stride drops trailing input; the result is
    N x C x D1..Dk.
  }];
  let arguments = (ins Dlc_FloatTensor:$result_grad, Dlc_FloatTensor:$weight,
                       DenseI64ArrayAttr:$input_spatial_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<Dlc_I64Attr, "1">:$group);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $weight attr-dict `:` type($result_grad) `,` type($weight)
    `->` type($result)
  }];
}

def Dlc_ConvWeightGradOp : Dlc_Op<"conv_weight_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of dlc.conv with respect to its weight";
  let description = [{
    For `y = conv(input, w)` with the same attributes, returns dL/dw given
    `input` (N x C x D1..Dk) and `result_grad` = dL/dy (N x M x O1..Ok):
    `dw[m, c, k] = sum over n, o of dy[n, m, o] * padded[n, c', o * stride +
    k * dilation]`, where c' is channel c of m's group and `padded` is the
    zero-padded input. `kernel_shape` gives K1..Kk; the result is
    M x C/group x K1..Kk.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$result_grad,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<Dlc_I64Attr, "1">:$group);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $result_grad attr-dict `:` type($input) `,` type($result_grad)
    `->` type($result)
  }];
}

def Dlc_MaxPoolGradOp : Dlc_Op<"max_pool_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of dlc.max_pool with respect to its input";
  let description = [{
    For `y = max_pool(input)` with the same attributes, returns dL/dinput
    given `result_grad` = dL/dy: each window passes its gradient to the
    element that holds its maximum. When several elements of a window tie
    for the maximum, only the first in window order (row-major over the
    kernel offsets) receives it, as in PyTorch and TensorFlow, so that each
    window's gradient is counted once. An element that is the maximum of
    several overlapping windows receives the sum of their gradients. The
    result has the input's type.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$result_grad,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $result_grad attr-dict `:` type($input) `,` type($result_grad)
    `->` type($result)
  }];
}

def Dlc_AveragePoolGradOp : Dlc_Op<"average_pool_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of dlc.average_pool with respect to its input";
  let description = [{
    For `y = average_pool(x)` with the same attributes, returns dL/dx given
    `result_grad` = dL/dy (N x C x O1..Ok): each window spreads its gradient
    evenly over the input elements it covers, divided by the count the
    forward op divides by (padding included or not per
    `count_include_pad`). `input_spatial_shape` gives D1..Dk; the result is
    N x C x D1..Dk.
  }];
  let arguments = (ins Dlc_FloatTensor:$result_grad,
                       DenseI64ArrayAttr:$input_spatial_shape,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $result_grad attr-dict `:` type($result_grad) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Recurrent operators
//===----------------------------------------------------------------------===//

// LSTM, GRU and RNN share their operands, attributes and shape rule; they
// differ in the gate count G (W is num_directions x G*hidden_size x input),
// in the cell state of LSTM and in a few attributes (`extraOperands`,
// `extraAttrs`).
class Dlc_RecurrentOp<string mnemonic, string doc, string gates,
                      string defaults, dag extraOperands, dag extraAttrs,
                      dag cellResults>
    : Dlc_Op<mnemonic, [Pure, AttrSizedOperandSegments, InferTypeOpAdaptor]> {
  let summary = doc;
  let description = [{
    One recurrent layer with ONNX semantics (opsets 1 to 17; before 7 only
    the output_sequence hint differs). Layout 0: `x` is [seq, batch, input],
    `w` [num_directions, G*hidden, input], `r` [num_directions, G*hidden,
    hidden], `b` (the input then the recurrent biases) [num_directions,
    2*G*hidden], `sequence_lens` [batch] (steps at or beyond a sequence's
    length keep the state and yield zeros in `y`), initial states
    [num_directions, batch, hidden]; results `y` [seq, num_directions, batch,
    hidden] and the final states [num_directions, batch, hidden].
    Layout 1 puts the batch first: `x` [batch, seq, input], states
    [batch, num_directions, hidden], `y` [batch, seq, num_directions, hidden].
    Absent biases and initial states are zeros.

    `direction` is forward, reverse or bidirectional (num_directions = 2,
    the reverse pass second). `activations` lists the functions of each
    direction (empty: the defaults }] # defaults # [{); names are those of
    ONNX, case-insensitive. `activation_alpha` and `activation_beta` are
    consumed in order by the functions that take them; a function without a
    value left gets the default of its ONNX operator. `clip` bounds the gate
    pre-activations to [-clip, clip].

    `recurrent_mask` (dlc's addition, shaped like `initial_h`) multiplies
    Ht-1 where it enters the products with R, every step: Keras's
    recurrent dropout, whose mask a layer draws once per sequence. Ht-1
    itself, as the state carried on, stays unmasked.

    Gates: }] # gates;
  let arguments = !con(
      (ins Dlc_FloatTensor:$x, Dlc_FloatTensor:$w, Dlc_FloatTensor:$r,
           Optional<Dlc_FloatTensor>:$b,
           Optional<Dlc_IndexTensor>:$sequence_lens,
           Optional<Dlc_FloatTensor>:$initial_h),
      extraOperands,
      (ins Optional<Dlc_FloatTensor>:$recurrent_mask,
           Dlc_I64Attr:$hidden_size,
           DefaultValuedAttr<StrAttr, "\"forward\"">:$direction,
           DefaultValuedAttr<StrArrayAttr, "{}">:$activations,
           DefaultValuedAttr<DenseF32ArrayAttr, "{}">:$activation_alpha,
           DefaultValuedAttr<DenseF32ArrayAttr, "{}">:$activation_beta,
           OptionalAttr<F32Attr>:$clip,
           DefaultValuedAttr<Dlc_I64Attr, "0">:$layout),
      extraAttrs);
  let results = !con((outs Dlc_FloatTensor:$y, Dlc_FloatTensor:$y_h),
                     cellResults);
  // Optional operands are spelled by name: `bias(%b)`.
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)?
    (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)?
    (`recurrent_mask` `(` $recurrent_mask^ `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The activation functions used when `activations` is empty, for one
    /// direction.
    static llvm::ArrayRef<::dlc::RecurrentActivationKind> defaultActivations();
    int64_t getNumDirections() {
      return getDirection() == "bidirectional" ? 2 : 1;
    }
    /// The activation functions of every direction, with their alpha and
    /// beta resolved (the op verified).
    llvm::SmallVector<::dlc::RecurrentActivation> resolveActivations();
  }];
}

def Dlc_LstmOp : Dlc_RecurrentOp<"lstm", "Long short-term memory layer (ONNX LSTM)",
    [{with f, g, h the activations (default Sigmoid, Tanh, Tanh),
    W, R, B and P sliced per gate in the order i, o, f, c (P: i, o, f):

        i = f(Xt Wi^T + Ht-1 Ri^T + Pi . Ct-1 + Wbi + Rbi)
        f = f(Xt Wf^T + Ht-1 Rf^T + Pf . Ct-1 + Wbf + Rbf)  (1 - i with input_forget)
        c = g(Xt Wc^T + Ht-1 Rc^T + Wbc + Rbc)
        Ct = f . Ct-1 + i . c
        o = f(Xt Wo^T + Ht-1 Ro^T + Po . Ct + Wbo + Rbo)
        Ht = o . h(Ct)

    `p` (peepholes) is [num_directions, 3*hidden]; `initial_c` and `y_c` are
    shaped like `initial_h` and `y_h`.}], "Sigmoid, Tanh, Tanh",
    (ins Optional<Dlc_FloatTensor>:$initial_c, Optional<Dlc_FloatTensor>:$p),
    (ins DefaultValuedAttr<BoolAttr, "false">:$input_forget),
    (outs Dlc_FloatTensor:$y_c)> {
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)?
    (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? (`initial_c` `(` $initial_c^ `)`)?
    (`peepholes` `(` $p^ `)`)?
    (`recurrent_mask` `(` $recurrent_mask^ `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Dlc_GruOp : Dlc_RecurrentOp<"gru", "Gated recurrent unit layer (ONNX GRU)",
    [{with f, g the activations (default Sigmoid, Tanh), W, R and B sliced
    per gate in the order z, r, h:

        z = f(Xt Wz^T + Ht-1 Rz^T + Wbz + Rbz)
        r = f(Xt Wr^T + Ht-1 Rr^T + Wbr + Rbr)
        h = g(Xt Wh^T + (r . Ht-1) Rh^T + Rbh + Wbh)       (linear_before_reset = false)
        h = g(Xt Wh^T + r . (Ht-1 Rh^T + Rbh) + Wbh)       (linear_before_reset = true)
        Ht = (1 - z) . h + z . Ht-1}], "Sigmoid, Tanh",
    (ins), (ins DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset),
    (outs)>;

def Dlc_RnnOp : Dlc_RecurrentOp<"rnn", "Simple recurrent layer (ONNX RNN)",
    [{with f the activation (default Tanh):

        Ht = f(Xt Wi^T + Ht-1 Ri^T + Wbi + Rbi)}], "Tanh",
    (ins), (ins), (outs)>;

// The reverse-mode rules of dlc.rnn, dlc.gru and dlc.lstm build these ops:
// backpropagation through time needs a loop, which no composition of other
// dlc ops expresses.

// The forward op's activations, clip and sequence_lens carry over to its
// gradient op, for the one direction it differentiates.
class Dlc_RecurrentGradOp<string mnemonic, string forward, string doc,
                          dag extraOperands, dag extraResultGrads,
                          dag extraAttrs, dag extraResults,
                          string extraOperandFormat,
                          string resultGradFormat>
    : Dlc_Op<mnemonic, [Pure, AttrSizedOperandSegments, InferTypeOpAdaptor]> {
  let summary = "Gradients of a forward, layout-0 dlc." # forward #
                " (backpropagation through time)";
  let description = [{
    For the op `dlc.}] # forward # [{` in layout 0 with direction forward
    and the same `sequence_lens`, activations (of one direction), `clip`
    and other attributes, returns the gradients with respect to its float
    operands given the forward result `y` (it holds every hidden state Ht)
    and the gradients of its results. The steps run backwards, each
    recomputing its gate pre-activations from Ht-1; a step at or beyond a
    sequence's length passes the state's gradient on unchanged and gives
    its gates none. `recurrent_mask` [1, batch, hidden] is the forward
    op's (it gets no gradient). The gradients of the bias and of the
    initial states are produced even when the forward op had no such
    operand (an absent initial state is zeros).

    }] # doc;
  let arguments = !con(
      (ins Dlc_FloatTensor:$x, Dlc_FloatTensor:$w, Dlc_FloatTensor:$r,
           Optional<Dlc_FloatTensor>:$b,
           Optional<Dlc_IndexTensor>:$sequence_lens,
           Optional<Dlc_FloatTensor>:$initial_h),
      extraOperands,
      (ins Optional<Dlc_FloatTensor>:$recurrent_mask,
           Dlc_FloatTensor:$y, Dlc_FloatTensor:$y_grad,
           Dlc_FloatTensor:$y_h_grad),
      extraResultGrads,
      (ins DefaultValuedAttr<StrArrayAttr, "{}">:$activations,
           DefaultValuedAttr<DenseF32ArrayAttr, "{}">:$activation_alpha,
           DefaultValuedAttr<DenseF32ArrayAttr, "{}">:$activation_beta,
           OptionalAttr<F32Attr>:$clip),
      extraAttrs);
  let results = !con((outs Dlc_FloatTensor:$x_grad, Dlc_FloatTensor:$w_grad,
                           Dlc_FloatTensor:$r_grad, Dlc_FloatTensor:$b_grad,
                           Dlc_FloatTensor:$initial_h_grad),
                     extraResults);
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)?
    (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? }] # extraOperandFormat # [{
    (`recurrent_mask` `(` $recurrent_mask^ `)`)? }] # resultGradFormat # [{
    attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Those of the forward op, for one direction.
    static llvm::ArrayRef<::dlc::RecurrentActivationKind> defaultActivations();
    int64_t getNumDirections() { return 1; }
    llvm::SmallVector<::dlc::RecurrentActivation> resolveActivations();
  }];
}

def Dlc_RnnGradOp : Dlc_RecurrentGradOp<"rnn_grad", "rnn", [{
    With f' the activation's derivative at the pre-activation At:

        dHt = y_grad[t] + dAt+1 R      (dH of the last step: y_h_grad + y_grad[last])
        dAt = dHt . f'(At)
        dX[t] = dAt W,  dW = sum dAt^T Xt,  dR = sum dAt^T Ht-1,
        dWb = dRb = sum dAt,  dinitial_h = dA0 R}],
    (ins), (ins), (ins), (outs), "", [{`,` $y `,` $y_grad `,` $y_h_grad}]>;

def Dlc_GruGradOp : Dlc_RecurrentGradOp<"gru_grad", "gru", [{
    The gates z, r, h are recomputed from Ht-1; `b_grad` is [1, 6 x hidden].}],
    (ins), (ins),
    (ins DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset), (outs),
    "", [{`,` $y `,` $y_grad `,` $y_h_grad}]>;

def Dlc_LstmGradOp : Dlc_RecurrentGradOp<"lstm_grad", "lstm", [{
    The cell states are recomputed by running the forward steps again; each
    reverse step turns dHt and dCt into the gradients of its four gate
    pre-activations and of Ht-1 and Ct-1. `b_grad` is [1, 8 x hidden],
    `p_grad` [1, 3 x hidden]; with `input_forget` (f = 1 - i) the gates f
    get no gradient.}],
    (ins Optional<Dlc_FloatTensor>:$initial_c, Optional<Dlc_FloatTensor>:$p),
    (ins Dlc_FloatTensor:$y_c_grad),
    (ins DefaultValuedAttr<BoolAttr, "false">:$input_forget),
    (outs Dlc_FloatTensor:$initial_c_grad, Dlc_FloatTensor:$p_grad),
    [{(`initial_c` `(` $initial_c^ `)`)? (`peepholes` `(` $p^ `)`)?}],
    [{`,` $y `,` $y_grad `,` $y_h_grad `,` $y_c_grad}]>;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Dlc_ReduceOp<string mnemonic, string doc, TypeConstraint type>
    : Dlc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = doc;
  let description = [{
    Reduces the dimensions listed in `axes` (all dimensions when empty);
    `keepdims` keeps them with size 1.
  }];
  let arguments = (ins type:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs type:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_ReduceSumOp : Dlc_ReduceOp<"reduce_sum", "Sum", Dlc_NumericTensor>;
def Dlc_ReduceMeanOp : Dlc_ReduceOp<"reduce_mean", "Mean", Dlc_FloatTensor>;
def Dlc_ReduceMaxOp : Dlc_ReduceOp<"reduce_max", "Maximum", Dlc_NumericTensor>;
def Dlc_ReduceProdOp
    : Dlc_ReduceOp<"reduce_prod", "Product", Dlc_NumericTensor>;

def Dlc_ArgMaxOp : Dlc_Op<"argmax", [Pure, InferTypeOpAdaptor]> {
  let summary = "Index of the maximum along an axis";
  let description = [{
    Returns int64 indices; ties resolve to the first index, or the last when
    `select_last_index` is set.
  }];
  let arguments = (ins Dlc_NumericTensor:$input, Dlc_I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def Dlc_ReshapeOp : Dlc_Op<"reshape", [Pure, InferTypeOpAdaptor]> {
  let summary = "Reshape with ONNX conventions";
  let description = [{
    `shape` gives the new dimensions: -1 (at most once) is inferred from the
    element count and 0 copies the input's dimension at that position (unless
    `allowzero`). Example: `shape = [0, -1]` flattens all but the first dim.
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$shape,
                       DefaultValuedAttr<BoolAttr, "false">:$allowzero);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_FlattenOp : Dlc_Op<"flatten", [Pure, InferTypeOpAdaptor]> {
  let summary = "Collapse to a matrix at `axis`";
  let description = [{
    Result is (d0 * ... * d[axis-1]) x (d[axis] * ... * d[n-1]).
  }];
  let arguments = (ins Dlc_Tensor:$input, DefaultValuedAttr<Dlc_I64Attr, "1">:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_SqueezeOp : Dlc_Op<"squeeze", [Pure, InferTypeOpAdaptor]> {
  let summary = "Remove size-1 dimensions";
  let description = [{
    Removes the dimensions in `axes`, which must have size 1, or every size-1
    dimension when `axes` is empty.
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_UnsqueezeOp : Dlc_Op<"unsqueeze", [Pure, InferTypeOpAdaptor]> {
  let summary = "Insert size-1 dimensions";
  let description = "Inserts a size-1 dimension at each position of `axes` "
                    "(positions in the result).";
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_TransposeOp : Dlc_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "Permute dimensions";
  let description = "`result.shape[i] = input.shape[perm[i]]`.";
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_ConcatOp : Dlc_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "Join tensors along an axis";
  let description = "All inputs agree on every dimension except `axis`.";
  let arguments = (ins Variadic<Dlc_Tensor>:$inputs, Dlc_I64Attr:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_SliceOp : Dlc_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "Strided slice (ONNX Slice)";
  let description = [{
    For each `axes[i]`, takes `starts[i]` to `ends[i]` (exclusive) with step
    `steps[i]`, as ONNX does: negative starts/ends count from the end, then
    are clamped to [0, dim] for a positive step; a negative step walks
    backwards, its start clamped to [0, dim - 1] and its end to [-1, dim - 1].
    Steps must not be zero. Example: `starts = [-1], ends = [-9223372036854775807],
    steps = [-1]` reverses an axis.
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$axes,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// The elements taken from a dimension of static size `dim` by one
    /// start/end/step triple, with ONNX's clamping.
    static ::dlc::SliceRange resolveRange(int64_t dim, int64_t start,
                                          int64_t end, int64_t step);
    /// The input dimension that entry `index` of the attributes slices.
    int64_t getSlicedDim(unsigned index);
    /// resolveRange for entry `index` (its input dimension must be static).
    ::dlc::SliceRange getRange(unsigned index);
  }];
  let hasFolder = 1;
}

def Dlc_GatherOp : Dlc_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "Take slices along an axis by index (ONNX Gather)";
  let description = [{
    `result` has shape `data.shape[:axis] + indices.shape +
    data.shape[axis+1:]`; negative indices count from the end. An index
    still outside the axis is clamped to it (ONNX leaves it undefined), so
    compiled code never reads outside `data`.
  }];
  let arguments = (ins Dlc_Tensor:$data, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<Dlc_I64Attr, "0">:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat =
      "$data `,` $indices attr-dict `:` type($data) `,` type($indices) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_ScatterAddOp : Dlc_Op<"scatter_add", [Pure]> {
  let summary = "Sum slices into a zero tensor by index (Gather's adjoint)";
  let description = [{
    The transpose of `dlc.gather` along `axis`: the result (its type gives
    the shape of the gathered-from data) starts at zero and every slice
    `updates[.., j, ..]` is added at position `indices[j]` of the axis, so
    repeated indices accumulate. Negative indices count from the end and
    the rest are clamped into the axis, as `dlc.gather` reads them. This is
    how an embedding table receives its gradient.
  }];
  let arguments = (ins Dlc_FloatTensor:$updates, Dlc_IndexTensor:$indices,
                       Dlc_I64Attr:$axis);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $updates `,` $indices attr-dict `:` type($updates) `,` type($indices)
    `->` type($result)
  }];
  let hasVerifier = 1;
}

def Dlc_ScatterOp : Dlc_Op<"scatter",
                           [Pure, AllTypesMatch<["data", "result"]>]> {
  let summary = "Write or combine slices into a tensor by index";
  let description = [{
    The inverse of `dlc.gather` along `axis`: the result starts as `data`,
    then for each position j of `indices` in row-major order the slice
    `updates[.., j.., ..]` (updates has shape `data.shape[:axis] +
    indices.shape + data.shape[axis+1:]`) replaces position `indices[j]` of
    the axis (`reduction` "none"; a later j wins when indices repeat) or is
    combined with it ("add", "mul", "max", "min"). Negative indices count
    from the end and the rest are clamped into the axis, as `dlc.gather`
    reads them. ONNX's ScatterND and ScatterElements import as this op on
    flattened tensors.
  }];
  let arguments = (ins Dlc_Tensor:$data, Dlc_IndexTensor:$indices,
                       Dlc_Tensor:$updates, Dlc_I64Attr:$axis,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` type($data) `,`
    type($indices) `,` type($updates) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Dlc_OneHotOp : Dlc_Op<"one_hot", [Pure, InferTypeOpAdaptor]> {
  let summary = "Class indices to one-hot vectors";
  let description = [{
    Appends a dimension of size `depth`: `result[i..., d] = indices[i...] == d
    ? 1 : 0`, of element type `dtype`. An index outside [0, depth) gives a row
    of zeros. Losses use it to compare sparse labels with class scores.
  }];
  let arguments = (ins Dlc_IndexTensor:$indices, Dlc_I64Attr:$depth,
                       TypeAttr:$dtype);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$indices attr-dict `:` type($indices) `->` type($result)";
}

def Dlc_ShapeOp : Dlc_Op<"shape", [Pure, InferTypeOpAdaptor]> {
  let summary = "The dimensions of a tensor as a 1-D int64 tensor";
  let description = "Dimensions `start` to `end` (exclusive) of the input.";
  let arguments = (ins Dlc_Tensor:$input, Dlc_I64Attr:$start, Dlc_I64Attr:$end);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_ConstantOp : Dlc_Op<"constant", [ConstantLike, Pure,
                                         InferTypeOpAdaptor]> {
  let summary = "A constant tensor (weights, folded values)";
  let description = "`%w = dlc.constant dense<...> : tensor<4xf32>`";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Data-parallel training
//===----------------------------------------------------------------------===//

def Dlc_AllReduceOp : Dlc_Op<"all_reduce",
    [MemoryEffects<[MemRead, MemWrite]>, InferTypeOpAdaptor]> {
  let summary = "Sum over the processes that train together";
  let description = [{
    Result i is operand i summed elementwise over the processes of the
    data-parallel training group (runtime/include/dlc/Runtime/
    ProcessGroup.h); with one process, the operand. A training step built
    with `data-parallel` sums its weighted gradients, losses and metrics
    with it. Every process must reach the same all_reduce ops in the same
    order, as the steps compiled from one model do; because it
    communicates, it is neither moved, merged nor removed.

    It lowers at bufferization, in place where the operands' buffers allow:
    each buffer is named to the runtime (dlc_all_reduce_enqueue), which
    sums them all at once, packed into buckets (dlc_all_reduce_run).
  }];
  let arguments = (ins Variadic<StaticShapeTensorOf<[F32]>>:$inputs);
  let results = (outs Variadic<StaticShapeTensorOf<[F32]>>:$results);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs)";
}

#endif // DLC_OPS_TD
