// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg="check-indices=1" | FileCheck %s

// Checked code (--check-bounds): a gather index outside [-4, 4) fails an
// assert at the node's location instead of being clamped (the assert
// becomes a report naming the node in dlc-cpu-insert-runtime-checks).
// CHECK-LABEL: func.func @gather
// CHECK: linalg.generic
// CHECK: %[[IX:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[SIZE:.*]] = arith.constant 4 : index
// CHECK: %[[POS:.*]] = arith.select
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[POS]], %[[ZERO]]
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[POS]], %[[SIZE]]
// CHECK: %[[OK:.*]] = arith.andi %[[GE]], %[[LT]]
// CHECK: cf.assert %[[OK]], "gather or scatter index out of the range [-4, 4)"
// CHECK-NOT: arith.minsi
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %[[POS]], %{{.*}}]
func.func @gather(%x: tensor<5x4x3xf32>, %i: tensor<2x6xi64>) -> tensor<5x2x6x3xf32> {
  %0 = dlc.gather %x, %i {axis = 1 : i64} : tensor<5x4x3xf32>, tensor<2x6xi64> -> tensor<5x2x6x3xf32>
  return %0 : tensor<5x2x6x3xf32>
}

// -----

// So does a scatter's, on the table's 10 rows.
// CHECK-LABEL: func.func @scatter_add
// CHECK: scf.for
// CHECK: cf.assert %{{.*}}, "gather or scatter index out of the range [-10, 10)"
// CHECK: tensor.insert_slice
func.func @scatter_add(%updates: tensor<2x3x4xf32>, %indices: tensor<2x3xi64>) -> tensor<10x4xf32> {
  %0 = dlc.scatter_add %updates, %indices {axis = 0} : tensor<2x3x4xf32>, tensor<2x3xi64> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
