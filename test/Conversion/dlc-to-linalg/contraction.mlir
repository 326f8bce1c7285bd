// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8x16xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[ACC]] : tensor<4x16xf32>) -> tensor<4x16xf32>
// CHECK: return %[[MM]] : tensor<4x16xf32>
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = dlc.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// A matrix right operand folds the leading dimensions of the left one into M.
// CHECK-LABEL: func.func @matmul_fold_leading
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4x8xf32>, %[[B:.*]]: tensor<8x16xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2, 3]] : tensor<2x3x4x8xf32> into tensor<192xf32>
// CHECK: %[[LHS:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [24, 8] : tensor<192xf32> into tensor<24x8xf32>
// CHECK: %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<24x16xf32>
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[LHS]], %[[B]] : tensor<24x8xf32>, tensor<8x16xf32>) outs(%[[ACC]] : tensor<24x16xf32>)
// CHECK: %[[OFLAT:.*]] = tensor.collapse_shape %[[MM]] {{\[}}[0, 1]] : tensor<24x16xf32> into tensor<384xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[OFLAT]] {{\[}}[0, 1, 2, 3]] output_shape [2, 3, 4, 16] : tensor<384xf32> into tensor<2x3x4x16xf32>
// CHECK: return %[[R]]
func.func @matmul_fold_leading(%a: tensor<2x3x4x8xf32>, %b: tensor<8x16xf32>) -> tensor<2x3x4x16xf32> {
  %0 = dlc.matmul %a, %b : tensor<2x3x4x8xf32>, tensor<8x16xf32> -> tensor<2x3x4x16xf32>
  return %0 : tensor<2x3x4x16xf32>
}

// -----

// Batch dimensions broadcast (3x1 with 2 -> 3x2), then flatten into one
// batch_matmul dimension of 6.
// CHECK-DAG: #[[LHSB:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>
// CHECK-DAG: #[[RHSB:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<3x1x4x5xf32>, %[[B:.*]]: tensor<2x5x6xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[LHSB]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[A]] : tensor<3x1x4x5xf32>) outs(%{{.*}} : tensor<3x2x4x5xf32>)
// CHECK: %[[AF:.*]] = tensor.collapse_shape %[[AB]]
// CHECK: %[[A3:.*]] = tensor.expand_shape %[[AF]] {{\[}}[0, 1, 2]] output_shape [6, 4, 5] : tensor<120xf32> into tensor<6x4x5xf32>
// CHECK: %[[BB:.*]] = linalg.generic {indexing_maps = [#[[RHSB]], #[[ID4]]], {{.*}} ins(%[[B]] : tensor<2x5x6xf32>) outs(%{{.*}} : tensor<3x2x5x6xf32>)
// CHECK: %[[BF:.*]] = tensor.collapse_shape %[[BB]]
// CHECK: %[[B3:.*]] = tensor.expand_shape %[[BF]] {{\[}}[0, 1, 2]] output_shape [6, 5, 6] : tensor<180xf32> into tensor<6x5x6xf32>
// CHECK: %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<6x4x6xf32>
// CHECK: %[[BMM:.*]] = linalg.batch_matmul ins(%[[A3]], %[[B3]] : tensor<6x4x5xf32>, tensor<6x5x6xf32>) outs(%[[ACC]] : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
// CHECK: %[[RF:.*]] = tensor.collapse_shape %[[BMM]]
// CHECK: %[[R:.*]] = tensor.expand_shape %[[RF]] {{\[}}[0, 1, 2, 3]] output_shape [3, 2, 4, 6] : tensor<144xf32> into tensor<3x2x4x6xf32>
// CHECK: return %[[R]]
func.func @batch_matmul(%a: tensor<3x1x4x5xf32>, %b: tensor<2x5x6xf32>) -> tensor<3x2x4x6xf32> {
  %0 = dlc.matmul %a, %b : tensor<3x1x4x5xf32>, tensor<2x5x6xf32> -> tensor<3x2x4x6xf32>
  return %0 : tensor<3x2x4x6xf32>
}

// -----

