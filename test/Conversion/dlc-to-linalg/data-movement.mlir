// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// Row-major reshapes (reshape, flatten, unsqueeze, squeeze) collapse to 1-D
// and expand to the result shape.
// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[F0:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R0:.*]] = tensor.expand_shape %[[F0]] {{\[}}[0, 1]] output_shape [2, 12] : tensor<24xf32> into tensor<2x12xf32>
// CHECK: %[[F1:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R1:.*]] = tensor.expand_shape %[[F1]] {{\[}}[0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
// CHECK: %[[F2:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R2:.*]] = tensor.expand_shape %[[F2]] {{\[}}[0, 1, 2, 3]] output_shape [2, 3, 1, 4] : tensor<24xf32> into tensor<2x3x1x4xf32>
// CHECK: %[[R3:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]]
func.func @reshapes(%x: tensor<2x3x4xf32>) -> (tensor<2x12xf32>, tensor<6x4xf32>, tensor<2x3x1x4xf32>, tensor<24xf32>) {
  %0 = dlc.reshape %x {shape = array<i64: 0, -1>} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %1 = dlc.flatten %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %2 = dlc.unsqueeze %x {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x3x1x4xf32>
  %3 = dlc.reshape %x {shape = array<i64: 24>} : tensor<2x3x4xf32> -> tensor<24xf32>
  return %0, %1, %2, %3 : tensor<2x12xf32>, tensor<6x4xf32>, tensor<2x3x1x4xf32>, tensor<24xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x1xf32>)
// CHECK-NEXT: %[[R:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<1x3x1xf32> into tensor<3xf32>
// CHECK-NEXT: return %[[R]] : tensor<3xf32>
func.func @squeeze(%x: tensor<1x3x1xf32>) -> tensor<3xf32> {
  %0 = dlc.squeeze %x {axes = array<i64>} : tensor<1x3x1xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Each input goes to its running offset along the (negative) axis.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x11xf32>
// CHECK: %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x11xf32>
// CHECK: %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x11xf32>
// CHECK: %[[S2:.*]] = tensor.insert_slice %[[A]] into %[[S1]][0, 8] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x11xf32>
// CHECK: return %[[S2]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x11xf32> {
  %0 = dlc.concat %a, %b, %a {axis = -1 : i64} : tensor<2x3xf32>, tensor<2x5xf32>, tensor<2x3xf32> -> tensor<2x11xf32>
  return %0 : tensor<2x11xf32>
}

// -----

// Negative starts count from the end, ends are clamped; steps become strides.
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.*]]: tensor<10x8xf32>)
// CHECK-NEXT: %[[S:.*]] = tensor.extract_slice %[[X]][1, 1] [3, 7] [3, 1] : tensor<10x8xf32> to tensor<3x7xf32>
// CHECK-NEXT: return %[[S]]
func.func @slice(%x: tensor<10x8xf32>) -> tensor<3x7xf32> {
  %0 = dlc.slice %x {starts = array<i64: 1, -7>, ends = array<i64: 100, 8>, axes = array<i64: 0, -1>, steps = array<i64: 3, 1>} : tensor<10x8xf32> -> tensor<3x7xf32>
  return %0 : tensor<3x7xf32>
}

// -----

