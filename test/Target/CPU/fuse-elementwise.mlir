// RUN: dlc-opt %s --split-input-file --dlc-cpu-fuse-elementwise | FileCheck %s

// An elementwise producer fuses into an elementwise consumer (one generic
// computes exp(x) + 1)...
// CHECK-LABEL: func.func @into_generic
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @into_generic(%x: tensor<4x8xf32>, %one: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%0, %one : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// -----

// ...but never into a named op. The weight gradient's im2col copy feeds a
// matmul through reshapes; upstream's linalg-fuse-elementwise-ops folds the
// two into one convolution-shaped generic (a scalar loop nest), here the
// copy stays a generic of its own and the matmul stays a matmul.
// CHECK-LABEL: func.func @not_into_matmul
// CHECK: %[[COLS:.*]] = linalg.generic
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0, 1], [2, 3]] : tensor<2x6x3x3xf32> into tensor<12x9xf32>
// CHECK: linalg.matmul ins(%{{.*}}, %[[MATRIX]] : tensor<4x12xf32>, tensor<12x9xf32>)
#cols = affine_map<(d0, d1, d2, d3) -> (d0, d2, d1 + d3 * 2)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @not_into_matmul(%x: tensor<2x3x10xf32>, %g: tensor<4x12xf32>) -> tensor<4x9xf32> {
  %e = tensor.empty() : tensor<2x6x3x3xf32>
  %0 = linalg.generic {indexing_maps = [#cols, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<2x3x10xf32>) outs(%e : tensor<2x6x3x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<2x6x3x3xf32>
  %flat = tensor.collapse_shape %0 [[0, 1, 2, 3]] : tensor<2x6x3x3xf32> into tensor<108xf32>
  %matrix = tensor.expand_shape %flat [[0, 1]] output_shape [12, 9] : tensor<108xf32> into tensor<12x9xf32>
  %zero = arith.constant 0.000000e+00 : f32
  %c = tensor.empty() : tensor<4x9xf32>
  %init = linalg.fill ins(%zero : f32) outs(%c : tensor<4x9xf32>) -> tensor<4x9xf32>
  %1 = linalg.matmul ins(%g, %matrix : tensor<4x12xf32>, tensor<12x9xf32>) outs(%init : tensor<4x9xf32>) -> tensor<4x9xf32>
  return %1 : tensor<4x9xf32>
}

// -----

// A copy of a constant (the transpose of a Gemm's weight, transB = 1) is
// folded at compile time, as upstream does: no copy is left to run on each
// call.
// CHECK-LABEL: func.func @constant_transpose
// CHECK: %[[T:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NOT: linalg.
// CHECK: return %[[T]]
func.func @constant_transpose() -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<3x2xf32>
  %0 = linalg.transpose ins(%w : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %0 : tensor<3x2xf32>
}
