// RUN: dlc-opt %s --split-input-file --verify-diagnostics \
// RUN:   --dlc-cpu-tile-and-vectorize | FileCheck %s

// Cache loops in the configured order (n is whole: k, then m), register
// loops m, n, k inside; each register tile is one vector.contract between
// reads of an 8x1 column of A and a 1x32 row of B, its 8x32 accumulator
// read before the k loop, carried through it and written after it.
// CHECK-LABEL: func.func @blocked
// CHECK:     scf.for %[[K0:.*]] = %c0 to %c256 step %c128
// CHECK:       scf.for %[[M0:.*]] = %c0 to %c64 step %c32
// CHECK:         scf.for %{{.*}} = %c0 to %c32 step %c8
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK:             %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<32x64xf32>, vector<8x32xf32>
// CHECK:             %[[SUM:.*]]:2 = scf.for %{{.*}} = %c0 to %c128 step %c1 iter_args(%{{.*}} = %{{.*}}, %[[CARRIED:.*]] = %[[ACC]]) -> (tensor<32x64xf32>, vector<8x32xf32>)
// CHECK:               vector.transfer_read {{.*}} : tensor<64x256xf32>, vector<8x1xf32>
// CHECK:               vector.transfer_read {{.*}} : tensor<256x64xf32>, vector<1x32xf32>
// CHECK:               %[[NEXT:.*]] = vector.contract {{.*}} %[[CARRIED]] : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK:               scf.yield %{{.*}}, %[[NEXT]]
// CHECK:             vector.transfer_write %[[SUM]]#1, %[[SUM]]#0
// CHECK-NOT: linalg.matmul
func.func @blocked(%a: tensor<64x256xf32>, %b: tensor<256x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 32, 0, 128>, interchange = array<i64: 1, 2, 0>, vector = array<i64: 8, 32, 1>}} ins(%a, %b : tensor<64x256xf32>, tensor<256x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// 17 rows and 40 columns do not divide by 8 and 32: the loops are peeled,
// and the last tiles (1 row, 8 columns) are vectors of their own static
// shape; no masks.
// CHECK-LABEL: func.func @peeled
// CHECK-NOT: vector.mask
// CHECK-DAG: vector.contract {{.*}} into vector<8x32xf32>
// CHECK-DAG: vector.contract {{.*}} into vector<8x8xf32>
// CHECK-DAG: vector.contract {{.*}} into vector<1x32xf32>
// CHECK-DAG: vector.contract {{.*}} into vector<1x8xf32>
// CHECK-NOT: vector.mask
func.func @peeled(%a: tensor<17x5xf32>, %b: tensor<5x40xf32>, %c: tensor<17x40xf32>) -> tensor<17x40xf32> {
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, vector = array<i64: 8, 32, 1>}} ins(%a, %b : tensor<17x5xf32>, tensor<5x40xf32>) outs(%c : tensor<17x40xf32>) -> tensor<17x40xf32>
  return %0 : tensor<17x40xf32>
}

// -----

// Parallel tiles come first, as an scf.forall over tasks of 64 rows by 32
// columns whose results are inserted in parallel; the cache and register
// loops run inside each task.
// CHECK-LABEL: func.func @parallel
// CHECK: scf.forall (%[[I:.*]], %[[J:.*]]) = (0, 0) to (128, 64) step (64, 32) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:   scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK:     vector.contract {{.*}} into vector<8x32xf32>
// CHECK:   scf.forall.in_parallel
// CHECK:     tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[I]], %[[J]]] [64, 32] [1, 1]
func.func @parallel(%a: tensor<128x16xf32>, %b: tensor<16x64xf32>, %c: tensor<128x64xf32>) -> tensor<128x64xf32> {
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, parallel = array<i64: 64, 32, 0>, vector = array<i64: 8, 32, 1>}} ins(%a, %b : tensor<128x16xf32>, tensor<16x64xf32>) outs(%c : tensor<128x64xf32>) -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}

// -----

