// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// Broadcast operands read size-1 dimensions at index 0 and are right-aligned.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<4x1x3xf32>, %[[B:.*]]: tensor<5x1xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x5x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4x1x3xf32>, tensor<5x1xf32>) outs(%[[INIT]] : tensor<4x5x3xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
// CHECK: return %[[R]] : tensor<4x5x3xf32>
// CHECK-NOT: dlc.
func.func @add_broadcast(%a: tensor<4x1x3xf32>, %b: tensor<5x1xf32>) -> tensor<4x5x3xf32> {
  %0 = dlc.add %a, %b : tensor<4x1x3xf32>, tensor<5x1xf32> -> tensor<4x5x3xf32>
  return %0 : tensor<4x5x3xf32>
}

// -----

// A rank-0 operand broadcasts with an empty map.
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[SCALAR]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3xi1>, tensor<3xf32>, tensor<f32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f32
// CHECK-NEXT: linalg.yield %[[S]]
func.func @where(%c: tensor<2x3xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = dlc.where %c, %a, %b : tensor<2x3xi1>, tensor<3xf32>, tensor<f32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x))
// CHECK-LABEL: func.func @sigmoid
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel"]
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[NEG:.*]] = arith.negf %[[X]] : f32
// CHECK-NEXT: %[[EXP:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT: %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @sigmoid(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.sigmoid %a : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// erf(x), math's; the CPU target approximates it by a polynomial.
// CHECK-LABEL: func.func @erf
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[R:.*]] = math.erf %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @erf(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.erf %a : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// Rounding and the trigonometric and hyperbolic functions are one math op
// each; ONNX's Round is math.roundeven (halves to even).
// CHECK-LABEL: func.func @math_functions
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.roundeven
// CHECK: math.sin
// CHECK: math.cos
// CHECK: math.tan
// CHECK: math.asin
// CHECK: math.acos
// CHECK: math.atan
// CHECK: math.sinh
// CHECK: math.cosh
// CHECK: math.asinh
// CHECK: math.acosh
// CHECK: math.atanh
func.func @math_functions(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.floor %a : tensor<8xf32>
  %1 = dlc.ceil %0 : tensor<8xf32>
  %2 = dlc.round %1 : tensor<8xf32>
  %3 = dlc.sin %2 : tensor<8xf32>
  %4 = dlc.cos %3 : tensor<8xf32>
  %5 = dlc.tan %4 : tensor<8xf32>
  %6 = dlc.asin %5 : tensor<8xf32>
  %7 = dlc.acos %6 : tensor<8xf32>
  %8 = dlc.atan %7 : tensor<8xf32>
  %9 = dlc.sinh %8 : tensor<8xf32>
  %10 = dlc.cosh %9 : tensor<8xf32>
  %11 = dlc.asinh %10 : tensor<8xf32>
  %12 = dlc.acosh %11 : tensor<8xf32>
  %13 = dlc.atanh %12 : tensor<8xf32>
  return %13 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[ALPHA:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT: %[[SCALED:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[NEG:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.select %[[NEG]], %[[SCALED]], %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @leaky_relu(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.leaky_relu %a {alpha = 0.25 : f32} : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @relu_int
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<8xi32>) outs(%{{.*}} : tensor<8xi32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[R:.*]] = arith.maxsi %[[X]], %[[ZERO]] : i32
// CHECK-NEXT: linalg.yield %[[R]] : i32
func.func @relu_int(%a: tensor<8xi32>) -> tensor<8xi32> {
  %0 = dlc.relu %a : tensor<8xi32>
  return %0 : tensor<8xi32>
}

// -----

// CHECK-LABEL: func.func @clip
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[A:.*]] = arith.maximumf %[[X]], %[[LO]] : f32
// CHECK-NEXT: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-NEXT: %[[B:.*]] = arith.minimumf %[[A]], %[[HI]] : f32
// CHECK-NEXT: linalg.yield %[[B]] : f32
func.func @clip(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.clip %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// elu: x < 0 ? alpha * expm1(x) : x; selu scales it by gamma; softplus is
// max(x, 0) + log1p(exp(-|x|)).
// CHECK-LABEL: func.func @exponential_units
// CHECK: %[[ELU:.*]] = linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[EM1:.*]] = math.expm1 %[[X]] : f32
// CHECK-NEXT: %[[NEGPART:.*]] = arith.mulf %[[ALPHA]], %[[EM1]] : f32
// CHECK-NEXT: %[[ISNEG:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.select %[[ISNEG]], %[[NEGPART]], %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
// CHECK: %[[SELU:.*]] = linalg.generic {{.*}} ins(%[[ELU]] : tensor<4xf32>)
// CHECK: arith.constant 1.67326319 : f32
// CHECK: math.expm1
// CHECK: arith.select
// CHECK: %[[GAMMA:.*]] = arith.constant 1.05070102 : f32
// CHECK-NEXT: %[[SCALED:.*]] = arith.mulf %[[GAMMA]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[SCALED]] : f32
// CHECK: linalg.generic {{.*}} ins(%[[SELU]] : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[POS:.*]] = arith.maximumf %[[Y]], %[[Z]] : f32
// CHECK-NEXT: %[[ABS:.*]] = math.absf %[[Y]] : f32
// CHECK-NEXT: %[[NABS:.*]] = arith.negf %[[ABS]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[NABS]] : f32
// CHECK-NEXT: %[[L:.*]] = math.log1p %[[E]] : f32
// CHECK-NEXT: %[[SP:.*]] = arith.addf %[[POS]], %[[L]] : f32
// CHECK-NEXT: linalg.yield %[[SP]] : f32
func.func @exponential_units(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.elu %a {alpha = 0.5 : f32} : tensor<4xf32>
  %1 = dlc.selu %0 : tensor<4xf32>
  %2 = dlc.softplus %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf32>) outs(%{{.*}} : tensor<8xi32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %{{.*}}: i32):
// CHECK-NEXT: %[[R0:.*]] = arith.fptosi %[[A]] : f32 to i32
// CHECK-NEXT: linalg.yield %[[R0]] : i32
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xi1>) outs(%{{.*}} : tensor<8xf32>)
// CHECK-NEXT: ^bb0(%[[B:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT: %[[R1:.*]] = arith.uitofp %[[B]] : i1 to f32
// CHECK-NEXT: linalg.yield %[[R1]] : f32
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf32>) outs(%{{.*}} : tensor<8xi1>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: f32, %{{.*}}: i1):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[R2:.*]] = arith.cmpf une, %[[C]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[R2]] : i1
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf32>) outs(%{{.*}} : tensor<8xf64>)
// CHECK-NEXT: ^bb0(%[[D:.*]]: f32, %{{.*}}: f64):
// CHECK-NEXT: %[[R3:.*]] = arith.extf %[[D]] : f32 to f64
// CHECK-NEXT: linalg.yield %[[R3]] : f64
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xi64>) outs(%{{.*}} : tensor<8xi32>)
// CHECK-NEXT: ^bb0(%[[E:.*]]: i64, %{{.*}}: i32):
// CHECK-NEXT: %[[R4:.*]] = arith.trunci %[[E]] : i64 to i32
// CHECK-NEXT: linalg.yield %[[R4]] : i32
func.func @cast(%a: tensor<8xf32>, %b: tensor<8xi1>, %c: tensor<8xi64>) -> (tensor<8xi32>, tensor<8xf32>, tensor<8xi1>, tensor<8xf64>, tensor<8xi32>) {
  %0 = dlc.cast %a {to = i32} : tensor<8xf32> -> tensor<8xi32>
  %1 = dlc.cast %b {to = f32} : tensor<8xi1> -> tensor<8xf32>
  %2 = dlc.cast %a {to = i1} : tensor<8xf32> -> tensor<8xi1>
  %3 = dlc.cast %a {to = f64} : tensor<8xf32> -> tensor<8xf64>
  %4 = dlc.cast %c {to = i32} : tensor<8xi64> -> tensor<8xi32>
  return %0, %1, %2, %3, %4 : tensor<8xi32>, tensor<8xf32>, tensor<8xi1>, tensor<8xf64>, tensor<8xi32>
}

// -----

// 16-bit floats widen with extf and narrow with truncf; between f16 and
// bf16 (one width), the value goes through f32, which holds both exactly.
// CHECK-LABEL: func.func @cast_half
// CHECK: ^bb0(%[[H:.*]]: f16, %{{.*}}: f32):
// CHECK-NEXT: arith.extf %[[H]] : f16 to f32
// CHECK: ^bb0(%[[F:.*]]: f32, %{{.*}}: bf16):
// CHECK-NEXT: arith.truncf %[[F]] : f32 to bf16
// CHECK: ^bb0(%[[B:.*]]: bf16, %{{.*}}: f16):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK-NEXT: arith.truncf %[[W]] : f32 to f16
func.func @cast_half(%h: tensor<8xf16>, %f: tensor<8xf32>, %b: tensor<8xbf16>) -> (tensor<8xf32>, tensor<8xbf16>, tensor<8xf16>) {
  %0 = dlc.cast %h {to = f32} : tensor<8xf16> -> tensor<8xf32>
  %1 = dlc.cast %f {to = bf16} : tensor<8xf32> -> tensor<8xbf16>
  %2 = dlc.cast %b {to = f16} : tensor<8xbf16> -> tensor<8xf16>
  return %0, %1, %2 : tensor<8xf32>, tensor<8xbf16>, tensor<8xf16>
}

// -----

// CHECK-LABEL: func.func @compare_int
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4xi32>, tensor<4xi32>) outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT: %[[R:.*]] = arith.cmpi slt, %[[A]], %[[B]] : i32
// CHECK-NEXT: linalg.yield %[[R]] : i1
func.func @compare_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  %0 = dlc.less %a, %b : tensor<4xi32>, tensor<4xi32> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Per-channel vectors become C x 1 x 1 and broadcast along dimension 1.
// CHECK-DAG: #[[IDN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CHAN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x4xf32>, %[[SCALE:.*]]: tensor<3xf32>, %[[BIAS:.*]]: tensor<3xf32>, %[[MEAN:.*]]: tensor<3xf32>, %[[VAR:.*]]: tensor<3xf32>)
// CHECK: %[[S:.*]] = tensor.expand_shape %[[SCALE]] {{\[}}[0, 1, 2]] output_shape [3, 1, 1] : tensor<3xf32> into tensor<3x1x1xf32>
// CHECK: %[[B:.*]] = tensor.expand_shape %[[BIAS]]
// CHECK: %[[M:.*]] = tensor.expand_shape %[[MEAN]]
// CHECK: %[[V:.*]] = tensor.expand_shape %[[VAR]]
// CHECK: linalg.generic {indexing_maps = [#[[IDN]], #[[CHAN]], #[[CHAN]], #[[CHAN]], #[[CHAN]], #[[IDN]]]
// CHECK-SAME: ins(%[[X]], %[[S]], %[[B]], %[[M]], %[[V]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[IS:.*]]: f32, %[[IB:.*]]: f32, %[[IM:.*]]: f32, %[[IV:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK-NEXT: %[[VE:.*]] = arith.addf %[[IV]], %[[EPS]] : f32
// CHECK-NEXT: %[[SD:.*]] = math.sqrt %[[VE]] : f32
// CHECK-NEXT: %[[CEN:.*]] = arith.subf %[[IN]], %[[IM]] : f32
// CHECK-NEXT: %[[NORM:.*]] = arith.divf %[[CEN]], %[[SD]] : f32
// CHECK-NEXT: %[[SC:.*]] = arith.mulf %[[NORM]], %[[IS]] : f32
// CHECK-NEXT: %[[OUT:.*]] = arith.addf %[[SC]], %[[IB]] : f32
// CHECK-NEXT: linalg.yield %[[OUT]] : f32
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = dlc.batch_norm %x, %s, %b, %m, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// Constants and identity need no loops.
// CHECK-LABEL: func.func @constant_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[C]] : tensor<2xf32>, tensor<2xf32>)
// CHECK: arith.mulf
func.func @constant_identity(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.identity %x : tensor<2xf32>
  %1 = dlc.mul %0, %c : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
