// RUN: dlc-opt %s -split-input-file | dlc-opt -split-input-file | FileCheck %s
// Round trip through the generic form as well.
// RUN: dlc-opt %s -split-input-file -mlir-print-op-generic | dlc-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi32>)
func.func @unary(%a: tensor<2x3xf32>, %i: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>) {
  // CHECK: %[[NEG:.*]] = dlc.neg %[[A]] : tensor<2x3xf32>
  %0 = dlc.neg %a : tensor<2x3xf32>
  // CHECK: %[[ABS:.*]] = dlc.abs %[[NEG]] : tensor<2x3xf32>
  %1 = dlc.abs %0 : tensor<2x3xf32>
  // CHECK: %[[EXP:.*]] = dlc.exp %[[ABS]] : tensor<2x3xf32>
  %2 = dlc.exp %1 : tensor<2x3xf32>
  // CHECK: %[[LOG:.*]] = dlc.log %[[EXP]] : tensor<2x3xf32>
  %3 = dlc.log %2 : tensor<2x3xf32>
  // CHECK: %[[SQRT:.*]] = dlc.sqrt %[[LOG]] : tensor<2x3xf32>
  %4 = dlc.sqrt %3 : tensor<2x3xf32>
  // CHECK: %[[TANH:.*]] = dlc.tanh %[[SQRT]] : tensor<2x3xf32>
  %5 = dlc.tanh %4 : tensor<2x3xf32>
  // CHECK: %[[ERF:.*]] = dlc.erf %[[TANH]] : tensor<2x3xf32>
  %erf = dlc.erf %5 : tensor<2x3xf32>
  // CHECK: %[[SIG:.*]] = dlc.sigmoid %[[ERF]] : tensor<2x3xf32>
  %6 = dlc.sigmoid %erf : tensor<2x3xf32>
  // CHECK: %[[SP:.*]] = dlc.softplus %[[SIG]] : tensor<2x3xf32>
  %7 = dlc.softplus %6 : tensor<2x3xf32>
  // CHECK: %[[RELU:.*]] = dlc.relu %[[SP]] : tensor<2x3xf32>
  %8 = dlc.relu %7 : tensor<2x3xf32>
  // CHECK: %[[ID:.*]] = dlc.identity %[[RELU]] : tensor<2x3xf32>
  %9 = dlc.identity %8 : tensor<2x3xf32>
  // CHECK: %[[IRELU:.*]] = dlc.relu %[[I]] : tensor<4xi32>
  %10 = dlc.relu %i : tensor<4xi32>
  // CHECK: %[[INEG:.*]] = dlc.neg %[[IRELU]] : tensor<4xi32>
  %11 = dlc.neg %10 : tensor<4xi32>
  // CHECK: return %[[ID]], %[[INEG]] : tensor<2x3xf32>, tensor<4xi32>
  return %9, %11 : tensor<2x3xf32>, tensor<4xi32>
}

// -----

// Attributes equal to their defaults are not printed.
// CHECK-LABEL: func.func @param_unary
func.func @param_unary(%a: tensor<2x3xf64>) -> tensor<2x3xf64> {
  // CHECK: %[[L0:.*]] = dlc.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} : tensor<2x3xf64>
  %0 = dlc.leaky_relu %a {alpha = 0.2 : f32} : tensor<2x3xf64>
  // CHECK-NEXT: %[[L1:.*]] = dlc.leaky_relu %[[L0]] : tensor<2x3xf64>
  %1 = dlc.leaky_relu %0 {alpha = 0.01 : f32} : tensor<2x3xf64>
  // CHECK-NEXT: %[[E:.*]] = dlc.elu %[[L1]] {alpha = 5.000000e-01 : f32} : tensor<2x3xf64>
  %2 = dlc.elu %1 {alpha = 0.5 : f32} : tensor<2x3xf64>
  // CHECK-NEXT: %[[S:.*]] = dlc.selu %[[E]] : tensor<2x3xf64>
  %3 = dlc.selu %2 : tensor<2x3xf64>
  // CHECK-NEXT: %[[C0:.*]] = dlc.clip %[[S]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x3xf64>
  %4 = dlc.clip %3 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3xf64>
  // CHECK-NEXT: %[[C1:.*]] = dlc.clip %[[C0]] {max = 1.000000e+00 : f32} : tensor<2x3xf64>
  %5 = dlc.clip %4 {max = 1.0 : f32} : tensor<2x3xf64>
  // CHECK-NEXT: dlc.clip %[[C1]] : tensor<2x3xf64>
  %6 = dlc.clip %5 : tensor<2x3xf64>
  return %6 : tensor<2x3xf64>
}