// Vector operands become a 1 x K row or a K x 1 column; the unit dimension is
// collapsed away from the result.
// CHECK-LABEL: func.func @matmul_vectors
// CHECK-SAME: (%[[V:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8x16xf32>, %[[A:.*]]: tensor<4x8xf32>)
// CHECK: %[[ROW:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [1, 8] : tensor<8xf32> into tensor<1x8xf32>
// CHECK: %[[VM:.*]] = linalg.matmul ins(%[[ROW]], %[[B]] : tensor<1x8xf32>, tensor<8x16xf32>) outs(%{{.*}} : tensor<1x16xf32>)
// CHECK: %[[VR:.*]] = tensor.collapse_shape %[[VM]] {{\[}}[0, 1]] : tensor<1x16xf32> into tensor<16xf32>
// CHECK: %[[COL:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [8, 1] : tensor<8xf32> into tensor<8x1xf32>
// CHECK: %[[MV:.*]] = linalg.matmul ins(%[[A]], %[[COL]] : tensor<4x8xf32>, tensor<8x1xf32>) outs(%{{.*}} : tensor<4x1xf32>)
// CHECK: %[[MR:.*]] = tensor.collapse_shape %[[MV]] {{\[}}[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
// CHECK: return %[[VR]], %[[MR]] : tensor<16xf32>, tensor<4xf32>
func.func @matmul_vectors(%v: tensor<8xf32>, %b: tensor<8x16xf32>, %a: tensor<4x8xf32>) -> (tensor<16xf32>, tensor<4xf32>) {
  %0 = dlc.matmul %v, %b : tensor<8xf32>, tensor<8x16xf32> -> tensor<16xf32>
  %1 = dlc.matmul %a, %v : tensor<4x8xf32>, tensor<8xf32> -> tensor<4xf32>
  return %0, %1 : tensor<16xf32>, tensor<4xf32>
}

// -----

// alpha * A^T B^T + beta * C: transposes, a matmul and one epilogue.
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gemm_transposed
// CHECK-SAME: (%[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<16x8xf32>, %[[C:.*]]: tensor<16xf32>)
// CHECK: %[[AT:.*]] = linalg.transpose ins(%[[A]] : tensor<8x4xf32>) outs(%{{.*}} : tensor<4x8xf32>) permutation = [1, 0]
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<16x8xf32>) outs(%{{.*}} : tensor<8x16xf32>) permutation = [1, 0]
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[AT]], %[[BT]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%{{.*}} : tensor<4x16xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[MM]], %[[C]] : tensor<4x16xf32>, tensor<16xf32>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: f32, %[[CV:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[SP:.*]] = arith.mulf %[[ALPHA]], %[[P]] : f32
// CHECK-NEXT: %[[BETA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: %[[SC:.*]] = arith.mulf %[[BETA]], %[[CV]] : f32
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[SP]], %[[SC]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
// CHECK: return %[[R]]
func.func @gemm_transposed(%a: tensor<8x4xf32>, %b: tensor<16x8xf32>, %c: tensor<16xf32>) -> tensor<4x16xf32> {
  %0 = dlc.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true, trans_b = true} : tensor<8x4xf32>, tensor<16x8xf32>, tensor<16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// alpha = 1 without C, or with beta = 0: the matmul alone.
// CHECK-LABEL: func.func @gemm_plain
// CHECK-NOT: linalg.transpose
// CHECK: %[[MM:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>)
// CHECK-NEXT: return %[[MM]]
// CHECK-LABEL: func.func @gemm_beta_zero
// CHECK: %[[MM:.*]] = linalg.matmul
// CHECK-NEXT: return %[[MM]]
func.func @gemm_plain(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = dlc.gemm %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
func.func @gemm_beta_zero(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = dlc.gemm %a, %b, %c {beta = 0.0 : f32} : tensor<4x8xf32>, tensor<8x16xf32>, tensor<4x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// alpha alone scales the product.
// CHECK-LABEL: func.func @gemm_alpha
// CHECK: %[[MM:.*]] = linalg.matmul
// CHECK: linalg.generic {{.*}} ins(%[[MM]] : tensor<4x16xf32>)
// CHECK-NEXT: ^bb0(%[[P:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ALPHA:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[ALPHA]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @gemm_alpha(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = dlc.gemm %a, %b {alpha = 3.0 : f32} : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// vector . vector: a 1 x 1 matmul collapsed to a scalar tensor.
// CHECK-LABEL: func.func @dot
// CHECK-SAME: (%[[A:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[ROW:.*]] = tensor.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [1, 8]
// CHECK: %[[COL:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [8, 1]
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[ROW]], %[[COL]] : tensor<1x8xf32>, tensor<8x1xf32>) outs(%{{.*}} : tensor<1x1xf32>)
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[MM]] {{\[}}[0, 1]] : tensor<1x1xf32> into tensor<1xf32>
// CHECK: %[[S:.*]] = tensor.collapse_shape %[[F]] [] : tensor<1xf32> into tensor<f32>
// CHECK: return %[[S]] : tensor<f32>
func.func @dot(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<f32> {
  %0 = dlc.matmul %a, %b : tensor<8xf32>, tensor<8xf32> -> tensor<f32>
  return %0 : tensor<f32>
}
