// RUN: dlc-opt %s -split-input-file -verify-diagnostics
//
// Every shape rule (inferReturnTypes) and verifier error of the dlc ops. A
// shape-rule failure reports the op's own message followed by the generic
// "failed to infer returned types" error of InferTypeOpInterface.

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

func.func @broadcast_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: [2, 3] and [4, 3]}}
  // expected-error @+1 {{'dlc.add' op failed to infer returned types}}
  %0 = dlc.add %a, %b : tensor<2x3xf32>, tensor<4x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_mismatch_trailing(%a: tensor<5x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: [5, 4] and [3]}}
  // expected-error @+1 {{'dlc.mul' op failed to infer returned types}}
  %0 = dlc.mul %a, %b : tensor<5x4xf32>, tensor<3xf32> -> tensor<5x4xf32>
  return
}

// -----

func.func @binary_element_types(%a: tensor<2x3xf32>, %b: tensor<2x3xf64>) {
  // expected-error @+2 {{operand element types differ: 'f32' and 'f64'}}
  // expected-error @+1 {{'dlc.sub' op failed to infer returned types}}
  %0 = dlc.sub %a, %b : tensor<2x3xf32>, tensor<2x3xf64> -> tensor<2x3xf32>
  return
}

// -----

func.func @binary_wrong_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'dlc.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error @+1 {{'dlc.add' op failed to infer returned types}}
  %0 = dlc.add %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @comparison_result_is_bool(%a: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.less' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = dlc.less %a, %a : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @comparison_wrong_shape(%a: tensor<4xf32>, %b: tensor<1xf32>) {
  // expected-error @+2 {{'dlc.equal' op inferred type(s) 'tensor<4xi1>' are incompatible with return type(s) of operation 'tensor<1xi1>'}}
  // expected-error @+1 {{'dlc.equal' op failed to infer returned types}}
  %0 = dlc.equal %a, %b : tensor<4xf32>, tensor<1xf32> -> tensor<1xi1>
  return
}

// -----

func.func @pow_needs_floats(%a: tensor<4xi32>) {
  // expected-error @+1 {{'dlc.pow' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = dlc.pow %a, %a : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return
}

// -----

func.func @where_element_types(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf64>) {
  // expected-error @+2 {{operand element types differ: 'f32' and 'f64'}}
  // expected-error @+1 {{'dlc.where' op failed to infer returned types}}
  %0 = dlc.where %c, %a, %b : tensor<4xi1>, tensor<4xf32>, tensor<4xf64> -> tensor<4xf32>
  return
}

// -----

func.func @where_broadcast(%c: tensor<3xi1>, %a: tensor<2x1xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: [2, 3] and [4]}}
  // expected-error @+1 {{'dlc.where' op failed to infer returned types}}
  %0 = dlc.where %c, %a, %b : tensor<3xi1>, tensor<2x1xf32>, tensor<4xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @cast_wrong_result(%a: tensor<4xf32>) {
  // expected-error @+2 {{'dlc.cast' op inferred type(s) 'tensor<4xi32>' are incompatible with return type(s) of operation 'tensor<4xi64>'}}
  // expected-error @+1 {{'dlc.cast' op failed to infer returned types}}
  %0 = dlc.cast %a {to = i32} : tensor<4xf32> -> tensor<4xi64>
  return
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: lhs [2, 3] and rhs [4, 5]}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : tensor<2x3xf32>, tensor<4x5xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_vector_contraction(%a: tensor<3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: lhs [3] and rhs [4, 5]}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : tensor<3xf32>, tensor<4x5xf32> -> tensor<5xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x3xf32>, %b: tensor<5x3x6xf32>) {
  // expected-error @+2 {{batch dimensions are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : tensor<2x4x3xf32>, tensor<5x3x6xf32> -> tensor<2x4x6xf32>
  return
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{operands must have rank >= 1}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : tensor<f32>, tensor<4x5xf32> -> tensor<5xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x5xf64>) {
  // expected-error @+2 {{operand element types differ}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : tensor<2x3xf32>, tensor<3x5xf64> -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_wrong_result(%a: tensor<?x784xf32>, %b: tensor<784x10xf32>) {
  // expected-error @+2 {{'dlc.matmul' op inferred type(s) 'tensor<?x10xf32>' are incompatible with return type(s) of operation 'tensor<?x784xf32>'}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : tensor<?x784xf32>, tensor<784x10xf32> -> tensor<?x784xf32>
  return
}