// -----

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:.*]]: tensor<4x1x3xf32>, %[[Y:.*]]: tensor<5x1xf32>, %[[Z:.*]]: tensor<3xi64>)
func.func @binary(%x: tensor<4x1x3xf32>, %y: tensor<5x1xf32>, %z: tensor<3xi64>) {
  // CHECK: dlc.add %[[X]], %[[Y]] : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  %0 = dlc.add %x, %y : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  // CHECK: dlc.sub %[[Y]], %[[X]] : tensor<5x1xf32>, tensor<4x1x3xf32> -> tensor<4x5x3xf32>
  %1 = dlc.sub %y, %x : tensor<5x1xf32>, tensor<4x1x3xf32> -> tensor<4x5x3xf32>
  // CHECK: dlc.mul %[[Z]], %[[Z]] : tensor<3xi64>, tensor<3xi64> -> tensor<3xi64>
  %2 = dlc.mul %z, %z : tensor<3xi64>, tensor<3xi64> -> tensor<3xi64>
  // CHECK: dlc.div %[[Z]], %[[Z]] : tensor<3xi64>, tensor<3xi64> -> tensor<3xi64>
  %3 = dlc.div %z, %z : tensor<3xi64>, tensor<3xi64> -> tensor<3xi64>
  // CHECK: dlc.pow %[[X]], %[[Y]] : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  %4 = dlc.pow %x, %y : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  // CHECK: %[[EQ:.*]] = dlc.equal %[[X]], %[[Y]] : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xi1>
  %5 = dlc.equal %x, %y : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xi1>
  // CHECK: dlc.less %[[Z]], %[[Z]] : tensor<3xi64>, tensor<3xi64> -> tensor<3xi1>
  %6 = dlc.less %z, %z : tensor<3xi64>, tensor<3xi64> -> tensor<3xi1>
  // CHECK: dlc.greater %[[X]], %[[X]] : tensor<4x1x3xf32>, tensor<4x1x3xf32> -> tensor<4x1x3xi1>
  %7 = dlc.greater %x, %x : tensor<4x1x3xf32>, tensor<4x1x3xf32> -> tensor<4x1x3xi1>
  // CHECK: dlc.where %[[EQ]], %[[X]], %[[Y]] : tensor<4x5x3xi1>, tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  %8 = dlc.where %5, %x, %y : tensor<4x5x3xi1>, tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  return
}

// -----

// Dynamic dimensions broadcast to dynamic dimensions.
// CHECK-LABEL: func.func @binary_dynamic
func.func @binary_dynamic(%x: tensor<?x784xf32>, %b: tensor<784xf32>) -> tensor<?x784xf32> {
  // CHECK: dlc.add %{{.*}}, %{{.*}} : tensor<?x784xf32>, tensor<784xf32> -> tensor<?x784xf32>
  %0 = dlc.add %x, %b : tensor<?x784xf32>, tensor<784xf32> -> tensor<?x784xf32>
  return %0 : tensor<?x784xf32>
}

// -----

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<2x3xf32>, %b: tensor<2xi1>) {
  // CHECK: dlc.cast %{{.*}} {to = i64} : tensor<2x3xf32> -> tensor<2x3xi64>
  %0 = dlc.cast %x {to = i64} : tensor<2x3xf32> -> tensor<2x3xi64>
  // CHECK: dlc.cast %{{.*}} {to = f64} : tensor<2xi1> -> tensor<2xf64>
  %1 = dlc.cast %b {to = f64} : tensor<2xi1> -> tensor<2xf64>
  return
}

// -----

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<?x784xf32>, %w: tensor<784x512xf32>,
                  %ba: tensor<3x1x4x5xf32>, %bb: tensor<7x5x6xf32>,
                  %v: tensor<784xf32>) {
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<?x784xf32>, tensor<784x512xf32> -> tensor<?x512xf32>
  %0 = dlc.matmul %a, %w : tensor<?x784xf32>, tensor<784x512xf32> -> tensor<?x512xf32>
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<3x1x4x5xf32>, tensor<7x5x6xf32> -> tensor<3x7x4x6xf32>
  %1 = dlc.matmul %ba, %bb : tensor<3x1x4x5xf32>, tensor<7x5x6xf32> -> tensor<3x7x4x6xf32>
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<784xf32>, tensor<784x512xf32> -> tensor<512xf32>
  %2 = dlc.matmul %v, %w : tensor<784xf32>, tensor<784x512xf32> -> tensor<512xf32>
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<?x784xf32>, tensor<784xf32> -> tensor<?xf32>
  %3 = dlc.matmul %a, %v : tensor<?x784xf32>, tensor<784xf32> -> tensor<?xf32>
  return
}