// Tasks may not share an output element, nor differ in shape.
func.func @parallel_reduction(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{parallel tile of loop 2, which is not parallel}}
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, parallel = array<i64: 0, 0, 4>, vector = array<i64: 8, 8, 1>}} ins(%a, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%a : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

func.func @parallel_not_dividing(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{parallel tile 3 does not divide loop 0}}
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, parallel = array<i64: 3, 0, 0>, vector = array<i64: 8, 8, 1>}} ins(%a, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%a : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// Parallel tiles alone: the op is cut into tasks and each task, without a
// configuration, is left to the generic vectorizer on buffers.
// CHECK-LABEL: func.func @tasks_only
// CHECK: scf.forall (%[[I:.*]]) = (0) to (256) step (64) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:   %[[T:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<64x512xf32>) outs(%{{.*}} : tensor<64x512xf32>)
// CHECK-NOT: dlc.lowering_config
// CHECK:   tensor.parallel_insert_slice %[[T]] into %[[OUT]][%[[I]], 0] [64, 512] [1, 1]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @tasks_only(%x: tensor<256x512xf32>) -> tensor<256x512xf32> {
  %zero = arith.constant 0.0 : f32
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<256x512xf32>) outs(%x : tensor<256x512xf32>) attrs = {dlc.lowering_config = {parallel = array<i64: 64, 0>}} {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<256x512xf32>
  return %0 : tensor<256x512xf32>
}

// -----

func.func @no_tiles(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{dlc.lowering_config needs 'vector' tiles, 'parallel' tiles or both}}
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>}} ins(%a, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%a : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// A malformed configuration is an error on the op.
func.func @malformed(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{dlc.lowering_config: 'vector' has 2 entries for 3 loops}}
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, vector = array<i64: 8, 8>}} ins(%a, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%a : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// A convolution tile: loops over the batch, 8-channel blocks and output
// rows (the one full block of 16 positions needs no loop), then input
// channels and kernel rows; the tile
// reads 8 accumulator rows, and for each of the 3 taps one input row (at
// offset 0, 1, 2) feeding 8 FMAs with a broadcast filter element. 20
// positions leave a peeled tile of 4.
// CHECK-LABEL: func.func @conv2d
// CHECK:     scf.for {{.*}} to %c2 step %c1
// CHECK:       scf.for {{.*}} to %c16 step %c8
// CHECK:         scf.for {{.*}} to %c20 step %c1
// CHECK:             scf.for {{.*}} to %c3 step %c1
// CHECK:               scf.for {{.*}} to %c3 step %c1
// CHECK-COUNT-8:         vector.transfer_read %{{.*}} : tensor<2x16x20x20xf32>, vector<16xf32>
// CHECK:                 %[[ROW0:.*]] = vector.transfer_read %[[X:.*]][%{{.*}}, %{{.*}}, %{{.*}}, %c0], %{{.*}} : tensor<2x3x22x22xf32>, vector<16xf32>
// CHECK:                 %[[W0:.*]] = tensor.extract
// CHECK:                 %[[B0:.*]] = vector.broadcast %[[W0]] : f32 to vector<16xf32>
// CHECK:                 vector.fma %[[ROW0]], %[[B0]], %{{.*}} : vector<16xf32>
// CHECK-COUNT-7:         vector.fma %[[ROW0]]
// CHECK:                 %[[ROW1:.*]] = vector.transfer_read %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %c1]
// CHECK-COUNT-8:         vector.fma %[[ROW1]]
// CHECK:                 %[[ROW2:.*]] = vector.transfer_read %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %c2]
// CHECK-COUNT-8:         vector.fma %[[ROW2]]
// CHECK-COUNT-8:         vector.transfer_write {{.*}} : vector<16xf32>, tensor<1x8x1x16xf32>
// CHECK: vector.fma {{.*}} : vector<4xf32>
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @conv2d(%x: tensor<2x3x22x22xf32>, %w: tensor<16x3x3x3xf32>, %o: tensor<2x16x20x20xf32>) -> tensor<2x16x20x20xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 8, 1, 16, 1, 1, 3>}} ins(%x, %w : tensor<2x3x22x22xf32>, tensor<16x3x3x3xf32>) outs(%o : tensor<2x16x20x20xf32>) -> tensor<2x16x20x20xf32>
  return %0 : tensor<2x16x20x20xf32>
}

