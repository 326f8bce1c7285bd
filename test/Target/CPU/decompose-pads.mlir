// RUN: dlc-opt %s --split-input-file --dlc-cpu-decompose-pads | FileCheck %s

#id = affine_map<(n, c, h, w) -> (n, c, h, w)>

// The padded tensor is a fill over its 2 * 3 * 6 * 7 elements in one
// dimension; the ReLU that makes the source writes into its interior, in
// place of the empty tensor it was computed into, and the interior is
// inserted back where it was taken from (no copy once bufferized).
// CHECK-LABEL: func.func @computed_source
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>)
// CHECK: %[[FLAT:.*]] = tensor.empty() : tensor<252xf32>
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[FLAT]] : tensor<252xf32>)
// CHECK: %[[PADDED:.*]] = tensor.expand_shape %[[FILLED]] {{\[\[}}0, 1, 2, 3]] output_shape [2, 3, 6, 7]
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 1, 1] [2, 3, 4, 5] [1, 1, 1, 1]
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x3x4x5xf32>) outs(%[[INTERIOR]] : tensor<2x3x4x5xf32>)
// CHECK: %[[RESULT:.*]] = tensor.insert_slice %[[RELU]] into %[[PADDED]][0, 0, 1, 1] [2, 3, 4, 5] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[RESULT]]
func.func @computed_source(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x6x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x4x5xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<2x3x4x5xf32>) outs(%e : tensor<2x3x4x5xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x3x4x5xf32>
  %p = tensor.pad %r low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<2x3x4x5xf32> to tensor<2x3x6x7xf32>
  return %p : tensor<2x3x6x7xf32>
}

// -----

// An argument, made by no op of this function, is copied into the
// interior; the padding value may be any constant.
// CHECK-LABEL: func.func @argument_source
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3xf32>)
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<16xf32>)
// CHECK: %[[PADDED:.*]] = tensor.expand_shape %[[FILLED]]
// CHECK: tensor.insert_slice %[[X]] into %[[PADDED]][0, 0, 0] [1, 2, 3] [1, 1, 1]
func.func @argument_source(%x: tensor<1x2x3xf32>) -> tensor<1x2x8xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 0] high[0, 0, 5] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %lowest : f32
  } : tensor<1x2x3xf32> to tensor<1x2x8xf32>
  return %p : tensor<1x2x8xf32>
}

// -----

// A padding value that is no constant stays a tensor.pad.
// CHECK-LABEL: func.func @variable_padding
// CHECK: tensor.pad
func.func @variable_padding(%x: tensor<4xf32>, %v: f32) -> tensor<6xf32> {
  %p = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %p : tensor<6xf32>
}
