// RUN: dlc-opt %s --split-input-file --dlc-cpu-select-lowering=vector-width=16 | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-cpu-select-lowering=vector-width=8 | FileCheck %s --check-prefix=AVX2
// RUN: dlc-opt %s --split-input-file --dlc-cpu-select-lowering="vector-width=16 parallel-tasks=4" | FileCheck %s --check-prefix=TASKS

// With 4 tasks wanted (2 threads), parallel tiles cut batches first, then
// columns (multiples of the register tile), then rows, each cut dividing
// its loop; ops of fewer than 2^16 iterations a task stay whole.

// The MLP's first layer at batch 128: a register tile of 8 rows by two
// 16-lane vectors, k blocks of 112 (a divisor of 784 below 128), visited
// n, k, m; m and n fit one cache block.
// CHECK-LABEL: func.func @mlp_layer
// CHECK: linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 112>, interchange = array<i64: 1, 2, 0>, vector = array<i64: 8, 32, 1>}}
// AVX2-LABEL: func.func @mlp_layer
// AVX2: vector = array<i64: 8, 16, 1>
// TASKS-LABEL: func.func @mlp_layer
// TASKS: cache = array<i64: 0, 0, 112>, interchange = array<i64: 1, 2, 0>, parallel = array<i64: 0, 128, 0>, vector = array<i64: 8, 32, 1>
func.func @mlp_layer(%a: tensor<128x784xf32>, %b: tensor<784x512xf32>, %c: tensor<128x512xf32>) -> tensor<128x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x784xf32>, tensor<784x512xf32>) outs(%c : tensor<128x512xf32>) -> tensor<128x512xf32>
  return %0 : tensor<128x512xf32>
}

// -----

// 784 columns are no multiple of 32: one 16-lane vector, and n blocks of
// 112 columns (a multiple of 16 dividing 784, at most 512).
// CHECK-LABEL: func.func @odd_columns
// CHECK: cache = array<i64: 0, 112, 112>, interchange = array<i64: 1, 2, 0>, vector = array<i64: 8, 16, 1>
func.func @odd_columns(%a: tensor<128x784xf32>, %b: tensor<784x784xf32>, %c: tensor<128x784xf32>) -> tensor<128x784xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<128x784xf32>, tensor<784x784xf32>) outs(%c : tensor<128x784xf32>) -> tensor<128x784xf32>
  return %0 : tensor<128x784xf32>
}

// -----

// Large square matmul: two vectors wide, cache blocks of 128 x 512 x 128.
// CHECK-LABEL: func.func @square
// CHECK: cache = array<i64: 128, 512, 128>, interchange = array<i64: 1, 2, 0>, vector = array<i64: 8, 32, 1>
// AVX2-LABEL: func.func @square
// AVX2: vector = array<i64: 8, 16, 1>
// The cache tiles block a task's 1024 x 256 columns.
// TASKS-LABEL: func.func @square
// TASKS: cache = array<i64: 128, 0, 128>, interchange = array<i64: 1, 2, 0>, parallel = array<i64: 0, 256, 0>, vector = array<i64: 8, 32, 1>
func.func @square(%a: tensor<1024x1024xf32>, %b: tensor<1024x1024xf32>, %c: tensor<1024x1024xf32>) -> tensor<1024x1024xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1024x1024xf32>, tensor<1024x1024xf32>) outs(%c : tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  return %0 : tensor<1024x1024xf32>
}

// -----

