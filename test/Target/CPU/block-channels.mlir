// RUN: dlc-opt %s --split-input-file --dlc-cpu-pack-convolutions --dlc-cpu-block-channels | FileCheck %s

#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>
#channel = affine_map<(n, c, h, w) -> (c)>

// Two layers of a convnet: convolution with bias, ReLU, 2x2 max pool, then
// a convolution and ReLU before a flatten. The first convolution writes
// blocks of 16 channels (its bias broadcast made blocked as well); the ReLU
// and the pool (a maximum of four strided slices) run on them and the
// second convolution reads them in place (channel c is lane c mod 16 of
// block c floordiv 16). The second ReLU passes no blocks on: it unblocks
// the second convolution's blocks as it goes (NCHW for the flatten).
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1 * 16 + d4)>
// CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[UNBLOCK:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 16 + d4, d2, d3)>
// CHECK-DAG: #[[OUT_BLOCKED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[IN_BLOCKED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5 floordiv 16, d2 + d6, d3 + d7, d5 mod 16)>
// CHECK-LABEL: func.func @two_layers
// CHECK: %[[B1:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID5]]]{{.*}} outs(%{{.*}} : tensor<2x2x10x10x16xf32>)
// CHECK: %[[C1:.*]] = linalg.generic {{.*}}#[[OUT_BLOCKED]]]{{.*}} outs(%[[B1]] : tensor<2x2x10x10x16xf32>) attrs = {dlc.packed_convolution
// CHECK: %[[R1:.*]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ID5]]]{{.*}} ins(%[[C1]] : tensor<2x2x10x10x16xf32>)
// CHECK: arith.maximumf
// CHECK-DAG: %[[S00:.*]] = tensor.extract_slice %[[R1]][0, 0, 0, 0, 0] [2, 2, 5, 5, 16] [1, 1, 2, 2, 1]
// CHECK-DAG: %[[S01:.*]] = tensor.extract_slice %[[R1]][0, 0, 0, 1, 0] [2, 2, 5, 5, 16] [1, 1, 2, 2, 1]
// CHECK-DAG: %[[S10:.*]] = tensor.extract_slice %[[R1]][0, 0, 1, 0, 0] [2, 2, 5, 5, 16] [1, 1, 2, 2, 1]
// CHECK-DAG: %[[S11:.*]] = tensor.extract_slice %[[R1]][0, 0, 1, 1, 0] [2, 2, 5, 5, 16] [1, 1, 2, 2, 1]
// CHECK: %[[P1:.*]] = linalg.generic {{.*}} ins(%[[S00]], %[[S01]], %[[S10]], %[[S11]] : {{.*}}) outs(%{{.*}} : tensor<2x2x5x5x16xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32, %[[D:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M0:.*]] = arith.maximumf %{{.*}}, %[[A]]
// CHECK-NEXT: %[[M1:.*]] = arith.maximumf %[[M0]], %[[B]]
// CHECK-NEXT: %[[M2:.*]] = arith.maximumf %[[M1]], %[[C]]
// CHECK-NEXT: %[[M3:.*]] = arith.maximumf %[[M2]], %[[D]]
// CHECK-NEXT: linalg.yield %[[M3]]
// CHECK: %[[C2:.*]] = linalg.generic {indexing_maps = [#[[IN_BLOCKED]], #{{.*}}, #[[OUT_BLOCKED]]]
// CHECK-SAME: ins(%[[P1]], %{{.*}} : tensor<2x2x5x5x16xf32>, tensor<2x32x3x3x16xf32>) outs(%{{.*}} : tensor<2x2x3x3x16xf32>)
// CHECK: %[[R2:.*]] = linalg.generic {indexing_maps = [#[[ID5]], #[[UNBLOCK]]]{{.*}} ins(%[[C2]] : tensor<2x2x3x3x16xf32>) outs(%{{.*}} : tensor<2x32x3x3xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.maximumf
// CHECK: tensor.collapse_shape %[[R2]]
func.func @two_layers(%x: tensor<2x3x12x12xf32>, %w1: tensor<32x3x3x3xf32>,
                      %b1: tensor<32xf32>, %w2: tensor<32x32x3x3xf32>)
    -> tensor<2x288xf32> {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant 0xFF800000 : f32
  %e1 = tensor.empty() : tensor<2x32x10x10xf32>
  %bias = linalg.generic {indexing_maps = [#channel, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b1 : tensor<32xf32>) outs(%e1 : tensor<2x32x10x10xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<2x32x10x10xf32>
  %c1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<2x3x12x12xf32>, tensor<32x3x3x3xf32>) outs(%bias : tensor<2x32x10x10xf32>) -> tensor<2x32x10x10xf32>
  %re1 = tensor.empty() : tensor<2x32x10x10xf32>
  %r1 = linalg.generic {indexing_maps = [#identity, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1 : tensor<2x32x10x10xf32>) outs(%re1 : tensor<2x32x10x10xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x32x10x10xf32>
  %window = tensor.empty() : tensor<2x2xf32>
  %pe = tensor.empty() : tensor<2x32x5x5xf32>
  %pf = linalg.fill ins(%lowest : f32) outs(%pe : tensor<2x32x5x5xf32>) -> tensor<2x32x5x5xf32>
  %p1 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%r1, %window : tensor<2x32x10x10xf32>, tensor<2x2xf32>) outs(%pf : tensor<2x32x5x5xf32>) -> tensor<2x32x5x5xf32>
  %e2 = tensor.empty() : tensor<2x32x3x3xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x32x3x3xf32>) -> tensor<2x32x3x3xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p1, %w2 : tensor<2x32x5x5xf32>, tensor<32x32x3x3xf32>) outs(%f2 : tensor<2x32x3x3xf32>) -> tensor<2x32x3x3xf32>
  %re2 = tensor.empty() : tensor<2x32x3x3xf32>
  %r2 = linalg.generic {indexing_maps = [#identity, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c2 : tensor<2x32x3x3xf32>) outs(%re2 : tensor<2x32x3x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x32x3x3xf32>
  %flat = tensor.collapse_shape %r2 [[0], [1, 2, 3]] : tensor<2x32x3x3xf32> into tensor<2x288xf32>
  return %flat : tensor<2x288xf32>
}

// -----

#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>

// The ReLU's result is read twice (a training step keeps it for the
// backward pass), so no chain of blocks goes through it: the convolution
// still writes blocks (copying its initial tensor into blocks), and the
// ReLU unblocks them as it goes, for the pool and the caller.
// CHECK-LABEL: func.func @shared_activation
// CHECK: %[[CONV:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x4x16xf32>) attrs = {dlc.packed_convolution
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x1x4x4x16xf32>) outs(%{{.*}} : tensor<1x16x4x4xf32>)
// CHECK: linalg.pooling_nchw_max {{.*}} ins(%[[RELU]],
// CHECK: return %{{.*}}, %[[RELU]]
func.func @shared_activation(%x: tensor<1x3x6x6xf32>, %w: tensor<16x3x3x3xf32>,
                             %init: tensor<1x16x4x4xf32>)
    -> (tensor<1x16x2x2xf32>, tensor<1x16x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant 0xFF800000 : f32
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x3x6x6xf32>, tensor<16x3x3x3xf32>) outs(%init : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %re = tensor.empty() : tensor<1x16x4x4xf32>
  %r = linalg.generic {indexing_maps = [#identity, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x16x4x4xf32>) outs(%re : tensor<1x16x4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x16x4x4xf32>
  %window = tensor.empty() : tensor<2x2xf32>
  %pe = tensor.empty() : tensor<1x16x2x2xf32>
  %pf = linalg.fill ins(%lowest : f32) outs(%pe : tensor<1x16x2x2xf32>) -> tensor<1x16x2x2xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%r, %window : tensor<1x16x4x4xf32>, tensor<2x2xf32>) outs(%pf : tensor<1x16x2x2xf32>) -> tensor<1x16x2x2xf32>
  return %p, %r : tensor<1x16x2x2xf32>, tensor<1x16x4x4xf32>
}

// -----

// A pool of 1-D sums whose result is returned: the convolution writes
// blocks and accumulates into a copy of its initial tensor in blocks (no
// fill or broadcast to remake), and the pool's blocked result is unblocked
// (channel c of the result is lane c mod 16 of block c floordiv 16).
// CHECK-DAG: #[[TO_BLOCKED:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 * 16 + d3, d2)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @sum_pool_result
// CHECK-SAME: %[[INIT:[a-z0-9]+]]: tensor<1x32x8xf32>
// CHECK: %[[BLOCKED_INIT:.*]] = linalg.generic {indexing_maps = [#[[TO_BLOCKED]], #[[ID4]]]{{.*}} ins(%[[INIT]] : tensor<1x32x8xf32>) outs(%{{.*}} : tensor<1x2x8x16xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {{.*}} outs(%[[BLOCKED_INIT]] : tensor<1x2x8x16xf32>) attrs = {dlc.packed_convolution
// CHECK: %[[SLICE0:.*]] = tensor.extract_slice %[[CONV]][0, 0, 0, 0] [1, 2, 7, 16] [1, 1, 1, 1]
// CHECK: %[[SLICE1:.*]] = tensor.extract_slice %[[CONV]][0, 0, 1, 0] [1, 2, 7, 16] [1, 1, 1, 1]
// CHECK: %[[POOL:.*]] = linalg.generic {{.*}} ins(%[[SLICE0]], %[[SLICE1]] : {{.*}}) outs(%{{.*}} : tensor<1x2x7x16xf32>)
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK: %[[UNBLOCKED:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[TO_BLOCKED]]]{{.*}} ins(%[[POOL]] : tensor<1x2x7x16xf32>) outs(%{{.*}} : tensor<1x32x7xf32>)
// CHECK: return %[[UNBLOCKED]]
func.func @sum_pool_result(%x: tensor<1x4x10xf32>, %w: tensor<32x4x3xf32>,
                           %init: tensor<1x32x8xf32>) -> tensor<1x32x7xf32> {
  %zero = arith.constant 0.0 : f32
  %c = linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%x, %w : tensor<1x4x10xf32>, tensor<32x4x3xf32>) outs(%init : tensor<1x32x8xf32>) -> tensor<1x32x8xf32>
  %window = tensor.empty() : tensor<2xf32>
  %pe = tensor.empty() : tensor<1x32x7xf32>
  %pf = linalg.fill ins(%zero : f32) outs(%pe : tensor<1x32x7xf32>) -> tensor<1x32x7xf32>
  %p = linalg.pooling_ncw_sum {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%c, %window : tensor<1x32x8xf32>, tensor<2xf32>) outs(%pf : tensor<1x32x7xf32>) -> tensor<1x32x7xf32>
  return %p : tensor<1x32x7xf32>
}

// -----

#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>
#channel = affine_map<(n, c, h, w) -> (c)>

// MobileNet's block: a 1x1 convolution and ReLU, a depthwise convolution
// over zero-padded input with bias and ReLU, a 1x1 convolution. The first
// convolution writes blocks; they are padded as blocks (spatial dimensions
// only). The depthwise convolution is elementwise over its blocked output:
// the bias, one strided slice of the padded blocks and one vector of
// weights per window offset (the filter blocked to (C/16, 3, 3, 16)), then
// the ReLU, all in one op. The last convolution reads its result in place.
// CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1 * 16 + d4)>
// CHECK-DAG: #[[WEIGHTS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 * 16 + d3, d1, d2)>
// CHECK-DAG: #[[IN_BLOCKED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5 floordiv 16, d2 + d6, d3 + d7, d5 mod 16)>
// CHECK-LABEL: func.func @depthwise_between_convolutions
// CHECK-SAME: %[[WD:[a-z0-9]+]]: tensor<32x3x3xf32>, %[[BD:[a-z0-9]+]]: tensor<32xf32>
// CHECK: %[[C1:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x7x7x16xf32>) attrs = {dlc.packed_convolution
// CHECK: %[[R1:.*]] = linalg.generic {{.*}} ins(%[[C1]] : tensor<1x2x7x7x16xf32>)
// CHECK: %[[PADDED:.*]] = tensor.pad %[[R1]] low[0, 0, 1, 1, 0] high[0, 0, 1, 1, 0]
// CHECK: } : tensor<1x2x7x7x16xf32> to tensor<1x2x9x9x16xf32>
// CHECK: %[[BLOCKED_FILTER:.*]] = linalg.generic {indexing_maps = [#[[FILTER]], {{.*}} ins(%[[WD]] : tensor<32x3x3xf32>) outs(%{{.*}} : tensor<2x3x3x16xf32>)
// CHECK: %[[W00:.*]] = tensor.extract_slice %[[BLOCKED_FILTER]][0, 0, 0, 0] [2, 1, 1, 16] [1, 1, 1, 1] : tensor<2x3x3x16xf32> to tensor<2x16xf32>
// CHECK-COUNT-8: tensor.extract_slice %[[BLOCKED_FILTER]]
// CHECK: %[[S00:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 0, 0, 0] [1, 2, 4, 4, 16] [1, 1, 2, 2, 1]
// CHECK-COUNT-7: tensor.extract_slice %[[PADDED]]
// CHECK: %[[S22:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 2, 2, 0] [1, 2, 4, 4, 16] [1, 1, 2, 2, 1]
// CHECK: %[[DW:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID5]], #[[ID5]], #[[ID5]], #[[ID5]], #[[ID5]], #[[ID5]], #[[ID5]], #[[ID5]], #[[ID5]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[WEIGHTS]], #[[ID5]]]
// CHECK-SAME: ins(%[[BD]], %[[S00]], {{.*}}, %[[S22]], %[[W00]], {{.*}}) outs(%{{.*}} : tensor<1x2x4x4x16xf32>)
// CHECK-NEXT: ^bb0(%[[B:[a-z0-9_]+]]: f32, %[[X00:[a-z0-9_]+]]: f32, {{.*}}: f32):
// CHECK-NEXT: %[[P00:.*]] = arith.mulf %[[X00]], %[[W00_:[a-z0-9_]+]]
// CHECK-NEXT: %[[SUM00:.*]] = arith.addf %[[B]], %[[P00]]
// CHECK-COUNT-8: arith.mulf
// CHECK: %[[RELU:.*]] = arith.maximumf
// CHECK-NEXT: linalg.yield %[[RELU]]
// CHECK: linalg.generic {indexing_maps = [#[[IN_BLOCKED]], {{.*}} ins(%[[DW]], %{{.*}} : tensor<1x2x4x4x16xf32>, tensor<1x32x1x1x16xf32>)
func.func @depthwise_between_convolutions(
    %x: tensor<1x8x7x7xf32>, %w1: tensor<32x8x1x1xf32>,
    %wd: tensor<32x3x3xf32>, %bd: tensor<32xf32>, %w2: tensor<16x32x1x1xf32>)
    -> tensor<1x16x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x32x7x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  %c1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<1x8x7x7xf32>, tensor<32x8x1x1xf32>) outs(%f1 : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  %re1 = tensor.empty() : tensor<1x32x7x7xf32>
  %r1 = linalg.generic {indexing_maps = [#identity, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1 : tensor<1x32x7x7xf32>) outs(%re1 : tensor<1x32x7x7xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x7x7xf32>
  %padded = tensor.pad %r1 low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %zero : f32
  } : tensor<1x32x7x7xf32> to tensor<1x32x9x9xf32>
  %ed = tensor.empty() : tensor<1x32x4x4xf32>
  %bias = linalg.generic {indexing_maps = [#channel, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bd : tensor<32xf32>) outs(%ed : tensor<1x32x4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<1x32x4x4xf32>
  %d = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%padded, %wd : tensor<1x32x9x9xf32>, tensor<32x3x3xf32>) outs(%bias : tensor<1x32x4x4xf32>) -> tensor<1x32x4x4xf32>
  %rde = tensor.empty() : tensor<1x32x4x4xf32>
  %rd = linalg.generic {indexing_maps = [#identity, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%d : tensor<1x32x4x4xf32>) outs(%rde : tensor<1x32x4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x4x4xf32>
  %e2 = tensor.empty() : tensor<1x16x4x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%rd, %w2 : tensor<1x32x4x4xf32>, tensor<16x32x1x1xf32>) outs(%f2 : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c2 : tensor<1x16x4x4xf32>
}

// -----

#identity = affine_map<(n, c, h, w) -> (n, c, h, w)>

// A depthwise convolution whose result no window op reads (it is
// returned) stays as it is: blocking it would only add an unblock copy.
// CHECK-LABEL: func.func @depthwise_result
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: linalg.depthwise_conv_2d_nchw_chw
func.func @depthwise_result(%x: tensor<1x8x7x7xf32>, %w1: tensor<32x8x1x1xf32>,
                            %wd: tensor<32x3x3xf32>) -> tensor<1x32x7x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x32x7x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  %c1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<1x8x7x7xf32>, tensor<32x8x1x1xf32>) outs(%f1 : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  %re1 = tensor.empty() : tensor<1x32x7x7xf32>
  %r1 = linalg.generic {indexing_maps = [#identity, #identity], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1 : tensor<1x32x7x7xf32>) outs(%re1 : tensor<1x32x7x7xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x7x7xf32>
  %padded = tensor.pad %r1 low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %zero : f32
  } : tensor<1x32x7x7xf32> to tensor<1x32x9x9xf32>
  %ed = tensor.empty() : tensor<1x32x7x7xf32>
  %fd = linalg.fill ins(%zero : f32) outs(%ed : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  %d = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%padded, %wd : tensor<1x32x9x9xf32>, tensor<32x3x3xf32>) outs(%fd : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  return %d : tensor<1x32x7x7xf32>
}
