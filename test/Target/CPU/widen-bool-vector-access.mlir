// RUN: dlc-opt %s --dlc-cpu-widen-bool-vector-access | FileCheck %s

// Booleans live one byte each; a vector of them moves as bytes, truncated
// after a load and extended before a store (LLVM would pack vector<4xi1>
// into four bits).
// CHECK-LABEL: llvm.func @negate
// CHECK: %[[BYTES:.*]] = llvm.load %{{.*}} {alignment = 1 : i64} : !llvm.ptr -> vector<4xi8>
// CHECK: %[[BITS:.*]] = llvm.trunc %[[BYTES]] : vector<4xi8> to vector<4xi1>
// CHECK: %[[NOT:.*]] = llvm.xor %[[BITS]]
// CHECK: %[[OUT:.*]] = llvm.zext %[[NOT]] : vector<4xi1> to vector<4xi8>
// CHECK: llvm.store %[[OUT]], %{{.*}} {alignment = 1 : i64} : vector<4xi8>, !llvm.ptr
// Scalars and vectors of other types are left alone.
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> i1
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> vector<4xf32>
llvm.func @negate(%in: !llvm.ptr, %out: !llvm.ptr) {
  %true = llvm.mlir.constant(dense<true> : vector<4xi1>) : vector<4xi1>
  %0 = llvm.load %in {alignment = 1 : i64} : !llvm.ptr -> vector<4xi1>
  %1 = llvm.xor %0, %true : vector<4xi1>
  llvm.store %1, %out {alignment = 1 : i64} : vector<4xi1>, !llvm.ptr
  %2 = llvm.load %in : !llvm.ptr -> i1
  llvm.store %2, %out : i1, !llvm.ptr
  %3 = llvm.load %in : !llvm.ptr -> vector<4xf32>
  llvm.store %3, %out : vector<4xf32>, !llvm.ptr
  llvm.return
}

// Masked loads and stores too, their pass-through values extended.
// CHECK-LABEL: llvm.func @masked
// CHECK: %[[PASS:.*]] = llvm.zext %{{.*}} : vector<4xi1> to vector<4xi8>
// CHECK: %[[WIDE:.*]] = llvm.intr.masked.load %{{.*}}, %{{.*}}, %[[PASS]] {alignment = 1 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xi8>) -> vector<4xi8>
// CHECK: llvm.trunc %[[WIDE]] : vector<4xi8> to vector<4xi1>
// CHECK: %[[STORED:.*]] = llvm.zext %{{.*}} : vector<4xi1> to vector<4xi8>
// CHECK: llvm.intr.masked.store %[[STORED]], %{{.*}}, %{{.*}} {alignment = 1 : i32} : vector<4xi8>, vector<4xi1> into !llvm.ptr
llvm.func @masked(%in: !llvm.ptr, %out: !llvm.ptr, %mask: vector<4xi1>) {
  %0 = llvm.intr.masked.load %in, %mask, %mask {alignment = 1 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xi1>) -> vector<4xi1>
  llvm.intr.masked.store %0, %out, %mask {alignment = 1 : i32} : vector<4xi1>, vector<4xi1> into !llvm.ptr
  llvm.return
}
