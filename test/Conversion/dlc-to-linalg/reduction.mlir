// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// keepdims re-expands the reduced dimension.
// CHECK-LABEL: func.func @reduce_sum_keepdims
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[RED:.*]] = linalg.reduce ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[ACC]] : tensor<2x4xf32>) dimensions = [1]
// CHECK-NEXT: (%[[IN:.*]]: f32, %[[INIT:.*]]: f32) {
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[IN]], %[[INIT]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[RED]] {{\[}}[0, 1]] : tensor<2x4xf32> into tensor<8xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1, 2]] output_shape [2, 1, 4] : tensor<8xf32> into tensor<2x1x4xf32>
// CHECK: return %[[R]]
func.func @reduce_sum_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = dlc.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// Axes are normalized and sorted; the mean divides by the 2 * 4 reduced
// elements.
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[RED:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<3xf32>) dimensions = [0, 2]
// CHECK: arith.addf
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[RED]] : tensor<3xf32>) outs(%{{.*}} : tensor<3xf32>)
// CHECK-NEXT: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK-NEXT: %[[M:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT: linalg.yield %[[M]] : f32
// CHECK: return %[[R]] : tensor<3xf32>
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = dlc.reduce_mean %x {axes = array<i64: -1, 0>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Empty axes reduce everything; an integer max starts from the smallest value.
// CHECK-LABEL: func.func @reduce_max_all
// CHECK: %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[MIN]] : i32) outs(%{{.*}} : tensor<i32>)
// CHECK: %[[RED:.*]] = linalg.reduce ins(%{{.*}} : tensor<5x6xi32>) outs(%[[ACC]] : tensor<i32>) dimensions = [0, 1]
// CHECK-NEXT: (%[[IN:.*]]: i32, %[[INIT:.*]]: i32) {
// CHECK-NEXT: %[[M:.*]] = arith.maxsi %[[IN]], %[[INIT]] : i32
// CHECK: return %[[RED]] : tensor<i32>
func.func @reduce_max_all(%x: tensor<5x6xi32>) -> tensor<i32> {
  %0 = dlc.reduce_max %x {axes = array<i64>, keepdims = false} : tensor<5x6xi32> -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// A product starts from 1 and multiplies.
// CHECK-LABEL: func.func @reduce_prod
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ONE]] : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<4x3xf32>) outs(%[[ACC]] : tensor<4xf32>) dimensions = [1]
// CHECK-NEXT: (%[[IN:.*]]: f32, %[[INIT:.*]]: f32) {
// CHECK-NEXT: arith.mulf %[[IN]], %[[INIT]] : f32
func.func @reduce_prod(%x: tensor<4x3xf32>) -> tensor<4xf32> {
  %0 = dlc.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : tensor<4x3xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// One generic carries (max, index); ties keep the first index (ogt).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax
// CHECK-SAME: (%[[X:.*]]: tensor<4x10xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[IDXINIT:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.*}} : tensor<4xi64>)
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[ROWS]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<4x10xf32>) outs(%[[MAXINIT]], %[[IDXINIT]] : tensor<4xf32>, tensor<4xi64>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %[[BEST:.*]]: f32, %[[BESTI:.*]]: i64):
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ogt, %[[V]], %[[BEST]] : f32
// CHECK-NEXT: %[[I:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT: %[[NB:.*]] = arith.select %[[GT]], %[[V]], %[[BEST]] : f32
// CHECK-NEXT: %[[NI:.*]] = arith.select %[[GT]], %[[I64]], %[[BESTI]] : i64
// CHECK-NEXT: linalg.yield %[[NB]], %[[NI]] : f32, i64
// CHECK: %[[E:.*]] = tensor.expand_shape %[[R]]#1 {{\[}}[0, 1]] output_shape [4, 1] : tensor<4xi64> into tensor<4x1xi64>
// CHECK: return %[[E]]
func.func @argmax(%x: tensor<4x10xf32>) -> tensor<4x1xi64> {
  %0 = dlc.argmax %x {axis = -1 : i64} : tensor<4x10xf32> -> tensor<4x1xi64>
  return %0 : tensor<4x1xi64>
}

// -----

// select_last_index: ties move to the later index (sge); axis 0 reduces the
// first loop.
// CHECK-DAG: #[[COLS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @argmax_last_index
// CHECK: %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #[[COLS]], #[[COLS]]], iterator_types = ["reduction", "parallel"]} ins(%{{.*}} : tensor<4x10xi32>) outs(%{{.*}}, %{{.*}} : tensor<10xi32>, tensor<10xi64>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: i32, %[[BEST:.*]]: i32, %{{.*}}: i64):
// CHECK-NEXT: arith.cmpi sge, %[[V]], %[[BEST]] : i32
// CHECK-NEXT: linalg.index 0 : index
// CHECK: return %[[R]]#1 : tensor<10xi64>
func.func @argmax_last_index(%x: tensor<4x10xi32>) -> tensor<10xi64> {
  %0 = dlc.argmax %x {axis = 0 : i64, keepdims = false, select_last_index = true} : tensor<4x10xi32> -> tensor<10xi64>
  return %0 : tensor<10xi64>
}

// -----

// softmax = exp(x - max) / sum(exp(x - max)) along the last axis.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x10xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXACC:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%[[X]] : tensor<2x10xf32>) outs(%[[MAXACC]] : tensor<2xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[MAXK:.*]] = tensor.expand_shape %[[MAX]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK: %[[SHIFT:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAXK]] : tensor<2x10xf32>, tensor<2x1xf32>)
// CHECK: arith.subf
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[SHIFT]] : tensor<2x10xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[EXP]] : tensor<2x10xf32>) outs(%{{.*}} : tensor<2xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[SUMK:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0, 1]] output_shape [2, 1]
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[SUMK]] : tensor<2x10xf32>, tensor<2x1xf32>)
// CHECK-NEXT: ^bb0(%[[E:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[E]], %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[Q]] : f32
// CHECK: return %[[R]]
func.func @softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = dlc.softmax %x : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

// log_softmax = (x - max) - log(sum(exp(x - max))), here along axis 0.
// CHECK-DAG: #[[KEPT0:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @log_softmax
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x10xf32>) outs(%{{.*}} : tensor<10xf32>) dimensions = [0]
// CHECK: %[[MAXK:.*]] = tensor.expand_shape %[[MAX]] {{\[}}[0, 1]] output_shape [1, 10]
// CHECK: %[[SHIFT:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT0]], #{{.*}}], {{.*}} ins(%{{.*}}, %[[MAXK]] : tensor<2x10xf32>, tensor<1x10xf32>)
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[SHIFT]] : tensor<2x10xf32>)
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[EXP]] : tensor<2x10xf32>) outs(%{{.*}} : tensor<10xf32>) dimensions = [0]
// CHECK: %[[SUMK:.*]] = tensor.expand_shape %[[SUM]]
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[SHIFT]], %[[SUMK]] : tensor<2x10xf32>, tensor<1x10xf32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[L:.*]] = math.log %[[S]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[V]], %[[L]] : f32
// CHECK-NEXT: linalg.yield %[[D]] : f32
// CHECK: return %[[R]]
func.func @log_softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = dlc.log_softmax %x {axis = 0 : i64} : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}