// -----

func.func @gemm_not_matrices(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{A and B must be matrices}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b : tensor<2x3x4xf32>, tensor<4x5xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_contraction(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) {
  // trans_a makes A 3 x 4, trans_b makes B 5 x 4: K is 4 and 5.
  // expected-error @+2 {{contraction dimensions differ: 4 and 5}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b {trans_a = true, trans_b = true} : tensor<4x3xf32>, tensor<4x5xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @gemm_element_types(%a: tensor<2x3xf32>, %b: tensor<3x5xf64>) {
  // expected-error @+2 {{operand element types differ}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b : tensor<2x3xf32>, tensor<3x5xf64> -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_c_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: [2, 5] and [4]}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : tensor<2x3xf32>, tensor<3x5xf32>, tensor<4xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_c_rank(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<7x2x5xf32>) {
  // expected-error @+2 {{C does not broadcast to the result}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : tensor<2x3xf32>, tensor<3x5xf32>, tensor<7x2x5xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<1x3xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+2 {{input and weight must both have rank >= 3 (N x C x spatial...)}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64>, pads = array<i64>, dilations = array<i64>} : tensor<1x3xf32>, tensor<4x3xf32> -> tensor<1x4xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{input has 4 channels but weight expects 3 x group 1}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_group_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{input has 4 channels but weight expects 4 x group 2}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_group_output(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+2 {{output channels 6 are not divisible by group 4}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4 : i64} : tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32> -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_group_positive(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{group must be positive}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{bias must have 8 elements}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<4xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_pads_count(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{pads needs 4 entries}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_negative_pads(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{pads must be non-negative}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x5x6xf32>
  return
}

// -----

func.func @conv_strides_count(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{strides and dilations need 2 entries}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{strides and dilations must be positive}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{'dlc.conv' op inferred type(s) 'tensor<1x8x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x8x6x6xf32>'}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32> -> tensor<1x8x6x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// Pooling and normalization
//===----------------------------------------------------------------------===//

// -----

func.func @pool_kernel_rank(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{kernel_shape needs one entry per spatial dimension of the N x C x ... input}}
  // expected-error @+1 {{'dlc.max_pool' op failed to infer returned types}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_input_rank(%x: tensor<3x8xf32>) {
  // expected-error @+2 {{kernel_shape needs one entry per spatial dimension of the N x C x ... input}}
  // expected-error @+1 {{'dlc.average_pool' op failed to infer returned types}}
  %0 = dlc.average_pool %x {kernel_shape = array<i64>, strides = array<i64>, pads = array<i64>, dilations = array<i64>} : tensor<3x8xf32> -> tensor<3x8xf32>
  return
}

// -----

func.func @pool_pads_count(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{pads needs 4 entries}}
  // expected-error @+1 {{'dlc.average_pool' op failed to infer returned types}}
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_wrong_result(%x: tensor<1x3x8x8xf32>) {
  // ceil_mode rounds 2.5 windows up to 3, plus one.
  // expected-error @+2 {{'dlc.max_pool' op inferred type(s) 'tensor<1x3x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x3x3x3xf32>'}}
  // expected-error @+1 {{'dlc.max_pool' op failed to infer returned types}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x3x8x8xf32> -> tensor<1x3x3x3xf32>
  return
}

// -----

func.func @batch_norm_vectors(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{scale, bias, mean and variance must have one element per channel (3)}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %b, %s, %s : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @batch_norm_vector_rank(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %v: tensor<3x1xf32>) {
  // expected-error @+2 {{scale, bias, mean and variance must have one element per channel (3)}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %s, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x1xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<3xf32>, %s: tensor<3xf32>) {
  // expected-error @+2 {{input must have rank >= 2 (N x C x ...)}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %s, %s, %s : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'dlc.softmax' op axis 2 is out of range for rank 2}}
  %0 = dlc.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return
}

// -----

func.func @log_softmax_axis(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'dlc.log_softmax' op axis -3 is out of range for rank 2}}
  %0 = dlc.log_softmax %x {axis = -3 : i64} : tensor<2x10xf32>
  return
}

