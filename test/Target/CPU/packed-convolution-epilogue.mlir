// RUN: dlc-opt %s --split-input-file --dlc-cpu-select-lowering="parallel-tasks=2" | FileCheck %s --check-prefix=CONFIG
// RUN: dlc-opt %s --split-input-file --dlc-cpu-select-lowering="parallel-tasks=2" --dlc-cpu-tile-and-vectorize --canonicalize --cse | FileCheck %s

#in = affine_map<(n, fo, oh, ow, fi, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#w = affine_map<(n, fo, oh, ow, fi, c, kh, kw) -> (fo, c, kh, kw, fi)>
#out = affine_map<(n, fo, oh, ow, fi, c, kh, kw) -> (n, fo, oh, ow, fi)>
#bias = affine_map<(n, fo, oh, ow, fi) -> (fo * 16 + fi)>
#id = affine_map<(n, fo, oh, ow, fi) -> (n, fo, oh, ow, fi)>

// A packed convolution with blocked output (2 images, 2 blocks of 16
// channels, 3x5 outputs) and its ReLU. The ReLU is the convolution's
// epilogue: it gets no configuration of its own, and the tasks and the
// register tiles are those of the convolution, over the ReLU's loops, with
// the convolution and its bias broadcast fused into each tile. The tile
// applies the ReLU to its accumulators, as vectors, and writes each once,
// into the ReLU's result.
// CONFIG-LABEL: func.func @relu_epilogue
// CONFIG: linalg.generic {{.*}}dlc.lowering_config = {parallel = array<i64: 1, 0, 0, 0, 0, 0, 0, 0>, vector = array<i64: 1, 1, 3, 5, 0, 0, 0, 0>}
// CONFIG-SAME: dlc.packed_convolution
// CONFIG: linalg.generic
// CONFIG-NOT: dlc.lowering_config
// CONFIG: arith.maximumf
// CHECK-LABEL: func.func @relu_epilogue
// CHECK-SAME: %[[BIAS:[a-z0-9]+]]: tensor<32xf32>
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK: scf.forall (%[[N:.*]]) in (2) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<2x2x3x5x16xf32>)
// CHECK: scf.for %[[FO:.*]] = %c0 to %c2 step %c1 iter_args(%[[TILE:.*]] = %{{.*}}) -> (tensor<1x2x3x5x16xf32>)
// CHECK: %[[BLOCK_BIAS:.*]] = tensor.extract_slice %[[BIAS]]
// CHECK: tensor.extract %[[BLOCK_BIAS]][%c0]
// CHECK: %[[ACC:.*]]:15 = scf.for {{.*}} -> (vector<16xf32>,
// CHECK: vector.fma
// CHECK: %[[R0:.*]] = arith.maximumf %[[ACC]]#0, %[[ZERO]] : vector<16xf32>
// CHECK: %[[R14:.*]] = arith.maximumf %[[ACC]]#14, %[[ZERO]] : vector<16xf32>
// CHECK: vector.transfer_write %[[R0]], %{{.*}}[%c0, %c0, %c0, %c0, %c0] {in_bounds = [true]} : vector<16xf32>, tensor<1x1x3x5x16xf32>
// CHECK: vector.transfer_write %[[R14]], %{{.*}}[%c0, %c0, %c2, %c4, %c0] {in_bounds = [true]} : vector<16xf32>, tensor<1x1x3x5x16xf32>
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @relu_epilogue(%x: tensor<2x32x5x7xf32>, %w: tensor<2x32x3x3x16xf32>,
                         %b: tensor<32xf32>) -> tensor<2x2x3x5x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2x3x5x16xf32>
  %bias = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<32xf32>) outs(%e : tensor<2x2x3x5x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<2x2x3x5x16xf32>
  %c = linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<2x32x5x7xf32>, tensor<2x32x3x3x16xf32>) outs(%bias : tensor<2x2x3x5x16xf32>) attrs = {dlc.packed_convolution = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%i: f32, %f: f32, %o: f32):
    %p = arith.mulf %i, %f : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x2x3x5x16xf32>
  %re = tensor.empty() : tensor<2x2x3x5x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<2x2x3x5x16xf32>) outs(%re : tensor<2x2x3x5x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x2x3x5x16xf32>
  return %r : tensor<2x2x3x5x16xf32>
}

// -----

#in = affine_map<(n, fo, oh, ow, fi, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#w = affine_map<(n, fo, oh, ow, fi, c, kh, kw) -> (fo, c, kh, kw, fi)>
#out = affine_map<(n, fo, oh, ow, fi, c, kh, kw) -> (n, fo, oh, ow, fi)>
#id = affine_map<(n, fo, oh, ow, fi) -> (n, fo, oh, ow, fi)>
#unblock = affine_map<(n, fo, oh, ow, fi) -> (n, fo * 16 + fi, oh, ow)>

// A ReLU that unblocks the convolution's output (NCHW for a consumer that
// takes no blocks) is its epilogue as well: the tile applies it to its 15
// accumulators, transposes them in registers and writes NCHW rows of 5.
// CHECK-LABEL: func.func @unblocking_epilogue
// CHECK: scf.forall
// CHECK: %[[ACC:.*]]:15 = scf.for {{.*}} -> (vector<16xf32>,
// CHECK: arith.maximumf %[[ACC]]#0
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%c0, %c0, %c0, %c0] {in_bounds = [true]} : vector<5xf32>, tensor<1x16x3x5xf32>
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @unblocking_epilogue(%x: tensor<2x32x5x7xf32>, %w: tensor<2x32x3x3x16xf32>,
                               %init: tensor<2x2x3x5x16xf32>) -> tensor<2x32x3x5xf32> {
  %zero = arith.constant 0.0 : f32
  %c = linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<2x32x5x7xf32>, tensor<2x32x3x3x16xf32>) outs(%init : tensor<2x2x3x5x16xf32>) attrs = {dlc.packed_convolution = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%i: f32, %f: f32, %o: f32):
    %p = arith.mulf %i, %f : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x2x3x5x16xf32>
  %re = tensor.empty() : tensor<2x32x3x5xf32>
  %r = linalg.generic {indexing_maps = [#id, #unblock], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<2x2x3x5x16xf32>) outs(%re : tensor<2x32x3x5xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x32x3x5xf32>
  return %r : tensor<2x32x3x5xf32>
}
