// RUN: dlc-opt %s --split-input-file --verify-diagnostics \
// RUN:   --dlc-cpu-tile-and-vectorize | FileCheck %s

// Cache loops in the configured order (n is whole: k, then m), register
// loops m, n, k inside; each register tile is one vector.contract between
// reads of an 8x1 column of A and a 1x32 row of B.
// CHECK-LABEL: func.func @blocked
// CHECK:     scf.for %[[K0:.*]] = %c0 to %c256 step %c128
// CHECK:       scf.for %[[M0:.*]] = %c0 to %c64 step %c32
// CHECK:         scf.for %{{.*}} = %c0 to %c32 step %c8
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK:             scf.for %{{.*}} = %c0 to %c128 step %c1
// CHECK:               vector.transfer_read {{.*}} : tensor<64x256xf32>, vector<8x1xf32>
// CHECK:               vector.transfer_read {{.*}} : tensor<256x64xf32>, vector<1x32xf32>
// CHECK:               vector.contract {{.*}} vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
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

// A malformed configuration is an error on the op.
func.func @malformed(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{dlc.lowering_config: 'vector' has 2 entries for 3 loops}}
  %0 = linalg.matmul {dlc.lowering_config = {cache = array<i64: 0, 0, 0>, vector = array<i64: 8, 8>}} ins(%a, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%a : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
