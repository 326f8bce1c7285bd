// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// The input gradient of a grouped, strided, padded convolution. The result
// gradient is spread to every second position behind a border of
// dilation * (K - 1) = 2 zeros (9 = 6 + padBegin 1 + border 2), then
// correlated with the kernel read backwards: position i reads the spread
// gradient at i + padBegin + border - k. Loops: n, g, c, ih, iw (parallel),
// m, kh, kw (reduction).
// CHECK-DAG: #[[SPREAD:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 - d6 + 3, d4 - d7 + 3)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d2, d6, d7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv_input_grad
// CHECK-SAME: (%[[G:.*]]: tensor<1x6x3x3xf32>, %[[WT:.*]]: tensor<6x2x3x3xf32>)
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x6x9x9xf32>)
// CHECK: %[[SPREAD_G:.*]] = tensor.insert_slice %[[G]] into %[[ZEROS]][0, 0, 2, 2] [1, 6, 3, 3] [1, 1, 2, 2] : tensor<1x6x3x3xf32> into tensor<1x6x9x9xf32>
// CHECK: %[[GG:.*]] = tensor.expand_shape %{{.*}} output_shape [1, 2, 3, 9, 9]
// CHECK: %[[GW:.*]] = tensor.expand_shape %{{.*}} output_shape [2, 3, 2, 3, 3]
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x2x6x6xf32>)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[SPREAD]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[GG]], %[[GW]] : tensor<1x2x3x9x9xf32>, tensor<2x3x2x3x3xf32>) outs(%[[INIT]] : tensor<1x2x2x6x6xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 4, 6, 6] : tensor<144xf32> into tensor<1x4x6x6xf32>
func.func @conv_input_grad(%g: tensor<1x6x3x3xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 6, 6>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : tensor<1x6x3x3xf32>, tensor<6x2x3x3xf32> -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Without groups, the input gradient is a forward convolution (stride 1) of
// the spread gradient, from the begin padding on, with the kernel flipped
// and its channel dimensions swapped: linalg's named op.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, -d2 + 2, -d3 + 2)>
// CHECK-LABEL: func.func @conv_input_grad_ungrouped
// CHECK-SAME: (%[[G:.*]]: tensor<1x4x3x3xf32>, %[[WT:.*]]: tensor<4x2x3x3xf32>)
// CHECK: %[[SPREAD_G:.*]] = tensor.insert_slice %[[G]] into %{{.*}}[0, 0, 2, 2] [1, 4, 3, 3] [1, 1, 2, 2] : tensor<1x4x3x3xf32> into tensor<1x4x9x9xf32>
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]{{.*}} ins(%[[WT]] : tensor<4x2x3x3xf32>) outs(%{{.*}} : tensor<2x4x3x3xf32>)
// CHECK: %[[WINDOW:.*]] = tensor.extract_slice %[[SPREAD_G]][0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1]
// CHECK: %[[DX:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[WINDOW]], %[[FLIPPED]] : tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) outs(%{{.*}} : tensor<1x2x6x6xf32>)
// CHECK: return %[[DX]]
func.func @conv_input_grad_ungrouped(%g: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x6x6xf32> {
  %0 = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 6, 6>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32> -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// The weight gradient of a grouped, dilated 1-D convolution: loops g, m,
// c, k (parallel), n, o (reduction); the input is read where the forward
// convolution reads it, at o + 2 * k.
// CHECK-DAG: #[[G1:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d0, d1, d5)>
// CHECK-DAG: #[[X1:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d0, d2, d5 + d3 * 2)>
// CHECK-DAG: #[[DW1:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_weight_grad_grouped
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {indexing_maps = [#[[G1]], #[[X1]], #[[DW1]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<2x2x2x6xf32>, tensor<2x2x2x10xf32>) outs(%{{.*}} : tensor<2x2x2x3xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.expand_shape %{{.*}} output_shape [4, 2, 3] : tensor<24xf32> into tensor<4x2x3xf32>
func.func @conv_weight_grad_grouped(%x: tensor<2x4x10xf32>, %g: tensor<2x4x6xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3>, strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 2>, group = 2 : i64} : tensor<2x4x10xf32>, tensor<2x4x6xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Without groups, the weight gradient is im2col and one matmul: cols[n, o,
// c, k] copies the input at o + 2 * k, the output gradient has n and m
// swapped, and dw (4 x 9) = dy' (4 x 12) . cols (12 x 9).
// CHECK-DAG: #[[COLS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d1 + d3 * 2)>
// CHECK-LABEL: func.func @conv_weight_grad
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x10xf32>, %[[G:.*]]: tensor<2x4x6xf32>)
// CHECK: %[[COLS4:.*]] = linalg.generic {indexing_maps = [#[[COLS]], {{.*}}]{{.*}} ins(%[[X]] : tensor<2x3x10xf32>) outs(%{{.*}} : tensor<2x6x3x3xf32>)
// CHECK: %[[COLS2:.*]] = tensor.expand_shape {{.*}} output_shape [12, 9]
// CHECK: %[[GT:.*]] = linalg.transpose ins(%[[G]] : tensor<2x4x6xf32>) outs(%{{.*}} : tensor<4x2x6xf32>) permutation = [1, 0, 2]
// CHECK: %[[GT2:.*]] = tensor.expand_shape {{.*}} output_shape [4, 12]
// CHECK: %[[DW:.*]] = linalg.matmul ins(%[[GT2]], %[[COLS2]] : tensor<4x12xf32>, tensor<12x9xf32>) outs(%{{.*}} : tensor<4x9xf32>)
// CHECK: tensor.expand_shape %{{.*}} output_shape [4, 3, 3] : tensor<36xf32> into tensor<4x3x3xf32>
func.func @conv_weight_grad(%x: tensor<2x3x10xf32>, %g: tensor<2x4x6xf32>) -> tensor<4x3x3xf32> {
  %0 = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3>, strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 2>} : tensor<2x3x10xf32>, tensor<2x4x6xf32> -> tensor<4x3x3xf32>
  return %0 : tensor<4x3x3xf32>
}

// -----

// Max pooling's gradient first finds the row-major offset of each window's
// first maximum. A 3x3 window is small: one elementwise op over the windows
// reads its 9 elements as strided slices of the padded input and keeps the
// first maximum (a later element wins only if strictly greater). The
// windows overlap (stride 2), so the gradient goes phase by phase: padded
// positions 2q + r (r = 0, 1 per dimension) are read at offsets r + 2j by
// window q - j. Phase (0, 0) sums four offsets (0, 2, 6, 8) elementwise over
// slices of the zero-padded window tensors and goes to every other position
// from (1, 1); phase (1, 1) has offset 4 alone and goes from (0, 0).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_grad
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[G:.*]]: tensor<1x3x4x4xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[W0:.*]] = tensor.extract_slice %[[PAD]][0, 0, 0, 0] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: %[[W1:.*]] = tensor.extract_slice %[[PAD]][0, 0, 0, 1] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: %[[W8:.*]] = tensor.extract_slice %[[PAD]][0, 0, 2, 2] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: %[[FIRST:.*]] = linalg.generic {indexing_maps = [#[[ID]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[W0]], %[[W1]], {{.*}}, %[[W8]] : {{.*}}) outs(%{{.*}} : tensor<1x3x4x4xi64>)
// CHECK-NEXT: ^bb0(%[[V0:[a-z0-9_]+]]: f32, %[[V1:[a-z0-9_]+]]: f32,
// CHECK: %[[GT1:.*]] = arith.cmpf ogt, %[[V1]], %[[V0]] : f32
// CHECK: %[[BEST1:.*]] = arith.select %[[GT1]], %[[V1]], %[[V0]] : f32
// CHECK: arith.select %[[GT1]], %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpf ogt, %{{.*}}, %[[BEST1]] : f32
// CHECK: linalg.yield %{{.*}} : i64
// CHECK: %[[FIRSTPAD:.*]] = tensor.pad %[[FIRST]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[GPAD:.*]] = tensor.pad %[[G]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x3x8x8xf32>)
// CHECK: %[[F00:.*]] = tensor.extract_slice %[[FIRSTPAD]][0, 0, 1, 1] [1, 3, 5, 5] [1, 1, 1, 1]
// CHECK: %[[G00:.*]] = tensor.extract_slice %[[GPAD]][0, 0, 1, 1] [1, 3, 5, 5] [1, 1, 1, 1]
// CHECK: %[[F11:.*]] = tensor.extract_slice %[[FIRSTPAD]][0, 0, 0, 0] [1, 3, 5, 5] [1, 1, 1, 1]
// CHECK: %[[G11:.*]] = tensor.extract_slice %[[GPAD]][0, 0, 0, 0] [1, 3, 5, 5] [1, 1, 1, 1]
// CHECK: %[[PHASE00:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[F00]], %[[G00]], {{.*}}, %[[F11]], %[[G11]] : {{.*}}) outs(%{{.*}} : tensor<1x3x5x5xf32>)
// CHECK-NEXT: ^bb0(%[[AT0:[a-z0-9_]+]]: i64, %[[GRAD0:[a-z0-9_]+]]: f32,
// CHECK: %[[ISFIRST:.*]] = arith.cmpi eq, %[[AT0]], %{{.*}} : i64
// CHECK: %[[TERM0:.*]] = arith.select %[[ISFIRST]], %[[GRAD0]], %{{.*}} : f32
// CHECK-COUNT-3: arith.addf
// CHECK: %[[PART00:.*]] = tensor.extract_slice %[[PHASE00]][0, 0, 1, 1] [1, 3, 4, 4] [1, 1, 1, 1]
// CHECK: %[[DX00:.*]] = tensor.insert_slice %[[PART00]] into %[[ZERO]][0, 0, 1, 1] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x5x5xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[DX00]][0, 0, 1, 0] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x5x5xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 1] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x5x5xf32>)
// CHECK: %[[DX:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 3, 4, 4] [1, 1, 2, 2]
// CHECK: return %[[DX]]
func.func @max_pool_grad(%x: tensor<1x3x8x8xf32>, %g: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// A 5x5 window (25 offsets) is searched by a reduction over the offsets,
// which carries the maximum and its offset (starting past the last one, 25):
// a larger value, or an equal value at a smaller offset, wins, whatever the
// order of the visit.
// CHECK-DAG: #[[PIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-LABEL: func.func @max_pool_grad_large_window
// CHECK: %[[PAST:.*]] = arith.constant 25 : i64
// CHECK: %[[FIRST:.*]]:2 = linalg.generic {indexing_maps = [#[[PIN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32, %[[BEST:.*]]: f32, %[[BESTAT:.*]]: i64):
// CHECK: %[[AT:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[V]], %[[BEST]] : f32
// CHECK: %[[EQ:.*]] = arith.cmpf oeq, %[[V]], %[[BEST]] : f32
// CHECK: %[[BEFORE:.*]] = arith.cmpi slt, %[[AT]], %[[BESTAT]] : i64
// CHECK: %[[TIE:.*]] = arith.andi %[[EQ]], %[[BEFORE]] : i1
// CHECK: %[[BETTER:.*]] = arith.ori %[[GT]], %[[TIE]] : i1
// CHECK: tensor.pad %[[FIRST]]#1
func.func @max_pool_grad_large_window(%x: tensor<1x3x9x9xf32>, %g: tensor<1x3x3x3xf32>) -> tensor<1x3x9x9xf32> {
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 5, 5>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x9x9xf32>, tensor<1x3x3x3xf32> -> tensor<1x3x9x9xf32>
  return %0 : tensor<1x3x9x9xf32>
}

// -----

// Average pooling's gradient divides by the forward op's counts (the first
// window covers the begin padding and one element), then gathers like the
// max pool's, without a choice of element. The windows (2 wide, stride 2)
// are disjoint: each position i has one window o = (i + 1) / 2, so the
// loops run over positions only, with no reduction over offsets.
// CHECK-LABEL: func.func @average_pool_grad
// CHECK-SAME: (%[[G:.*]]: tensor<1x2x3xf32>)
// CHECK: %[[COUNTS:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK: %[[SCALED:.*]] = linalg.generic {{.*}} ins(%[[G]], %[[COUNTS]] : tensor<1x2x3xf32>, tensor<3xf32>)
// CHECK: arith.divf
// CHECK: %[[DX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<1x2x5xf32>)
// CHECK: %[[I:.*]] = linalg.index 2 : index
// CHECK: %[[PADDED:.*]] = arith.addi %[[I]], %c1
// CHECK: %[[O:.*]] = arith.divsi %[[PADDED]], %c2
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[O]], %c3
// CHECK: %[[OSAFE:.*]] = arith.select %[[IN]], %[[O]], %c0
// CHECK: %[[VALUE:.*]] = tensor.extract %[[SCALED]][%{{.*}}, %{{.*}}, %[[OSAFE]]]
// CHECK: %[[TERM:.*]] = arith.select %[[IN]], %[[VALUE]], %{{.*}} : f32
// CHECK-NOT: arith.addf
// CHECK: linalg.yield %[[TERM]] : f32
// CHECK: return %[[DX]]
func.func @average_pool_grad(%g: tensor<1x2x3xf32>) -> tensor<1x2x5xf32> {
  %0 = dlc.average_pool_grad %g {input_spatial_shape = array<i64: 5>, kernel_shape = array<i64: 2>, strides = array<i64: 2>, pads = array<i64: 1, 0>, dilations = array<i64: 1>} : tensor<1x2x3xf32> -> tensor<1x2x5xf32>
  return %0 : tensor<1x2x5xf32>
}

// -----

// Windows that tile the input from its start (2x2, stride 2, no padding
// before): dx over the covered 8x8, seen as 4x2x4x2, is elementwise over
// the windows, each window's values broadcast over its offsets; the last
// row and column, which no window reads, are zero.
// CHECK-DAG: #[[WINDOWS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @max_pool_grad_tiled
// CHECK: %[[TILED:.*]] = linalg.generic {indexing_maps = [#[[WINDOWS]], #[[WINDOWS]], #[[ALL]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<1x3x4x4xi64>, tensor<1x3x4x4xf32>) outs(%{{.*}} : tensor<1x3x4x2x4x2xf32>)
// CHECK: %[[W0:.*]] = linalg.index 3
// CHECK: %[[W1:.*]] = linalg.index 5
// CHECK: arith.cmpi eq
// CHECK: %[[COVERED:.*]] = tensor.expand_shape %{{.*}} output_shape [1, 3, 8, 8]
// CHECK: tensor.pad %[[COVERED]] low[0, 0, 0, 0] high[0, 0, 1, 1]
func.func @max_pool_grad_tiled(%x: tensor<1x3x9x9xf32>, %g: tensor<1x3x4x4xf32>) -> tensor<1x3x9x9xf32> {
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x3x9x9xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x9x9xf32>
  return %0 : tensor<1x3x9x9xf32>
}

// -----

// With dilation the phases do not separate the offsets, so each input
// position gathers over the kernel offsets (a reduction), finding the
// window that reads it there.
// CHECK-LABEL: func.func @max_pool_grad_dilated
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<3x3xf32>) outs(%{{.*}} : tensor<1x2x9x9xf32>)
// CHECK: tensor.extract %{{.*}} : tensor<1x2x5x5xi64>
// CHECK: tensor.extract %{{.*}} : tensor<1x2x5x5xf32>
func.func @max_pool_grad_dilated(%x: tensor<1x2x9x9xf32>, %g: tensor<1x2x5x5xf32>) -> tensor<1x2x9x9xf32> {
  %0 = dlc.max_pool_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : tensor<1x2x9x9xf32>, tensor<1x2x5x5xf32> -> tensor<1x2x9x9xf32>
  return %0 : tensor<1x2x9x9xf32>
}

// -----

// Depthwise gradients are depthwise convolutions. The input gradient
// convolves the spread output gradient with the flipped filter (stride 1).
// The weight gradient folds the batch into the channels (8 = 2 x 4) and
// convolves the padded input, cut to the 7x7 the windows read, with the
// output gradient as the filter, the stride (2) becoming the dilation; a
// sum over the batch follows.
// CHECK-DAG: #[[FLIPDW:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, -d1 + 2, -d2 + 2)>
// CHECK-LABEL: func.func @depthwise_grads
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIPDW]], {{.*}}]{{.*}} outs(%{{.*}} : tensor<4x3x3xf32>)
// CHECK: %[[DX:.*]] = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %[[FLIPPED]] : tensor<2x4x8x8xf32>, tensor<4x3x3xf32>) outs(%{{.*}} : tensor<2x4x6x6xf32>)
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [2, 4, 7, 7] [1, 1, 1, 1]
// CHECK: %[[CORR:.*]] = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x8x7x7xf32>, tensor<8x3x3xf32>) outs(%{{.*}} : tensor<1x8x3x3xf32>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<2x4x3x3xf32>) outs(%{{.*}} : tensor<4x3x3xf32>) dimensions = [0]
// CHECK: return %[[DX]]
func.func @depthwise_grads(%x: tensor<2x4x6x6xf32>, %w: tensor<4x1x3x3xf32>, %g: tensor<2x4x3x3xf32>) -> (tensor<2x4x6x6xf32>, tensor<4x1x3x3xf32>) {
  %dx = dlc.conv_input_grad %g, %w {input_spatial_shape = array<i64: 6, 6>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 4 : i64} : tensor<2x4x3x3xf32>, tensor<4x1x3x3xf32> -> tensor<2x4x6x6xf32>
  %dw = dlc.conv_weight_grad %x, %g {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 4 : i64} : tensor<2x4x6x6xf32>, tensor<2x4x3x3xf32> -> tensor<4x1x3x3xf32>
  return %dx, %dw : tensor<2x4x6x6xf32>, tensor<4x1x3x3xf32>
}