// A Dense(10) head at batch 1: the tile is the whole (small) output.
// CHECK-LABEL: func.func @narrow
// CHECK: vector = array<i64: 1, 10, 1>
// TASKS-LABEL: func.func @narrow
// TASKS-NOT: parallel
func.func @narrow(%a: tensor<1x64xf32>, %b: tensor<64x10xf32>, %c: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x64xf32>, tensor<64x10xf32>) outs(%c : tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Batch matmuls tile the batch loop by one.
// CHECK-LABEL: func.func @batched
// CHECK: linalg.batch_matmul {dlc.lowering_config = {cache = array<i64: 1, 0, 0, 0>, interchange = array<i64: 0, 2, 3, 1>, vector = array<i64: 1, 8, 32, 1>}}
// TASKS-LABEL: func.func @batched
// TASKS: parallel = array<i64: 1, 0, 0, 0>
func.func @batched(%a: tensor<4x64x32xf32>, %b: tensor<4x32x64xf32>, %c: tensor<4x64x64xf32>) -> tensor<4x64x64xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<4x64x32xf32>, tensor<4x32x64xf32>) outs(%c : tensor<4x64x64xf32>) -> tensor<4x64x64xf32>
  return %0 : tensor<4x64x64xf32>
}

// -----

// A configuration written by hand is kept; dynamic shapes and f64 get none.
// CHECK-LABEL: func.func @kept_and_skipped
// CHECK: linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, vector = array<i64: 4, 16, 1>}}
// CHECK: linalg.matmul ins
// CHECK-NOT: dlc.lowering_config
// CHECK: linalg.matmul ins
func.func @kept_and_skipped(%a: tensor<64x64xf32>, %d: tensor<?x64xf32>, %e: tensor<?x64xf32>, %f: tensor<8x8xf64>) -> (tensor<64x64xf32>, tensor<?x64xf32>, tensor<8x8xf64>) {
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, vector = array<i64: 4, 16, 1>}} ins(%a, %a : tensor<64x64xf32>, tensor<64x64xf32>) outs(%a : tensor<64x64xf32>) -> tensor<64x64xf32>
  %1 = linalg.matmul ins(%d, %a : tensor<?x64xf32>, tensor<64x64xf32>) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %2 = linalg.matmul ins(%f, %f : tensor<8x8xf64>, tensor<8x8xf64>) outs(%f : tensor<8x8xf64>) -> tensor<8x8xf64>
  return %0, %1, %2 : tensor<64x64xf32>, tensor<?x64xf32>, tensor<8x8xf64>
}

// -----

// Convolutions: 16 output channels (the largest divisor of 64 up to 16
// with AVX-512's 32 registers; 8, up to 12, with AVX2's 16) by one vector
// of output positions (16 lanes; 8 with AVX2), unit input channel and
// kernel row, the kernel row whole. No cache tiles.
// CHECK-LABEL: func.func @conv2d
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 16, 1, 16, 1, 1, 3>}
// AVX2-LABEL: func.func @conv2d
// AVX2: vector = array<i64: 1, 8, 1, 8, 1, 1, 3>
// Two images by two blocks of 32 channels.
// TASKS-LABEL: func.func @conv2d
// TASKS: parallel = array<i64: 1, 32, 0, 0, 0, 0, 0>
func.func @conv2d(%x: tensor<2x32x30x30xf32>, %w: tensor<64x32x3x3xf32>, %o: tensor<2x64x28x28xf32>) -> tensor<2x64x28x28xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<2x32x30x30xf32>, tensor<64x32x3x3xf32>) outs(%o : tensor<2x64x28x28xf32>) -> tensor<2x64x28x28xf32>
  return %0 : tensor<2x64x28x28xf32>
}

// -----

// Few channels and a short row are taken whole; 1-D ops and pools follow
// the same rule (loops n, channels, o, (c,) w), pools with up to 12
// channels (each loads its own input rows).
// CHECK-LABEL: func.func @windows
// CHECK: linalg.conv_1d_ncw_fcw {{{.*}}dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0>, vector = array<i64: 1, 5, 7, 1, 3>}
// CHECK: linalg.pooling_nchw_max {{{.*}}dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 8, 1, 13, 1, 2>}
// TASKS-LABEL: func.func @windows
// TASKS-NOT: parallel
func.func @windows(%x: tensor<1x3x9xf32>, %w: tensor<5x3x3xf32>, %o: tensor<1x5x7xf32>, %p: tensor<4x32x26x26xf32>, %win: tensor<2x2xf32>, %q: tensor<4x32x13x13xf32>) -> (tensor<1x5x7xf32>, tensor<4x32x13x13xf32>) {
  %0 = linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%x, %w : tensor<1x3x9xf32>, tensor<5x3x3xf32>) outs(%o : tensor<1x5x7xf32>) -> tensor<1x5x7xf32>
  %1 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%p, %win : tensor<4x32x26x26xf32>, tensor<2x2xf32>) outs(%q : tensor<4x32x13x13xf32>) -> tensor<4x32x13x13xf32>
  return %0, %1 : tensor<1x5x7xf32>, tensor<4x32x13x13xf32>
}

