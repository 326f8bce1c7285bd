// RUN: split-file %s %t
// RUN: dlc-opt %t/batch.mlir -split-input-file --dlc-shape-inference="input-shapes=32x784" | FileCheck %t/batch.mlir
// RUN: dlc-opt %t/several.mlir --dlc-shape-inference="input-shapes=4x3x32x30,8x3x3x3," | FileCheck %t/several.mlir
// RUN: dlc-opt %t/unbound.mlir --dlc-shape-inference | FileCheck %t/unbound.mlir
// RUN: dlc-opt %t/recurrent.mlir --dlc-shape-inference="input-shapes=7x3x5" | FileCheck %t/recurrent.mlir
// RUN: dlc-opt %t/errors.mlir -split-input-file --dlc-shape-inference="input-shapes=32x100" -verify-diagnostics
// RUN: dlc-opt %t/syntax.mlir --dlc-shape-inference="input-shapes=32xabc" -verify-diagnostics

//--- batch.mlir

// The batch dimension flows through matmul, broadcasting add, relu, softmax
// and the function's result type.
// CHECK-LABEL: func.func @mlp
// CHECK-SAME: (%[[X:.*]]: tensor<32x784xf32>) -> tensor<32x10xf32>
// CHECK: %[[W1:.*]] = dlc.constant dense<1.000000e+00> : tensor<784x16xf32>
// CHECK: %[[B1:.*]] = dlc.constant dense<5.000000e-01> : tensor<16xf32>
// CHECK: %[[W2:.*]] = dlc.constant dense<2.000000e+00> : tensor<16x10xf32>
// CHECK: %[[MM:.*]] = dlc.matmul %[[X]], %[[W1]] : tensor<32x784xf32>, tensor<784x16xf32> -> tensor<32x16xf32>
// CHECK: %[[ADD:.*]] = dlc.add %[[MM]], %[[B1]] : tensor<32x16xf32>, tensor<16xf32> -> tensor<32x16xf32>
// CHECK: %[[RELU:.*]] = dlc.relu %[[ADD]] : tensor<32x16xf32>
// CHECK: %[[MM2:.*]] = dlc.matmul %[[RELU]], %[[W2]] : tensor<32x16xf32>, tensor<16x10xf32> -> tensor<32x10xf32>
// CHECK: %[[SM:.*]] = dlc.softmax %[[MM2]] : tensor<32x10xf32>
// CHECK: return %[[SM]] : tensor<32x10xf32>
func.func @mlp(%x: tensor<?x784xf32>) -> tensor<?x10xf32> {
  %w1 = dlc.constant dense<1.0> : tensor<784x16xf32>
  %b1 = dlc.constant dense<0.5> : tensor<16xf32>
  %w2 = dlc.constant dense<2.0> : tensor<16x10xf32>
  %0 = dlc.matmul %x, %w1 : tensor<?x784xf32>, tensor<784x16xf32> -> tensor<?x16xf32>
  %1 = dlc.add %0, %b1 : tensor<?x16xf32>, tensor<16xf32> -> tensor<?x16xf32>
  %2 = dlc.relu %1 : tensor<?x16xf32>
  %3 = dlc.matmul %2, %w2 : tensor<?x16xf32>, tensor<16x10xf32> -> tensor<?x10xf32>
  %4 = dlc.softmax %3 : tensor<?x10xf32>
  return %4 : tensor<?x10xf32>
}

// -----

