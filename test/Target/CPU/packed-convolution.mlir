// RUN: dlc-opt %s --split-input-file --dlc-cpu-pack-convolutions --dlc-cpu-select-lowering="parallel-tasks=4" | FileCheck %s --check-prefix=CONFIG
// RUN: dlc-opt %s --split-input-file --dlc-cpu-pack-convolutions --dlc-cpu-select-lowering="parallel-tasks=4" --dlc-cpu-tile-and-vectorize --canonicalize --cse | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-cpu-pack-convolutions=vector-width=8 --dlc-cpu-select-lowering="vector-width=8 parallel-tasks=4" --dlc-cpu-tile-and-vectorize --canonicalize --cse | FileCheck %s --check-prefix=AVX2

// A convolution with a bias, 16 lanes: one register tile is one block of 16
// output channels by a whole output row of 11 (11 accumulators), its
// reduction (32 input channels, 3x3) whole; tasks take the 2 images and the
// 2 channel blocks.
// CONFIG-LABEL: func.func @bias_convolution
// CONFIG: dlc.lowering_config = {parallel = array<i64: 1, 1, 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 1, 1, 11, 0, 0, 0, 0>}
// CONFIG-SAME: dlc.packed_convolution
// With AVX2's 16 registers, 8 lanes and at most 8 accumulators: rows of 11
// in tiles of 6 and 5.
// AVX2-LABEL: func.func @bias_convolution
// AVX2: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x32x3x3x8xf32>)
// AVX2: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 4) step (1, 2)
// AVX2: scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// AVX2: scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)

// The bias broadcast joins each tile: no pass fills the output before the
// tasks, each row tile starts its 11 accumulators from the 16 biases of its
// channel block.
// CHECK-LABEL: func.func @bias_convolution
// CHECK-SAME: (%[[X:.*]]: tensor<2x32x13x13xf32>, %{{.*}}: tensor<32x32x3x3xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK: %[[PACKED:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x32x3x3x16xf32>)
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: scf.forall (%[[N:.*]], %[[BLOCK:.*]]) in (2, 2)
// CHECK: %[[BIAS:.*]] = tensor.extract_slice %[[B]][%{{.*}}] [16] [1]
// CHECK: scf.for %{{.*}} = %c0 to %c11 step %c1
// CHECK: tensor.extract %[[BIAS]][%c0]
// CHECK: %[[INIT:.*]] = vector.from_elements {{.*}} : vector<16xf32>
// The input channels and kernel rows loop with the accumulators carried;
// per kernel column, one filter vector and an FMA per position with the
// input element broadcast.
// CHECK: scf.for %[[C:.*]] = %c0 to %c32 step %c1 iter_args(%{{.*}} = %[[INIT]], {{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1
// CHECK: %[[W:.*]] = vector.transfer_read %[[PACKED]][%[[BLOCK]], %[[C]], %[[KH]], %c0, %c0]
// CHECK: %[[E:.*]] = tensor.extract %{{.*}}[%c0, %[[C]], %[[KH]], %c0]
// CHECK: %[[EB:.*]] = vector.broadcast %[[E]] : f32 to vector<16xf32>
// CHECK: vector.fma %[[EB]], %[[W]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-10: vector.fma
// The 11 accumulators, as rows of a 16x16 matrix, are transposed in
// registers; each of its rows is then one channel's 11 outputs, one store.
// CHECK: %[[M0:.*]] = vector.insert %{{.*}}, %{{.*}} [0] : vector<16xf32> into vector<16x16xf32>
// CHECK-COUNT-10: vector.insert
// CHECK: %[[T:.*]] = vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK: %[[C0:.*]] = vector.extract %[[T]][0] : vector<16xf32> from vector<16x16xf32>
// CHECK: %[[R0:.*]] = vector.extract_strided_slice %[[C0]] {offsets = [0], sizes = [11], strides = [1]} : vector<16xf32> to vector<11xf32>
// CHECK: vector.transfer_write %[[R0]], %{{.*}}[%c0, %c0, %c0, %c0] {in_bounds = [true]} : vector<11xf32>, tensor<1x16x1x11xf32>
// CHECK-COUNT-15: vector.transfer_write {{.*}} : vector<11xf32>, tensor<1x16x1x11xf32>
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @bias_convolution(%x: tensor<2x32x13x13xf32>, %w: tensor<32x32x3x3xf32>, %b: tensor<32xf32>) -> tensor<2x32x11x11xf32> {
  %empty = tensor.empty() : tensor<2x32x11x11xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<32xf32>) outs(%empty : tensor<2x32x11x11xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x32x11x11xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<2x32x13x13xf32>, tensor<32x32x3x3xf32>) outs(%init : tensor<2x32x11x11xf32>) -> tensor<2x32x11x11xf32>
  return %0 : tensor<2x32x11x11xf32>
}

// -----