// A negative step extracts the same elements forwards, from the last one it
// reaches, then reverses the axis: 9, 6, 3 along the rows (from 3 by 3),
// and 4, 2 along the columns (from 2 by 2). Only reversed axes read
// `size - 1 - i`.
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (-d0 + 2, -d1 + 1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @slice_backwards
// CHECK-SAME: (%[[X:.*]]: tensor<10x8xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][3, 2] [3, 2] [3, 2] : tensor<10x8xf32> to tensor<3x2xf32>
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[REV]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[S]] : tensor<3x2xf32>) outs(%[[INIT]] : tensor<3x2xf32>)
// CHECK: return %[[R]]
func.func @slice_backwards(%x: tensor<10x8xf32>) -> tensor<3x2xf32> {
  %0 = dlc.slice %x {starts = array<i64: 20, 4>, ends = array<i64: 0, 1>, axes = array<i64: 0, 1>, steps = array<i64: -3, -2>} : tensor<10x8xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// An empty slice reads nothing: it is an empty tensor (extract_slice would
// reject any offset into an empty input).
// CHECK-LABEL: func.func @empty_slice
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<0x8xf32>
// CHECK-NOT: tensor.extract_slice
// CHECK: return %[[EMPTY]]
func.func @empty_slice(%x: tensor<10x8xf32>) -> tensor<0x8xf32> {
  %0 = dlc.slice %x {starts = array<i64: 5>, ends = array<i64: 2>, axes = array<i64: 0>, steps = array<i64: 1>} : tensor<10x8xf32> -> tensor<0x8xf32>
  return %0 : tensor<0x8xf32>
}

// -----

// result[i, j, k, l] = data[i, wrap(indices[j, k]), l], negative indices
// wrapping around the axis size 4 and the rest clamped into [0, 3].
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[DATA:.*]]: tensor<5x4x3xf32>, %[[I:.*]]: tensor<2x6xi64>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<5x2x6x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[IDX]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<2x6xi64>) outs(%[[INIT]] : tensor<5x2x6x3xf32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT: %[[D0:.*]] = linalg.index 0 : index
// CHECK-NEXT: %[[IX:.*]] = arith.index_cast %[[V]] : i64 to index
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[SIZE:.*]] = arith.constant 4 : index
// CHECK-NEXT: %[[NEG:.*]] = arith.cmpi slt, %[[IX]], %[[ZERO]] : index
// CHECK-NEXT: %[[WRAP:.*]] = arith.addi %[[IX]], %[[SIZE]] : index
// CHECK-NEXT: %[[SIGNED:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[IX]] : index
// CHECK-NEXT: %[[LOW:.*]] = arith.maxsi %[[SIGNED]], %[[ZERO]] : index
// CHECK-NEXT: %[[LAST:.*]] = arith.constant 3 : index
// CHECK-NEXT: %[[POS:.*]] = arith.minsi %[[LOW]], %[[LAST]] : index
// CHECK-NEXT: %[[D3:.*]] = linalg.index 3 : index
// CHECK-NEXT: %[[E:.*]] = tensor.extract %[[DATA]][%[[D0]], %[[POS]], %[[D3]]] : tensor<5x4x3xf32>
// CHECK-NEXT: linalg.yield %[[E]] : f32
// CHECK: return %[[R]]
func.func @gather(%x: tensor<5x4x3xf32>, %i: tensor<2x6xi64>) -> tensor<5x2x6x3xf32> {
  %0 = dlc.gather %x, %i {axis = 1 : i64} : tensor<5x4x3xf32>, tensor<2x6xi64> -> tensor<5x2x6x3xf32>
  return %0 : tensor<5x2x6x3xf32>
}

// -----

// Shapes and constants become arith constants.
// CHECK-LABEL: func.func @shape_constant
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[4, 3]> : tensor<2xi64>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[1, 2]> : tensor<2xi64>
// CHECK: return %[[S]], %[[C]]
func.func @shape_constant(%x: tensor<5x4x3xf32>) -> (tensor<2xi64>, tensor<2xi64>) {
  %0 = dlc.shape %x {start = 1 : i64, end = 3 : i64} : tensor<5x4x3xf32> -> tensor<2xi64>
  %1 = dlc.constant dense<[1, 2]> : tensor<2xi64>
  return %0, %1 : tensor<2xi64>, tensor<2xi64>
}

// -----