// -----

// CHECK-LABEL: func.func @gemm
func.func @gemm(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>) {
  // CHECK: dlc.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true} : tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32> -> tensor<3x5xf32>
  %0 = dlc.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true, trans_b = true} : tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32> -> tensor<3x5xf32>
  // CHECK: dlc.gemm %{{.*}}, %{{.*}} {trans_a = true, trans_b = true} : tensor<4x3xf32>, tensor<5x4xf32> -> tensor<3x5xf32>
  %1 = dlc.gemm %a, %b {trans_a = true, trans_b = true} : tensor<4x3xf32>, tensor<5x4xf32> -> tensor<3x5xf32>
  return
}

// -----

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x4x9x9xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>,
                %x1: tensor<?x3x10xf32>, %w1: tensor<6x3x4xf32>) {
  // CHECK: dlc.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>, tensor<8xf32> -> tensor<1x8x5x5xf32>
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>, tensor<8xf32> -> tensor<1x8x5x5xf32>
  // CHECK: dlc.conv %{{.*}}, %{{.*}} {dilations = array<i64: 2>, pads = array<i64: 0, 1>, strides = array<i64: 1>} : tensor<?x3x10xf32>, tensor<6x3x4xf32> -> tensor<?x6x5xf32>
  %1 = dlc.conv %x1, %w1 {strides = array<i64: 1>, pads = array<i64: 0, 1>, dilations = array<i64: 2>} : tensor<?x3x10xf32>, tensor<6x3x4xf32> -> tensor<?x6x5xf32>
  return
}

// -----

// CHECK-LABEL: func.func @pool
func.func @pool(%x: tensor<1x3x8x8xf32>) {
  // CHECK: dlc.max_pool %{{.*}} {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x3x3xf32>
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x3x3xf32>
  // CHECK: dlc.max_pool %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  %1 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  // CHECK: dlc.average_pool %{{.*}} {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x5x5xf32>
  %2 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, count_include_pad = true} : tensor<1x3x8x8xf32> -> tensor<1x3x5x5xf32>
  return
}

// -----