//===----------------------------------------------------------------------===//
// Gradients of convolution and pooling
//===----------------------------------------------------------------------===//

// -----

func.func @conv_input_grad_rank(%g: tensor<1x8x5x5xf32>, %w: tensor<8x3x3xf32>) {
  // expected-error @+2 {{result_grad and weight must both have rank >= 3 (N x M x spatial...)}}
  // expected-error @+1 {{'dlc.conv_input_grad' op failed to infer returned types}}
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 7, 7>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x8x5x5xf32>, tensor<8x3x3xf32> -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @conv_input_grad_spatial_count(%g: tensor<1x8x5x5xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{input_spatial_shape needs 2 entries, one per spatial dimension}}
  // expected-error @+1 {{'dlc.conv_input_grad' op failed to infer returned types}}
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 7>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x8x5x5xf32>, tensor<8x3x3x3xf32> -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @conv_input_grad_element_types(%g: tensor<1x8x5x5xf32>, %w: tensor<8x3x3x3xf64>) {
  // expected-error @+2 {{operand element types differ: 'f32' and 'f64'}}
  // expected-error @+1 {{'dlc.conv_input_grad' op failed to infer returned types}}
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 7, 7>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x8x5x5xf32>, tensor<8x3x3x3xf64> -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @conv_input_grad_shape(%g: tensor<1x8x6x6xf32>, %w: tensor<8x3x3x3xf32>) {
  // A 7x7 input gives 5x5 windows of 3x3.
  // expected-error @+2 {{result_grad has shape [1, 8, 6, 6] but the convolution gives [1, 8, 5, 5]}}
  // expected-error @+1 {{'dlc.conv_input_grad' op failed to infer returned types}}
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 7, 7>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x8x6x6xf32>, tensor<8x3x3x3xf32> -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @conv_input_grad_group(%g: tensor<1x6x5x5xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+2 {{output channels 6 are not divisible by group 4}}
  // expected-error @+1 {{'dlc.conv_input_grad' op failed to infer returned types}}
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 7, 7>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4 : i64} : tensor<1x6x5x5xf32>, tensor<6x1x3x3xf32> -> tensor<1x4x7x7xf32>
  return
}

// -----

func.func @conv_weight_grad_channels(%x: tensor<1x3x7x7xf32>, %g: tensor<1x8x5x5xf32>) {
  // expected-error @+2 {{input channels 3 are not divisible by group 2}}
  // expected-error @+1 {{'dlc.conv_weight_grad' op failed to infer returned types}}
  %0 = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x3x7x7xf32>, tensor<1x8x5x5xf32> -> tensor<8x1x3x3xf32>
  return
}

// -----

func.func @conv_weight_grad_kernel(%x: tensor<1x3x7x7xf32>, %g: tensor<1x8x5x5xf32>) {
  // expected-error @+2 {{kernel_shape must be non-negative, got [3, -3]}}
  // expected-error @+1 {{'dlc.conv_weight_grad' op failed to infer returned types}}
  %0 = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3, -3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x7x7xf32>, tensor<1x8x5x5xf32> -> tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_weight_grad_batch(%x: tensor<2x3x7x7xf32>, %g: tensor<1x8x5x5xf32>) {
  // expected-error @+2 {{result_grad has shape [1, 8, 5, 5] but the convolution gives [2, 8, 5, 5]}}
  // expected-error @+1 {{'dlc.conv_weight_grad' op failed to infer returned types}}
  %0 = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<2x3x7x7xf32>, tensor<1x8x5x5xf32> -> tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_weight_grad_wrong_result(%x: tensor<1x4x7x7xf32>, %g: tensor<1x8x5x5xf32>) {
  // expected-error @+2 {{'dlc.conv_weight_grad' op inferred type(s) 'tensor<8x2x3x3xf32>' are incompatible with return type(s) of operation 'tensor<8x4x3x3xf32>'}}
  // expected-error @+1 {{'dlc.conv_weight_grad' op failed to infer returned types}}
  %0 = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x4x7x7xf32>, tensor<1x8x5x5xf32> -> tensor<8x4x3x3xf32>
  return
}

// -----

func.func @max_pool_grad_shape(%x: tensor<1x3x8x8xf32>, %g: tensor<1x3x3x3xf32>) {
  // Without ceil_mode, 3x3 windows with stride 2 fit 3 times in 8.
  // expected-error @+2 {{result_grad has shape [1, 3, 3, 3] but the max pool gives [1, 3, 4, 4]}}
  // expected-error @+1 {{'dlc.max_pool_grad' op failed to infer returned types}}
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x3x8x8xf32>, tensor<1x3x3x3xf32> -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @max_pool_grad_channels(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x4xf32>) {
  // expected-error @+2 {{result_grad has shape [1, 4, 4, 4] but the max pool gives [1, 3, 4, 4]}}
  // expected-error @+1 {{'dlc.max_pool_grad' op failed to infer returned types}}
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<1x4x4x4xf32> -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @max_pool_grad_strides(%x: tensor<1x3x8x8xf32>, %g: tensor<1x3x4x4xf32>) {
  // expected-error @+2 {{strides and dilations must be positive}}
  // expected-error @+1 {{'dlc.max_pool_grad' op failed to infer returned types}}
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 0, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @average_pool_grad_rank(%g: tensor<3x4xf32>) {
  // expected-error @+2 {{result_grad must have rank >= 3 (N x C x spatial...)}}
  // expected-error @+1 {{'dlc.average_pool_grad' op failed to infer returned types}}
  %0 = dlc.average_pool_grad %g {input_spatial_shape = array<i64>, kernel_shape = array<i64>, strides = array<i64>, pads = array<i64>, dilations = array<i64>} : tensor<3x4xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @average_pool_grad_shape(%g: tensor<1x3x4x4xf32>) {
  // 2x2 windows with stride 2 fit 5 times in 9 + 2 padding.
  // expected-error @+2 {{result_grad has shape [1, 3, 4, 4] but the average pool gives [1, 3, 5, 5]}}
  // expected-error @+1 {{'dlc.average_pool_grad' op failed to infer returned types}}
  %0 = dlc.average_pool_grad %g {input_spatial_shape = array<i64: 9, 9>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, count_include_pad = true} : tensor<1x3x4x4xf32> -> tensor<1x3x9x9xf32>
  return
}

//===----------------------------------------------------------------------===//
// Recurrent
//===----------------------------------------------------------------------===//

// -----

// A backward op differentiates one direction: its functions are one
// direction's.
func.func @rnn_grad_activations(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %y: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) {
  // expected-error @+2 {{expected 1 activations (1 per direction), got 2}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %0:5 = dlc.rnn_grad %x, %w, %r, %y, %y, %gh {activations = ["Tanh", "Tanh"]} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @rnn_grad_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %lens: tensor<3xi32>, %y: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) {
  // expected-error @+2 {{sequence_lens must be [batch_size] = [2], got [3]}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %0:5 = dlc.rnn_grad %x, %w, %r sequence_lens(%lens), %y, %y, %gh : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<3xi32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_direction(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{direction must be forward, reverse or bidirectional, got 'backward'}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, direction = "backward"} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_layout(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{layout must be 0 (sequence first) or 1 (batch first), got 2}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, layout = 2 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_hidden_size(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{hidden_size must be positive, got 0}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 0 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_clip(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{clip must be positive, got -1}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, clip = -1.0 : f32} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// Bidirectional needs the functions of both directions.
func.func @recurrent_activation_count(%x: tensor<5x2x3xf32>, %w: tensor<2x12x3xf32>, %r: tensor<2x12x4xf32>) {
  // expected-error @+2 {{expected 4 activations (2 per direction), got 2}}
  // expected-error @+1 {{'dlc.gru' op failed to infer returned types}}
  %0:2 = dlc.gru %x, %w, %r {hidden_size = 4 : i64, direction = "bidirectional", activations = ["Sigmoid", "Tanh"]} : (tensor<5x2x3xf32>, tensor<2x12x3xf32>, tensor<2x12x4xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>)
  return
}

// -----

func.func @recurrent_unknown_activation(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{unknown activation function 'Swish'}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, activations = ["Swish"]} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// Tanh takes no alpha, so the value would be silently ignored.
func.func @recurrent_unused_alpha(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{activation_alpha and activation_beta have 1 and 0 values but the activations take 0 and 0}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, activations = ["Tanh"], activation_alpha = array<f32: 0.5>} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_x_rank(%x: tensor<10x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{x must have rank 3 ([seq_length, batch_size, input_size]), got [10, 3]}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<10x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// An LSTM has 4 gates: W needs 4 x hidden_size rows.
func.func @recurrent_weight_gates(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x16x4xf32>) {
  // expected-error @+2 {{w must be [num_directions, 4 x hidden_size, input_size] = [1, 16, 3], got [1, 12, 3]}}
  // expected-error @+1 {{'dlc.lstm' op failed to infer returned types}}
  %0:3 = dlc.lstm %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x16x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_recurrence_weight(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x5xf32>) {
  // expected-error @+2 {{r must be [num_directions, hidden_size, hidden_size] = [1, 4, 4], got [1, 4, 5]}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x5xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// B holds the input and the recurrent biases of every gate.
func.func @recurrent_bias(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x4xf32>, %b: tensor<1x12xf32>) {
  // expected-error @+2 {{b must be [num_directions, 6 x hidden_size] = [1, 24], got [1, 12]}}
  // expected-error @+1 {{'dlc.gru' op failed to infer returned types}}
  %0:2 = dlc.gru %x, %w, %r bias(%b) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x12xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %lens: tensor<3xi32>) {
  // expected-error @+2 {{sequence_lens must be [batch_size] = [2], got [3]}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<3xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_sequence_lens_type(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %lens: tensor<2xf32>) {
  // expected-error @+1 {{'dlc.rnn' op operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0:2 = dlc.rnn %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<2xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// With layout = 1 the states are [batch, num_directions, hidden].
func.func @recurrent_initial_state_layout(%x: tensor<2x5x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %h: tensor<1x2x4xf32>) {
  // expected-error @+2 {{initial_h must be [batch_size, num_directions, hidden_size] = [2, 1, 4], got [1, 2, 4]}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r initial_h(%h) {hidden_size = 4 : i64, layout = 1 : i64} : (tensor<2x5x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x2x4xf32>) -> (tensor<2x5x1x4xf32>, tensor<2x1x4xf32>)
  return
}

// -----

func.func @recurrent_initial_cell(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %c: tensor<1x2x3xf32>) {
  // expected-error @+2 {{initial_c must be [num_directions, batch_size, hidden_size] = [1, 2, 4], got [1, 2, 3]}}
  // expected-error @+1 {{'dlc.lstm' op failed to infer returned types}}
  %0:3 = dlc.lstm %x, %w, %r initial_c(%c) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x2x3xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_peepholes(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %p: tensor<1x16xf32>) {
  // expected-error @+2 {{p must be [num_directions, 3 x hidden_size] = [1, 12], got [1, 16]}}
  // expected-error @+1 {{'dlc.lstm' op failed to infer returned types}}
  %0:3 = dlc.lstm %x, %w, %r peepholes(%p) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x16xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @recurrent_element_types(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf64>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{operand element types differ}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf64>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

// Y is [seq, num_directions, batch, hidden].
func.func @recurrent_wrong_result(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{'dlc.rnn' op inferred type(s) 'tensor<5x1x2x4xf32>', 'tensor<1x2x4xf32>' are incompatible with return type(s) of operation 'tensor<5x2x4xf32>', 'tensor<1x2x4xf32>'}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %0:2 = dlc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_axis_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{axis 3 is out of range for rank 3}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 3>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return
}

// -----

func.func @reduce_negative_axis_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{axis -4 is out of range for rank 3}}
  // expected-error @+1 {{'dlc.reduce_max' op failed to infer returned types}}
  %0 = dlc.reduce_max %x {axes = array<i64: -4>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return
}

// -----

func.func @reduce_axis_twice(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{axis -1 is listed twice}}
  // expected-error @+1 {{'dlc.reduce_mean' op failed to infer returned types}}
  %0 = dlc.reduce_mean %x {axes = array<i64: 2, -1>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reduce_wrong_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'dlc.reduce_sum' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x1x4xf32>'}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  return
}

// -----

func.func @argmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.argmax' op failed to infer returned types}}
  %0 = dlc.argmax %x {axis = 2 : i64} : tensor<2x3xf32> -> tensor<2x1xi64>
  return
}

// -----

func.func @argmax_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'dlc.argmax' op result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = dlc.argmax %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x1xi32>
  return
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_two_inferred(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{shape has more than one -1}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -1, 2, -1>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{cannot reshape [2, 3, 4] (24 elements) to [5, 5]}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 5, 5>} : tensor<2x3x4xf32> -> tensor<5x5xf32>
  return
}

// -----

// Found by dlc-fuzz-model-onnx: a shape whose element count overflowed.
func.func @reshape_overflow(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{shape [381, 144115188075855871] has more elements than int64 can count}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 381, 144115188075855871>} : tensor<2x3x4xf32> -> tensor<381x144115188075855871xf32>
  return
}

// -----

func.func @reshape_inferred_indivisible(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{cannot reshape [2, 3, 4] to [5, -1]}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 5, -1>} : tensor<2x3x4xf32> -> tensor<5x5xf32>
  return
}

// -----

func.func @reshape_copy_past_rank(%x: tensor<6x4xf32>) {
  // expected-error @+2 {{shape copies dimension 2 (0) but the input has rank 2}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 2, 12, 0>} : tensor<6x4xf32> -> tensor<2x12x1xf32>
  return
}

// -----

func.func @reshape_negative_dim(%x: tensor<6x4xf32>) {
  // expected-error @+2 {{shape has invalid dimension -2}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -2, 12>} : tensor<6x4xf32> -> tensor<2x12xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 3 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.flatten' op failed to infer returned types}}
  %0 = dlc.flatten %x {axis = 3 : i64} : tensor<2x3xf32> -> tensor<6x1xf32>
  return
}

// -----

func.func @squeeze_non_unit(%x: tensor<2x3x1xf32>) {
  // expected-error @+2 {{cannot squeeze dimension 1 of size 3}}
  // expected-error @+1 {{'dlc.squeeze' op failed to infer returned types}}
  %0 = dlc.squeeze %x {axes = array<i64: 1>} : tensor<2x3x1xf32> -> tensor<2x1xf32>
  return
}

// -----

func.func @squeeze_all_dynamic(%x: tensor<?x1xf32>) {
  // expected-error @+2 {{squeeze without axes needs static dims}}
  // expected-error @+1 {{'dlc.squeeze' op failed to infer returned types}}
  %0 = dlc.squeeze %x {axes = array<i64>} : tensor<?x1xf32> -> tensor<?xf32>
  return
}

// -----

func.func @unsqueeze_axis_range(%x: tensor<2x3xf32>) {
  // The result has rank 3, so axis 3 is out of range.
  // expected-error @+2 {{axis 3 is out of range for rank 3}}
  // expected-error @+1 {{'dlc.unsqueeze' op failed to infer returned types}}
  %0 = dlc.unsqueeze %x {axes = array<i64: 3>} : tensor<2x3xf32> -> tensor<2x3x1xf32>
  return
}

// -----

func.func @unsqueeze_axis_twice(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 0 is listed twice}}
  // expected-error @+1 {{'dlc.unsqueeze' op failed to infer returned types}}
  %0 = dlc.unsqueeze %x {axes = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<1x1x2x3xf32>
  return
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm [0, 2, 2] is not a permutation of rank 3}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 0, 2, 2>} : tensor<2x3x4xf32> -> tensor<2x4x4xf32>
  return
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm [1, 0] is not a permutation of rank 3}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{inputs differ in dimension 0}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 1 : i64} : tensor<2x3xf32>, tensor<4x5xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+2 {{inputs differ in rank or element type}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<2x3x1xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+2 {{inputs differ in rank or element type}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<2x3xi32> -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %a {axis = 2 : i64} : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<10x10xf32>) {
  // expected-error @+2 {{starts, ends, axes and steps must have the same length}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 5>, axes = array<i64: 0>, steps = array<i64: 1>} : tensor<10x10xf32> -> tensor<5x10xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<10x10xf32>) {
  // expected-error @+2 {{slice steps must not be zero}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 0>, ends = array<i64: 5>, axes = array<i64: 0>, steps = array<i64: 0>} : tensor<10x10xf32> -> tensor<5x10xf32>
  return
}

// -----

func.func @slice_axis(%x: tensor<10x10xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 0>, ends = array<i64: 5>, axes = array<i64: 2>, steps = array<i64: 1>} : tensor<10x10xf32> -> tensor<10x10xf32>
  return
}

// -----

func.func @slice_wrong_result(%x: tensor<10x10xf32>) {
  // Ends past the dimension are clamped: 8, 10 by 3 takes 8 only.
  // expected-error @+2 {{'dlc.slice' op inferred type(s) 'tensor<10x1xf32>' are incompatible with return type(s) of operation 'tensor<10x2xf32>'}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 8>, ends = array<i64: 100>, axes = array<i64: -1>, steps = array<i64: 3>} : tensor<10x10xf32> -> tensor<10x2xf32>
  return
}

// -----

func.func @gather_axis(%x: tensor<4x5xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i {axis = -3 : i64} : tensor<4x5xf32>, tensor<3xi64> -> tensor<3x5xf32>
  return
}

// -----

// Indices into an axis of size 0 can never be in range (an unchecked
// gather would read before the tensor).
func.func @gather_empty_axis(%x: tensor<0x5xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{indexes an axis of size 0: every index is out of range}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : tensor<0x5xf32>, tensor<3xi64> -> tensor<3x5xf32>
  return
}

// -----

func.func @scatter_empty_axis(%u: tensor<2x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'dlc.scatter_add' op indexes an axis of size 0: every index is out of range}}
  %0 = dlc.scatter_add %u, %i {axis = 1} : tensor<2x4xf32>, tensor<2xi64> -> tensor<2x0xf32>
  return
}

// -----

func.func @gather_indices_type(%x: tensor<4x5xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{'dlc.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = dlc.gather %x, %i : tensor<4x5xf32>, tensor<3xf32> -> tensor<3x5xf32>
  return
}

// -----

func.func @unranked_operand(%x: tensor<*xf32>) {
  // expected-error @+1 {{'dlc.relu' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values, but got 'tensor<*xf32>'}}
  %0 = "dlc.relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @unsupported_element_type(%x: tensor<4xf16>) {
  // expected-error @+1 {{'dlc.exp' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = dlc.exp %x : tensor<4xf16>
  return
}

// -----

func.func @constant_wrong_type() {
  // expected-error @+2 {{'dlc.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2xf64>'}}
  // expected-error @+1 {{'dlc.constant' op failed to infer returned types}}
  %0 = "dlc.constant"() <{value = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf64>
  return
}

// -----

func.func @constant_not_tensor() {
  // expected-error @+1 {{value must be a ranked tensor}}
  %0 = dlc.constant dense<[1.0, 2.0]> : vector<2xf32>
  return
}

// -----

func.func @one_hot_depth(%labels: tensor<4xi64>) -> tensor<4x0xf32> {
  // expected-error @+2 {{depth must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dlc.one_hot %labels {depth = 0, dtype = f32} : tensor<4xi64> -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

func.func @dropout_ratio(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.dropout' op ratio must be in [0, 1), got 1.000000e+00}}
  %0 = dlc.dropout %x {ratio = 1.0 : f32, stream = 0} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @random_normal_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.random_normal' op scale must be finite and not negative, got -1.000000e+00}}
  %0 = dlc.random_normal %x {mean = 0.0 : f32, scale = -1.0 : f32, stream = 0} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @random_normal_seed(%x: tensor<4xf32>, %seed: tensor<2xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.random_normal' op seed must be a scalar}}
  %0 = dlc.random_normal %x, %seed : tensor<2xi64> {mean = 0.0 : f32, scale = 1.0 : f32, stream = 0} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_add_shape(%u: tensor<2x5xf32>, %i: tensor<2xi64>) -> tensor<10x4xf32> {
  // expected-error @+1 {{'dlc.scatter_add' op updates must have shape [2, 4] for this result and indices, got [2, 5]}}
  %0 = dlc.scatter_add %u, %i {axis = 0} : tensor<2x5xf32>, tensor<2xi64> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @rnn_grad_y_grad_shape(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<4x1x2x4xf32>, %gh: tensor<1x2x4xf32>) {
  // expected-error @+2 {{y_grad must be [seq_length, 1, batch_size, hidden_size] = [5, 1, 2, 4], got [4, 1, 2, 4]}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %0:5 = dlc.rnn_grad %x, %w, %r, %y, %gy, %gh : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<5x1x2x4xf32>, tensor<4x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @rnn_grad_directions(%x: tensor<5x2x3xf32>, %w: tensor<2x4x3xf32>, %r: tensor<2x4x4xf32>, %y: tensor<5x2x2x4xf32>, %gy: tensor<5x2x2x4xf32>, %gh: tensor<2x2x4xf32>) {
  // expected-error @+2 {{w must be [1, hidden_size, input_size] = [1, 4, 3], got [2, 4, 3]}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %0:5 = dlc.rnn_grad %x, %w, %r, %y, %gy, %gh : (tensor<5x2x3xf32>, tensor<2x4x3xf32>, tensor<2x4x4xf32>, tensor<5x2x2x4xf32>, tensor<5x2x2x4xf32>, tensor<2x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<2x4x3xf32>, tensor<2x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @lstm_grad_peepholes(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %p: tensor<1x16xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>, %gc: tensor<1x2x4xf32>) {
  // expected-error @+2 {{p must be [1, 3 x hidden_size] = [1, 12], got [1, 16]}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %0:7 = dlc.lstm_grad %x, %w, %r peepholes(%p), %y, %gy, %gh, %gc : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x16xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>)
  return
}

// -----

func.func @scatter_reduction(%d: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.scatter' op reduction must be none, add, mul, max or min, got 'sub'}}
  %0 = dlc.scatter %d, %i, %u {axis = 0, reduction = "sub"} : tensor<4xf32>, tensor<2xi64>, tensor<2xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_updates_shape(%d: tensor<4x3xf32>, %i: tensor<2xi64>, %u: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dlc.scatter' op updates must have shape [2, 3] for this result and indices, got [2, 4]}}
  %0 = dlc.scatter %d, %i, %u {axis = 0} : tensor<4x3xf32>, tensor<2xi64>, tensor<2x4xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @pool_window_larger_than_input(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error @+2 {{the window (5 x dilation 1) is larger than the padded input (4 + 0 + 0) along spatial dimension 0}}
  // expected-error @+1 {{'dlc.max_pool' op failed to infer returned types}}
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 5, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

func.func @conv_window_overflow(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error @+2 {{the window (2 x dilation 9223372036854775807) is larger than the padded input (4 + 0 + 0) along spatial dimension 0}}
  // expected-error @+1 {{'dlc.conv' op failed to infer returned types}}
  %0 = dlc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 9223372036854775807, 1>, group = 1} : tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

// The runtime sums f32 buffers of a known size.
func.func @all_reduce_integers(%x: tensor<3xi64>) {
  // expected-error @+1 {{operand #0 must be variadic of statically shaped tensor of 32-bit float values}}
  %0 = dlc.all_reduce %x : tensor<3xi64>
  return
}
