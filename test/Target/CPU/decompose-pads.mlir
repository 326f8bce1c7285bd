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

// -----

// Blocks of 16 channels (the innermost dimension, not padded) around a
// 20x20 image: the border is 21% of the padded 22x23 tensor, so only it is
// filled: one fill per padded side (a row above, a row below, a column on
// the left, two on the right), the columns over the interior rows only;
// the source is written into the interior in place.
// CHECK-LABEL: func.func @blocked_border
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x2x22x23x16xf32>
// CHECK: %[[TOP:.*]] = tensor.extract_slice %[[E]][0, 0, 0, 0, 0] [1, 2, 1, 23, 16] [1, 1, 1, 1, 1]
// CHECK: %[[TOP_FILLED:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[TOP]] : tensor<1x2x1x23x16xf32>)
// CHECK: %[[P1:.*]] = tensor.insert_slice %[[TOP_FILLED]] into %[[E]][0, 0, 0, 0, 0] [1, 2, 1, 23, 16] [1, 1, 1, 1, 1]
// CHECK: %[[BOTTOM:.*]] = tensor.extract_slice %[[P1]][0, 0, 21, 0, 0] [1, 2, 1, 23, 16] [1, 1, 1, 1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[BOTTOM]] : tensor<1x2x1x23x16xf32>)
// CHECK: %[[P2:.*]] = tensor.insert_slice
// CHECK: %[[LEFT:.*]] = tensor.extract_slice %[[P2]][0, 0, 1, 0, 0] [1, 2, 20, 1, 16] [1, 1, 1, 1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[LEFT]] : tensor<1x2x20x1x16xf32>)
// CHECK: %[[P3:.*]] = tensor.insert_slice
// CHECK: %[[RIGHT:.*]] = tensor.extract_slice %[[P3]][0, 0, 1, 21, 0] [1, 2, 20, 2, 16] [1, 1, 1, 1, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[RIGHT]] : tensor<1x2x20x2x16xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice
// CHECK-NOT: linalg.fill
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 1, 1, 0] [1, 2, 20, 20, 16] [1, 1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[INTERIOR]] : tensor<1x2x20x20x16xf32>)
// CHECK-NOT: tensor.pad
func.func @blocked_border(%x: tensor<1x2x20x20x16xf32>)
    -> tensor<1x2x22x23x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x20x20x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w, l) -> (n, c, h, w, l)>, affine_map<(n, c, h, w, l) -> (n, c, h, w, l)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x20x20x16xf32>) outs(%e : tensor<1x2x20x20x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x20x20x16xf32>
  %p = tensor.pad %r low[0, 0, 1, 1, 0] high[0, 0, 1, 2, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index, %m: index):
    tensor.yield %zero : f32
  } : tensor<1x2x20x20x16xf32> to tensor<1x2x22x23x16xf32>
  return %p : tensor<1x2x22x23x16xf32>
}

// -----

// The same blocks around a 7x7 image: the border is 40% of the 9x9
// tensor, and the whole of it is filled, flat.
// CHECK-LABEL: func.func @small_blocked_image
// CHECK: %[[FLAT:.*]] = tensor.empty() : tensor<2592xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[FLAT]] : tensor<2592xf32>)
// CHECK-NOT: linalg.fill
func.func @small_blocked_image(%x: tensor<1x2x7x7x16xf32>)
    -> tensor<1x2x9x9x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1, 0] high[0, 0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index, %m: index):
    tensor.yield %zero : f32
  } : tensor<1x2x7x7x16xf32> to tensor<1x2x9x9x16xf32>
  return %p : tensor<1x2x9x9x16xf32>
}
