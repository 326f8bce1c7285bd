// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// Grouped, strided, padded 2-D convolution with bias. Channels split into
// G x C/G (input) and G x M/G (weight, output); loops are n, g, m, oh, ow
// (parallel) then c, kh, kw (reduction); the input is read at o * 2 + k.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2, 0, 0)>
// CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x9x9xf32>, %[[WT:.*]]: tensor<6x2x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x4x9x9xf32> to tensor<1x4x11x11xf32>
// CHECK: %[[PF:.*]] = tensor.collapse_shape %[[PAD]]
// CHECK: %[[GIN:.*]] = tensor.expand_shape %[[PF]] {{.*}} output_shape [1, 2, 2, 11, 11] : tensor<484xf32> into tensor<1x2x2x11x11xf32>
// CHECK: %[[WF:.*]] = tensor.collapse_shape %[[WT]]
// CHECK: %[[GW:.*]] = tensor.expand_shape %[[WF]] {{.*}} output_shape [2, 3, 2, 3, 3] : tensor<108xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[GB:.*]] = tensor.expand_shape %[[B]] {{.*}} output_shape [2, 3, 1, 1] : tensor<6xf32> into tensor<2x3x1x1xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID5]]], {{.*}} ins(%[[GB]] : tensor<2x3x1x1xf32>) outs(%{{.*}} : tensor<1x2x3x5x5xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[GIN]], %[[GW]] : tensor<1x2x2x11x11xf32>, tensor<2x3x2x3x3xf32>) outs(%[[INIT]] : tensor<1x2x3x5x5xf32>)
// CHECK-NEXT: ^bb0(%[[I:.*]]: f32, %[[K:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[I]], %[[K]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: %[[CF:.*]] = tensor.collapse_shape %[[CONV]]
// CHECK: %[[R:.*]] = tensor.expand_shape %[[CF]] {{.*}} output_shape [1, 6, 5, 5] : tensor<150xf32> into tensor<1x6x5x5xf32>
// CHECK: return %[[R]]
func.func @conv_grouped(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32> -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

// -----

// A depthwise convolution (a group per channel, one output channel each) is
// linalg's named depthwise op, with the filter's unit dimension dropped, so
// that the CPU target vectorizes it; the bias is the accumulator.
// CHECK-LABEL: func.func @conv_depthwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x9x9xf32>, %[[W:.*]]: tensor<4x1x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[ACC:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x1x1xf32>) outs(%{{.*}} : tensor<1x4x9x9xf32>)
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0, 1], [2], [3]] : tensor<4x1x3x3xf32> into tensor<4x3x3xf32>
// CHECK: %[[R:.*]] = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PAD]], %[[FILTER]] : tensor<1x4x11x11xf32>, tensor<4x3x3xf32>) outs(%[[ACC]] : tensor<1x4x9x9xf32>)
// CHECK: return %[[R]]
func.func @conv_depthwise(%x: tensor<1x4x9x9xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x9x9xf32> {
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 4 : i64} : tensor<1x4x9x9xf32>, tensor<4x1x3x3xf32>, tensor<4xf32> -> tensor<1x4x9x9xf32>
  return %0 : tensor<1x4x9x9xf32>
}

// -----

// An ungrouped 1-D convolution is linalg's named op (which the CPU target
// vectorizes); without padding or bias there is no tensor.pad and the
// accumulator is zero.
// CHECK-LABEL: func.func @conv1d_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x10xf32>, %[[W:.*]]: tensor<4x3x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4x6xf32>)
// CHECK: %[[R:.*]] = linalg.conv_1d_ncw_fcw {dilations = dense<2> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%[[X]], %[[W]] : tensor<2x3x10xf32>, tensor<4x3x3xf32>) outs(%[[ACC]] : tensor<2x4x6xf32>)
// CHECK: return %[[R]]
func.func @conv1d_dilated(%x: tensor<2x3x10xf32>, %w: tensor<4x3x3xf32>) -> tensor<2x4x6xf32> {
  %0 = dlc.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 2>} : tensor<2x3x10xf32>, tensor<4x3x3xf32> -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

// An ungrouped, strided, padded 2-D convolution with bias: the named op over
// the padded input, starting from the bias broadcast over n, oh and ow.
// CHECK-DAG: #[[CBIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x9x9xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[B3:.*]] = tensor.expand_shape %[[B]] {{.*}} output_shape [4, 1, 1]
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[CBIAS]], {{.*}}]{{.*}} ins(%[[B3]] : tensor<4x1x1xf32>) outs(%{{.*}} : tensor<1x4x5x5xf32>)
// CHECK: %[[R:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<1x3x11x11xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x5x5xf32>)
// CHECK: return %[[R]]
func.func @conv2d(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  %0 = dlc.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

// Max pooling pads with -inf, starts from -inf and is linalg's named pool;
// the window operand only gives the shape of the reduction loops.
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x3x4x4xf32>)
// CHECK: %[[R:.*]] = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x3x10x10xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x3x4x4xf32>)
// CHECK: return %[[R]]
func.func @max_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// In ceil mode the last window reaches past the input: the end gets extra
// -inf padding (5 -> 6).
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: } : tensor<1x1x5x5xf32> to tensor<1x1x6x6xf32>
// CHECK: linalg.pooling_nchw_max {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x6x6xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<1x1x3x3xf32>)
func.func @max_pool_ceil(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Average pooling: a zero-padded sum, then division by a constant holding the
// number of input elements each window covers (padding excluded): 1, 2, 1
// along each axis.
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[SPATIAL:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @average_pool
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %{{.*}} : tensor<1x2x6x6xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
// CHECK: %[[COUNTS:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 1.000000e+00], [2.000000e+00, 4.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00, 1.000000e+00]]> : tensor<3x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[SPATIAL]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SUM]], %[[COUNTS]] : tensor<1x2x3x3xf32>, tensor<3x3xf32>)
// CHECK-NEXT: ^bb0(%[[S:.*]]: f32, %[[N:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: linalg.yield %[[Q]] : f32
// CHECK: return %[[R]]
func.func @average_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// count_include_pad: every window covers 4 elements.
// CHECK-LABEL: func.func @average_pool_include_pad
// CHECK: %[[COUNTS:.*]] = arith.constant dense<4.000000e+00> : tensor<3x3xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[COUNTS]] : tensor<1x2x3x3xf32>, tensor<3x3xf32>)
// CHECK: arith.divf
func.func @average_pool_include_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, count_include_pad = true} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Dilated 1-D average pool: windows at -1, 1, 3 and 1, 3, 5 cover 2 and 3
// input elements.
// CHECK-LABEL: func.func @average_pool_dilated
// CHECK: tensor.pad %{{.*}} low[0, 0, 1] high[0, 0, 0]
// CHECK: linalg.pooling_ncw_sum {dilations = dense<2> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x1x8xf32>, tensor<3xf32>)
// CHECK: arith.constant dense<[2.000000e+00, 3.000000e+00]> : tensor<2xf32>
func.func @average_pool_dilated(%x: tensor<1x1x7xf32>) -> tensor<1x1x2xf32> {
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 3>, strides = array<i64: 2>, pads = array<i64: 1, 0>, dilations = array<i64: 2>} : tensor<1x1x7xf32> -> tensor<1x1x2xf32>
  return %0 : tensor<1x1x2xf32>
}
