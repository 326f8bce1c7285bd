// RUN: dlc-opt %s --split-input-file --convert-dlc-to-linalg \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   | FileCheck %s

// dlc.all_reduce is left to bufferization, which sums the operands' own
// buffers: each is named to the runtime, then one run sums them all.
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME: %[[G:.*]]: memref<4x3xf32>, %[[B:.*]]: memref<3xf32>)
// CHECK-NOT: memref.alloc
// CHECK: %[[GP:.*]] = memref.extract_aligned_pointer_as_index %[[G]]
// CHECK: %[[C12:.*]] = arith.constant 12 : index
// CHECK: call @dlc_all_reduce_enqueue(%[[GP]], %[[C12]]) : (index, index) -> ()
// CHECK: %[[BP:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: %[[C3:.*]] = arith.constant 3 : index
// CHECK: call @dlc_all_reduce_enqueue(%[[BP]], %[[C3]])
// CHECK: call @dlc_all_reduce_run() : () -> ()
// CHECK: return %[[G]], %[[B]]
func.func @in_place(%g: tensor<4x3xf32>, %b: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  %0:2 = dlc.all_reduce %g, %b : tensor<4x3xf32>, tensor<3xf32>
  return %0#0, %0#1 : tensor<4x3xf32>, tensor<3xf32>
}

// -----

// An operand still read after the sum is summed in a copy.
// CHECK-LABEL: func.func @operand_read_after(
// CHECK-SAME: %[[X:.*]]: memref<3xf32>
// CHECK: %[[COPY:.*]] = memref.alloc() {{.*}}: memref<3xf32>
// CHECK: memref.copy %[[X]], %[[COPY]]
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[COPY]]
// CHECK: call @dlc_all_reduce_enqueue(%[[P]],
// CHECK: call @dlc_all_reduce_run()
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[COPY]] : memref<3xf32>, memref<3xf32>)
func.func @operand_read_after(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = dlc.all_reduce %x : tensor<3xf32>
  %1 = dlc.sub %x, %0 : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// A strided view is summed in a contiguous copy, then copied back.
// CHECK-LABEL: func.func @strided_view(
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: %[[CONTIGUOUS:.*]] = memref.alloc() {{.*}}: memref<4x2xf32>
// CHECK: memref.copy %[[VIEW]], %[[CONTIGUOUS]]
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[CONTIGUOUS]]
// CHECK: call @dlc_all_reduce_enqueue(%[[P]],
// CHECK: call @dlc_all_reduce_run()
// CHECK: memref.copy %[[CONTIGUOUS]], %[[VIEW]]
func.func @strided_view(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %slice = tensor.extract_slice %x[0, 0] [4, 2] [1, 1] : tensor<4x3xf32> to tensor<4x2xf32>
  %0 = dlc.all_reduce %slice : tensor<4x2xf32>
  %1 = tensor.insert_slice %0 into %x[0, 0] [4, 2] [1, 1] : tensor<4x2xf32> into tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}