// Rows of 3 positions: a tile takes all 3 rows (9 accumulators), and each
// channel's row of the transposed matrix holds its 3 output rows. An initial
// value that is no broadcast (an argument) is read element by element.
// CONFIG-LABEL: func.func @small_rows
// CONFIG: vector = array<i64: 1, 1, 3, 3, 0, 0, 0, 0>
// CHECK-LABEL: func.func @small_rows
// CHECK-SAME: %[[INIT:[a-z0-9]*]]: tensor<1x16x3x3xf32>)
// CHECK: %[[E0:.*]] = tensor.extract %[[INIT]][%c0, %c0, %c0, %c0] : tensor<1x16x3x3xf32>
// CHECK: %[[E1:.*]] = tensor.extract %[[INIT]][%c0, %c1, %c0, %c0] : tensor<1x16x3x3xf32>
// CHECK: %[[FIRST:.*]] = vector.from_elements %[[E0]], %[[E1]], {{.*}} : vector<16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args(%{{.*}} = %[[FIRST]],
// CHECK-COUNT-27: vector.fma
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK: vector.extract_strided_slice %{{.*}} {offsets = [0], sizes = [3], strides = [1]}
// CHECK: vector.transfer_write %{{.*}}[%c0, %c0, %c0, %c0] {in_bounds = [true]} : vector<3xf32>, tensor<1x16x3x3xf32>
// CHECK: vector.extract_strided_slice %{{.*}} {offsets = [3], sizes = [3], strides = [1]}
// CHECK: vector.transfer_write %{{.*}}[%c0, %c0, %c1, %c0] {in_bounds = [true]} : vector<3xf32>, tensor<1x16x3x3xf32>
func.func @small_rows(%x: tensor<1x64x5x5xf32>, %w: tensor<16x64x3x3xf32>, %init: tensor<1x16x3x3xf32>) -> tensor<1x16x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x64x5x5xf32>, tensor<16x64x3x3xf32>) outs(%init : tensor<1x16x3x3xf32>) -> tensor<1x16x3x3xf32>
  return %0 : tensor<1x16x3x3xf32>
}

// -----

// Rows of 56: tiles of 14 positions, which divide the row.
// CONFIG-LABEL: func.func @long_rows
// CONFIG: vector = array<i64: 1, 1, 1, 14, 0, 0, 0, 0>
func.func @long_rows(%x: tensor<1x64x58x58xf32>, %w: tensor<64x64x3x3xf32>, %init: tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x64x58x58xf32>, tensor<64x64x3x3xf32>) outs(%init : tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// -----

// A bias broadcast large enough for tasks of its own gets none: it only
// makes the packed convolution's initial value, and joins its tiles. The
// same broadcast with a second use is cut into tasks.
// CONFIG-LABEL: func.func @fused_bias_gets_no_tasks
// CONFIG: %[[INIT:.*]] = linalg.generic
// CONFIG-NOT: dlc.lowering_config
// CONFIG-SAME: ins(%{{.*}} : tensor<32xf32>)
// CONFIG: linalg.yield
// CONFIG: linalg.generic {{.*}} outs(%[[INIT]] : tensor<64x32x11x11xf32>) attrs = {dlc.lowering_config
// CONFIG-LABEL: func.func @shared_bias_gets_tasks
// CONFIG: linalg.generic {{.*}} ins(%{{.*}} : tensor<32xf32>) {{.*}} attrs = {dlc.lowering_config = {parallel
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @fused_bias_gets_no_tasks(%x: tensor<64x32x13x13xf32>, %w: tensor<32x32x3x3xf32>, %b: tensor<32xf32>) -> tensor<64x32x11x11xf32> {
  %empty = tensor.empty() : tensor<64x32x11x11xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<32xf32>) outs(%empty : tensor<64x32x11x11xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<64x32x11x11xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<64x32x13x13xf32>, tensor<32x32x3x3xf32>) outs(%init : tensor<64x32x11x11xf32>) -> tensor<64x32x11x11xf32>
  return %0 : tensor<64x32x11x11xf32>
}
func.func @shared_bias_gets_tasks(%x: tensor<64x32x13x13xf32>, %w: tensor<32x32x3x3xf32>, %b: tensor<32xf32>) -> (tensor<64x32x11x11xf32>, tensor<64x32x11x11xf32>) {
  %empty = tensor.empty() : tensor<64x32x11x11xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<32xf32>) outs(%empty : tensor<64x32x11x11xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<64x32x11x11xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<64x32x13x13xf32>, tensor<32x32x3x3xf32>) outs(%init : tensor<64x32x11x11xf32>) -> tensor<64x32x11x11xf32>
  return %0, %init : tensor<64x32x11x11xf32>, tensor<64x32x11x11xf32>
}

// -----

// An initial value filled with a constant (a convolution without bias, as
// the lowering writes it: a generic yielding the constant) joins the tiles
// too: the accumulators start from that constant.
// CHECK-LABEL: func.func @zero_fill
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x16x3x3x16xf32>)
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c1 iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]],
func.func @zero_fill(%x: tensor<1x16x9x9xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x7x7xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x16x7x7xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%empty : tensor<1x16x7x7xf32>) {
  ^bb0(%out: f32):
    linalg.yield %zero : f32
  } -> tensor<1x16x7x7xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x9x9xf32>, tensor<16x16x3x3xf32>) outs(%init : tensor<1x16x7x7xf32>) -> tensor<1x16x7x7xf32>
  return %0 : tensor<1x16x7x7xf32>
}
