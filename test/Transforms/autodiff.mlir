// RUN: dlc-opt %s --dlc-autodiff --split-input-file --verify-diagnostics | FileCheck %s

// A dense layer: the gradient of the bias sums over the broadcast batch
// dimension; x is not trainable, so its gradient is not built.
// CHECK-LABEL: func.func @dense_grad
// CHECK-SAME: -> (tensor<f32>, tensor<3x2xf32> {dlc.name = "grad_w"}, tensor<2xf32> {dlc.name = "grad_b"})
// CHECK: %[[PRE:[0-9]+]] = dlc.add
// CHECK: %[[ONE:[0-9]+]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[SPREAD:[0-9]+]] = dlc.unsqueeze %[[ONE]] {axes = array<i64: 0, 1>}
// CHECK: %[[MEAN:[0-9]+]] = dlc.div
// CHECK: %[[POS:[0-9]+]] = dlc.greater %[[PRE]]
// CHECK: %[[GPRE:[0-9]+]] = dlc.where %[[POS]], %[[MEAN]]
// CHECK: %[[GB:[0-9]+]] = dlc.reduce_sum %[[GPRE]] {axes = array<i64: 0>, keepdims = false} : tensor<4x2xf32> -> tensor<2xf32>
// CHECK: %[[XT:[0-9]+]] = dlc.transpose %arg0 {perm = array<i64: 1, 0>}
// CHECK: %[[GW:[0-9]+]] = dlc.matmul %[[XT]], %[[GPRE]]
// CHECK-NOT: dlc.matmul
// CHECK: return %{{.*}}, %[[GW]], %[[GB]]
func.func @dense(%x: tensor<4x3xf32>,
                 %w: tensor<3x2xf32> {dlc.trainable, dlc.name = "w"},
                 %b: tensor<2xf32> {dlc.trainable, dlc.name = "b"}) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0 = dlc.matmul %x, %w : tensor<4x3xf32>, tensor<3x2xf32> -> tensor<4x2xf32>
  %1 = dlc.add %0, %b : tensor<4x2xf32>, tensor<2xf32> -> tensor<4x2xf32>
  %2 = dlc.relu %1 : tensor<4x2xf32>
  %3 = dlc.reduce_mean %2 {axes = array<i64>, keepdims = false} : tensor<4x2xf32> -> tensor<f32>
  return %3 : tensor<f32>
}

// -----

// A value used twice (fan-out) receives the sum of both contributions.
// CHECK-LABEL: func.func @square_grad
// CHECK: %[[G1:[0-9]+]] = dlc.mul %{{[0-9]+}}, %arg0
// CHECK: %[[G2:[0-9]+]] = dlc.mul %{{[0-9]+}}, %arg0
// CHECK: %[[SUM:[0-9]+]] = dlc.add %[[G1]], %[[G2]]
// CHECK: return %{{.*}}, %[[SUM]]
func.func @square(%x: tensor<f32> {dlc.trainable}) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0 = dlc.mul %x, %x : tensor<f32>, tensor<f32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Softmax cross-entropy against integer labels: no gradient flows into the
// labels or through the one-hot encoding.
// CHECK-LABEL: func.func @cross_entropy_grad
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32> {dlc.name = "grad_logits"})
// CHECK: %[[LS:[0-9]+]] = dlc.log_softmax %arg0
// CHECK: %[[EXP:[0-9]+]] = dlc.exp %[[LS]]
// CHECK-NOT: dlc.one_hot {{.*}}grad
// CHECK: return
func.func @cross_entropy(%logits: tensor<2x3xf32> {dlc.trainable, dlc.name = "logits"},
                         %labels: tensor<2xi64>) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0 = dlc.log_softmax %logits {axis = -1} : tensor<2x3xf32>
  %1 = dlc.one_hot %labels {depth = 3, dtype = f32} : tensor<2xi64> -> tensor<2x3xf32>
  %2 = dlc.mul %0, %1 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %3 = dlc.reduce_sum %2 {axes = array<i64>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  %4 = dlc.neg %3 : tensor<f32>
  return %4 : tensor<f32>
}

// -----

// A loss that depends on a trainable argument only through an op without a
// gradient rule is an error on that op.
func.func @pooled(%x: tensor<1x1x4x4xf32> {dlc.trainable}) -> tensor<f32>
    attributes {dlc.differentiate} {
  // expected-error @+1 {{'dlc.max_pool' op has no gradient rule, so the loss cannot be differentiated through it}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %1 = dlc.reduce_sum %0 {axes = array<i64>, keepdims = false} : tensor<1x1x2x2xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

func.func @not_scalar(%x: tensor<3xf32> {dlc.trainable}) -> tensor<3xf32>
    attributes {dlc.differentiate} {
  // expected-error @+1 {{the loss must be a float tensor with one element, got 'tensor<3xf32>'}}
  %0 = dlc.exp %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Slices are differentiated with steps 1 and -1 only.
func.func @strided_slice(%x: tensor<6xf32> {dlc.trainable}) -> tensor<f32>
    attributes {dlc.differentiate} {
  // expected-error @+1 {{'dlc.slice' op is differentiated only with steps 1 and -1}}
  %0 = dlc.slice %x {starts = array<i64: 0>, ends = array<i64: 6>, axes = array<i64: 0>, steps = array<i64: 2>} : tensor<6xf32> -> tensor<3xf32>
  %1 = dlc.reduce_sum %0 {axes = array<i64>, keepdims = false} : tensor<3xf32> -> tensor<f32>
  return %1 : tensor<f32>
}
