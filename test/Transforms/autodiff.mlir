// RUN: dlc-opt %s --dlc-autodiff --split-input-file --verify-diagnostics | FileCheck %s

// A dense layer: the gradient of the bias sums over the broadcast batch
// dimension; x is not trainable, so its gradient is not built. The ReLU's
// gradient reads its result, not its input.
// CHECK-LABEL: func.func @dense_grad
// CHECK-SAME: -> (tensor<f32>, tensor<3x2xf32> {dlc.name = "grad_w"}, tensor<2xf32> {dlc.name = "grad_b"})
// CHECK: %[[PRE:[0-9]+]] = dlc.add
// CHECK: %[[RELU:[0-9]+]] = dlc.relu %[[PRE]]
// CHECK: %[[ONE:[0-9]+]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[SPREAD:[0-9]+]] = dlc.unsqueeze %[[ONE]] {axes = array<i64: 0, 1>}
// CHECK: %[[MEAN:[0-9]+]] = dlc.div
// CHECK: %[[POS:[0-9]+]] = dlc.greater %[[RELU]]
// CHECK: %[[GPRE:[0-9]+]] = dlc.where %[[POS]], %[[MEAN]]
// CHECK-NOT: dlc.matmul
// CHECK: %[[GB:[0-9]+]] = dlc.reduce_sum %[[GPRE]] {axes = array<i64: 0>, keepdims = false} : tensor<4x2xf32> -> tensor<2xf32>
// CHECK-NOT: dlc.matmul
// CHECK: %[[XT:[0-9]+]] = dlc.transpose %arg0 {perm = array<i64: 1, 0>}
// CHECK-NOT: dlc.matmul
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
// CHECK-NOT: dlc.one_hot
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

// A small convnet. The max pool's gradient reads the conv result (to find
// each window's maximum); the input is not trainable, so the conv's input
// gradient is never built; the bias gradient sums over batch and positions.
// CHECK-LABEL: func.func @convnet_grad
// CHECK-SAME: -> (tensor<f32>, tensor<4x1x3x3xf32> {dlc.name = "grad_w"}, tensor<4xf32> {dlc.name = "grad_b"})
// CHECK: %[[CONV:[0-9]+]] = dlc.conv %arg0, %arg1, %arg2
// CHECK-NOT: dlc.conv_input_grad
// CHECK: %[[GAVG:[0-9]+]] = dlc.average_pool_grad %{{[0-9]+}} {dilations = array<i64: 1, 1>, input_spatial_shape = array<i64: 3, 3>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<2x4x3x3xf32> -> tensor<2x4x3x3xf32>
// CHECK-NOT: dlc.conv_input_grad
// CHECK: %[[GMAX:[0-9]+]] = dlc.max_pool_grad %[[CONV]], %[[GAVG]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<2x4x6x6xf32>, tensor<2x4x3x3xf32> -> tensor<2x4x6x6xf32>
// CHECK-NOT: dlc.conv_input_grad
// CHECK: %[[GW:[0-9]+]] = dlc.conv_weight_grad %arg0, %[[GMAX]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<2x1x6x6xf32>, tensor<2x4x6x6xf32> -> tensor<4x1x3x3xf32>
// CHECK-NOT: dlc.conv_input_grad
// CHECK: %[[GB:[0-9]+]] = dlc.reduce_sum %[[GMAX]] {axes = array<i64: 0, 2, 3>, keepdims = false} : tensor<2x4x6x6xf32> -> tensor<4xf32>
// CHECK-NOT: dlc.conv_input_grad
// CHECK: return %{{.*}}, %[[GW]], %[[GB]]
func.func @convnet(%x: tensor<2x1x6x6xf32>,
                   %w: tensor<4x1x3x3xf32> {dlc.trainable, dlc.name = "w"},
                   %b: tensor<4xf32> {dlc.trainable, dlc.name = "b"}) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<2x1x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32> -> tensor<2x4x6x6xf32>
  %1 = dlc.max_pool %0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<2x4x6x6xf32> -> tensor<2x4x3x3xf32>
  %2 = dlc.average_pool %1 {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<2x4x3x3xf32> -> tensor<2x4x3x3xf32>
  %3 = dlc.reduce_mean %2 {axes = array<i64>, keepdims = false} : tensor<2x4x3x3xf32> -> tensor<f32>
  return %3 : tensor<f32>
}

// -----

