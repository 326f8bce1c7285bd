// RUN: dlc-opt %s --split-input-file --dlc-hoist-vector-transfers | FileCheck %s

// The accumulator tile of a matmul, read and written through a subview in
// every k step, is read once before the k loop, carried in registers, and
// written once after it.
// CHECK-LABEL: func.func @accumulator
// CHECK:       scf.for %[[M:.*]] = %c0 to %c64 step %c8
// CHECK:         %[[INIT:.*]] = vector.transfer_read %arg2[%[[M]], %c0]{{.*}} : memref<64x32xf32>, vector<8x32xf32>
// CHECK:         %[[ACC:.*]] = scf.for {{.*}} iter_args(%[[CARRIED:.*]] = %[[INIT]]) -> (vector<8x32xf32>)
// CHECK-NOT:       vector.transfer_write
// CHECK:           vector.contract {{.*}} %[[CARRIED]]
// CHECK:           scf.yield
// CHECK:         vector.transfer_write %[[ACC]], %arg2[%[[M]], %c0]
func.func @accumulator(%a: memref<64x16xf32>, %b: memref<16x32xf32>, %c: memref<64x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.for %m = %c0 to %c64 step %c8 {
    %tile = memref.subview %c[%m, 0] [8, 32] [1, 1] : memref<64x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    scf.for %k = %c0 to %c16 step %c1 {
      %lhs = vector.transfer_read %a[%m, %k], %zero {in_bounds = [true, true]} : memref<64x16xf32>, vector<8x1xf32>
      %rhs = vector.transfer_read %b[%k, %c0], %zero {in_bounds = [true, true]} : memref<16x32xf32>, vector<1x32xf32>
      %acc = vector.transfer_read %tile[%c0, %c0], %zero {in_bounds = [true, true]} : memref<8x32xf32, strided<[32, 1], offset: ?>>, vector<8x32xf32>
      %sum = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %lhs, %rhs, %acc : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
      vector.transfer_write %sum, %tile[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32, strided<[32, 1], offset: ?>>
    }
  }
  return
}
