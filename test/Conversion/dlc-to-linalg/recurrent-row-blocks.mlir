// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg=recurrent-row-blocks=3 | FileCheck %s

// 48 batch rows in 3 blocks of 16: an scf.forall over the blocks shares the
// initial state and Y; each block takes its rows of the step inputs
// ([5, 48, 4] -> [5, 16, 4]), of the sequence lengths, of H and of Y, runs
// the whole time loop on them and puts its H and Y rows back.
// CHECK-LABEL: func.func @rnn_row_blocks
// CHECK-DAG: %[[LENS:.*]] = tensor.expand_shape %{{.*}} output_shape [48, 1]
// CHECK-DAG: %[[STEPS:.*]] = tensor.expand_shape %{{.*}} output_shape [5, 48, 4]
// CHECK: %[[H0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<48x4xf32>)
// CHECK: %[[BLOCKS:.*]]:2 = scf.forall (%[[BLOCK:.*]]) in (3) shared_outs(%[[H:.*]] = %[[H0]], %[[Y:.*]] = %{{.*}}) -> (tensor<48x4xf32>, tensor<5x1x48x4xf32>) {
// CHECK: %[[ROW:.*]] = arith.muli %[[BLOCK]], %[[C16:.*]] : index
// CHECK-DAG: %[[H_ROWS:.*]] = tensor.extract_slice %[[H]][%[[ROW]], 0] [16, 4] [1, 1]
// CHECK-DAG: %[[Y_ROWS:.*]] = tensor.extract_slice %[[Y]][0, 0, %[[ROW]], 0] [5, 1, 16, 4] [1, 1, 1, 1]
// CHECK-DAG: %[[STEP_ROWS:.*]] = tensor.extract_slice %[[STEPS]][0, %[[ROW]], 0] [5, 16, 4] [1, 1, 1]
// CHECK-DAG: %[[LENS_ROWS:.*]] = tensor.extract_slice %[[LENS]][%[[ROW]], 0] [16, 1] [1, 1]
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[T:.*]] = {{.*}} iter_args(%[[HT:.*]] = %[[H_ROWS]], %[[YT:.*]] = %[[Y_ROWS]]) -> (tensor<16x4xf32>, tensor<5x1x16x4xf32>)
// CHECK: tensor.extract_slice %[[STEP_ROWS]][%[[T]], 0, 0] [1, 16, 4]
// CHECK: linalg.matmul ins(%[[HT]], %{{.*}} : tensor<16x4xf32>, tensor<4x4xf32>)
// CHECK: ins(%[[LENS_ROWS]], %{{.*}} : tensor<16x1xi32>, tensor<16x4xf32>)
// CHECK: scf.forall.in_parallel
// CHECK-DAG: tensor.parallel_insert_slice %[[LOOP]]#0 into %[[H]][%[[ROW]], 0] [16, 4] [1, 1]
// CHECK-DAG: tensor.parallel_insert_slice %[[LOOP]]#1 into %[[Y]][0, 0, %[[ROW]], 0] [5, 1, 16, 4] [1, 1, 1, 1]
// CHECK: tensor.insert_slice %[[BLOCKS]]#0 into %{{.*}}[0, 0, 0] [1, 48, 4]
// CHECK: return %[[BLOCKS]]#1
func.func @rnn_row_blocks(%x: tensor<5x48x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %lens: tensor<48xi32>) -> (tensor<5x1x48x4xf32>, tensor<1x48x4xf32>) {
  %y, %yh = dlc.rnn %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64} : (tensor<5x48x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<48xi32>) -> (tensor<5x1x48x4xf32>, tensor<1x48x4xf32>)
  return %y, %yh : tensor<5x1x48x4xf32>, tensor<1x48x4xf32>
}

// -----

// 20 rows make no blocks of whole multiples of 8 rows: one time loop.
// CHECK-LABEL: func.func @rnn_rows_not_in_blocks
// CHECK-NOT: scf.forall
// CHECK: scf.for
// CHECK-SAME: -> (tensor<20x4xf32>, tensor<5x1x20x4xf32>)
func.func @rnn_rows_not_in_blocks(%x: tensor<5x20x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> (tensor<5x1x20x4xf32>, tensor<1x20x4xf32>) {
  %y, %yh = dlc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<5x20x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x20x4xf32>, tensor<1x20x4xf32>)
  return %y, %yh : tensor<5x1x20x4xf32>, tensor<1x20x4xf32>
}
