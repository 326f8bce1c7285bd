//===- GradientCheckTest.cpp - Gradient rules against finite differences -===//
//
// For each case an op is applied to float64 arguments and the loss is
// sum(result * w) with a random w, so every element of the result gradient
// matters. The gradient function that dlc-autodiff generates is compiled
// with the JIT and compared with central differences of the compiled
// forward function. A final test demands that the ops with a gradient rule
// and the ops checked here are the same set.
//
//===----------------------------------------------------------------------===//
#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Compiler/JitFunction.h"
#include "dlc/Dialect/DlcOps.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace mlir;

namespace dlc {
namespace {

struct Argument {
  std::string type;
  /// Values are drawn with magnitudes in [low, high] and a random sign,
  /// unless `positive`; keeping away from 0 keeps kinks (relu, abs) out of
  /// the finite differences.
  double low = 0.2, high = 1.5;
  bool positive = false;
  bool trainable = true;
  /// Magnitudes spread evenly over [low, high] in random order instead: no
  /// two elements are close, so a max pool's choice of maximum holds under
  /// the finite-difference steps.
  bool distinct = false;
};

struct GradientCase {
  std::string name;
  std::string op;
  std::vector<Argument> arguments;
  std::string resultType;
  /// Uses %a0, %a1, ... and defines %r.
  std::string body;
  /// Finite-difference step and relative tolerance; a round trip through
  /// float32 needs a step far above float32's rounding error.
  double step = 1e-6, tolerance = 1e-5;
};

Argument arg(std::string type) { return {std::move(type)}; }
Argument positive(std::string type) {
  return {std::move(type), 0.2, 1.5, true};
}
Argument constant(std::string type) {
  return {std::move(type), 0.2, 1.5, false, false};
}
/// Values of either sign with magnitudes in [low, high] (a function's
/// domain, such as (-1, 1) for asin).
Argument inside(std::string type, double low, double high) {
  return {std::move(type), low, high};
}
/// A recurrent dropout mask: non-negative, not trained.
Argument dropoutMask(std::string type) {
  return {std::move(type), 0.0, 2.0, true, false};
}
Argument distinct(std::string type) {
  return {std::move(type), 0.2, 1.5, false, true, true};
}

GradientCase unary(std::string op, std::string extra = "",
                   Argument input = arg("tensor<3x4xf64>")) {
  std::string name = op.substr(4);
  return {name, op, {input}, input.type,
          "%r = " + op + " %a0 " + extra + " : " + input.type};
}

GradientCase binary(std::string op, std::string lhs, std::string rhs,
                    std::string result, bool positiveLhs = false) {
  return {op.substr(4) + "_" + lhs + "_" + rhs, op,
          {positiveLhs ? positive("tensor<" + lhs + "xf64>")
                       : arg("tensor<" + lhs + "xf64>"),
           arg("tensor<" + rhs + "xf64>")},
          "tensor<" + result + "xf64>",
          "%r = " + op + " %a0, %a1 : tensor<" + lhs + "xf64>, tensor<" + rhs +
              "xf64> -> tensor<" + result + "xf64>"};
}

/// A convolution of x (and w, b) with `attrs`; an empty `bias` omits it.
GradientCase conv(std::string name, std::string input, std::string weight,
                  std::string bias, std::string attrs, std::string result) {
  auto type = [](const std::string &shape) {
    return "tensor<" + shape + "xf64>";
  };
  GradientCase c{name, "dlc.conv", {arg(type(input)), arg(type(weight))},
                 type(result), ""};
  std::string operands = "%a0, %a1", types = type(input) + ", " + type(weight);
  if (!bias.empty()) {
    c.arguments.push_back(arg(type(bias)));
    operands += ", %a2";
    types += ", " + type(bias);
  }
  c.body = "%r = dlc.conv " + operands + " {" + attrs + "} : " + types +
           " -> " + type(result);
  return c;
}

/// A pool of x with `attrs`; max pools get distinct inputs.
GradientCase pool(std::string name, std::string op, std::string input,
                  std::string attrs, std::string result) {
  std::string inputType = "tensor<" + input + "xf64>";
  std::string resultType = "tensor<" + result + "xf64>";
  return {name, op,
          {op == "dlc.max_pool" ? distinct(inputType) : arg(inputType)},
          resultType,
          "%r = " + op + " %a0 {" + attrs + "} : " + inputType + " -> " +
              resultType};
}

std::vector<GradientCase> allCases() {
  std::vector<GradientCase> cases = {
      unary("dlc.neg"), unary("dlc.identity"), unary("dlc.abs"),
      unary("dlc.exp"), unary("dlc.log", "", positive("tensor<3x4xf64>")),
      unary("dlc.sqrt", "", positive("tensor<3x4xf64>")), unary("dlc.tanh"), unary("dlc.erf"),
      // Rounding: flat between steps (no input lies within a step of one).
      unary("dlc.floor"), unary("dlc.ceil"), unary("dlc.round"),
      unary("dlc.sin"), unary("dlc.cos"), unary("dlc.tan"),
      unary("dlc.asin", "", inside("tensor<3x4xf64>", 0.1, 0.8)),
      unary("dlc.acos", "", inside("tensor<3x4xf64>", 0.1, 0.8)),
      unary("dlc.atan"), unary("dlc.sinh"), unary("dlc.cosh"),
      unary("dlc.asinh"),
      unary("dlc.acosh", "", {"tensor<3x4xf64>", 1.2, 2.5, true}),
      unary("dlc.atanh", "", inside("tensor<3x4xf64>", 0.1, 0.8)),
      unary("dlc.sigmoid"), unary("dlc.softplus"), unary("dlc.relu"),
      unary("dlc.leaky_relu", "{alpha = 0.2 : f32}"),
      unary("dlc.elu", "{alpha = 0.7 : f32}"), unary("dlc.selu"),
      unary("dlc.clip", "{min = -0.7 : f32, max = 0.9 : f32}"),
      unary("dlc.softmax", "{axis = 1}"),
      unary("dlc.log_softmax", "{axis = 0}"),
      binary("dlc.add", "3x4", "4", "3x4"),
      binary("dlc.sub", "3x1", "2x1x4", "2x3x4"),
      binary("dlc.mul", "3x4", "3x4", "3x4"),
      binary("dlc.div", "2x3", "3", "2x3"),
      binary("dlc.pow", "2x3", "2x3", "2x3", /*positiveLhs=*/true),
      binary("dlc.matmul", "3x4", "4x2", "3x2"),
      binary("dlc.matmul", "2x3x4", "4x5", "2x3x5"),
      binary("dlc.matmul", "4", "2x4x3", "2x3"),
      binary("dlc.matmul", "3x4", "4", "3"),
      {"cast_f32", "dlc.cast",
       {arg("tensor<3x2xf64>")},
       "tensor<3x2xf64>",
       "%c = dlc.cast %a0 {to = f32} : tensor<3x2xf64> -> tensor<3x2xf32>\n"
       "%r = dlc.cast %c {to = f64} : tensor<3x2xf32> -> tensor<3x2xf64>",
       /*step=*/1e-2, /*tolerance=*/1e-4},
      {"dropout", "dlc.dropout",
       {arg("tensor<4x5xf64>")},
       "tensor<4x5xf64>",
       "%s = dlc.constant dense<7> : tensor<i64>\n"
       "%r = dlc.dropout %a0, %s : tensor<i64> {ratio = 0.4 : f32, stream = 3} "
       ": tensor<4x5xf64>"},
      // The noise plus its operand: d/dx is 1 (the add), never more, as
      // the noise reads only the operand's shape.
      {"random_normal", "dlc.random_normal",
       {arg("tensor<4x5xf64>")},
       "tensor<4x5xf64>",
       "%s = dlc.constant dense<7> : tensor<i64>\n"
       "%n = dlc.random_normal %a0, %s : tensor<i64> {mean = 1.0 : f32, "
       "scale = 2.0 : f32, stream = 3} : tensor<4x5xf64>\n"
       "%r = dlc.add %n, %a0 : tensor<4x5xf64>, tensor<4x5xf64> -> "
       "tensor<4x5xf64>"},
      {"gather_embedding", "dlc.gather",
       {arg("tensor<5x3xf64>")},
       "tensor<2x3x3xf64>",
       "%i = dlc.constant dense<[[4, 0, 4], [-1, 2, 0]]> : tensor<2x3xi64>\n"
       "%r = dlc.gather %a0, %i : tensor<5x3xf64>, tensor<2x3xi64> -> "
       "tensor<2x3x3xf64>"},
      {"gather_axis1", "dlc.gather",
       {arg("tensor<2x4x3xf64>")},
       "tensor<2x2x3xf64>",
       "%i = dlc.constant dense<[1, 1]> : tensor<2xi32>\n"
       "%r = dlc.gather %a0, %i {axis = 1} : tensor<2x4x3xf64>, tensor<2xi32> "
       "-> tensor<2x2x3xf64>"},
      {"scatter_add", "dlc.scatter",
       {arg("tensor<4x3xf64>"), arg("tensor<3x3xf64>")},
       "tensor<4x3xf64>",
       "%i = dlc.constant dense<[2, 0, 2]> : tensor<3xi64>\n"
       "%r = dlc.scatter %a0, %i, %a1 {axis = 0, reduction = \"add\"} : "
       "tensor<4x3xf64>, tensor<3xi64>, tensor<3x3xf64> -> tensor<4x3xf64>"},
      {"scatter_replace", "dlc.scatter",
       {arg("tensor<2x4xf64>"), arg("tensor<2x3xf64>")},
       "tensor<2x4xf64>",
       "%i = dlc.constant dense<[3, 1, -1]> : tensor<3xi64>\n"
       "%r = dlc.scatter %a0, %i, %a1 {axis = 1} : tensor<2x4xf64>, "
       "tensor<3xi64>, tensor<2x3xf64> -> tensor<2x4xf64>"},
      {"where", "dlc.where",
       {arg("tensor<3x4xf64>"), arg("tensor<4xf64>"), constant("tensor<3x4xf64>")},
       "tensor<3x4xf64>",
       "%c = dlc.greater %a2, %a0 : tensor<3x4xf64>, tensor<3x4xf64> -> "
       "tensor<3x4xi1>\n"
       "%r = dlc.where %c, %a0, %a1 : tensor<3x4xi1>, tensor<3x4xf64>, "
       "tensor<4xf64> -> tensor<3x4xf64>"},
      {"gemm_plain", "dlc.gemm",
       {arg("tensor<3x4xf64>"), arg("tensor<4x2xf64>"), arg("tensor<2xf64>")},
       "tensor<3x2xf64>",
       "%r = dlc.gemm %a0, %a1, %a2 {alpha = 0.5 : f32, beta = 2.0 : f32} : "
       "tensor<3x4xf64>, tensor<4x2xf64>, tensor<2xf64> -> tensor<3x2xf64>"},
      {"gemm_transposed", "dlc.gemm",
       {arg("tensor<4x3xf64>"), arg("tensor<2x4xf64>")},
       "tensor<3x2xf64>",
       "%r = dlc.gemm %a0, %a1 {trans_a = true, trans_b = true} : "
       "tensor<4x3xf64>, tensor<2x4xf64> -> tensor<3x2xf64>"},
      {"reduce_sum", "dlc.reduce_sum",
       {arg("tensor<2x3x4xf64>")},
       "tensor<2x4xf64>",
       "%r = dlc.reduce_sum %a0 {axes = array<i64: 1>, keepdims = false} : "
       "tensor<2x3x4xf64> -> tensor<2x4xf64>"},
      {"reduce_mean", "dlc.reduce_mean",
       {arg("tensor<2x3x4xf64>")},
       "tensor<1x3x1xf64>",
       "%r = dlc.reduce_mean %a0 {axes = array<i64: 0, -1>} : "
       "tensor<2x3x4xf64> -> tensor<1x3x1xf64>"},
      {"reduce_max", "dlc.reduce_max",
       {arg("tensor<3x4xf64>")},
       "tensor<3xf64>",
       "%r = dlc.reduce_max %a0 {axes = array<i64: 1>, keepdims = false} : "
       "tensor<3x4xf64> -> tensor<3xf64>"},
      {"reduce_prod", "dlc.reduce_prod",
       {arg("tensor<3x4xf64>")},
       "tensor<1x4xf64>",
       "%r = dlc.reduce_prod %a0 {axes = array<i64: 0>} : "
       "tensor<3x4xf64> -> tensor<1x4xf64>"},
      {"reshape", "dlc.reshape",
       {arg("tensor<2x6xf64>")},
       "tensor<3x4xf64>",
       "%r = dlc.reshape %a0 {shape = array<i64: 3, -1>} : tensor<2x6xf64> -> "
       "tensor<3x4xf64>"},
      {"flatten", "dlc.flatten",
       {arg("tensor<2x3x2xf64>")},
       "tensor<2x6xf64>",
       "%r = dlc.flatten %a0 {axis = 1} : tensor<2x3x2xf64> -> tensor<2x6xf64>"},
      {"squeeze", "dlc.squeeze",
       {arg("tensor<3x1x2xf64>")},
       "tensor<3x2xf64>",
       "%r = dlc.squeeze %a0 {axes = array<i64: 1>} : tensor<3x1x2xf64> -> "
       "tensor<3x2xf64>"},
      {"unsqueeze", "dlc.unsqueeze",
       {arg("tensor<3x2xf64>")},
       "tensor<3x1x2xf64>",
       "%r = dlc.unsqueeze %a0 {axes = array<i64: 1>} : tensor<3x2xf64> -> "
       "tensor<3x1x2xf64>"},
      {"transpose", "dlc.transpose",
       {arg("tensor<2x3x4xf64>")},
       "tensor<4x2x3xf64>",
       "%r = dlc.transpose %a0 {perm = array<i64: 2, 0, 1>} : "
       "tensor<2x3x4xf64> -> tensor<4x2x3xf64>"},
      {"concat", "dlc.concat",
       {arg("tensor<2x3xf64>"), arg("tensor<2x1xf64>")},
       "tensor<2x4xf64>",
       "%r = dlc.concat %a0, %a1 {axis = -1} : tensor<2x3xf64>, "
       "tensor<2x1xf64> -> tensor<2x4xf64>"},
      {"slice", "dlc.slice",
       {arg("tensor<4x5xf64>")},
       "tensor<2x3xf64>",
       "%r = dlc.slice %a0 {starts = array<i64: 1, -4>, ends = array<i64: 3, "
       "4>, axes = array<i64: 0, 1>, steps = array<i64: 1, 1>} : "
       "tensor<4x5xf64> -> tensor<2x3xf64>"},
      // Rows 2, 1, 0 and columns 4, 3, 2, 1, read backwards.
      {"slice_backwards", "dlc.slice",
       {arg("tensor<4x5xf64>")},
       "tensor<3x4xf64>",
       "%r = dlc.slice %a0 {starts = array<i64: 2, -1>, ends = array<i64: "
       "-100, 0>, axes = array<i64: 0, 1>, steps = array<i64: -1, -1>} : "
       "tensor<4x5xf64> -> tensor<3x4xf64>"},
      // Convolutions: strides, asymmetric pads, dilations, groups, bias.
      conv("conv1d_stride2_pad_bias", "2x2x7", "3x2x3", "3",
           "strides = array<i64: 2>, pads = array<i64: 1, 2>, "
           "dilations = array<i64: 1>",
           "2x3x4"),
      conv("conv1d_dilated_grouped", "1x4x9", "4x2x3", "",
           "strides = array<i64: 1>, pads = array<i64: 2, 1>, "
           "dilations = array<i64: 2>, group = 2 : i64",
           "1x4x8"),
      conv("conv2d_stride2_pad_bias", "2x2x5x5", "3x2x3x3", "3",
           "strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, "
           "dilations = array<i64: 1, 1>",
           "2x3x3x3"),
      conv("conv2d_dilated_grouped_strided", "1x4x6x6", "6x2x2x2", "6",
           "strides = array<i64: 1, 2>, pads = array<i64: 1, 0, 0, 1>, "
           "dilations = array<i64: 2, 2>, group = 2 : i64",
           "1x6x5x3"),
      conv("conv2d_stride_drops_input", "1x1x6x5", "2x1x2x2", "",
           "strides = array<i64: 3, 2>, pads = array<i64: 0, 0, 0, 0>, "
           "dilations = array<i64: 1, 1>",
           "1x2x2x2"),
      // The last two windows lie in the end padding.
      conv("conv1d_windows_in_padding", "1x2x2", "3x2x2", "3",
           "strides = array<i64: 1>, pads = array<i64: 0, 3>, "
           "dilations = array<i64: 1>",
           "1x3x4"),
      // Transposed convolutions (ONNX ConvTranspose): 3x3 positions of 2
      // channels spread with stride 2 over a 6x6 output of 4 channels (2
      // groups); a dilated 1-d one.
      {"conv_transpose2d_stride2_pad_grouped", "dlc.conv_input_grad",
       {arg("tensor<1x2x3x3xf64>"), arg("tensor<2x2x3x3xf64>")},
       "tensor<1x4x6x6xf64>",
       "%r = dlc.conv_input_grad %a0, %a1 {input_spatial_shape = array<i64: "
       "6, 6>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, "
       "dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x2x3x3xf64>, "
       "tensor<2x2x3x3xf64> -> tensor<1x4x6x6xf64>"},
      {"conv_transpose1d_dilated", "dlc.conv_input_grad",
       {arg("tensor<2x3x4xf64>"), arg("tensor<3x2x2xf64>")},
       "tensor<2x2x7xf64>",
       "%r = dlc.conv_input_grad %a0, %a1 {input_spatial_shape = array<i64: "
       "7>, strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = "
       "array<i64: 3>} : tensor<2x3x4xf64>, tensor<3x2x2xf64> -> "
       "tensor<2x2x7xf64>"},
      // Pools. Max pool inputs are distinct, so no window has a tie.
      pool("max_pool2d_stride2", "dlc.max_pool", "1x2x4x4",
           "kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, "
           "pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>",
           "1x2x2x2"),
      pool("max_pool2d_overlapping_padded", "dlc.max_pool", "2x1x5x5",
           "kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, "
           "pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>",
           "2x1x5x5"),
      pool("max_pool1d_dilated_ceil", "dlc.max_pool", "1x2x8",
           "kernel_shape = array<i64: 3>, strides = array<i64: 2>, "
           "pads = array<i64: 0, 0>, dilations = array<i64: 2>, "
           "ceil_mode = true",
           "1x2x3"),
      pool("average_pool2d_exclude_pad", "dlc.average_pool", "1x2x5x5",
           "kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, "
           "pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>",
           "1x2x3x3"),
      pool("average_pool2d_include_pad", "dlc.average_pool", "1x2x5x5",
           "kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, "
           "pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, "
           "count_include_pad = true",
           "1x2x3x3"),
      pool("average_pool2d_ceil", "dlc.average_pool", "1x1x6x6",
           "kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 2>, "
           "pads = array<i64: 0, 1, 0, 0>, dilations = array<i64: 1, 1>, "
           "ceil_mode = true, count_include_pad = true",
           "1x1x3x4"),
      pool("average_pool1d_dilated", "dlc.average_pool", "2x1x7",
           "kernel_shape = array<i64: 3>, strides = array<i64: 2>, "
           "pads = array<i64: 1, 0>, dilations = array<i64: 2>",
           "2x1x2"),
      // Backpropagation through time: seq 3, batch 2, input 3, hidden 2.
      // Y + Y_h (broadcast over the steps) puts both results in the loss.
      {"rnn_y_and_y_h", "dlc.rnn",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x2x3xf64>"),
        arg("tensor<1x2x2xf64>"), arg("tensor<1x4xf64>"),
        arg("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.rnn %a0, %a1, %a2 bias(%a3) initial_h(%a4) {hidden_size = "
       "2 : i64} : (tensor<3x2x3xf64>, tensor<1x2x3xf64>, tensor<1x2x2xf64>, "
       "tensor<1x4xf64>, tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, "
       "tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      // Only Y_h in the loss (Y's gradient is zeros), no bias or initial_h.
      {"rnn_y_h_only", "dlc.rnn",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x2x3xf64>"),
        arg("tensor<1x2x2xf64>")},
       "tensor<1x2x2xf64>",
       "%o:2 = dlc.rnn %a0, %a1, %a2 {hidden_size = 2 : i64, activations = "
       "[\"Tanh\"]} : (tensor<3x2x3xf64>, tensor<1x2x3xf64>, "
       "tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, tensor<1x2x2xf64>)\n"
       "%r = dlc.neg %o#1 : tensor<1x2x2xf64>"},
      // GRU in both forms of the gate h, with bias and initial_h (where the
      // forms differ: Rbh) and Y + Y_h in the loss.
      {"gru_y_and_y_h", "dlc.gru",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x6x3xf64>"),
        arg("tensor<1x6x2xf64>"), arg("tensor<1x12xf64>"),
        arg("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) initial_h(%a4) {hidden_size = "
       "2 : i64} : (tensor<3x2x3xf64>, tensor<1x6x3xf64>, tensor<1x6x2xf64>, "
       "tensor<1x12xf64>, tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, "
       "tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      {"gru_linear_before_reset", "dlc.gru",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x6x3xf64>"),
        arg("tensor<1x6x2xf64>"), arg("tensor<1x12xf64>"),
        arg("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) initial_h(%a4) {hidden_size = "
       "2 : i64, linear_before_reset = true} : (tensor<3x2x3xf64>, "
       "tensor<1x6x3xf64>, tensor<1x6x2xf64>, tensor<1x12xf64>, "
       "tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      // Every optional operand; Y + Y_h + Y_c puts all results in the loss.
      {"lstm_all_operands", "dlc.lstm",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x8x3xf64>"),
        arg("tensor<1x8x2xf64>"), arg("tensor<1x16xf64>"),
        arg("tensor<1x2x2xf64>"), arg("tensor<1x2x2xf64>"),
        arg("tensor<1x6xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:3 = dlc.lstm %a0, %a1, %a2 bias(%a3) initial_h(%a4) initial_c(%a5) "
       "peepholes(%a6) {hidden_size = 2 : i64} : (tensor<3x2x3xf64>, "
       "tensor<1x8x3xf64>, tensor<1x8x2xf64>, tensor<1x16xf64>, "
       "tensor<1x2x2xf64>, tensor<1x2x2xf64>, tensor<1x6xf64>) -> "
       "(tensor<3x1x2x2xf64>, tensor<1x2x2xf64>, tensor<1x2x2xf64>)\n"
       "%s = dlc.add %o#1, %o#2 : tensor<1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<1x2x2xf64>\n"
       "%r = dlc.add %o#0, %s : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      // No optional operands, only Y in the loss.
      {"lstm_y_only", "dlc.lstm",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x8x3xf64>"),
        arg("tensor<1x8x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:3 = dlc.lstm %a0, %a1, %a2 {hidden_size = 2 : i64} : "
       "(tensor<3x2x3xf64>, tensor<1x8x3xf64>, tensor<1x8x2xf64>) -> "
       "(tensor<3x1x2x2xf64>, tensor<1x2x2xf64>, tensor<1x2x2xf64>)\n"
       "%r = dlc.neg %o#0 : tensor<3x1x2x2xf64>"},
      // The other directions and layout reduce to the forward one
      // (RecurrentGradients.cpp): each checked with every result in the
      // loss.
      {"rnn_reverse", "dlc.rnn",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x2x3xf64>"),
        arg("tensor<1x2x2xf64>"), arg("tensor<1x4xf64>"),
        arg("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.rnn %a0, %a1, %a2 bias(%a3) initial_h(%a4) {hidden_size = "
       "2 : i64, direction = \"reverse\"} : (tensor<3x2x3xf64>, "
       "tensor<1x2x3xf64>, tensor<1x2x2xf64>, tensor<1x4xf64>, "
       "tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      {"gru_bidirectional", "dlc.gru",
       {arg("tensor<3x2x3xf64>"), arg("tensor<2x6x3xf64>"),
        arg("tensor<2x6x2xf64>"), arg("tensor<2x12xf64>"),
        arg("tensor<2x2x2xf64>")},
       "tensor<3x2x2x2xf64>",
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) initial_h(%a4) {hidden_size = "
       "2 : i64, direction = \"bidirectional\", linear_before_reset = true} "
       ": (tensor<3x2x3xf64>, tensor<2x6x3xf64>, tensor<2x6x2xf64>, "
       "tensor<2x12xf64>, tensor<2x2x2xf64>) -> (tensor<3x2x2x2xf64>, "
       "tensor<2x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<3x2x2x2xf64>"},
      // Batch first: X [batch 2, time 2, 3], Y [2, 2, 2 directions, 2].
      {"lstm_bidirectional_batch_first", "dlc.lstm",
       {arg("tensor<2x2x3xf64>"), arg("tensor<2x8x3xf64>"),
        arg("tensor<2x8x2xf64>"), arg("tensor<2x16xf64>"),
        arg("tensor<2x2x2xf64>"), arg("tensor<2x2x2xf64>"),
        arg("tensor<2x6xf64>")},
       "tensor<2x2x2x2xf64>",
       "%o:3 = dlc.lstm %a0, %a1, %a2 bias(%a3) initial_h(%a4) initial_c(%a5) "
       "peepholes(%a6) {hidden_size = 2 : i64, direction = "
       "\"bidirectional\", layout = 1 : i64} : (tensor<2x2x3xf64>, "
       "tensor<2x8x3xf64>, tensor<2x8x2xf64>, tensor<2x16xf64>, "
       "tensor<2x2x2xf64>, tensor<2x2x2xf64>, tensor<2x6xf64>) -> "
       "(tensor<2x2x2x2xf64>, tensor<2x2x2xf64>, tensor<2x2x2xf64>)\n"
       "%s = dlc.add %o#1, %o#2 : tensor<2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<2x2x2xf64>\n"
       "%r = dlc.add %o#0, %s : tensor<2x2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<2x2x2x2xf64>"},
      {"lstm_reverse_y_only", "dlc.lstm",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x8x3xf64>"),
        arg("tensor<1x8x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:3 = dlc.lstm %a0, %a1, %a2 {hidden_size = 2 : i64, direction = "
       "\"reverse\"} : (tensor<3x2x3xf64>, tensor<1x8x3xf64>, "
       "tensor<1x8x2xf64>) -> (tensor<3x1x2x2xf64>, tensor<1x2x2xf64>, "
       "tensor<1x2x2xf64>)\n"
       "%r = dlc.neg %o#0 : tensor<3x1x2x2xf64>"},
      // sequence_lens, clip and other activations (RecurrentActivations):
      // rows of length 3 and 1 (it stops after step 0), a clip that some
      // pre-activations exceed.
      {"rnn_softsign_clip_sequence_lens", "dlc.rnn",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x2x3xf64>"),
        arg("tensor<1x2x2xf64>"), arg("tensor<1x4xf64>"),
        arg("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%lens = dlc.constant dense<[3, 1]> : tensor<2xi32>\n"
       "%o:2 = dlc.rnn %a0, %a1, %a2 bias(%a3) sequence_lens(%lens) "
       "initial_h(%a4) {hidden_size = 2 : i64, activations = [\"Softsign\"], "
       "clip = 1.5 : f32} : (tensor<3x2x3xf64>, tensor<1x2x3xf64>, "
       "tensor<1x2x2xf64>, tensor<1x4xf64>, tensor<2xi32>, "
       "tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      // A reverse direction with sequence_lens starts at each sequence's
      // last step; a length of 0 keeps the initial state.
      {"gru_reverse_sequence_lens_activations", "dlc.gru",
       {arg("tensor<4x3x3xf64>"), arg("tensor<1x6x3xf64>"),
        arg("tensor<1x6x2xf64>"), arg("tensor<1x12xf64>"),
        arg("tensor<1x3x2xf64>")},
       "tensor<4x1x3x2xf64>",
       "%lens = dlc.constant dense<[2, 4, 0]> : tensor<3xi64>\n"
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) sequence_lens(%lens) "
       "initial_h(%a4) {hidden_size = 2 : i64, direction = \"reverse\", "
       "activations = [\"HardSigmoid\", \"Softplus\"], activation_alpha = "
       "array<f32: 0.3>, activation_beta = array<f32: 0.45>} : "
       "(tensor<4x3x3xf64>, tensor<1x6x3xf64>, tensor<1x6x2xf64>, "
       "tensor<1x12xf64>, tensor<3xi64>, tensor<1x3x2xf64>) -> "
       "(tensor<4x1x3x2xf64>, tensor<1x3x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<4x1x3x2xf64>, tensor<1x3x2xf64> -> "
       "tensor<4x1x3x2xf64>"},
      // The piecewise-linear functions (kinks are improbable at random
      // pre-activations).
      {"rnn_bidirectional_leaky_thresholded_relu", "dlc.rnn",
       {arg("tensor<3x2x3xf64>"), arg("tensor<2x2x3xf64>"),
        arg("tensor<2x2x2xf64>"), arg("tensor<2x4xf64>")},
       "tensor<3x2x2x2xf64>",
       "%o:2 = dlc.rnn %a0, %a1, %a2 bias(%a3) {hidden_size = 2 : i64, "
       "direction = \"bidirectional\", activations = [\"LeakyRelu\", "
       "\"ThresholdedRelu\"], activation_alpha = array<f32: 0.1, 0.3>} : "
       "(tensor<3x2x3xf64>, tensor<2x2x3xf64>, tensor<2x2x2xf64>, "
       "tensor<2x4xf64>) -> (tensor<3x2x2x2xf64>, tensor<2x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<3x2x2x2xf64>"},
      {"rnn_relu_batch_first", "dlc.rnn",
       {arg("tensor<2x3x3xf64>"), arg("tensor<1x2x3xf64>"),
        arg("tensor<1x2x2xf64>"), arg("tensor<1x4xf64>")},
       "tensor<2x3x1x2xf64>",
       "%o:2 = dlc.rnn %a0, %a1, %a2 bias(%a3) {hidden_size = 2 : i64, "
       "activations = [\"Relu\"], layout = 1 : i64} : (tensor<2x3x3xf64>, "
       "tensor<1x2x3xf64>, tensor<1x2x2xf64>, tensor<1x4xf64>) -> "
       "(tensor<2x3x1x2xf64>, tensor<2x1x2xf64>)\n"
       "%r = dlc.neg %o#0 : tensor<2x3x1x2xf64>"},
      {"gru_clip", "dlc.gru",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x6x3xf64>"),
        arg("tensor<1x6x2xf64>"), arg("tensor<1x12xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) {hidden_size = 2 : i64, "
       "clip = 1.0 : f32} : (tensor<3x2x3xf64>, tensor<1x6x3xf64>, "
       "tensor<1x6x2xf64>, tensor<1x12xf64>) -> (tensor<3x1x2x2xf64>, "
       "tensor<1x2x2xf64>)\n"
       "%r = dlc.neg %o#0 : tensor<3x1x2x2xf64>"},
      // Each direction with functions of its own, clip, sequence_lens,
      // every operand.
      {"lstm_bidirectional_sequence_lens_clip_activations", "dlc.lstm",
       {arg("tensor<3x2x3xf64>"), arg("tensor<2x8x3xf64>"),
        arg("tensor<2x8x2xf64>"), arg("tensor<2x16xf64>"),
        arg("tensor<2x2x2xf64>"), arg("tensor<2x2x2xf64>"),
        arg("tensor<2x6xf64>")},
       "tensor<3x2x2x2xf64>",
       "%lens = dlc.constant dense<[1, 3]> : tensor<2xi32>\n"
       "%o:3 = dlc.lstm %a0, %a1, %a2 bias(%a3) sequence_lens(%lens) "
       "initial_h(%a4) initial_c(%a5) peepholes(%a6) {hidden_size = 2 : "
       "i64, direction = \"bidirectional\", clip = 2.0 : f32, activations = "
       "[\"Sigmoid\", \"Elu\", \"Softsign\", \"HardSigmoid\", "
       "\"ScaledTanh\", \"Affine\"], activation_alpha = array<f32: 1.0, "
       "0.25, 1.5, 0.7>, activation_beta = array<f32: 0.4, 0.9, -0.2>} : "
       "(tensor<3x2x3xf64>, tensor<2x8x3xf64>, tensor<2x8x2xf64>, "
       "tensor<2x16xf64>, tensor<2xi32>, tensor<2x2x2xf64>, "
       "tensor<2x2x2xf64>, tensor<2x6xf64>) -> (tensor<3x2x2x2xf64>, "
       "tensor<2x2x2xf64>, tensor<2x2x2xf64>)\n"
       "%s = dlc.add %o#1, %o#2 : tensor<2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<2x2x2xf64>\n"
       "%r = dlc.add %o#0, %s : tensor<3x2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<3x2x2x2xf64>"},
      // A recurrent mask multiplies Ht-1 in the products with R only, in
      // both forms of GRU's gate h and with every operand of the LSTM.
      {"rnn_recurrent_mask", "dlc.rnn",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x2x3xf64>"),
        arg("tensor<1x2x2xf64>"), arg("tensor<1x4xf64>"),
        arg("tensor<1x2x2xf64>"), dropoutMask("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.rnn %a0, %a1, %a2 bias(%a3) initial_h(%a4) "
       "recurrent_mask(%a5) {hidden_size = 2 : i64} : (tensor<3x2x3xf64>, "
       "tensor<1x2x3xf64>, tensor<1x2x2xf64>, tensor<1x4xf64>, "
       "tensor<1x2x2xf64>, tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, "
       "tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      {"gru_recurrent_mask", "dlc.gru",
       {arg("tensor<3x2x3xf64>"), arg("tensor<1x6x3xf64>"),
        arg("tensor<1x6x2xf64>"), arg("tensor<1x12xf64>"),
        arg("tensor<1x2x2xf64>"), dropoutMask("tensor<1x2x2xf64>")},
       "tensor<3x1x2x2xf64>",
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) initial_h(%a4) "
       "recurrent_mask(%a5) {hidden_size = 2 : i64} : (tensor<3x2x3xf64>, "
       "tensor<1x6x3xf64>, tensor<1x6x2xf64>, tensor<1x12xf64>, "
       "tensor<1x2x2xf64>, tensor<1x2x2xf64>) -> (tensor<3x1x2x2xf64>, "
       "tensor<1x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x1x2x2xf64>, tensor<1x2x2xf64> -> "
       "tensor<3x1x2x2xf64>"},
      {"gru_linear_before_reset_recurrent_mask_bidirectional", "dlc.gru",
       {arg("tensor<3x2x3xf64>"), arg("tensor<2x6x3xf64>"),
        arg("tensor<2x6x2xf64>"), arg("tensor<2x12xf64>"),
        arg("tensor<2x2x2xf64>"), dropoutMask("tensor<2x2x2xf64>")},
       "tensor<3x2x2x2xf64>",
       "%o:2 = dlc.gru %a0, %a1, %a2 bias(%a3) initial_h(%a4) "
       "recurrent_mask(%a5) {hidden_size = 2 : i64, direction = "
       "\"bidirectional\", linear_before_reset = true} : (tensor<3x2x3xf64>, "
       "tensor<2x6x3xf64>, tensor<2x6x2xf64>, tensor<2x12xf64>, "
       "tensor<2x2x2xf64>, tensor<2x2x2xf64>) -> (tensor<3x2x2x2xf64>, "
       "tensor<2x2x2xf64>)\n"
       "%r = dlc.add %o#0, %o#1 : tensor<3x2x2x2xf64>, tensor<2x2x2xf64> -> "
       "tensor<3x2x2x2xf64>"},
      // Batch first: the mask is [batch, directions, hidden] as the states.
      {"lstm_recurrent_mask_batch_first_sequence_lens", "dlc.lstm",
       {arg("tensor<3x3x3xf64>"), arg("tensor<1x8x3xf64>"),
        arg("tensor<1x8x2xf64>"), arg("tensor<1x16xf64>"),
        arg("tensor<3x1x2xf64>"), arg("tensor<3x1x2xf64>"),
        arg("tensor<1x6xf64>"), dropoutMask("tensor<3x1x2xf64>")},
       "tensor<3x3x1x2xf64>",
       "%lens = dlc.constant dense<[3, 1, 2]> : tensor<3xi32>\n"
       "%o:3 = dlc.lstm %a0, %a1, %a2 bias(%a3) sequence_lens(%lens) "
       "initial_h(%a4) initial_c(%a5) peepholes(%a6) recurrent_mask(%a7) "
       "{hidden_size = 2 : i64, layout = 1 : i64} : (tensor<3x3x3xf64>, "
       "tensor<1x8x3xf64>, tensor<1x8x2xf64>, tensor<1x16xf64>, "
       "tensor<3xi32>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, "
       "tensor<1x6xf64>, tensor<3x1x2xf64>) -> (tensor<3x3x1x2xf64>, "
       "tensor<3x1x2xf64>, tensor<3x1x2xf64>)\n"
       "%s = dlc.add %o#1, %o#2 : tensor<3x1x2xf64>, tensor<3x1x2xf64> -> "
       "tensor<3x1x2xf64>\n"
       "%r = dlc.add %o#0, %s : tensor<3x3x1x2xf64>, tensor<3x1x2xf64> -> "
       "tensor<3x3x1x2xf64>"},
      // f = 1 - i: the gate f's weights get no gradient.
      {"lstm_input_forget_batch_first", "dlc.lstm",
       {arg("tensor<3x3x3xf64>"), arg("tensor<1x8x3xf64>"),
        arg("tensor<1x8x2xf64>"), arg("tensor<1x16xf64>"),
        arg("tensor<3x1x2xf64>"), arg("tensor<3x1x2xf64>"),
        arg("tensor<1x6xf64>")},
       "tensor<3x3x1x2xf64>",
       "%o:3 = dlc.lstm %a0, %a1, %a2 bias(%a3) initial_h(%a4) initial_c(%a5) "
       "peepholes(%a6) {hidden_size = 2 : i64, input_forget = true, layout = "
       "1 : i64} : (tensor<3x3x3xf64>, tensor<1x8x3xf64>, tensor<1x8x2xf64>, "
       "tensor<1x16xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, "
       "tensor<1x6xf64>) -> (tensor<3x3x1x2xf64>, tensor<3x1x2xf64>, "
       "tensor<3x1x2xf64>)\n"
       "%s = dlc.add %o#1, %o#2 : tensor<3x1x2xf64>, tensor<3x1x2xf64> -> "
       "tensor<3x1x2xf64>\n"
       "%r = dlc.add %o#0, %s : tensor<3x3x1x2xf64>, tensor<3x1x2xf64> -> "
       "tensor<3x3x1x2xf64>"},
  };
  return cases;
}

std::string moduleText(const GradientCase &c) {
  std::string signature;
  for (size_t i = 0; i < c.arguments.size(); ++i)
    signature += "%a" + std::to_string(i) + ": " + c.arguments[i].type +
                 (c.arguments[i].trainable ? " {dlc.trainable}" : "") + ", ";
  return "func.func @f(" + signature + "%w: " + c.resultType +
         ") -> tensor<f64> attributes {dlc.differentiate} {\n" + c.body +
         "\n%p = dlc.mul %r, %w : " + c.resultType + ", " + c.resultType +
         " -> " + c.resultType + "\n%l = dlc.reduce_sum %p {axes = "
         "array<i64>, keepdims = false} : " + c.resultType +
         " -> tensor<f64>\nreturn %l : tensor<f64>\n}\n";
}

std::unique_ptr<MLIRContext> makeContext() {
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<DlcDialect>();
  registerGradientRules(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

std::unique_ptr<JitFunction> compileFunction(ModuleOp module,
                                             const std::string &function,
                                             std::vector<std::vector<int64_t>> shapes) {
  Result<std::unique_ptr<JitFunction>> compiled =
      JitFunction::compile(module, shapes, function);
  EXPECT_TRUE(static_cast<bool>(compiled)) << compiled.status().message();
  return compiled ? std::move(*compiled) : nullptr;
}

Tensor randomTensor(const std::vector<int64_t> &shape, const Argument &arg,
                    std::mt19937_64 &random) {
  Tensor tensor(DType::Float64, shape);
  int64_t count = tensor.numElements();
  std::vector<double> magnitudes(count);
  std::uniform_real_distribution<double> magnitude(arg.low, arg.high);
  for (int64_t i = 0; i < count; ++i)
    magnitudes[i] = arg.distinct ? arg.low + (arg.high - arg.low) * i /
                                                 std::max<int64_t>(count - 1, 1)
                                 : magnitude(random);
  if (arg.distinct)
    std::shuffle(magnitudes.begin(), magnitudes.end(), random);
  std::bernoulli_distribution negative(arg.positive ? 0.0 : 0.5);
  for (int64_t i = 0; i < count; ++i)
    tensor.typed<double>()[i] = magnitudes[i] * (negative(random) ? -1 : 1);
  return tensor;
}

/// Test listings name a case by its name, not its bytes.
void PrintTo(const GradientCase &c, std::ostream *os) { *os << c.name; }

class GradientCheck : public testing::TestWithParam<GradientCase> {};

TEST_P(GradientCheck, MatchesCentralDifferences) {
  const GradientCase &c = GetParam();
  std::unique_ptr<MLIRContext> context = makeContext();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(moduleText(c), context.get());
  ASSERT_TRUE(module) << moduleText(c);
  PassManager pm(context.get());
  pm.addPass(createAutodiff());
  ASSERT_TRUE(succeeded(pm.run(*module)));

  auto forward = module->lookupSymbol<func::FuncOp>("f");
  std::vector<std::vector<int64_t>> shapes;
  for (Type type : forward.getArgumentTypes()) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
    shapes.emplace_back(shape.begin(), shape.end());
  }
  std::unique_ptr<JitFunction> loss = compileFunction(*module, "f", shapes);
  std::unique_ptr<JitFunction> grad = compileFunction(*module, "f_grad", shapes);
  ASSERT_TRUE(loss && grad);

  std::mt19937_64 random(42);
  std::vector<Tensor> inputs;
  for (size_t i = 0; i < c.arguments.size(); ++i)
    inputs.push_back(randomTensor(shapes[i], c.arguments[i], random));
  inputs.push_back(randomTensor(shapes.back(), Argument{}, random));

  Result<std::vector<Tensor>> analytic = grad->run(inputs);
  ASSERT_TRUE(static_cast<bool>(analytic)) << analytic.status().message();
  auto lossAt = [&](const std::vector<Tensor> &at) {
    Result<std::vector<Tensor>> value = loss->run(at);
    EXPECT_TRUE(static_cast<bool>(value)) << value.status().message();
    return value ? (*value)[0].typed<double>()[0] : NAN;
  };
  EXPECT_DOUBLE_EQ((*analytic)[0].typed<double>()[0], lossAt(inputs));

  const double step = c.step;
  size_t gradientIndex = 1;
  for (size_t arg = 0; arg < c.arguments.size(); ++arg) {
    if (!c.arguments[arg].trainable)
      continue;
    const Tensor &computed = (*analytic)[gradientIndex++];
    ASSERT_EQ(computed.shape(), inputs[arg].shape());
    for (int64_t i = 0; i < inputs[arg].numElements(); ++i) {
      std::vector<Tensor> plus = inputs, minus = inputs;
      plus[arg] = inputs[arg].clone();
      minus[arg] = inputs[arg].clone();
      plus[arg].typed<double>()[i] += step;
      minus[arg].typed<double>()[i] -= step;
      double numeric = (lossAt(plus) - lossAt(minus)) / (2 * step);
      double value = computed.typed<double>()[i];
      EXPECT_NEAR(value, numeric, c.tolerance * (0.1 + std::abs(numeric)))
          << "argument " << arg << ", element " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Ops, GradientCheck, testing::ValuesIn(allCases()),
    [](const testing::TestParamInfo<GradientCase> &info) {
      std::string name = info.param.name;
      for (char &ch : name)
        if (!isalnum(static_cast<unsigned char>(ch)))
          ch = '_';
      return name;
    });

/// An op cannot gain a gradient rule without a finite-difference check.
TEST(GradientCoverage, EveryDifferentiableOpIsChecked) {
  std::unique_ptr<MLIRContext> context = makeContext();
  std::set<std::string> differentiable, checked;
  for (RegisteredOperationName op : context->getRegisteredOperations())
    if (op.getDialectNamespace() == "dlc" &&
        op.hasInterface<GradientOpInterface>())
      differentiable.insert(op.getStringRef().str());
  for (const GradientCase &c : allCases())
    checked.insert(c.op);
  EXPECT_EQ(differentiable, checked);
  EXPECT_FALSE(differentiable.empty());
}

} // namespace
} // namespace dlc
