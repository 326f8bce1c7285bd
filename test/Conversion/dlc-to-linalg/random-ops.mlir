// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// Without a seed (inference), dropout is the identity.
// CHECK-LABEL: func.func @inference
// CHECK-NOT: linalg.generic
// CHECK: return %arg0
func.func @inference(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dlc.dropout %x {ratio = 0.5 : f32, stream = 1} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// With a seed, each element's keep bit is splitmix64 of the key (seed mixed
// with the stream) and the element's row-major index; kept elements are
// scaled by 1 / (1 - ratio) = 1.25.
// CHECK-LABEL: func.func @training
// CHECK: %[[SEED:.*]] = tensor.extract %arg1[] : tensor<i64>
// CHECK: %[[KEY:.*]] = arith.xori %[[SEED]], %{{.*}} : i64
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.constant -7046029254386353131 : i64
// CHECK: arith.constant -4658895280553007687 : i64
// CHECK: arith.constant -7723592293110705685 : i64
// CHECK: %[[BITS:[0-9]+]] = arith.shrui %{{[0-9]+}}, %c40_i64 : i64
// CHECK-NEXT: %[[THRESHOLD:.*]] = arith.constant 3355444 : i64
// CHECK-NEXT: %[[KEEP:[0-9]+]] = arith.cmpi uge, %[[BITS]], %[[THRESHOLD]] : i64
// CHECK-NEXT: arith.constant 1.250000e+00 : f32
// CHECK: arith.select %[[KEEP]]
func.func @training(%x: tensor<4x8xf32>, %seed: tensor<i64>) -> tensor<4x8xf32> {
  %0 = dlc.dropout %x, %seed : tensor<i64> {ratio = 0.2 : f32, stream = 1} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Gaussian noise: two draws per element (counters 2i + 1 and 2i + 2), each
// 53 bits plus one times 2^-53, a uniform in (0, 1]; Box-Muller in f64,
// then mean + scale * n, rounded to f32. The operand gives only the shape.
// CHECK-LABEL: func.func @random_normal
// CHECK: %[[SEED:.*]] = tensor.extract %arg1[] : tensor<i64>
// CHECK: arith.xori %[[SEED]], %{{.*}} : i64
// CHECK: linalg.generic
// CHECK: arith.shrui %{{[0-9]+}}, %c11_i64 : i64
// CHECK: arith.uitofp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.cos
// CHECK: arith.constant 3.000000e+00 : f64
// CHECK: arith.truncf %{{[0-9]+}} : f64 to f32
func.func @random_normal(%x: tensor<4x8xf32>, %seed: tensor<i64>) -> tensor<4x8xf32> {
  %0 = dlc.random_normal %x, %seed : tensor<i64> {mean = 3.0 : f32, scale = 0.5 : f32, stream = 1} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Without a seed the key is the stream alone: one fixed sample.
// CHECK-LABEL: func.func @random_normal_inference
// CHECK-NOT: tensor.extract
// CHECK: linalg.generic
// CHECK: math.cos
func.func @random_normal_inference(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dlc.random_normal %x {mean = 0.0 : f32, scale = 1.0 : f32, stream = 1} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