// -----

// Other ops are only cut into tasks, along parallel loops from the
// outermost (rows of 128 here); the innermost loop only in groups of 4
// vectors. Reductions are not cut. Small ops stay whole.
// CHECK-LABEL: func.func @tasks_only
// CHECK-NOT: dlc.lowering_config
// TASKS-LABEL: func.func @tasks_only
// TASKS: linalg.generic {{{.*}}dlc.lowering_config = {parallel = array<i64: 128, 0>}
// TASKS: linalg.generic {{{.*}}dlc.lowering_config = {parallel = array<i64: 0, 65536>}
// TASKS: linalg.reduce {{.*}}dlc.lowering_config = {parallel = array<i64: 128, 0>}
// TASKS: linalg.generic
// TASKS-NOT: dlc.lowering_config
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0) -> (d0)>
func.func @tasks_only(%x: tensor<512x512xf32>, %v: tensor<1x262144xf32>, %r: tensor<512xf32>, %small: tensor<8x8xf32>) -> (tensor<512x512xf32>, tensor<1x262144xf32>, tensor<512xf32>, tensor<8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<512x512xf32>) outs(%x : tensor<512x512xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<512x512xf32>
  %long = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<1x262144xf32>) outs(%v : tensor<1x262144xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x262144xf32>
  %sum = linalg.reduce ins(%x : tensor<512x512xf32>) outs(%r : tensor<512xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %s2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%small : tensor<8x8xf32>) outs(%small : tensor<8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<8x8xf32>
  return %relu, %long, %sum, %s2 : tensor<512x512xf32>, tensor<1x262144xf32>, tensor<512xf32>, tensor<8x8xf32>
}

// -----

// A depthwise convolution's loops are n, oh, ow, channels, kh, kw: the tile
// is up to 12 channels (each reads its own input rows) by one vector of
// output positions; tasks take images, then channel blocks, then rows.
// CHECK-LABEL: func.func @depthwise
// CHECK: linalg.depthwise_conv_2d_nchw_chw {{{.*}}dlc.lowering_config = {cache = array<i64: 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 1, 16, 12, 1, 3>}
// TASKS-LABEL: func.func @depthwise
// TASKS: parallel = array<i64: 1, 0, 0, 48, 0, 0>
func.func @depthwise(%x: tensor<2x96x58x58xf32>, %w: tensor<96x3x3xf32>, %o: tensor<2x96x56x56xf32>) -> tensor<2x96x56x56xf32> {
  %0 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<2x96x58x58xf32>, tensor<96x3x3xf32>) outs(%o : tensor<2x96x56x56xf32>) -> tensor<2x96x56x56xf32>
  return %0 : tensor<2x96x56x56xf32>
}

// -----

