// RUN: dlc-opt %s -split-input-file --dlc-vectorize-linalg="vector-width=16" | FileCheck %s
// RUN: dlc-opt %s -split-input-file --dlc-vectorize-linalg="vector-width=8" | FileCheck %s --check-prefix=AVX2

// A 16x64 * 64x32 matmul on buffers gets an 8 x 32 register tile (2 vectors of
// 16) over a unit reduction step: loops step 8 (M), 32 (N), 1 (K); the A
// column, the B row and the C tile are read as vectors and C is written back.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: memref<16x64xf32>, %[[B:.*]]: memref<64x32xf32>, %[[C:.*]]: memref<16x32xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: scf.for %[[I:.*]] = %[[C0]] to %[[C16]] step %[[C8]] {
// CHECK-NEXT: scf.for %[[J:.*]] = %[[C0]] to %[[C32]] step %[[C32]] {
// CHECK-NEXT: scf.for %[[K:.*]] = %[[C0]] to %[[C64]] step %[[C1]] {
// CHECK-DAG: memref.subview %[[A]][%[[I]], %[[K]]] [8, 1] [1, 1]
// CHECK-DAG: memref.subview %[[B]][%[[K]], %[[J]]] [1, 32] [1, 1]
// CHECK-DAG: %[[CT:.*]] = memref.subview %[[C]][%[[I]], %[[J]]] [8, 32] [1, 1]
// CHECK-DAG: vector.transfer_read {{.*}} {in_bounds = [true]} : memref<8xf32, {{.*}}>, vector<8xf32>
// CHECK-DAG: vector.transfer_read {{.*}} {in_bounds = [true]} : memref<32xf32, {{.*}}>, vector<32xf32>
// CHECK-DAG: vector.transfer_read %[[CT]][%[[C0]], %[[C0]]], {{.*}} {in_bounds = [true, true]} : memref<8x32xf32, strided<[32, 1], offset: ?>>, vector<8x32xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[CT]][%[[C0]], %[[C0]]] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32, strided<[32, 1], offset: ?>>
// CHECK-NOT: linalg.matmul
// AVX2-LABEL: func.func @matmul
// AVX2: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// AVX2: vector.transfer_read {{.*}} : memref<16xf32, {{.*}}>, vector<16xf32>
// AVX2: vector.transfer_write %{{.*}} : vector<8x16xf32>, memref<8x16xf32, strided<[32, 1], offset: ?>>
func.func @matmul(%a: memref<16x64xf32>, %b: memref<64x32xf32>, %c: memref<16x32xf32>) {
  linalg.matmul ins(%a, %b : memref<16x64xf32>, memref<64x32xf32>) outs(%c : memref<16x32xf32>)
  return
}

// -----

// An elementwise op: the innermost dimension is cut into whole vectors.
// CHECK-LABEL: func.func @relu
// CHECK-SAME: (%[[X:.*]]: memref<8x32xf32>, %[[Y:.*]]: memref<8x32xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[C8]] step %[[C1]] {
// CHECK-NEXT: scf.for %[[J:.*]] = %{{.*}} to %[[C32]] step %[[C16]] {
// CHECK: memref.subview %[[X]][%[[I]], %[[J]]] [1, 16] [1, 1]
// CHECK: memref.subview %[[Y]][%[[I]], %[[J]]] [1, 16] [1, 1]
// CHECK: %[[V:.*]] = vector.transfer_read {{.*}} {in_bounds = [true]} : memref<16xf32, {{.*}}>, vector<16xf32>
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[V]], %[[ZERO]] : vector<16xf32>
// CHECK: vector.transfer_write %[[R]], {{.*}} {in_bounds = [true]} : vector<16xf32>, memref<16xf32, {{.*}}>
// CHECK-NOT: linalg.generic
// AVX2-LABEL: func.func @relu
// AVX2: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// AVX2: scf.for
// AVX2: scf.for
// AVX2: %[[V:.*]] = vector.transfer_read {{.*}} : memref<8xf32, {{.*}}>, vector<8xf32>
// AVX2-NEXT: arith.maximumf %[[V]], %[[ZERO]] : vector<8xf32>
func.func @relu(%x: memref<8x32xf32>, %y: memref<8x32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : memref<8x32xf32>) outs(%y : memref<8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// 12 is not a multiple of 16 or 8: 4-lane vectors.
// CHECK-LABEL: func.func @narrow
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C4:.*]] {
// CHECK: vector.transfer_read {{.*}} : memref<4xf32, {{.*}}>, vector<4xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
func.func @narrow(%x: memref<2x12xf32>, %y: memref<2x12xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : memref<2x12xf32>) outs(%y : memref<2x12xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.addf %in, %out : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// No vector length divides 5: the ops stay scalar linalg, untiled.
// CHECK-LABEL: func.func @odd
// CHECK-NOT: scf.for
// CHECK-NOT: vector.
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : memref<3x5xf32>) outs(%{{.*}} : memref<3x5xf32>)
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<3x4xf32>, memref<4x5xf32>) outs(%{{.*}} : memref<3x5xf32>)
// CHECK-NOT: vector.
func.func @odd(%x: memref<3x5xf32>, %y: memref<3x5xf32>, %a: memref<3x4xf32>, %b: memref<4x5xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : memref<3x5xf32>) outs(%y : memref<3x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  linalg.matmul ins(%a, %b : memref<3x4xf32>, memref<4x5xf32>) outs(%y : memref<3x5xf32>)
  return
}

// -----

// Ops on tensors are left for after bufferization.
// CHECK-LABEL: func.func @on_tensors
// CHECK-NOT: vector.
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<16x64xf32>, tensor<64x32xf32>)
func.func @on_tensors(%a: tensor<16x64xf32>, %b: tensor<64x32xf32>, %c: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x64xf32>, tensor<64x32xf32>) outs(%c : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0 : tensor<16x32xf32>
}

// -----

// An innermost loop of 26 that no vector length divides: 16 lanes, then the
// last 10 split off as an op of its own with a static shape, each a vector
// reduction (with 8 lanes: 24 in 3 vectors, then 2 left, too few: the
// whole op stays scalar).
// CHECK-LABEL: func.func @odd_reduction
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [0, 2] : vector<1x1x16xf32> to vector<1xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [0, 2] : vector<1x1x10xf32> to vector<1xf32>
// CHECK-NOT: linalg.reduce
// AVX2-LABEL: func.func @odd_reduction
// AVX2-NOT: vector.multi_reduction
// AVX2: linalg.reduce
func.func @odd_reduction(%x: memref<4x8x26xf32>, %y: memref<8xf32>) {
  linalg.reduce ins(%x : memref<4x8x26xf32>) outs(%y : memref<8xf32>) dimensions = [0, 2]
    (%a: f32, %b: f32) {
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    }
  return
}
