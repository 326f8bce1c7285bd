// RUN: dlc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(dlc-copy-aliased-results))" | FileCheck %s

// A returned argument and a value returned twice each get a copy; the first
// return of a computed value does not. The arguments, the caller's inputs,
// are read-only for bufferization.
// CHECK-LABEL: func.func @aliased
// CHECK-SAME: (%arg0: tensor<4xf32> {bufferization.writable = false}, %arg1: tensor<4xf32> {bufferization.writable = false})
// CHECK: %[[R:.*]] = dlc.exp %arg1
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[C0:.*]] = linalg.copy ins(%arg0 : tensor<4xf32>) outs(%[[E0]] : tensor<4xf32>)
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[C1:.*]] = linalg.copy ins(%[[R]] : tensor<4xf32>) outs(%[[E1]] : tensor<4xf32>)
// CHECK: return %[[C0]], %[[R]], %[[C1]]
func.func @aliased(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = dlc.exp %y : tensor<4xf32>
  return %x, %0, %0 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// The whole pipeline compiles a function whose two results are one value.
// RUN: dlc-opt %s --split-input-file --dlc-cpu-pipeline=threads=1 | FileCheck %s --check-prefix=PIPELINE
// PIPELINE-LABEL: llvm.func @twice
func.func @twice(%x: tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %0 = dlc.relu %x : tensor<4x4xf32>
  %1 = dlc.dropout %0 {ratio = 0.5 : f32, stream = 1} : tensor<4x4xf32>
  return %0, %1 : tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// A scatter into an argument writes into a copy of it: the caller's buffer
// keeps its values.
// RUN: dlc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(convert-dlc-to-linalg, dlc-copy-aliased-results), one-shot-bufferize{bufferize-function-boundaries})" | FileCheck %s --check-prefix=SCATTER
// SCATTER-LABEL: func.func @scatter_into_argument
// SCATTER-SAME: (%[[DATA:[^:]*]]: memref<4xf32
// SCATTER: %[[VIEW:.*]] = memref.expand_shape %[[DATA]]
// SCATTER: %[[COPY:.*]] = memref.alloc() {{.*}} : memref<1x4x1xf32>
// SCATTER: memref.copy %[[VIEW]], %[[COPY]]
// SCATTER: scf.for {{.*}} iter_args(%{{.*}} = %[[COPY]])
func.func @scatter_into_argument(%data: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  %0 = dlc.scatter %data, %i, %u {axis = 0} : tensor<4xf32>, tensor<2xi64>, tensor<2xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