// A task's work counts the ops of the body, a math function as 12: the
// same 128 x 128 elements are cut into tasks for tanh (13 ops each) but
// not for a lone add.
// TASKS-LABEL: func.func @body_work
// TASKS: linalg.generic {{{.*}}dlc.lowering_config = {parallel = array<i64: {{[0-9]+}}, 0>}
// TASKS: math.tanh
// TASKS: linalg.generic
// TASKS-NOT: dlc.lowering_config
// TASKS: arith.addf
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @body_work(%x: tensor<128x128xf32>) -> (tensor<128x128xf32>, tensor<128x128xf32>) {
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<128x128xf32>) outs(%x : tensor<128x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = math.tanh %in : f32
    %z = arith.addf %y, %in : f32
    linalg.yield %z : f32
  } -> tensor<128x128xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<128x128xf32>) outs(%x : tensor<128x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %in : f32
    linalg.yield %y : f32
  } -> tensor<128x128xf32>
  return %t, %a : tensor<128x128xf32>, tensor<128x128xf32>
}

// -----

// A matmul inside a parallel loop (a recurrent op's block of batch rows)
// runs in that loop's task: the same tiles, no parallel ones. The same
// matmul outside is cut into tasks.
// TASKS-LABEL: func.func @matmul_in_task
// TASKS: scf.forall
// TASKS: linalg.matmul {dlc.lowering_config = {cache = array<i64: 128, 0, 128>, interchange = array<i64: 1, 2, 0>, vector = array<i64: 8, 32, 1>}}
// TASKS: linalg.matmul {dlc.lowering_config = {cache = array<i64: 128, 0, 128>, interchange = array<i64: 1, 2, 0>, parallel = array<i64: 0, 128, 0>, vector = array<i64: 8, 32, 1>}}
func.func @matmul_in_task(%a: tensor<2x256x512xf32>, %b: tensor<512x512xf32>, %c: tensor<2x256x512xf32>, %d: tensor<256x512xf32>) -> (tensor<2x256x512xf32>, tensor<256x512xf32>) {
  %0 = scf.forall (%i) in (2) shared_outs(%out = %c) -> (tensor<2x256x512xf32>) {
    %a_i = tensor.extract_slice %a[%i, 0, 0] [1, 256, 512] [1, 1, 1] : tensor<2x256x512xf32> to tensor<256x512xf32>
    %c_i = tensor.extract_slice %out[%i, 0, 0] [1, 256, 512] [1, 1, 1] : tensor<2x256x512xf32> to tensor<256x512xf32>
    %m = linalg.matmul ins(%a_i, %b : tensor<256x512xf32>, tensor<512x512xf32>) outs(%c_i : tensor<256x512xf32>) -> tensor<256x512xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %m into %out[%i, 0, 0] [1, 256, 512] [1, 1, 1] : tensor<256x512xf32> into tensor<2x256x512xf32>
    }
  }
  %a0 = tensor.extract_slice %a[0, 0, 0] [1, 256, 512] [1, 1, 1] : tensor<2x256x512xf32> to tensor<256x512xf32>
  %1 = linalg.matmul ins(%a0, %b : tensor<256x512xf32>, tensor<512x512xf32>) outs(%d : tensor<256x512xf32>) -> tensor<256x512xf32>
  return %0, %1 : tensor<2x256x512xf32>, tensor<256x512xf32>
}

// -----

// A reversal (an operand read backwards along a loop, as the backward
// pass of a reverse recurrent direction does) is not tiled: upstream's
// tiling would slice the reversed operand with the wrong size. The same
// copy read forwards is cut into tasks.
// TASKS-LABEL: func.func @reversal
// TASKS: linalg.generic {indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}], iterator_types = ["parallel", "parallel", "parallel"]} ins({{.*}}) outs({{.*}}) {
// TASKS: linalg.generic {{{.*}}dlc.lowering_config = {parallel = array<i64: 50, 0, 0>}
func.func @reversal(%x: tensor<200x128x64xf32>) -> (tensor<200x128x64xf32>, tensor<200x128x64xf32>) {
  %empty = tensor.empty() : tensor<200x128x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (-d0 + 199, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<200x128x64xf32>) outs(%empty : tensor<200x128x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<200x128x64xf32>
  %c = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<200x128x64xf32>) outs(%empty : tensor<200x128x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<200x128x64xf32>
  return %r, %c : tensor<200x128x64xf32>, tensor<200x128x64xf32>
}
