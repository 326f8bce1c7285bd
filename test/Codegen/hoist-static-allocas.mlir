// RUN: dlc-opt %s --split-input-file --allow-unregistered-dialect \
// RUN:   --dlc-hoist-static-allocas | FileCheck %s

// A staging buffer inside nested loops moves to the top of the function, so
// the stack does not grow with each iteration.
// CHECK-LABEL: func.func @nested_loops
// CHECK-NEXT:    %[[BUFFER:.*]] = memref.alloca() : memref<vector<8x32xf32>>
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK-NOT:         memref.alloca
// CHECK:             memref.store %{{.*}}, %[[BUFFER]][]
func.func @nested_loops(%v: vector<8x32xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %buffer = memref.alloca() : memref<vector<8x32xf32>>
      memref.store %v, %buffer[] : memref<vector<8x32xf32>>
    }
  }
  return
}

// -----

// Out of an scf.if inside a loop as well.
// CHECK-LABEL: func.func @conditional
// CHECK-NEXT:    memref.alloca() : memref<16xf32>
// CHECK-NEXT:    arith.constant
func.func @conditional(%flag: i1, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    scf.if %flag {
      %buffer = memref.alloca() : memref<16xf32>
      "test.use"(%buffer) : (memref<16xf32>) -> ()
    }
  }
  return
}

// -----

// A buffer whose size is only known at run time stays where it is.
// CHECK-LABEL: func.func @dynamic_size
// CHECK:         scf.for
// CHECK-NEXT:      memref.alloca(%{{.*}}) : memref<?xf32>
func.func @dynamic_size(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %buffer = memref.alloca(%i) : memref<?xf32>
    "test.use"(%buffer) : (memref<?xf32>) -> ()
  }
  return
}

// -----

// Each iteration of a parallel loop needs its own buffer: it stays inside
// the parallel body, though it leaves the sequential loop within it.
// CHECK-LABEL: func.func @parallel_body
// CHECK:         scf.parallel
// CHECK-NEXT:      memref.alloca() : memref<16xf32>
// CHECK-NEXT:      scf.for
func.func @parallel_body(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    scf.for %j = %c0 to %n step %c1 {
      %buffer = memref.alloca() : memref<16xf32>
      "test.use"(%buffer) : (memref<16xf32>) -> ()
    }
    scf.reduce
  }
  return
}
