// RUN: dlc-opt %s --split-input-file --dlc-strided-copies-to-linalg | FileCheck %s

// A copy into the interior of a padded buffer (a strided view) becomes a
// linalg.copy, compiled in place, rather than a call to MLIR's runtime
// memrefCopy; a copy of contiguous memory stays (it lowers to memcpy).
// CHECK-LABEL: func.func @pad_interior
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: linalg.copy ins(%{{.*}} : memref<1x8x14x14xf32>) outs(%[[VIEW]] : memref<1x8x14x14xf32, strided<[2048, 256, 16, 1], offset: 17>>)
// CHECK-NOT: memref.copy %{{.*}}, %[[VIEW]]
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<1x8x14x14xf32> to memref<1x8x14x14xf32>
func.func @pad_interior(%x: memref<1x8x14x14xf32>, %padded: memref<1x8x16x16xf32>, %out: memref<1x8x14x14xf32>) {
  %view = memref.subview %padded[0, 0, 1, 1] [1, 8, 14, 14] [1, 1, 1, 1] : memref<1x8x16x16xf32> to memref<1x8x14x14xf32, strided<[2048, 256, 16, 1], offset: 17>>
  memref.copy %x, %view : memref<1x8x14x14xf32> to memref<1x8x14x14xf32, strided<[2048, 256, 16, 1], offset: 17>>
  memref.copy %x, %out : memref<1x8x14x14xf32> to memref<1x8x14x14xf32>
  return
}

// -----

// A contiguous view (whole rows of a slice) still copies as one block.
// CHECK-LABEL: func.func @contiguous_view
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous_view(%x: memref<2x16xf32>, %big: memref<4x16xf32>) {
  %view = memref.subview %big[1, 0] [2, 16] [1, 1] : memref<4x16xf32> to memref<2x16xf32, strided<[16, 1], offset: 16>>
  memref.copy %x, %view : memref<2x16xf32> to memref<2x16xf32, strided<[16, 1], offset: 16>>
  return
}