// Reshape with -1, shape, reduction and argmax.
// CHECK-LABEL: func.func @image
// CHECK-SAME: (%[[X:.*]]: tensor<32x784xf32>) -> (tensor<32x1x28x28xf32>, tensor<32xi64>, tensor<2xi64>, tensor<32x1xf32>)
// CHECK: %[[R:.*]] = dlc.reshape %[[X]] {shape = array<i64: -1, 1, 28, 28>} : tensor<32x784xf32> -> tensor<32x1x28x28xf32>
// CHECK: %[[A:.*]] = dlc.argmax %[[X]] {axis = 1 : i64, keepdims = false} : tensor<32x784xf32> -> tensor<32xi64>
// CHECK: %[[S:.*]] = dlc.shape %[[X]] {end = 2 : i64, start = 0 : i64} : tensor<32x784xf32> -> tensor<2xi64>
// CHECK: %[[M:.*]] = dlc.reduce_mean %[[X]] {axes = array<i64: 1>} : tensor<32x784xf32> -> tensor<32x1xf32>
// CHECK: return %[[R]], %[[A]], %[[S]], %[[M]]
func.func @image(%x: tensor<?x784xf32>) -> (tensor<?x1x28x28xf32>, tensor<?xi64>, tensor<2xi64>, tensor<?x1xf32>) {
  %0 = dlc.reshape %x {shape = array<i64: -1, 1, 28, 28>} : tensor<?x784xf32> -> tensor<?x1x28x28xf32>
  %1 = dlc.argmax %x {axis = 1 : i64, keepdims = false} : tensor<?x784xf32> -> tensor<?xi64>
  %2 = dlc.shape %x {start = 0 : i64, end = 2 : i64} : tensor<?x784xf32> -> tensor<2xi64>
  %3 = dlc.reduce_mean %x {axes = array<i64: 1>} : tensor<?x784xf32> -> tensor<?x1xf32>
  return %0, %1, %2, %3 : tensor<?x1x28x28xf32>, tensor<?xi64>, tensor<2xi64>, tensor<?x1xf32>
}

// -----

// A fully dynamic argument gets both dimensions; transpose and concat follow.
// CHECK-LABEL: func.func @all_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<32x784xf32>) -> tensor<1568x32xf32>
// CHECK: %[[T:.*]] = dlc.transpose %[[X]] {perm = array<i64: 1, 0>} : tensor<32x784xf32> -> tensor<784x32xf32>
// CHECK: %[[C:.*]] = dlc.concat %[[T]], %[[T]] {axis = 0 : i64} : tensor<784x32xf32>, tensor<784x32xf32> -> tensor<1568x32xf32>
// CHECK: return %[[C]] : tensor<1568x32xf32>
func.func @all_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = dlc.transpose %x {perm = array<i64: 1, 0>} : tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = dlc.concat %0, %0 {axis = 0 : i64} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

//--- several.mlir

// One shape per argument, an empty entry for the scalar; the spatial sizes of
// the convolution follow from the bound input.
// CHECK-LABEL: func.func @conv_scale
// CHECK-SAME: (%[[X:.*]]: tensor<4x3x32x30xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[S:.*]]: tensor<f32>) -> tensor<4x448xf32>
// CHECK: %[[C:.*]] = dlc.conv %[[X]], %[[W]] {{.*}} : tensor<4x3x32x30xf32>, tensor<8x3x3x3xf32> -> tensor<4x8x16x15xf32>
// CHECK: %[[M:.*]] = dlc.mul %[[C]], %[[S]] : tensor<4x8x16x15xf32>, tensor<f32> -> tensor<4x8x16x15xf32>
// CHECK: %[[P:.*]] = dlc.max_pool %[[M]] {{.*}} : tensor<4x8x16x15xf32> -> tensor<4x8x8x7xf32>
// CHECK: %[[F:.*]] = dlc.flatten %[[P]] : tensor<4x8x8x7xf32> -> tensor<4x448xf32>
// CHECK: return %[[F]] : tensor<4x448xf32>
func.func @conv_scale(%x: tensor<?x3x?x?xf32>, %w: tensor<8x3x3x3xf32>, %s: tensor<f32>) -> tensor<?x?xf32> {
  %0 = dlc.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<?x3x?x?xf32>, tensor<8x3x3x3xf32> -> tensor<?x8x?x?xf32>
  %1 = dlc.mul %0, %s : tensor<?x8x?x?xf32>, tensor<f32> -> tensor<?x8x?x?xf32>
  %2 = dlc.max_pool %1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<?x8x?x?xf32> -> tensor<?x8x?x?xf32>
  %3 = dlc.flatten %2 : tensor<?x8x?x?xf32> -> tensor<?x?xf32>
  return %3 : tensor<?x?xf32>
}

