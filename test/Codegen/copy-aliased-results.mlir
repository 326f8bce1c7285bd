// RUN: dlc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(dlc-copy-aliased-results))" | FileCheck %s

// A returned argument and a value returned twice each get a copy; the first
// return of a computed value does not.
// CHECK-LABEL: func.func @aliased
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