// -----

// A depthwise tile: each of the 4 channels multiplies its own input row
// (channel c of the input) by its own filter element w[c, kh, tap].
// CHECK-LABEL: func.func @depthwise
// CHECK-COUNT-4: vector.transfer_read %{{.*}} : tensor<1x4x8x8xf32>, vector<8xf32>
// CHECK: %[[W0:.*]] = tensor.extract %{{.*}}[%c0, %c0, %c0] : tensor<4x1x3xf32>
// CHECK: %[[B0:.*]] = vector.broadcast %[[W0]] : f32 to vector<8xf32>
// CHECK: %[[ROW0:.*]] = vector.transfer_read %[[X:.*]][%c0, %c0, %{{.*}}, %c0], %{{.*}} : tensor<1x4x10x10xf32>, vector<8xf32>
// CHECK: vector.fma %[[ROW0]], %[[B0]], %{{.*}} : vector<8xf32>
// CHECK: %[[W1:.*]] = tensor.extract %{{.*}}[%c1, %c0, %c0] : tensor<4x1x3xf32>
// CHECK: %[[B1:.*]] = vector.broadcast %[[W1]]
// CHECK: %[[ROW1:.*]] = vector.transfer_read %[[X]][%c0, %c1, %{{.*}}, %c0]
// CHECK: vector.fma %[[ROW1]], %[[B1]]
// CHECK-NOT: linalg.depthwise_conv_2d_nchw_chw
func.func @depthwise(%x: tensor<1x4x10x10xf32>, %w: tensor<4x3x3xf32>, %o: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %0 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>, dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 1, 8, 4, 1, 3>}} ins(%x, %w : tensor<1x4x10x10xf32>, tensor<4x3x3xf32>) outs(%o : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// A max pool of stride 2: each tap reads 2 * 4 - 1 input elements of the
// channel's row and keeps every second one.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[SPAN:.*]] = vector.transfer_read {{.*}} : tensor<1x2x8x8xf32>, vector<7xf32>
// CHECK: %[[EVEN:.*]] = vector.shuffle %[[SPAN]], %[[SPAN]] [0, 2, 4, 6] : vector<7xf32>, vector<7xf32>
// CHECK: arith.maximumf %{{.*}}, %[[EVEN]] : vector<4xf32>
// CHECK-NOT: linalg.pooling_nchw_max
func.func @max_pool(%x: tensor<1x2x8x8xf32>, %win: tensor<2x2xf32>, %o: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 2, 1, 4, 1, 2>}} ins(%x, %win : tensor<1x2x8x8xf32>, tensor<2x2xf32>) outs(%o : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A hand-written configuration whose tile is not a row segment is an error.
func.func @not_a_row(%x: tensor<1x2x8x8xf32>, %win: tensor<2x2xf32>, %o: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{window tile must be unit in every loop but the channels, the last output dimension and the last window dimension}}
  %0 = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>, dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 2, 2, 4, 1, 2>}} ins(%x, %win : tensor<1x2x8x8xf32>, tensor<2x2xf32>) outs(%o : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A matmul without cache tiles that starts from a fill: each task and each
// 8 x 32 register tile takes the fill along, so the accumulators are filled
// in the tile, before its k loop, instead of the output in a pass of its
// own.
// CHECK-LABEL: func.func @fill_in_tiles
// CHECK: scf.forall (%{{.*}}) = (0) to (128) step (32)
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<8x32xf32>)
// CHECK: %[[ACC:.*]] = vector.transfer_read %[[FILLED]]
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args(%{{.*}} = %[[FILLED]], %{{.*}} = %[[ACC]])
// CHECK: vector.contract
func.func @fill_in_tiles(%a: tensor<64x32xf32>, %b: tensor<32x128xf32>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, parallel = array<i64: 0, 32, 0>, vector = array<i64: 8, 32, 1>}} ins(%a, %b : tensor<64x32xf32>, tensor<32x128xf32>) outs(%f : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %0 : tensor<64x128xf32>
}