//--- unbound.mlir

// Without input-shapes, dynamic dimensions stay dynamic.
// CHECK-LABEL: func.func @unbound
// CHECK-SAME: (%{{.*}}: tensor<?x784xf32>) -> tensor<?x1x28x28xf32>
// CHECK: dlc.reshape %{{.*}} {shape = array<i64: -1, 1, 28, 28>} : tensor<?x784xf32> -> tensor<?x1x28x28xf32>
func.func @unbound(%x: tensor<?x784xf32>) -> tensor<?x1x28x28xf32> {
  %0 = dlc.reshape %x {shape = array<i64: -1, 1, 28, 28>} : tensor<?x784xf32> -> tensor<?x1x28x28xf32>
  return %0 : tensor<?x1x28x28xf32>
}

//--- recurrent.mlir

// A batch-first LSTM with dynamic batch and sequence: the bound input gives
// Y [batch, seq, num_directions, hidden] and Y_h, Y_c [batch, num_directions,
// hidden].
// CHECK-LABEL: func.func @lstm
// CHECK-SAME: (%[[X:.*]]: tensor<7x3x5xf32>) -> (tensor<7x3x2x4xf32>, tensor<7x2x4xf32>)
// CHECK: dlc.lstm %[[X]], {{.*}} -> (tensor<7x3x2x4xf32>, tensor<7x2x4xf32>, tensor<7x2x4xf32>)
func.func @lstm(%x: tensor<?x?x5xf32>) -> (tensor<?x?x2x4xf32>, tensor<?x2x4xf32>) {
  %w = dlc.constant dense<0.1> : tensor<2x16x5xf32>
  %r = dlc.constant dense<0.2> : tensor<2x16x4xf32>
  %y, %yh, %yc = dlc.lstm %x, %w, %r {hidden_size = 4 : i64, direction = "bidirectional", layout = 1 : i64} : (tensor<?x?x5xf32>, tensor<2x16x5xf32>, tensor<2x16x4xf32>) -> (tensor<?x?x2x4xf32>, tensor<?x2x4xf32>, tensor<?x2x4xf32>)
  return %y, %yh : tensor<?x?x2x4xf32>, tensor<?x2x4xf32>
}

//--- errors.mlir

// expected-error @+1 {{input-shapes lists 1 shapes for 2 arguments}}
func.func @count(%x: tensor<?x100xf32>, %y: tensor<?x100xf32>) -> tensor<?x100xf32> {
  %0 = dlc.add %x, %y : tensor<?x100xf32>, tensor<?x100xf32> -> tensor<?x100xf32>
  return %0 : tensor<?x100xf32>
}

// -----

// The given shape must agree with every static dimension.
// expected-error @+1 {{argument 0 has type 'tensor<?x784xf32>' which does not accept shape [32, 100]}}
func.func @static_dim(%x: tensor<?x784xf32>) -> tensor<?x784xf32> {
  %0 = dlc.relu %x : tensor<?x784xf32>
  return %0 : tensor<?x784xf32>
}

// -----

// expected-error @+1 {{argument 0 has type 'tensor<?x?x?xf32>' which does not accept shape [32, 100]}}
func.func @rank(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %0 = dlc.relu %x : tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// A bound shape that contradicts a weight is reported by the op's shape rule.
func.func @contradiction(%x: tensor<?x?xf32>) -> tensor<?x10xf32> {
  %w = dlc.constant dense<1.0> : tensor<784x10xf32>
  // expected-error @+1 {{contraction dimensions differ: lhs [32, 100] and rhs [784, 10]}}
  %0 = dlc.matmul %x, %w : tensor<?x?xf32>, tensor<784x10xf32> -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

//--- syntax.mlir

// expected-error @+1 {{invalid input-shapes '32xabc'}}
func.func @syntax(%x: tensor<?x784xf32>) -> tensor<?x784xf32> {
  return %x : tensor<?x784xf32>
}