// The gradients of conv and the pools; a dynamic batch passes through.
// CHECK-LABEL: func.func @window_gradients
func.func @window_gradients(%x: tensor<?x4x9x9xf32>, %w: tensor<8x2x3x3xf32>,
                            %gy: tensor<?x8x5x5xf32>, %p: tensor<1x3x8x8xf32>,
                            %gp: tensor<1x3x4x4xf32>) {
  // CHECK: dlc.conv_input_grad %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, input_spatial_shape = array<i64: 9, 9>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x8x5x5xf32>, tensor<8x2x3x3xf32> -> tensor<?x4x9x9xf32>
  %0 = dlc.conv_input_grad %gy, %w {input_spatial_shape = array<i64: 9, 9>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<?x8x5x5xf32>, tensor<8x2x3x3xf32> -> tensor<?x4x9x9xf32>
  // CHECK: dlc.conv_weight_grad %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x4x9x9xf32>, tensor<?x8x5x5xf32> -> tensor<8x2x3x3xf32>
  %1 = dlc.conv_weight_grad %x, %gy {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<?x4x9x9xf32>, tensor<?x8x5x5xf32> -> tensor<8x2x3x3xf32>
  // CHECK: dlc.max_pool_grad %{{.*}}, %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  %2 = dlc.max_pool_grad %p, %gp {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  // CHECK: dlc.average_pool_grad %{{.*}} {count_include_pad = true, dilations = array<i64: 1, 1>, input_spatial_shape = array<i64: 7, 7>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x3x4x4xf32> -> tensor<1x3x7x7xf32>
  %3 = dlc.average_pool_grad %gp {input_spatial_shape = array<i64: 7, 7>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, count_include_pad = true} : tensor<1x3x4x4xf32> -> tensor<1x3x7x7xf32>
  return
}

// -----

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // CHECK: dlc.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %0 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x10xf32>) {
  // CHECK: dlc.softmax %{{.*}} : tensor<2x10xf32>
  %0 = dlc.softmax %x : tensor<2x10xf32>
  // CHECK: dlc.softmax %{{.*}} {axis = 0 : i64} : tensor<2x10xf32>
  %1 = dlc.softmax %x {axis = 0 : i64} : tensor<2x10xf32>
  // CHECK: dlc.log_softmax %{{.*}} {axis = -2 : i64} : tensor<2x10xf32>
  %2 = dlc.log_softmax %x {axis = -2 : i64} : tensor<2x10xf32>
  return
}

// -----

// Optional operands are spelled by name; results have ONNX's shapes: Y is
// [seq, num_directions, batch, hidden], the final states [num_directions,
// batch, hidden], and the batch comes first with layout = 1.
// CHECK-LABEL: func.func @recurrent
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[W:.*]]: tensor<2x16x3xf32>, %[[R:.*]]: tensor<2x16x4xf32>, %[[B:.*]]: tensor<2x32xf32>, %[[L:.*]]: tensor<2xi32>, %[[H:.*]]: tensor<2x2x4xf32>, %[[C:.*]]: tensor<2x2x4xf32>, %[[P:.*]]: tensor<2x12xf32>,
func.func @recurrent(%x: tensor<5x2x3xf32>, %w: tensor<2x16x3xf32>, %r: tensor<2x16x4xf32>,
                     %b: tensor<2x32xf32>, %lens: tensor<2xi32>, %h: tensor<2x2x4xf32>,
                     %c: tensor<2x2x4xf32>, %p: tensor<2x12xf32>,
                     %xb: tensor<?x7x3xf32>, %wg: tensor<1x12x3xf32>, %rg: tensor<1x12x4xf32>,
                     %wr: tensor<1x4x3xf32>, %rr: tensor<1x4x4xf32>) {
  // CHECK: dlc.lstm %[[X]], %[[W]], %[[R]] bias(%[[B]]) sequence_lens(%[[L]]) initial_h(%[[H]]) initial_c(%[[C]]) peepholes(%[[P]]) {clip = 3.000000e+00 : f32, direction = "bidirectional", hidden_size = 4 : i64, input_forget = true} : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>, tensor<2xi32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x12xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  %0:3 = dlc.lstm %x, %w, %r bias(%b) sequence_lens(%lens) initial_h(%h) initial_c(%c) peepholes(%p) {hidden_size = 4 : i64, direction = "bidirectional", clip = 3.0 : f32, input_forget = true} : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>, tensor<2xi32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x12xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  // A dynamic batch of a batch-first input flows to every result.
  // CHECK: dlc.gru %{{.*}}, %{{.*}}, %{{.*}} {activation_alpha = array<f32: 5.000000e-01>, activations = ["LeakyRelu", "tanh"], direction = "reverse", hidden_size = 4 : i64, layout = 1 : i64, linear_before_reset = true} : (tensor<?x7x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>) -> (tensor<?x7x1x4xf32>, tensor<?x1x4xf32>)
  %1:2 = dlc.gru %xb, %wg, %rg {hidden_size = 4 : i64, direction = "reverse", layout = 1 : i64, linear_before_reset = true, activations = ["LeakyRelu", "tanh"], activation_alpha = array<f32: 0.5>} : (tensor<?x7x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>) -> (tensor<?x7x1x4xf32>, tensor<?x1x4xf32>)
  // CHECK: dlc.rnn %[[X]], %{{.*}}, %{{.*}} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %2:2 = dlc.rnn %x, %wr, %rr {hidden_size = 4 : i64, direction = "forward", layout = 0 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// The gradients have the types of x, w, r, b ([1, 2 x hidden]) and
// initial_h ([1, batch, hidden]), whether or not b and initial_h are given.
// CHECK-LABEL: func.func @rnn_grad
func.func @rnn_grad(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %b: tensor<1x8xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) {
  // CHECK: dlc.rnn_grad %{{.*}}, %{{.*}}, %{{.*}} bias(%{{.*}}), %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  %0:5 = dlc.rnn_grad %x, %w, %r bias(%b), %y, %gy, %gh : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @gru_grad
func.func @gru_grad(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x4xf32>, %h: tensor<1x2x4xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) {
  // CHECK: dlc.gru_grad %{{.*}}, %{{.*}}, %{{.*}} initial_h(%{{.*}}), %{{.*}}, %{{.*}}, %{{.*}} {linear_before_reset = true} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>, tensor<1x2x4xf32>)
  %0:5 = dlc.gru_grad %x, %w, %r initial_h(%h), %y, %gy, %gh {linear_before_reset = true} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// The forward op's sequence_lens, activations (one direction) and clip.
// CHECK-LABEL: func.func @gru_grad_sequence_lens_activations
func.func @gru_grad_sequence_lens_activations(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x4xf32>, %lens: tensor<2xi64>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) {
  // CHECK: dlc.gru_grad %{{.*}}, %{{.*}}, %{{.*}} sequence_lens(%{{.*}}), %{{.*}}, %{{.*}}, %{{.*}} {activation_alpha = array<f32: 2.000000e-01>, activations = ["LeakyRelu", "Softsign"], clip = 3.000000e+00 : f32} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<2xi64>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %0:5 = dlc.gru_grad %x, %w, %r sequence_lens(%lens), %y, %gy, %gh {activations = ["LeakyRelu", "Softsign"], activation_alpha = array<f32: 0.2>, clip = 3.0 : f32} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<2xi64>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// LSTM adds initial_c and p ([1, 3 x hidden]) gradients.
// CHECK-LABEL: func.func @lstm_grad
func.func @lstm_grad(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %b: tensor<1x32xf32>, %h: tensor<1x2x4xf32>, %c: tensor<1x2x4xf32>, %p: tensor<1x12xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>, %gc: tensor<1x2x4xf32>) {
  // CHECK: dlc.lstm_grad %{{.*}}, %{{.*}}, %{{.*}} bias(%{{.*}}) initial_h(%{{.*}}) initial_c(%{{.*}}) peepholes(%{{.*}}), %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>)
  %0:7 = dlc.lstm_grad %x, %w, %r bias(%b) initial_h(%h) initial_c(%c) peepholes(%p), %y, %gy, %gh, %gc : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<5x6xi32>) {
  // CHECK: dlc.reduce_sum %{{.*}} {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  %0 = dlc.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  // CHECK: dlc.reduce_mean %{{.*}} {axes = array<i64: 0, -1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  %1 = dlc.reduce_mean %x {axes = array<i64: 0, -1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  // CHECK: dlc.reduce_max %{{.*}} {axes = array<i64>, keepdims = false} : tensor<5x6xi32> -> tensor<i32>
  %2 = dlc.reduce_max %i {axes = array<i64>, keepdims = false} : tensor<5x6xi32> -> tensor<i32>
  // CHECK: dlc.argmax %{{.*}} {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x1x4xi64>
  %3 = dlc.argmax %x {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x1x4xi64>
  // CHECK: dlc.argmax %{{.*}} {axis = -1 : i64, keepdims = false, select_last_index = true} : tensor<5x6xi32> -> tensor<5xi64>
  %4 = dlc.argmax %i {axis = -1 : i64, keepdims = false, select_last_index = true} : tensor<5x6xi32> -> tensor<5xi64>
  return
}

// -----

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<2x3x4xf32>, %d: tensor<?x1x4xi64>) {
  // CHECK: dlc.reshape %{{.*}} {shape = array<i64: 0, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %0 = dlc.reshape %x {shape = array<i64: 0, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  // CHECK: dlc.reshape %{{.*}} {allowzero = true, shape = array<i64: 4, 6>} : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %1 = dlc.reshape %x {shape = array<i64: 4, 6>, allowzero = true} : tensor<2x3x4xf32> -> tensor<4x6xf32>
  // CHECK: dlc.flatten %{{.*}} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %2 = dlc.flatten %x : tensor<2x3x4xf32> -> tensor<2x12xf32>
  // CHECK: dlc.flatten %{{.*}} {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %3 = dlc.flatten %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK: dlc.squeeze %{{.*}} {axes = array<i64: 1>} : tensor<?x1x4xi64> -> tensor<?x4xi64>
  %4 = dlc.squeeze %d {axes = array<i64: 1>} : tensor<?x1x4xi64> -> tensor<?x4xi64>
  // CHECK: dlc.unsqueeze %{{.*}} {axes = array<i64: 0, 3>} : tensor<2x3x4xf32> -> tensor<1x2x3x1x4xf32>
  %5 = dlc.unsqueeze %x {axes = array<i64: 0, 3>} : tensor<2x3x4xf32> -> tensor<1x2x3x1x4xf32>
  // CHECK: dlc.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %6 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  // CHECK: dlc.shape %{{.*}} {end = 3 : i64, start = 1 : i64} : tensor<?x1x4xi64> -> tensor<2xi64>
  %7 = dlc.shape %d {start = 1 : i64, end = 3 : i64} : tensor<?x1x4xi64> -> tensor<2xi64>
  return
}

// -----

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<2x3x4xf32>, %y: tensor<2x5x4xf32>, %idx: tensor<6xi32>) {
  // CHECK: dlc.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x3x4xf32> -> tensor<2x11x4xf32>
  %0 = dlc.concat %x, %y, %x {axis = 1 : i64} : tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x3x4xf32> -> tensor<2x11x4xf32>
  // CHECK: dlc.slice %{{.*}} {axes = array<i64: 1, 2>, ends = array<i64: 5, -1>, starts = array<i64: 1, 0>, steps = array<i64: 2, 1>} : tensor<2x5x4xf32> -> tensor<2x2x3xf32>
  %1 = dlc.slice %y {starts = array<i64: 1, 0>, ends = array<i64: 5, -1>, axes = array<i64: 1, 2>, steps = array<i64: 2, 1>} : tensor<2x5x4xf32> -> tensor<2x2x3xf32>
  // Negative steps walk backwards: the start clamps to [0, dim - 1] (20 -> 4;
  // 4, 1 by -3 takes 4, 1), the end to [-1, dim - 1] (all of 3, 2, 1, 0).
  // CHECK: dlc.slice %{{.*}} : tensor<2x5x4xf32> -> tensor<2x2x4xf32>
  %b1 = dlc.slice %y {starts = array<i64: 20, -1>, ends = array<i64: 0, -9223372036854775807>, axes = array<i64: 1, 2>, steps = array<i64: -3, -1>} : tensor<2x5x4xf32> -> tensor<2x2x4xf32>
  // A backward slice from before its end is empty.
  // CHECK: dlc.slice %{{.*}} : tensor<2x5x4xf32> -> tensor<2x0x4xf32>
  %b2 = dlc.slice %y {starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: 1>, steps = array<i64: -1>} : tensor<2x5x4xf32> -> tensor<2x0x4xf32>
  // Steps of any size take one element without overflowing.
  // CHECK: dlc.slice %{{.*}} : tensor<2x5x4xf32> -> tensor<2x1x1xf32>
  %b3 = dlc.slice %y {starts = array<i64: 1, -1>, ends = array<i64: 5, -5>, axes = array<i64: 1, 2>, steps = array<i64: 9223372036854775807, -9223372036854775808>} : tensor<2x5x4xf32> -> tensor<2x1x1xf32>
  // CHECK: dlc.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : tensor<2x3x4xf32>, tensor<6xi32> -> tensor<2x6x4xf32>
  %2 = dlc.gather %x, %idx {axis = 1 : i64} : tensor<2x3x4xf32>, tensor<6xi32> -> tensor<2x6x4xf32>
  // CHECK: dlc.gather %{{.*}}, %{{.*}} : tensor<2x3x4xf32>, tensor<6xi32> -> tensor<6x3x4xf32>
  %3 = dlc.gather %x, %idx : tensor<2x3x4xf32>, tensor<6xi32> -> tensor<6x3x4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xf32>, tensor<2x2xi64>, tensor<i1>) {
  // CHECK: dlc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: dlc.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
  %1 = dlc.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  // CHECK: dlc.constant dense<true> : tensor<i1>
  %2 = dlc.constant dense<true> : tensor<i1>
  return %0, %1, %2 : tensor<2xf32>, tensor<2x2xi64>, tensor<i1>
}

// -----

// A grouped convolution whose weight has a dynamic channel dimension.
// CHECK-LABEL: func @conv_grouped_dynamic_weight_channels
func.func @conv_grouped_dynamic_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x?x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // CHECK: dlc.conv
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x4x8x8xf32>, tensor<8x?x3x3xf32> -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// CHECK-LABEL: func @all_reduce
func.func @all_reduce(%g: tensor<4x3xf32>, %b: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  // CHECK: %{{.*}}:2 = dlc.all_reduce %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>
  %0:2 = dlc.all_reduce %g, %b : tensor<4x3xf32>, tensor<3xf32>
  return %0#0, %0#1 : tensor<4x3xf32>, tensor<3xf32>
}
