// RUN: dlc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(dlc-flatten-empty-boundary-tensors))" | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-cpu-pipeline=threads=1 | FileCheck %s --check-prefix=LLVM

// A zero-element argument becomes tensor<0xf32> and its uses read an empty
// tensor of its shape; a zero-element result is returned as tensor<0xf32>.
// Non-empty arguments and results keep their types.
// CHECK-LABEL: func.func @empty_in_and_out
// CHECK-SAME: (%[[X:.*]]: tensor<0xf32> {dlc.name = "x"}, %[[Y:.*]]: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<0xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x0xf32>
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[E]]
// CHECK: %[[SLICE:.*]] = dlc.slice %[[Y]]
// CHECK: %[[R:.*]] = tensor.empty() : tensor<0xf32>
// CHECK: return %[[SUM]], %[[R]] : tensor<2xf32>, tensor<0xf32>
// MLIR's canonical strides make a memref<2x0xf32> dynamically strided, which
// the bare-pointer convention cannot pass: the function must still become an
// llvm.func of pointers.
// LLVM-LABEL: llvm.func @empty_in_and_out
// LLVM-SAME: (%{{.*}}: !llvm.ptr {dlc.name = "x"}, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @empty_in_and_out(%x: tensor<2x0xf32> {dlc.name = "x"}, %y: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2x0xf32>) {
  %0 = dlc.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : tensor<2x0xf32> -> tensor<2xf32>
  %1 = dlc.slice %y {starts = array<i64: 5>, ends = array<i64: 5>, axes = array<i64: 1>, steps = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x0xf32>
  return %0, %1 : tensor<2xf32>, tensor<2x0xf32>
}

// -----

// Private functions are not called through the bare-pointer ABI.
// CHECK-LABEL: func.func private @private_function
// CHECK-SAME: (%{{.*}}: tensor<2x0xf32>) -> tensor<2x0xf32>
func.func private @private_function(%x: tensor<2x0xf32>) -> tensor<2x0xf32> {
  return %x : tensor<2x0xf32>
}
