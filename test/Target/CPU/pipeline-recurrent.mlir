// RUN: dlc-opt %s --dlc-cpu-pipeline="input-shapes=5x2x3,2 vector-width=8 threads=1" -mlir-print-ir-after=bufferization-lower-deallocations -o /dev/null 2>&1 | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-pipeline="input-shapes=5x2x3,2 vector-width=8 threads=1" | FileCheck %s --check-prefix=LLVM

// A bidirectional LSTM with sequence_lens through the whole CPU pipeline.
// After bufferization and deallocation, each direction is one loop of 5 steps
// that carries nothing: h and c live in buffers allocated before the loop
// and updated in place by a copy, Y is written through a subview, and the
// temporaries of a step, all this small, live on the stack (buffers up to
// 1 KiB do), so nothing is freed.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%{{.*}}: memref<5x2x3xf32>, %{{.*}}: memref<2xi32>, %[[Y:.*]]: memref<5x2x2x4xf32>, %[[YH:.*]]: memref<2x2x4xf32>, %[[YC:.*]]: memref<2x2x4xf32>)
// The zero initial state is filled once and copied into both.
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[ZERO:.*]] : memref<2x4xf32>)
// CHECK-NEXT: %[[H:.*]] = memref.alloca() {{.*}} : memref<2x4xf32>
// CHECK-NEXT: memref.copy %[[ZERO]], %[[H]]
// CHECK-NEXT: %[[C:.*]] = memref.alloca() {{.*}} : memref<2x4xf32>
// CHECK-NEXT: memref.copy %[[ZERO]], %[[C]]
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c5 step %c1 {
// H Rᵀ is vectorized by the CPU target: one column of H per k step.
// CHECK: %[[TMP:.*]] = memref.alloca() {{.*}} : memref<2x16xf32>
// CHECK: vector.transfer_read %[[H]][%c0, %{{.*}}], %{{.*}} : memref<2x4xf32>, vector<2x1xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[TMP]]
// CHECK: linalg.copy ins(%{{.*}} : memref<2x4xf32>) outs(%[[H]] : memref<2x4xf32>)
// CHECK-NEXT: linalg.copy ins(%{{.*}} : memref<2x4xf32>) outs(%[[C]] : memref<2x4xf32>)
// CHECK-NEXT: %[[YT:.*]] = memref.subview %{{.*}}[%{{.*}}, 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1]
// CHECK-NEXT: memref.copy %{{.*}}, %[[YT]]
// CHECK-NOT: memref.dealloc
// The reverse direction writes Y[t, 1].
// CHECK: scf.for %{{.*}} = %c0 to %c5 step %c1 {
// CHECK: memref.subview %{{.*}}[%{{.*}}, 1, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1]
// CHECK-NOT: scf.for
// CHECK-NOT: dealloc_helper

// The loop lowers to LLVM branches like every other loop; nothing but the
// LLVM dialect is left.
// LLVM-LABEL: llvm.func @main
// LLVM-NOT: {{[ ](func|memref|scf|cf|vector|linalg|tensor|arith|math|affine|bufferization|dlc)\.[a-z_]+}}
// LLVM-NOT: dealloc_helper
func.func @main(%x: tensor<?x2x3xf32>, %lens: tensor<2xi32>) -> (tensor<?x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>) {
  %w = dlc.constant dense<0.1> : tensor<2x16x3xf32>
  %r = dlc.constant dense<0.2> : tensor<2x16x4xf32>
  %b = dlc.constant dense<0.3> : tensor<2x32xf32>
  %y, %yh, %yc = dlc.lstm %x, %w, %r bias(%b) sequence_lens(%lens) {hidden_size = 4 : i64, direction = "bidirectional"} : (tensor<?x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>, tensor<2xi32>) -> (tensor<?x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %yh, %yc : tensor<?x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>
}
