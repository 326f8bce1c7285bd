// RUN: dlc-opt %s --split-input-file --dlc-cpu-outline-parallel-loops --canonicalize | FileCheck %s

// A 2-D loop of 4 x 4 tasks becomes one call of 16 tasks. The memrefs, the
// scalar and the index it uses travel in a struct on the caller's stack
// (allocated in the entry block), each as its LLVM type; the task function delinearizes the task
// index into the loop's induction variables (j = t mod 4 * 8, i = t / 4 * 16).
// CHECK-LABEL: func.func @scale(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<64x32xf32>, %[[OUT:[a-z0-9]+]]: memref<64x32xf32>, %[[F:[a-z0-9]+]]: f32, %[[N:[a-z0-9]+]]: index)
// CHECK-DAG: %[[COUNT:.*]] = arith.constant 16 : i64
// CHECK-DAG: %[[FN:.*]] = constant @scale_tasks : (!llvm.ptr, i64, i64) -> ()
// CHECK: %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK: %[[INDESC:.*]] = builtin.unrealized_conversion_cast %[[IN]] : memref<64x32xf32> to !llvm.struct
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK: llvm.store %[[INDESC]], %[[P0]]
// CHECK: %[[P1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK: llvm.store %[[F]], %[[P1]] : f32
// CHECK: %[[N64:.*]] = builtin.unrealized_conversion_cast %[[N]] : index to i64
// CHECK: %[[P3:.*]] = llvm.getelementptr %[[CTX]][0, 3]
// CHECK: llvm.store %[[N64]], %[[P3]] : i64
// CHECK: call @dlc_parallel_for(%[[COUNT]], %[[FN]], %[[CTX]])
// CHECK-NOT: scf.forall
// CHECK: return

// CHECK-LABEL: func.func private @scale_tasks(
// CHECK-SAME: %[[CONTEXT:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK: %[[D0:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: %[[IN2:.*]] = builtin.unrealized_conversion_cast %[[D0]] {{.*}} to memref<64x32xf32>
// CHECK: %[[F2:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: %[[OUT2:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<64x32xf32>
// CHECK: %[[N2:.*]] = builtin.unrealized_conversion_cast %{{.*}} : i64 to index
// CHECK: %[[B:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: %[[E:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: scf.for %[[T:.*]] = %[[B]] to %[[E]]
// CHECK:   %[[JT:.*]] = arith.remsi %[[T]], %[[C4]]
// CHECK:   %[[IT:.*]] = arith.divsi %[[T]], %[[C4]]
// CHECK:   %[[J:.*]] = arith.muli %[[JT]], %[[C8]]
// CHECK:   %[[I:.*]] = arith.muli %[[IT]], %[[C16]]
// CHECK:   %[[V:.*]] = memref.load %[[IN2]][%[[I]], %[[J]]]
// CHECK:   %[[S:.*]] = arith.mulf %[[V]], %[[F2]]
// CHECK:   memref.store %[[S]], %[[OUT2]][%[[I]], %[[N2]]]
// CHECK: func.func private @dlc_parallel_for(i64, (!llvm.ptr, i64, i64) -> (), !llvm.ptr)
func.func @scale(%in: memref<64x32xf32>, %out: memref<64x32xf32>, %factor: f32, %n: index) {
  scf.forall (%i, %j) = (0, 0) to (64, 32) step (16, 8) {
    %v = memref.load %in[%i, %j] : memref<64x32xf32>
    %s = arith.mulf %v, %factor : f32
    memref.store %s, %out[%i, %n] : memref<64x32xf32>
  }
  return
}

// -----

// Constants and globals (the weights) are cloned into the task function,
// not passed; a loop nested in the outer one stays inside its task; the
// context, allocated once in the entry block, serves a call in a loop.
// CHECK-LABEL: func.func @nested_in_a_loop(
// CHECK-NOT: scf.for
// CHECK: %[[CTX:.*]] = llvm.alloca {{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: scf.for
// CHECK:   call @dlc_parallel_for
// CHECK-LABEL: func.func private @nested_in_a_loop_tasks(
// CHECK: memref.get_global @weights
// CHECK: scf.forall
// CHECK-NOT: call @dlc_parallel_for
memref.global "private" constant @weights : memref<8xf32> = dense<1.0>
func.func @nested_in_a_loop(%out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %w = memref.get_global @weights : memref<8xf32>
  scf.for %step = %c0 to %c3 step %c1 {
    scf.forall (%i) in (2) {
      scf.forall (%j) in (4) {
        %k = arith.addi %i, %j : index
        %v = memref.load %w[%k] : memref<8xf32>
        memref.store %v, %out[%k] : memref<8xf32>
      }
    }
  }
  return
}

// -----

// Two loops in one function get a task function each, named apart.
// CHECK-LABEL: func.func @two_loops(
// CHECK-DAG: constant @two_loops_tasks :
// CHECK-DAG: constant @two_loops_tasks_0 :
// CHECK-DAG: func.func private @two_loops_tasks(
// CHECK-DAG: func.func private @two_loops_tasks_0(
func.func @two_loops(%out: memref<8xf32>, %x: f32) {
  scf.forall (%i) in (8) {
    memref.store %x, %out[%i] : memref<8xf32>
  }
  scf.forall (%i) in (8) {
    %v = memref.load %out[%i] : memref<8xf32>
    %y = arith.addf %v, %x : f32
    memref.store %y, %out[%i] : memref<8xf32>
  }
  return
}


// -----

// A vector travels as its LLVM type; a tree of pure ops on constants (a
// broadcast of a constant) is recomputed in the task instead.
// CHECK-LABEL: func.func @vectors(
// CHECK: llvm.alloca {{.*}} x !llvm.struct<(vector<4xi64>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : vector<4xindex> to vector<4xi64>
// CHECK-LABEL: func.func private @vectors_tasks(
// CHECK-DAG: %[[TWO:.*]] = arith.constant dense<2.000000e+00> : vector<4xf32>
// CHECK-DAG: llvm.load %{{.*}} : !llvm.ptr -> vector<4xi64>
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : vector<4xi64> to vector<4xindex>
// CHECK: vector.store %[[TWO]]
func.func @vectors(%out: memref<64xf32>, %lanes: vector<4xindex>) {
  %c = arith.constant 2.0 : f32
  %b = vector.broadcast %c : f32 to vector<4xf32>
  scf.forall (%i) in (16) {
    %e = vector.extract %lanes[0] : index from vector<4xindex>
    %j = arith.addi %i, %e : index
    vector.store %b, %out[%j] : memref<64xf32>, vector<4xf32>
  }
  return
}
