// RUN: dlc-opt %s --split-input-file --verify-diagnostics --dlc-cpu-tile-and-vectorize

// A hand-written configuration that cuts a packed convolution's reduction
// (here its input channels, loop 5) is an error: each part would start
// again from the initial value that joins the tile.
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d2 + d6, d3 + d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d6, d7, d4)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 16 + d4, d2, d3)>
func.func @cut_reduction(%x: tensor<1x32x9x9xf32>, %w: tensor<1x32x3x3x16xf32>, %init: tensor<1x16x7x7xf32>) -> tensor<1x16x7x7xf32> {
  // expected-error @+1 {{packed convolution must keep its reduction loop 5 whole (tile 0)}}
  %0 = linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x32x9x9xf32>, tensor<1x32x3x3x16xf32>) outs(%init : tensor<1x16x7x7xf32>) attrs = {dlc.lowering_config = {vector = array<i64: 1, 1, 1, 7, 0, 8, 0, 0>}, dlc.packed_convolution = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %1 = arith.mulf %a, %b : f32
    %2 = arith.addf %c, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<1x16x7x7xf32>
  return %0 : tensor<1x16x7x7xf32>
}

// -----

// A register tile of more than one image is an error of the vectorizer.
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d2 + d6, d3 + d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d6, d7, d4)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 16 + d4, d2, d3)>
func.func @two_images(%x: tensor<2x32x9x9xf32>, %w: tensor<1x32x3x3x16xf32>, %init: tensor<2x16x7x7xf32>) -> tensor<2x16x7x7xf32> {
  // expected-error @+1 {{packed convolution tile must be one image and whole blocks of output channels}}
  %0 = linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<2x32x9x9xf32>, tensor<1x32x3x3x16xf32>) outs(%init : tensor<2x16x7x7xf32>) attrs = {dlc.lowering_config = {vector = array<i64: 2, 1, 1, 7, 0, 0, 0, 0>}, dlc.packed_convolution = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %1 = arith.mulf %a, %b : f32
    %2 = arith.addf %c, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<2x16x7x7xf32>
  return %0 : tensor<2x16x7x7xf32>
}

// -----

// A tile written by hand with more output positions (20) than lanes (16).
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d2 + d6, d3 + d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d6, d7, d4)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 16 + d4, d2, d3)>
func.func @wider_than_lanes(%x: tensor<1x8x3x22xf32>, %w: tensor<1x8x3x3x16xf32>, %init: tensor<1x16x1x20xf32>) -> tensor<1x16x1x20xf32> {
  // expected-error @+1 {{packed convolution tile has 20 output positions, more than its 16 lanes}}
  %0 = linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x3x22xf32>, tensor<1x8x3x3x16xf32>) outs(%init : tensor<1x16x1x20xf32>) attrs = {dlc.lowering_config = {vector = array<i64: 1, 1, 1, 20, 0, 0, 0, 0>}, dlc.packed_convolution = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %1 = arith.mulf %a, %b : f32
    %2 = arith.addf %c, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<1x16x1x20xf32>
  return %0 : tensor<1x16x1x20xf32>
}