// A trainable input gets the conv's input gradient, from the same result
// gradient as the weight.
// CHECK-LABEL: func.func @conv_input_grad
// CHECK: %[[GX:[0-9]+]] = dlc.conv_input_grad %[[G:[0-9]+]], %arg1 {dilations = array<i64: 2>, group = 2 : i64, input_spatial_shape = array<i64: 9>, pads = array<i64: 2, 1>, strides = array<i64: 2>} : tensor<1x4x4xf32>, tensor<4x2x3xf32> -> tensor<1x4x9xf32>
// CHECK: %[[GW:[0-9]+]] = dlc.conv_weight_grad %arg0, %[[G]] {dilations = array<i64: 2>, group = 2 : i64, kernel_shape = array<i64: 3>, pads = array<i64: 2, 1>, strides = array<i64: 2>} : tensor<1x4x9xf32>, tensor<1x4x4xf32> -> tensor<4x2x3xf32>
// CHECK: return %{{.*}}, %[[GX]], %[[GW]]
func.func @conv_input(%x: tensor<1x4x9xf32> {dlc.trainable},
                      %w: tensor<4x2x3xf32> {dlc.trainable}) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0 = dlc.conv %x, %w {strides = array<i64: 2>, pads = array<i64: 2, 1>, dilations = array<i64: 2>, group = 2 : i64} : tensor<1x4x9xf32>, tensor<4x2x3xf32> -> tensor<1x4x4xf32>
  %1 = dlc.reduce_sum %0 {axes = array<i64>, keepdims = false} : tensor<1x4x4xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// The gradient ops take spatial sizes as attributes, so a convolution over
// an input of unknown size cannot be differentiated.
func.func @conv_dynamic(%x: tensor<1x1x?xf32>, %w: tensor<2x1x3xf32> {dlc.trainable}) -> tensor<f32>
    attributes {dlc.differentiate} {
  // expected-error @+1 {{'dlc.conv' op is differentiated only with static spatial dimensions; the input has type 'tensor<1x1x?xf32>'}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>} : tensor<1x1x?xf32>, tensor<2x1x3xf32> -> tensor<1x2x?xf32>
  %1 = dlc.reduce_sum %0 {axes = array<i64>, keepdims = false} : tensor<1x2x?xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// A loss that depends on a trainable argument only through an op without a
// gradient rule is an error on that op.
func.func @no_rule(%x: tensor<1x1x4x4xf32> {dlc.trainable},
                   %g: tensor<1x1x2x2xf32>) -> tensor<f32>
    attributes {dlc.differentiate} {
  // expected-error @+1 {{'dlc.max_pool_grad' op has no gradient rule, so the loss cannot be differentiated through it}}
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  %1 = dlc.reduce_sum %0 {axes = array<i64>, keepdims = false} : tensor<1x1x4x4xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// Backpropagation through time: dlc.rnn_grad reads the hidden states from
// the forward Y and gets zeros for the unused Y; the absent bias and
// initial_h get no gradient.
// CHECK-LABEL: func.func @rnn_grad
// CHECK: %[[Y:.*]], %[[YH:.*]] = dlc.rnn %[[X:.*]], %[[W:.*]], %[[R:[^ ]*]] {hidden_size = 4 : i64}
// CHECK: %[[ZEROS:.*]] = dlc.constant {{.*}} : tensor<5x1x2x4xf32>
// CHECK: %{{.*}}, %[[GW:.*]], %[[GR:.*]], %{{.*}}, %{{.*}} = dlc.rnn_grad %[[X]], %[[W]], %[[R]], %[[Y]], %[[ZEROS]], %{{.*}} :
// CHECK: return %{{.*}}, %[[GW]], %[[GR]]
func.func @rnn(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32> {dlc.trainable},
               %r: tensor<1x4x4xf32> {dlc.trainable}) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %1 = dlc.reduce_sum %0#1 {axes = array<i64>, keepdims = false} : tensor<1x2x4xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// A reverse direction is the forward one over the sequence read backwards:
// X, Y and dL/dY reversed along time go into dlc.rnn_grad, and X's
// gradient comes out reversed back.
// CHECK-LABEL: func.func @rnn_reverse_grad
// CHECK: %[[X:[0-9]+]] = dlc.slice %arg0 {axes = array<i64: 0>, ends = array<i64: -9223372036854775808>, starts = array<i64: -1>, steps = array<i64: -1>}
// CHECK: %[[Y:[0-9]+]] = dlc.slice %y {axes = array<i64: 0>
// CHECK: %[[DY:[0-9]+]] = dlc.slice %{{[0-9]+}} {axes = array<i64: 0>
// CHECK: %[[GX:x_grad[_0-9]*]], %[[GW:w_grad[_0-9]*]], {{.*}} = dlc.rnn_grad %[[X]], %arg1, %arg2, %[[Y]], %[[DY]], %{{[0-9]+}}
// CHECK: %[[DX:[0-9]+]] = dlc.slice %[[GX]] {axes = array<i64: 0>
// CHECK: return %{{.*}}, %[[DX]], %[[GW]]
func.func @rnn_reverse(%x: tensor<5x2x3xf32> {dlc.trainable},
                       %w: tensor<1x4x3xf32> {dlc.trainable},
                       %r: tensor<1x4x4xf32>) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, direction = "reverse"} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %1 = dlc.reduce_sum %0#1 {axes = array<i64>, keepdims = false} : tensor<1x2x4xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// sequence_lens, clip and the activations go to the backward op.
// CHECK-LABEL: func.func @rnn_relu_clip_sequence_lens_grad
// CHECK: dlc.rnn_grad %arg0, %arg1, %arg2 sequence_lens(%arg3), %{{.*}} {activations = ["Relu"], clip = 2.000000e+00 : f32}
func.func @rnn_relu_clip_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32> {dlc.trainable},
                                       %r: tensor<1x4x4xf32>, %lens: tensor<2xi32>) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0:2 = dlc.rnn %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64, activations = ["Relu"], clip = 2.0 : f32} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<2xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  %1 = dlc.reduce_sum %0#1 {axes = array<i64>, keepdims = false} : tensor<1x2x4xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// A reverse direction with sequence_lens reverses each sequence's first
