// RUN: dlc-opt %s --split-input-file --dlc-cpu-approximate-math | FileCheck %s

// exp, log and tanh of f32 vectors become arithmetic on the vectors (the
// polynomial needs FMAs and an exponent built with integer ops); no math
// call is left for LLVM to scalarize into libm calls.
// CHECK-LABEL: func.func @vectors
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK: math.fma {{.*}} : vector<16xf32>
// CHECK: arith.bitcast {{.*}} : vector<16xi32> to vector<16xf32>
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK: return
func.func @vectors(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %e = math.exp %x : vector<16xf32>
  %l = math.log %x : vector<16xf32>
  %t = math.tanh %x : vector<16xf32>
  return %e, %l, %t : vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// -----

// Scalars too; f64 keeps libm's precision, and functions without an
// approximation here stay as they are.
// CHECK-LABEL: func.func @scalars
// CHECK-NOT: math.exp %{{.*}} : f32
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.sqrt %{{.*}} : f32
func.func @scalars(%x: f32, %y: f64) -> (f32, f64, f32) {
  %e = math.exp %x : f32
  %d = math.exp %y : f64
  %s = math.sqrt %x : f32
  return %e, %d, %s : f32, f64, f32
}
