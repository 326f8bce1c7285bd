// RUN: dlc-opt %s --dlc-cpu-pipeline="vector-width=16 threads=2" | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-pipeline="vector-width=16 threads=1" | FileCheck %s --check-prefix=ONE

// With 2 threads, the MLP layer's matmul (128 x 784 by 784 x 512) is cut
// into 4 tasks of 128 columns: @main hands them to the runtime's pool, and
// the vectorized tile loops live in the task function. With one thread
// there is no parallel loop.
// CHECK-LABEL: llvm.func @main(
// CHECK-DAG: %[[COUNT:.*]] = llvm.mlir.constant(4 : i64) : i64
// CHECK-DAG: %[[TASKS:.*]] = llvm.mlir.addressof @main_tasks : !llvm.ptr
// CHECK: llvm.call @dlc_parallel_for(%[[COUNT]], %[[TASKS]], %{{.*}}) : (i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK-LABEL: llvm.func @main_tasks(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// CHECK: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
// CHECK: llvm.func @dlc_parallel_for(i64, !llvm.ptr, !llvm.ptr)

// ONE-NOT: dlc_parallel_for
// ONE-NOT: main_tasks
func.func @main(%x: tensor<128x784xf32>, %w: tensor<784x512xf32>) -> tensor<128x512xf32> {
  %0 = dlc.matmul %x, %w : tensor<128x784xf32>, tensor<784x512xf32> -> tensor<128x512xf32>
  return %0 : tensor<128x512xf32>
}