// sequence_lens[b] steps (a gather), not the whole time axis; the
// backward op takes that direction's functions (alpha resolved) and
// input_forget.
// CHECK-LABEL: func.func @lstm_reverse_sequence_lens_grad
// CHECK-NOT: dlc.slice
// CHECK: %[[LENS:.*]] = dlc.reshape %arg3 {shape = array<i64: 1, 2, 1>}
// CHECK: %[[BEFORE:.*]] = dlc.less %{{.*}}, %[[LENS]]
// CHECK: %[[X:.*]] = dlc.gather
// CHECK: dlc.lstm_grad %{{.*}}, %arg1, %arg2 sequence_lens(%arg3), %{{.*}} {activation_alpha = array<f32: 3.000000e-01>, activation_beta = array<f32: 5.000000e-01>, activations = ["HardSigmoid", "Tanh", "Softsign"], input_forget = true}
func.func @lstm_reverse_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32> {dlc.trainable},
                                      %r: tensor<1x16x4xf32>, %lens: tensor<2xi64>) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0:3 = dlc.lstm %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64, direction = "reverse", input_forget = true, activations = ["HardSigmoid", "Tanh", "Softsign"], activation_alpha = array<f32: 0.3>} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<2xi64>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  %1 = dlc.reduce_sum %0#2 {axes = array<i64>, keepdims = false} : tensor<1x2x4xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// Bidirectional in layout 1: transposed to layout 0, each direction's
// weights sliced out, the reverse one over the sequence read backwards;
// the weight gradients are stacked again and X's two gradients added.
// CHECK-LABEL: func.func @lstm_bidirectional_batch_first_grad
// CHECK: %[[X:[0-9]+]] = dlc.transpose %arg0 {perm = array<i64: 1, 0, 2>}
// CHECK: %[[W0:[0-9]+]] = dlc.slice %arg1 {axes = array<i64: 0>, ends = array<i64: 1>, starts = array<i64: 0>
// CHECK: %[[FX:x_grad[_0-9]*]], %[[FW:w_grad[_0-9]*]], {{.*}} = dlc.lstm_grad %[[X]], %[[W0]]
// CHECK: %[[XR:[0-9]+]] = dlc.slice %[[X]] {axes = array<i64: 0>, ends = array<i64: -9223372036854775808>
// CHECK: %[[W1:[0-9]+]] = dlc.slice %arg1 {axes = array<i64: 0>, ends = array<i64: 2>, starts = array<i64: 1>
// CHECK: %[[BX:x_grad[_0-9]*]], %[[BW:w_grad[_0-9]*]], {{.*}} = dlc.lstm_grad %[[XR]], %[[W1]]
// CHECK: %[[BXR:[0-9]+]] = dlc.slice %[[BX]] {axes = array<i64: 0>, ends = array<i64: -9223372036854775808>
// CHECK: %[[DX:[0-9]+]] = dlc.add %[[FX]], %[[BXR]]
// CHECK: %[[DW:[0-9]+]] = dlc.concat %[[FW]], %[[BW]] {axis = 0 : i64} : tensor<1x16x3xf32>, tensor<1x16x3xf32> -> tensor<2x16x3xf32>
// CHECK: %[[DXT:[0-9]+]] = dlc.transpose %[[DX]] {perm = array<i64: 1, 0, 2>} : tensor<5x2x3xf32> -> tensor<2x5x3xf32>
// CHECK: return %{{.*}}, %[[DXT]], %[[DW]]
func.func @lstm_bidirectional_batch_first(%x: tensor<2x5x3xf32> {dlc.trainable},
                                          %w: tensor<2x16x3xf32> {dlc.trainable},
                                          %r: tensor<2x16x4xf32>) -> tensor<f32>
    attributes {dlc.differentiate} {
  %0:3 = dlc.lstm %x, %w, %r {hidden_size = 4 : i64, layout = 1 : i64, direction = "bidirectional"} : (tensor<2x5x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>) -> (tensor<2x5x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  %1 = dlc.reduce_sum %0#1 {axes = array<i64>, keepdims = false} : tensor<2x2x4xf32> -> tensor<f32>
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
