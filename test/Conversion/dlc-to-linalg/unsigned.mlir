// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// Unsigned integers become signless of the same width, in the signature
// too; the ops that read them pick the unsigned arithmetic.
// CHECK-LABEL: func.func @divide_and_compare
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi1>, tensor<4xi1>)
// CHECK: arith.divui %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi ugt, %{{.*}}, %{{.*}} : i8
// CHECK-NOT: ui8
func.func @divide_and_compare(%a: tensor<4xui8>, %b: tensor<4xui8>)
    -> (tensor<4xui8>, tensor<4xi1>, tensor<4xi1>) {
  %0 = dlc.div %a, %b : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  %1 = dlc.less %a, %b : tensor<4xui8>, tensor<4xui8> -> tensor<4xi1>
  %2 = dlc.greater %a, %b : tensor<4xui8>, tensor<4xui8> -> tensor<4xi1>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Signed integers keep the signed arithmetic.
// CHECK-LABEL: func.func @signed
// CHECK: arith.divsi
// CHECK: arith.cmpi slt
func.func @signed(%a: tensor<4xi16>, %b: tensor<4xi16>)
    -> (tensor<4xi16>, tensor<4xi1>) {
  %0 = dlc.div %a, %b : tensor<4xi16>, tensor<4xi16> -> tensor<4xi16>
  %1 = dlc.less %a, %b : tensor<4xi16>, tensor<4xi16> -> tensor<4xi1>
  return %0, %1 : tensor<4xi16>, tensor<4xi1>
}

// -----

// Casts from unsigned zero-extend (through a reshape, whose result loses its
// unsigned type first); casts of floats to unsigned use fptoui.
// CHECK-LABEL: func.func @casts
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
func.func @casts(%a: tensor<4xui8>, %f: tensor<4xf32>)
    -> (tensor<2x2xf32>, tensor<4xi32>, tensor<4xui8>) {
  %r = dlc.reshape %a {shape = array<i64: 2, 2>} : tensor<4xui8> -> tensor<2x2xui8>
  %0 = dlc.cast %r {to = f32} : tensor<2x2xui8> -> tensor<2x2xf32>
  %1 = dlc.cast %a {to = i32} : tensor<4xui8> -> tensor<4xi32>
  %2 = dlc.cast %f {to = ui8} : tensor<4xf32> -> tensor<4xui8>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<4xi32>, tensor<4xui8>
}

// -----

// Unsigned constants keep their bits.
// CHECK-LABEL: func.func @constant
// CHECK: arith.constant dense<[-1, 1]> : tensor<2xi8>
func.func @constant() -> tensor<2xui8> {
  %0 = dlc.constant dense<[255, 1]> : tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Shifts: by the bit width or more, every bit is shifted out (0, or the
// sign for a signed right shift), where arith would give poison.
// CHECK-LABEL: func.func @shifts
// CHECK: %[[LEFT:.*]] = arith.shli %[[X:.*]], %[[Y:.*]] : i32
// CHECK: %[[FAR:.*]] = arith.cmpi uge, %[[Y]], %{{.*}} : i32
// CHECK: arith.select %[[FAR]], %{{.*}}, %[[LEFT]] : i32
// CHECK: arith.shrui
// CHECK: arith.shrsi
func.func @shifts(%a: tensor<3xui32>, %b: tensor<3xui32>, %c: tensor<3xi64>)
    -> (tensor<3xui32>, tensor<3xui32>, tensor<3xi64>) {
  %0 = dlc.shift_left %a, %b : tensor<3xui32>, tensor<3xui32> -> tensor<3xui32>
  %1 = dlc.shift_right %a, %b : tensor<3xui32>, tensor<3xui32> -> tensor<3xui32>
  %2 = dlc.shift_right %c, %c : tensor<3xi64>, tensor<3xi64> -> tensor<3xi64>
  return %0, %1, %2 : tensor<3xui32>, tensor<3xui32>, tensor<3xi64>
}

// -----

// Max pooling of unsigned bytes starts from 0 and takes the unsigned
// maximum in a generic loop nest (linalg's named pools compare as signed).
// CHECK-LABEL: func.func @max_pool
// CHECK: arith.constant 0 : i8
// CHECK-NOT: linalg.pooling_nchw_max
// CHECK: arith.maxui
func.func @max_pool(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %0 = dlc.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : tensor<1x1x4x4xui8> -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}
