// RUN: dlc-opt %s --dlc-cpu-pipeline="input-shapes=64x784 vector-width=16 threads=1" | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-pipeline="input-shapes=2x784 vector-width=8 threads=1" | FileCheck %s --check-prefix=AVX2
// RUN: dlc-opt %s --dlc-cpu-pipeline="input-shapes=2x784 vector-width=16 threads=1" | FileCheck %s --check-prefix=LLVM-ONLY

// A small MLP from dlc to the LLVM dialect: weights become globals, @main
// takes one bare pointer per input then one per output (the 64 x 10 result
// is an out-parameter), the fused bias + relu runs on whole vectors, and
// every temporary buffer above 1 KiB comes from and returns to the runtime's
// buffer pool (MLIR's generic allocation functions; smaller ones live on the
// stack).

// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
// The matmuls read their splat weights one row at a time, so only a row of
// each remains as a global.
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}(dense<0.00999999977> : tensor<1x32xf32>) {{.*}} : !llvm.array<1 x array<32 x f32>>
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}(dense<2.000000e-02> : tensor<1x10xf32>) {{.*}} : !llvm.array<1 x array<10 x f32>>
// CHECK-LABEL: llvm.func @main
// CHECK-SAME: (%[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr) {
// The output descriptor wraps the caller's buffer, shape 64 x 10.
// CHECK: llvm.insertvalue %[[OUT]], %{{.*}}[0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: llvm.insertvalue %[[OUT]], %{{.*}}[1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: llvm.mlir.constant(10 : index) : i64
// CHECK: llvm.insertvalue %[[IN]], %{{.*}}[0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: llvm.mlir.constant(784 : index) : i64
// CHECK-DAG: %[[BIAS:.*]] = llvm.mlir.constant(dense<1.000000e-01> : vector<16xf32>) : vector<16xf32>
// CHECK-DAG: %[[ZERO:.*]] = llvm.mlir.constant(dense<0.000000e+00> : vector<16xf32>) : vector<16xf32>
// CHECK: llvm.call @_mlir_memref_to_llvm_alloc
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> vector<32xf32>
// CHECK: %[[V:.*]] = llvm.load %{{.*}} : !llvm.ptr -> vector<16xf32>
// CHECK-NEXT: %[[B:.*]] = llvm.fadd %[[V]], %[[BIAS]] : vector<16xf32>
// CHECK-NEXT: %[[R:.*]] = llvm.intr.maximum(%[[B]], %[[ZERO]]) : (vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// CHECK: llvm.store %[[R]], %{{.*}} : vector<16xf32>, !llvm.ptr
// Softmax (10 wide, no whole vector) stays scalar; its exp is a
// polynomial (dlc-cpu-approximate-math), not a call into libm.
// CHECK-NOT: llvm.intr.exp
// CHECK: llvm.fdiv %{{.*}}, %{{.*}} : f32
// CHECK: llvm.call @_mlir_memref_to_llvm_free
// CHECK: llvm.return
// CHECK-NEXT: }

// Nothing but the LLVM dialect is left anywhere.
// LLVM-ONLY-NOT: {{[ ](func|memref|scf|cf|vector|linalg|tensor|arith|math|affine|bufferization|dlc)\.[a-z_]+}}
// LLVM-ONLY-NOT: unrealized_conversion_cast

// AVX2-LABEL: llvm.func @main(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// AVX2-DAG: llvm.mlir.constant(dense<1.000000e-01> : vector<8xf32>) : vector<8xf32>
// AVX2: llvm.fadd %{{.*}}, %{{.*}} : vector<8xf32>
// AVX2-NEXT: llvm.intr.maximum(%{{.*}}, %{{.*}}) : (vector<8xf32>, vector<8xf32>) -> vector<8xf32>

func.func @main(%x: tensor<?x784xf32>) -> tensor<?x10xf32> {
  %w1 = dlc.constant dense<0.01> : tensor<784x32xf32>
  %b1 = dlc.constant dense<0.1> : tensor<32xf32>
  %w2 = dlc.constant dense<0.02> : tensor<32x10xf32>
  %b2 = dlc.constant dense<0.2> : tensor<10xf32>
  %0 = dlc.matmul %x, %w1 : tensor<?x784xf32>, tensor<784x32xf32> -> tensor<?x32xf32>
  %1 = dlc.add %0, %b1 : tensor<?x32xf32>, tensor<32xf32> -> tensor<?x32xf32>
  %2 = dlc.relu %1 : tensor<?x32xf32>
  %3 = dlc.gemm %2, %w2, %b2 : tensor<?x32xf32>, tensor<32x10xf32>, tensor<10xf32> -> tensor<?x10xf32>
  %4 = dlc.softmax %3 : tensor<?x10xf32>
  return %4 : tensor<?x10xf32>
}
