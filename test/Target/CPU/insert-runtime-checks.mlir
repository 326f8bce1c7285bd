// RUN: dlc-opt %s --split-input-file --dlc-cpu-insert-runtime-checks | FileCheck %s

// A scalar load gets upstream's bounds check; the failure calls the runtime
// with a message naming the op and the model node of its location.
// CHECK: llvm.mlir.global internal constant @[[MESSAGE:dlc_check_message_[0-9]+]]("out-of-bounds access in memref.load (node 'dense1' of model.pbtxt)\00")
// CHECK: func.func private @dlc_runtime_check_failed(!llvm.ptr)
// CHECK-LABEL: func.func @scalar
// CHECK-SAME: (%[[M:.*]]: memref<8xf32>, %[[I:.*]]: index)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[GE:.*]] = arith.cmpi sge, %[[I]], %[[C0]]
// CHECK-DAG: %[[LT:.*]] = arith.cmpi slt, %[[I]], %[[C8]]
// CHECK: %[[OK:.*]] = arith.andi %[[GE]], %[[LT]]
// CHECK: %[[FAILED:.*]] = arith.xori %[[OK]], %true
// CHECK: scf.if %[[FAILED]] {
// CHECK-NEXT: %[[TEXT:.*]] = llvm.mlir.addressof @[[MESSAGE]]
// CHECK-NEXT: func.call @dlc_runtime_check_failed(%[[TEXT]])
// CHECK-NEXT: }
// CHECK-NEXT: memref.load %[[M]][%[[I]]]
// CHECK-NOT: cf.assert
func.func @scalar(%m: memref<8xf32>, %i: index) -> f32 {
  %v = memref.load %m[%i] : memref<8xf32> loc("dense1"("model.pbtxt":0:0))
  return %v : f32
}

// -----

// Vector accesses, which upstream does not check: an in-bounds transfer
// must fit its 16 lanes (index <= the dynamic size - 16, which cannot
// overflow) and have its row in range; a transfer whose lanes may run out of bounds is masked by its
// lowering, so only its row is checked, and so is a masked one. Ops fused
// from several nodes name them all.
// CHECK-DAG: @[[READ:dlc_check_message_[0-9]+]]("out-of-bounds vector access in vector.transfer_read (nodes 'conv1', 'relu1' of m.onnx)\00")
// CHECK-DAG: @[[STORE:dlc_check_message_[0-9]+]]("out-of-bounds vector access in vector.store (code dlc added)\00")
// CHECK-LABEL: func.func @vectors
// CHECK-SAME: (%[[M:[^:]*]]: memref<4x?xf32>, %[[I:[^:]*]]: index, %[[J:[^:]*]]: index
// CHECK: %[[LAST_ROW:.*]] = arith.subi %c4, %c1
// CHECK: arith.cmpi sle, %[[I]], %[[LAST_ROW]]
// CHECK: %[[SIZE:.*]] = memref.dim %[[M]], %c1
// CHECK: %[[LAST_START:.*]] = arith.subi %[[SIZE]], %c16
// CHECK: arith.cmpi sle, %[[J]], %[[LAST_START]]
// CHECK: scf.if
// CHECK-NEXT: llvm.mlir.addressof @[[READ]]
// CHECK: vector.transfer_read {{.*}}in_bounds = [true]
// CHECK-NOT: memref.dim
// CHECK: scf.if
// CHECK: vector.transfer_read
// CHECK: memref.dim
// CHECK: scf.if
// CHECK-NEXT: llvm.mlir.addressof @[[STORE]]
// CHECK: vector.store
// CHECK-NOT: memref.dim
// CHECK: scf.if
// CHECK: vector.transfer_write
func.func @vectors(%m: memref<4x?xf32>, %i: index, %j: index, %v: vector<16xf32>, %mask: vector<16xi1>) -> vector<16xf32> {
  %c0 = arith.constant 0.0 : f32
  %a = vector.transfer_read %m[%i, %j], %c0 {in_bounds = [true]} : memref<4x?xf32>, vector<16xf32> loc(fused["conv1"("m.onnx":0:0), "relu1"("m.onnx":0:0)])
  %b = vector.transfer_read %m[%i, %j], %c0 : memref<4x?xf32>, vector<16xf32>
  vector.store %v, %m[%i, %j] : memref<4x?xf32>, vector<16xf32>
  vector.transfer_write %v, %m[%i, %j], %mask {in_bounds = [true]} : vector<16xf32>, memref<4x?xf32>
  return %a : vector<16xf32>
}

// -----

// A transfer inside vector.mask is masked by it: only its row is checked,
// and the check goes before the vector.mask, whose region holds the
// transfer alone.
// CHECK-LABEL: func.func @masked
// CHECK-NOT: memref.dim
// CHECK: scf.if
// CHECK: vector.mask %{{.*}} { vector.transfer_read
func.func @masked(%m: memref<4x?xf32>, %i: index, %j: index, %mask: vector<16xi1>) -> vector<16xf32> {
  %c0 = arith.constant 0.0 : f32
  %a = vector.mask %mask { vector.transfer_read %m[%i, %j], %c0 {in_bounds = [true]} : memref<4x?xf32>, vector<16xf32> } : vector<16xi1> -> vector<16xf32>
  return %a : vector<16xf32>
}
