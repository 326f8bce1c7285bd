// RUN: dlc-opt %s --split-input-file --dlc-cpu-pack-convolutions=vector-width=4 --canonicalize | FileCheck %s --check-prefix=LANES4
// RUN: dlc-opt %s --split-input-file --dlc-cpu-pack-convolutions=vector-width=16 | FileCheck %s --check-prefix=LANES16

// A constant filter (F=4, C=2, K=8; element f*16 + c*8 + k) is reordered at
// compile time to (F/4, C, K, 4): the lanes hold the 4 output channels of
// one (c, k). With 16 lanes, 4 output channels fill no vector: unchanged.
// LANES4-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d4, d2 + d5)>
// LANES4-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d4, d5, d3)>
// LANES4-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 4 + d3, d2)>
// LANES4-LABEL: func.func @constant_filter
// LANES4: %[[PACKED:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00, 1.600000e+01, 3.200000e+01, 4.800000e+01], [1.000000e+00, 1.700000e+01, 3.300000e+01, 4.900000e+01]
// LANES4-SAME: [8.000000e+00, 2.400000e+01, 4.000000e+01, 5.600000e+01]
// LANES4-SAME: tensor<1x2x8x4xf32>
// LANES4-NOT: tensor<4x2x8xf32>
// LANES4: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// LANES4-SAME: ins(%{{.*}}, %[[PACKED]] : tensor<1x2x10xf32>, tensor<1x2x8x4xf32>)
// LANES4-SAME: dlc.packed_convolution = {dilations = array<i64: 1>, strides = array<i64: 1>}
// LANES4: arith.mulf
// LANES4-NEXT: arith.addf
// LANES16-LABEL: func.func @constant_filter
// LANES16: linalg.conv_1d_ncw_fcw
func.func @constant_filter(%x: tensor<1x2x10xf32>, %init: tensor<1x4x3xf32>) -> tensor<1x4x3xf32> {
  %w = arith.constant dense<[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]], [[16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0], [24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0]], [[32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0], [40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0]], [[48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0], [56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0]]]> : tensor<4x2x8xf32>
  %0 = linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%x, %w : tensor<1x2x10xf32>, tensor<4x2x8xf32>) outs(%init : tensor<1x4x3xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// -----

// A filter that is an argument (a training step's) is reordered by a copy
// on every call; strides and dilations go into the input's indexing map.
// LANES16-DAG: #[[SRC:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0 * 16 + d4, d1, d2, d3)>
// LANES16-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d2 * 2 + d6, d3 * 2 + d7 * 2)>
// LANES16-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d6, d7, d4)>
// LANES16-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 16 + d4, d2, d3)>
// LANES16-LABEL: func.func @argument_filter
// LANES16-SAME: (%[[X:.*]]: tensor<2x8x11x11xf32>, %[[F:.*]]: tensor<32x8x3x3xf32>, %[[INIT:.*]]: tensor<2x32x4x4xf32>)
// LANES16: %[[PACKED:.*]] = linalg.generic {{.*}}ins(%[[F]] : tensor<32x8x3x3xf32>) outs(%{{.*}} : tensor<2x8x3x3x16xf32>)
// LANES16: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]]
// LANES16-SAME: ins(%[[X]], %[[PACKED]] : tensor<2x8x11x11xf32>, tensor<2x8x3x3x16xf32>) outs(%[[INIT]] : tensor<2x32x4x4xf32>)
// LANES16-SAME: dlc.packed_convolution = {dilations = array<i64: 1, 2>, strides = array<i64: 2, 2>}
func.func @argument_filter(%x: tensor<2x8x11x11xf32>, %w: tensor<32x8x3x3xf32>, %init: tensor<2x32x4x4xf32>) -> tensor<2x32x4x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 2]> : tensor<2xi64>} ins(%x, %w : tensor<2x8x11x11xf32>, tensor<32x8x3x3xf32>) outs(%init : tensor<2x32x4x4xf32>) -> tensor<2x32x4x4xf32>
  return %0 : tensor<2x32x4x4xf32>
}

// -----

// 24 output channels fill no 16-lane vector but three of 8 lanes: packed
// in blocks of 8 channels. 20 fill neither: left to the row kernel. A
// first layer, one input channel by 3x3 (9 products per output), is
// packed like any other.
// LANES16-LABEL: func.func @first_layer_and_odd_channels
// LANES16: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x8x9x9xf32>, tensor<3x8x3x3x8xf32>)
// LANES16-SAME: dlc.packed_convolution
// LANES16: linalg.conv_2d_nchw_fchw {{.*}} tensor<20x8x3x3xf32>
// LANES16: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x9x9xf32>, tensor<2x1x3x3x16xf32>)
// LANES16-SAME: dlc.packed_convolution
func.func @first_layer_and_odd_channels(%x: tensor<1x8x9x9xf32>, %w: tensor<24x8x3x3xf32>, %init: tensor<1x24x7x7xf32>,
                      %w20: tensor<20x8x3x3xf32>, %init20: tensor<1x20x7x7xf32>,
                      %y: tensor<1x1x9x9xf32>, %v: tensor<32x1x3x3xf32>, %init2: tensor<1x32x7x7xf32>) -> (tensor<1x24x7x7xf32>, tensor<1x20x7x7xf32>, tensor<1x32x7x7xf32>) {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x9x9xf32>, tensor<24x8x3x3xf32>) outs(%init : tensor<1x24x7x7xf32>) -> tensor<1x24x7x7xf32>
  %20 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w20 : tensor<1x8x9x9xf32>, tensor<20x8x3x3xf32>) outs(%init20 : tensor<1x20x7x7xf32>) -> tensor<1x20x7x7xf32>
  %1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%y, %v : tensor<1x1x9x9xf32>, tensor<32x1x3x3xf32>) outs(%init2 : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  return %0, %20, %1 : tensor<1x24x7x7xf32>, tensor<1x20x7x7xf32>, tensor<1x32x7x7xf32>
}