// Rank 0 <-> rank 1 uses an empty reassociation.
// CHECK-LABEL: func.func @to_scalar
// CHECK-SAME: (%[[X:.*]]: tensor<1x1xf32>)
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1]] : tensor<1x1xf32> into tensor<1xf32>
// CHECK: %[[S:.*]] = tensor.collapse_shape %[[F]] [] : tensor<1xf32> into tensor<f32>
// CHECK: return %[[S]] : tensor<f32>
// CHECK-LABEL: func.func @from_scalar
// CHECK-SAME: (%[[Y:.*]]: tensor<f32>)
// CHECK: %[[E1:.*]] = tensor.expand_shape %[[Y]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK: %[[E2:.*]] = tensor.expand_shape %[[E1]] {{\[}}[0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
// CHECK: return %[[E2]] : tensor<1x1xf32>
func.func @to_scalar(%x: tensor<1x1xf32>) -> tensor<f32> {
  %0 = dlc.squeeze %x {axes = array<i64>} : tensor<1x1xf32> -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @from_scalar(%x: tensor<f32>) -> tensor<1x1xf32> {
  %0 = dlc.unsqueeze %x {axes = array<i64: 0, 1>} : tensor<f32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// One-hot: the index is compared with the position along the new dimension.
// CHECK-LABEL: func.func @one_hot
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<4xi64>) outs(%{{.*}} : tensor<4x10xf32>)
// CHECK: %[[POS:.*]] = linalg.index 1 : index
// CHECK: %[[POS64:.*]] = arith.index_cast %[[POS]] : index to i64
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %{{.*}}, %[[POS64]] : i64
// CHECK: arith.select %[[HIT]]
func.func @one_hot(%labels: tensor<4xi64>) -> tensor<4x10xf32> {
  %0 = dlc.one_hot %labels {depth = 10, dtype = f32} : tensor<4xi64> -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Scatter-add (the gradient of an embedding lookup): a loop over the index
// positions adds each update row into the row its index names.
// CHECK-LABEL: func.func @scatter_add
// CHECK: %[[ZEROS:.*]] = linalg.fill
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[ZEROS]]
// CHECK: %[[TABLE:.*]] = tensor.expand_shape %[[FLAT]] {{.*}} into tensor<1x10x4xf32>
// CHECK: scf.for %[[J:.*]] = %c0 to %c6 step %c1 iter_args(%[[ACC:.*]] = %[[TABLE]]) -> (tensor<1x10x4xf32>)
// CHECK:   %[[RAW:.*]] = tensor.extract %{{.*}}[%[[J]]] : tensor<6xi64>
// CHECK:   %[[ROW:.*]] = tensor.extract_slice %[[ACC]][0, %{{.*}}, 0] [1, 1, 4] [1, 1, 1]
// CHECK:   %[[SUM:.*]] = linalg.generic
// CHECK:   tensor.insert_slice %[[SUM]] into %[[ACC]][0, %{{.*}}, 0] [1, 1, 4] [1, 1, 1]
func.func @scatter_add(%updates: tensor<2x3x4xf32>, %indices: tensor<2x3xi64>) -> tensor<10x4xf32> {
  %0 = dlc.scatter_add %updates, %indices {axis = 0} : tensor<2x3x4xf32>, tensor<2x3xi64> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

// dlc.scatter starts from its data: without a reduction each update slice
// replaces the row its index names; "max" combines the two.
// CHECK-LABEL: func.func @scatter
// CHECK: scf.for %{{.*}} = %c0 to %c2 step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<1x4x3xf32>)
// CHECK:   %[[UPDATE:.*]] = tensor.extract_slice %{{.*}}[0, %{{.*}}, 0] [1, 1, 3] [1, 1, 1]
// CHECK-NOT: linalg.generic
// CHECK:   tensor.insert_slice %[[UPDATE]] into %[[ACC]]
// CHECK: scf.for
// CHECK:   arith.maximumf
func.func @scatter(%data: tensor<4x3xf32>, %indices: tensor<2xi64>, %updates: tensor<2x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %0 = dlc.scatter %data, %indices, %updates {axis = 0} : tensor<4x3xf32>, tensor<2xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  %1 = dlc.scatter %data, %indices, %updates {axis = 0, reduction = "max"} : tensor<4x3xf32>, tensor<2xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}
