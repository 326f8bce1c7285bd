// RUN: dlc-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: dlc.identity
// CHECK: %[[R:.*]] = dlc.relu %[[X]] : tensor<2x3xf32>
// CHECK-NOT: dlc.identity
// CHECK: return %[[R]]
func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.identity %x : tensor<2x3xf32>
  %1 = dlc.relu %0 : tensor<2x3xf32>
  %2 = dlc.identity %1 : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @fold_float_arithmetic
// CHECK-DAG: %[[ADD:.*]] = dlc.constant dense<[4.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[SUB:.*]] = dlc.constant dense<-2.000000e+00> : tensor<2xf32>
// CHECK-DAG: %[[MUL:.*]] = dlc.constant dense<[3.000000e+00, 8.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[DIV:.*]] = dlc.constant dense<[0.333333343, 5.000000e-01]> : tensor<2xf32>
// CHECK-NOT: dlc.add
// CHECK-NOT: dlc.sub
// CHECK-NOT: dlc.mul
// CHECK-NOT: dlc.div
// CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]]
func.func @fold_float_arithmetic() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %a = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = dlc.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %0 = dlc.add %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  %1 = dlc.sub %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  %2 = dlc.mul %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  %3 = dlc.div %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Folding chains: (a + b) * a.
// CHECK-LABEL: func.func @fold_chain
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<{{\[}}[4, 10], [18, 28]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold_chain() -> tensor<2x2xi64> {
  %a = dlc.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %b = dlc.constant dense<[[3, 3], [3, 3]]> : tensor<2x2xi64>
  %0 = dlc.add %a, %b : tensor<2x2xi64>, tensor<2x2xi64> -> tensor<2x2xi64>
  %1 = dlc.mul %0, %a : tensor<2x2xi64>, tensor<2x2xi64> -> tensor<2x2xi64>
  return %1 : tensor<2x2xi64>
}

// -----

// Integer division truncates toward zero.
// CHECK-LABEL: func.func @fold_int_div
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<[3, -3, 0]> : tensor<3xi32>
// CHECK-NEXT: return %[[C]]
func.func @fold_int_div() -> tensor<3xi32> {
  %a = dlc.constant dense<[7, -7, 1]> : tensor<3xi32>
  %b = dlc.constant dense<[2, 2, 5]> : tensor<3xi32>
  %0 = dlc.div %a, %b : tensor<3xi32>, tensor<3xi32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// A splat operand folds too.
// CHECK-LABEL: func.func @fold_splat
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<[1.500000e+00, 2.500000e+00, 3.500000e+00]> : tensor<3xf64>
// CHECK-NEXT: return %[[C]]
func.func @fold_splat() -> tensor<3xf64> {
  %a = dlc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %b = dlc.constant dense<0.5> : tensor<3xf64>
  %0 = dlc.add %a, %b : tensor<3xf64>, tensor<3xf64> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// Integer division by zero is left to run time.
// CHECK-LABEL: func.func @no_fold_int_div_by_zero
// CHECK: %[[R:.*]] = dlc.div %{{.*}}, %{{.*}} : tensor<2xi32>, tensor<2xi32> -> tensor<2xi32>
// CHECK: return %[[R]]
func.func @no_fold_int_div_by_zero() -> tensor<2xi32> {
  %a = dlc.constant dense<[7, 8]> : tensor<2xi32>
  %b = dlc.constant dense<[2, 0]> : tensor<2xi32>
  %0 = dlc.div %a, %b : tensor<2xi32>, tensor<2xi32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// A non-splat operand that broadcasts is not folded.
// CHECK-LABEL: func.func @no_fold_broadcast
// CHECK: %[[R:.*]] = dlc.add %{{.*}}, %{{.*}} : tensor<2x2xf32>, tensor<2xf32> -> tensor<2x2xf32>
// CHECK: return %[[R]]
func.func @no_fold_broadcast() -> tensor<2x2xf32> {
  %a = dlc.constant dense<1.0> : tensor<2x2xf32>
  %b = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.add %a, %b : tensor<2x2xf32>, tensor<2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// A scalar broadcasts to the shape of the other operand (PyTorch's shape
// arithmetic: a shape vector times -1).
// CHECK-LABEL: func.func @fold_scalar_broadcast
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<[-3, -1]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold_scalar_broadcast() -> tensor<2xi64> {
  %a = dlc.constant dense<[3, 1]> : tensor<2xi64>
  %b = dlc.constant dense<-1> : tensor<i64>
  %0 = dlc.mul %a, %b : tensor<2xi64>, tensor<i64> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Casts of constants: float to integer truncates toward zero, to bool tests
// for non-zero, integers widen with their sign, bool widens to 0 or 1.
// CHECK-LABEL: func.func @fold_cast
// CHECK-DAG: %[[TRUNC:.*]] = dlc.constant dense<[2, -2, 0]> : tensor<3xi32>
// CHECK-DAG: %[[BOOL:.*]] = dlc.constant dense<[true, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[WIDE:.*]] = dlc.constant dense<[-5, 7]> : tensor<2xi64>
// CHECK-DAG: %[[FLOAT:.*]] = dlc.constant dense<[-5.000000e+00, 7.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[ONES:.*]] = dlc.constant dense<[1, 0]> : tensor<2xi64>
// CHECK-NOT: dlc.cast
func.func @fold_cast() -> (tensor<3xi32>, tensor<3xi1>, tensor<2xi64>, tensor<2xf32>, tensor<2xi64>) {
  %f = dlc.constant dense<[2.7, -2.7, 0.0]> : tensor<3xf32>
  %i = dlc.constant dense<[-5, 7]> : tensor<2xi32>
  %b = dlc.constant dense<[true, false]> : tensor<2xi1>
  %0 = dlc.cast %f {to = i32} : tensor<3xf32> -> tensor<3xi32>
  %1 = dlc.cast %f {to = i1} : tensor<3xf32> -> tensor<3xi1>
  %2 = dlc.cast %i {to = i64} : tensor<2xi32> -> tensor<2xi64>
  %3 = dlc.cast %i {to = f32} : tensor<2xi32> -> tensor<2xf32>
  %4 = dlc.cast %b {to = i64} : tensor<2xi1> -> tensor<2xi64>
  return %0, %1, %2, %3, %4 : tensor<3xi32>, tensor<3xi1>, tensor<2xi64>, tensor<2xf32>, tensor<2xi64>
}

// -----

// A cast to the input's own type is the input; a cast of a NaN to an
// integer is left to run time.
// CHECK-LABEL: func.func @cast_same_type_and_nan
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK: %[[NAN:.*]] = dlc.cast %{{.*}} {to = i32}
// CHECK: return %[[X]], %[[NAN]]
func.func @cast_same_type_and_nan(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<1xi32>) {
  %0 = dlc.cast %x {to = f32} : tensor<2xf32> -> tensor<2xf32>
  %nan = dlc.constant dense<0x7FC00000> : tensor<1xf32>
  %1 = dlc.cast %nan {to = i32} : tensor<1xf32> -> tensor<1xi32>
  return %0, %1 : tensor<2xf32>, tensor<1xi32>
}

// -----

// Comparisons of constants (signed integers; NaN compares false) and the
// selection PyTorch exports for `expand(n, -1)`: where(shape == -1, 1, shape).
// CHECK-LABEL: func.func @fold_compare_and_where
// CHECK-DAG: %[[EQ:.*]] = dlc.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[LT:.*]] = dlc.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK-DAG: %[[GT:.*]] = dlc.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: %[[NANLT:.*]] = dlc.constant dense<false> : tensor<1xi1>
// CHECK-DAG: %[[SEL:.*]] = dlc.constant dense<[3, 1, -4]> : tensor<3xi64>
// CHECK-NOT: dlc.equal
// CHECK-NOT: dlc.where
func.func @fold_compare_and_where() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<1xi1>, tensor<3xi64>) {
  %shape = dlc.constant dense<[3, -1, -4]> : tensor<3xi64>
  %minus_one = dlc.constant dense<-1> : tensor<i64>
  %one = dlc.constant dense<1> : tensor<3xi64>
  %0 = dlc.equal %shape, %minus_one : tensor<3xi64>, tensor<i64> -> tensor<3xi1>
  %1 = dlc.less %shape, %minus_one : tensor<3xi64>, tensor<i64> -> tensor<3xi1>
  %2 = dlc.greater %shape, %minus_one : tensor<3xi64>, tensor<i64> -> tensor<3xi1>
  %nan = dlc.constant dense<0x7FC00000> : tensor<1xf32>
  %zero = dlc.constant dense<0.0> : tensor<1xf32>
  %3 = dlc.less %nan, %zero : tensor<1xf32>, tensor<1xf32> -> tensor<1xi1>
  %4 = dlc.where %0, %one, %shape : tensor<3xi1>, tensor<3xi64>, tensor<3xi64> -> tensor<3xi64>
  return %0, %1, %2, %3, %4 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<1xi1>, tensor<3xi64>
}

// -----

// A constant splat condition picks an operand without constants.
// CHECK-LABEL: func.func @where_splat_condition
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>, %[[Y:.*]]: tensor<2xf32>)
// CHECK: return %[[Y]]
func.func @where_splat_condition(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %c = dlc.constant dense<false> : tensor<2xi1>
  %0 = dlc.where %c, %x, %y : tensor<2xi1>, tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Non-constant operands stay.
// CHECK-LABEL: func.func @no_fold_arguments
// CHECK: %[[R:.*]] = dlc.mul %{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
// CHECK: return %[[R]]
func.func @no_fold_arguments(%x: tensor<2xf32>) -> tensor<2xf32> {
  %b = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.mul %x, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @reshape_constant() -> tensor<2x3xf32> {
  %a = dlc.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %0 = dlc.reshape %a {shape = array<i64: 2, -1>} : tensor<6xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<4x6xf32>)
// CHECK-NEXT: return %[[X]] : tensor<4x6xf32>
func.func @reshape_same_type(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 0, -1>} : tensor<4x6xf32> -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// A real reshape of an argument stays.
// CHECK-LABEL: func.func @reshape_kept
// CHECK: dlc.reshape %{{.*}} {shape = array<i64: 24>} : tensor<4x6xf32> -> tensor<24xf32>
func.func @reshape_kept(%x: tensor<4x6xf32>) -> tensor<24xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 24>} : tensor<4x6xf32> -> tensor<24xf32>
  return %0 : tensor<24xf32>
}

// -----

// CHECK-LABEL: func.func @shape_static
// CHECK-DAG: %[[ALL:.*]] = dlc.constant dense<[2, 3, 4]> : tensor<3xi64>
// CHECK-DAG: %[[TAIL:.*]] = dlc.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-NOT: dlc.shape
// CHECK: return %[[ALL]], %[[TAIL]]
func.func @shape_static(%x: tensor<2x3x4xf32>) -> (tensor<3xi64>, tensor<2xi64>) {
  %0 = dlc.shape %x {start = 0 : i64, end = 3 : i64} : tensor<2x3x4xf32> -> tensor<3xi64>
  %1 = dlc.shape %x {start = -2 : i64, end = 100 : i64} : tensor<2x3x4xf32> -> tensor<2xi64>
  return %0, %1 : tensor<3xi64>, tensor<2xi64>
}

// -----

// Only the requested dimensions need to be static.
// CHECK-LABEL: func.func @shape_partly_dynamic
// CHECK-DAG: %[[TAIL:.*]] = dlc.constant dense<784> : tensor<1xi64>
// CHECK-DAG: %[[ALL:.*]] = dlc.shape %{{.*}} {end = 2 : i64, start = 0 : i64} : tensor<?x784xf32> -> tensor<2xi64>
// CHECK: return %[[ALL]], %[[TAIL]]
func.func @shape_partly_dynamic(%x: tensor<?x784xf32>) -> (tensor<2xi64>, tensor<1xi64>) {
  %0 = dlc.shape %x {start = 0 : i64, end = 2 : i64} : tensor<?x784xf32> -> tensor<2xi64>
  %1 = dlc.shape %x {start = 1 : i64, end = 2 : i64} : tensor<?x784xf32> -> tensor<1xi64>
  return %0, %1 : tensor<2xi64>, tensor<1xi64>
}

// -----

// Squeeze and unsqueeze of constants fold to reshaped constants.
// CHECK-LABEL: func.func @squeeze_unsqueeze_constant
// CHECK-DAG: %[[UNSQUEEZED:.*]] = dlc.constant dense<7> : tensor<1xi64>
// CHECK-DAG: %[[SQUEEZED:.*]] = dlc.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-NOT: dlc.squeeze
// CHECK-NOT: dlc.unsqueeze
// CHECK: return %[[UNSQUEEZED]], %[[SQUEEZED]]
func.func @squeeze_unsqueeze_constant() -> (tensor<1xi64>, tensor<2xi64>) {
  %a = dlc.constant dense<7> : tensor<i64>
  %b = dlc.constant dense<[[1, 2]]> : tensor<1x2xi64>
  %0 = dlc.unsqueeze %a {axes = array<i64: 0>} : tensor<i64> -> tensor<1xi64>
  %1 = dlc.squeeze %b {axes = array<i64: 0>} : tensor<1x2xi64> -> tensor<2xi64>
  return %0, %1 : tensor<1xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @concat_constants
// CHECK-DAG: %[[VECTOR:.*]] = dlc.constant dense<[3, -1, 2]> : tensor<3xi64>
// CHECK-DAG: %[[MATRIX:.*]] = dlc.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 5.000000e+00], [3.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: dlc.concat
// CHECK: return %[[VECTOR]], %[[MATRIX]]
func.func @concat_constants() -> (tensor<3xi64>, tensor<2x3xf32>) {
  %a = dlc.constant dense<3> : tensor<1xi64>
  %b = dlc.constant dense<[-1, 2]> : tensor<2xi64>
  %0 = dlc.concat %a, %b {axis = 0 : i64} : tensor<1xi64>, tensor<2xi64> -> tensor<3xi64>
  %c = dlc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %d = dlc.constant dense<[[5.0], [6.0]]> : tensor<2x1xf32>
  %1 = dlc.concat %c, %d {axis = -1 : i64} : tensor<2x2xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  return %0, %1 : tensor<3xi64>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_constants
// CHECK-DAG: %[[FIRST:.*]] = dlc.constant dense<2> : tensor<i64>
// CHECK-DAG: %[[LAST:.*]] = dlc.constant dense<4> : tensor<i64>
// CHECK-DAG: %[[COLUMNS:.*]] = dlc.constant dense<{{\[}}[3, 1], [6, 4]]> : tensor<2x2xi32>
// CHECK-NOT: dlc.gather
// CHECK: return %[[FIRST]], %[[LAST]], %[[COLUMNS]]
func.func @gather_constants() -> (tensor<i64>, tensor<i64>, tensor<2x2xi32>) {
  %shape = dlc.constant dense<[2, 3, 4]> : tensor<3xi64>
  %zero = dlc.constant dense<0> : tensor<i64>
  %minus_one = dlc.constant dense<-1> : tensor<i32>
  %0 = dlc.gather %shape, %zero {axis = 0 : i64} : tensor<3xi64>, tensor<i64> -> tensor<i64>
  %1 = dlc.gather %shape, %minus_one {axis = 0 : i64} : tensor<3xi64>, tensor<i32> -> tensor<i64>
  %m = dlc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %indices = dlc.constant dense<[2, 0]> : tensor<2xi64>
  %2 = dlc.gather %m, %indices {axis = 1 : i64} : tensor<2x3xi32>, tensor<2xi64> -> tensor<2x2xi32>
  return %0, %1, %2 : tensor<i64>, tensor<i64>, tensor<2x2xi32>
}

// -----

// PyTorch's x.view(x.size(0), -1) on a static shape: the whole chain folds.
// CHECK-LABEL: func.func @view_shape_chain
// CHECK: %[[SHAPE:.*]] = dlc.constant dense<[2, -1]> : tensor<2xi64>
// CHECK-NEXT: return %[[SHAPE]]
func.func @view_shape_chain(%x: tensor<2x3x4xf32>) -> tensor<2xi64> {
  %shape = dlc.shape %x {start = 0 : i64, end = 3 : i64} : tensor<2x3x4xf32> -> tensor<3xi64>
  %zero = dlc.constant dense<0> : tensor<i64>
  %batch = dlc.gather %shape, %zero {axis = 0 : i64} : tensor<3xi64>, tensor<i64> -> tensor<i64>
  %batch_1d = dlc.unsqueeze %batch {axes = array<i64: 0>} : tensor<i64> -> tensor<1xi64>
  %rest = dlc.constant dense<-1> : tensor<1xi64>
  %0 = dlc.concat %batch_1d, %rest {axis = 0 : i64} : tensor<1xi64>, tensor<1xi64> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Not folded: a non-constant operand, an index out of range, and results too
// large to copy element by element (more than 1024 elements).
// CHECK-LABEL: func.func @no_fold_data_movement
// CHECK: dlc.concat
// CHECK: dlc.gather
// CHECK: dlc.concat
// CHECK: dlc.unsqueeze
func.func @no_fold_data_movement(%x: tensor<1xi64>, %y: tensor<?xf32>)
    -> (tensor<2xi64>, tensor<i64>, tensor<1200xi64>, tensor<1x?xf32>) {
  %a = dlc.constant dense<3> : tensor<1xi64>
  %0 = dlc.concat %a, %x {axis = 0 : i64} : tensor<1xi64>, tensor<1xi64> -> tensor<2xi64>
  %three = dlc.constant dense<3> : tensor<i64>
  %shape = dlc.constant dense<[2, 3, 4]> : tensor<3xi64>
  %1 = dlc.gather %shape, %three {axis = 0 : i64} : tensor<3xi64>, tensor<i64> -> tensor<i64>
  %ones = dlc.constant dense<1> : tensor<600xi64>
  %2 = dlc.concat %ones, %ones {axis = 0 : i64} : tensor<600xi64>, tensor<600xi64> -> tensor<1200xi64>
  %3 = dlc.unsqueeze %y {axes = array<i64: 0>} : tensor<?xf32> -> tensor<1x?xf32>
  return %0, %1, %2, %3 : tensor<2xi64>, tensor<i64>, tensor<1200xi64>, tensor<1x?xf32>
}

// -----

// Folded and unused constants are erased.
// CHECK-LABEL: func.func @unused_constants
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: return %[[X]] : tensor<3xf32>
func.func @unused_constants(%x: tensor<3xf32>) -> tensor<3xf32> {
  %a = dlc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = dlc.add %a, %a : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  return %x : tensor<3xf32>
}

// -----

// Unsigned constants fold as unsigned: 200 / 3 is 66 (not -56 / 3), 200 is
// not less than 3, and 255 casts to 255.0 and to 255 in int32.
// CHECK-LABEL: func.func @fold_unsigned
// CHECK-DAG: %[[DIV:.*]] = dlc.constant dense<66> : tensor<ui8>
// CHECK-DAG: %[[LESS:.*]] = dlc.constant dense<false> : tensor<i1>
// CHECK-DAG: %[[FLOAT:.*]] = dlc.constant dense<2.550000e+02> : tensor<f32>
// CHECK-DAG: %[[WIDE:.*]] = dlc.constant dense<255> : tensor<i32>
// CHECK: return %[[DIV]], %[[LESS]], %[[FLOAT]], %[[WIDE]]
func.func @fold_unsigned() -> (tensor<ui8>, tensor<i1>, tensor<f32>, tensor<i32>) {
  %a = dlc.constant dense<200> : tensor<ui8>
  %b = dlc.constant dense<3> : tensor<ui8>
  %c = dlc.constant dense<255> : tensor<ui8>
  %0 = dlc.div %a, %b : tensor<ui8>, tensor<ui8> -> tensor<ui8>
  %1 = dlc.less %a, %b : tensor<ui8>, tensor<ui8> -> tensor<i1>
  %2 = dlc.cast %c {to = f32} : tensor<ui8> -> tensor<f32>
  %3 = dlc.cast %c {to = i32} : tensor<ui8> -> tensor<i32>
  return %0, %1, %2, %3 : tensor<ui8>, tensor<i1>, tensor<f32>, tensor<i32>
}

// -----

// Rounding, absolute values and relu of constants fold (the trip count of
// ONNX's expanded Range: Relu(Ceil((limit - start) / delta))); unsigned
// integers are already their own absolute value and relu.
// CHECK-LABEL: func.func @fold_rounding_abs_relu
// CHECK-DAG: %[[FLOOR:.*]] = dlc.constant dense<[1.000000e+00, -3.000000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[CEIL:.*]] = dlc.constant dense<[2.000000e+00, -2.000000e+00, 1.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[ABS:.*]] = dlc.constant dense<[1.500000e+00, 2.500000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[RELU:.*]] = dlc.constant dense<[1.500000e+00, 0.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[IRELU:.*]] = dlc.constant dense<[0, 7]> : tensor<2xi32>
// CHECK-DAG: %[[IABS:.*]] = dlc.constant dense<[3, 7]> : tensor<2xi32>
// CHECK-DAG: %[[URELU:.*]] = dlc.constant dense<[200, 7]> : tensor<2xui8>
// CHECK-NOT: dlc.floor
// CHECK-NOT: dlc.ceil
// CHECK-NOT: dlc.abs
// CHECK-NOT: dlc.relu
// CHECK: return %[[FLOOR]], %[[CEIL]], %[[ABS]], %[[RELU]], %[[IRELU]], %[[IABS]], %[[URELU]]
func.func @fold_rounding_abs_relu() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xui8>) {
  %f = dlc.constant dense<[1.5, -2.5, 0.5]> : tensor<3xf32>
  %i = dlc.constant dense<[-3, 7]> : tensor<2xi32>
  %u = dlc.constant dense<[200, 7]> : tensor<2xui8>
  %floor = dlc.floor %f : tensor<3xf32>
  %ceil = dlc.ceil %f : tensor<3xf32>
  %abs = dlc.abs %f : tensor<3xf32>
  %relu = dlc.relu %f : tensor<3xf32>
  %irelu = dlc.relu %i : tensor<2xi32>
  %iabs = dlc.abs %i : tensor<2xi32>
  %urelu = dlc.relu %u : tensor<2xui8>
  return %floor, %ceil, %abs, %relu, %irelu, %iabs, %urelu : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xui8>
}
