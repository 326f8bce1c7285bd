// RUN: dlc-opt %s --split-input-file --verify-diagnostics \
// RUN:   --dlc-training-functions="loss=sparse_categorical_crossentropy optimizer=sgd metrics=accuracy data-parallel=true" \
// RUN:   | FileCheck %s

// Each process trains on its share of the batch. Between the backward pass
// and the update, one dlc.all_reduce sums the gradients, the loss and the
// metric, each weighted by the process's count of samples, with the
// counts; the update and the results use the sums over the total count.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[W:[a-z0-9]+]]: tensor<4x3xf32> {dlc.name = "w"}
// CHECK-SAME: %[[B:[a-z0-9]+]]: tensor<3xf32> {dlc.name = "b"}
// CHECK-SAME: %[[MASK:[a-z0-9]+]]: tensor<8xf32> {dlc.name = "sample_mask"}
// CHECK-SAME: %[[LR:[a-z0-9]+]]: tensor<f32> {dlc.name = "learning_rate"}
// The weight's gradient, the last of the backward pass, then the count.
// CHECK: dlc.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x3xf32>
// CHECK-NEXT: %[[COUNT:.*]] = dlc.reduce_sum %[[MASK]] {{.*}} -> tensor<f32>
// CHECK: %[[GW:.*]] = dlc.mul %{{.*}}, %[[COUNT]] : tensor<4x3xf32>, tensor<f32>
// CHECK: %[[GB:.*]] = dlc.mul %{{.*}}, %[[COUNT]] : tensor<3xf32>, tensor<f32>
// CHECK: %[[LOSS:.*]] = dlc.mul %{{.*}}, %[[COUNT]] : tensor<f32>, tensor<f32>
// CHECK: %[[ACCURACY:.*]] = dlc.mul %{{.*}}, %[[COUNT]] : tensor<f32>, tensor<f32>
// CHECK: %[[SUMS:.*]]:5 = dlc.all_reduce %[[GW]], %[[GB]], %[[LOSS]], %[[ACCURACY]], %[[COUNT]] : tensor<4x3xf32>, tensor<3xf32>, tensor<f32>, tensor<f32>, tensor<f32>
// CHECK-DAG: %[[MEAN_GW:.*]] = dlc.div %[[SUMS]]#0, %[[SUMS]]#4
// CHECK-DAG: %[[MEAN_GB:.*]] = dlc.div %[[SUMS]]#1, %[[SUMS]]#4
// CHECK-DAG: %[[MEAN_LOSS:.*]] = dlc.div %[[SUMS]]#2, %[[SUMS]]#4
// CHECK-DAG: %[[MEAN_ACCURACY:.*]] = dlc.div %[[SUMS]]#3, %[[SUMS]]#4
// CHECK-DAG: %[[STEP_W:.*]] = dlc.mul %[[MEAN_GW]], %[[LR]]
// CHECK-DAG: %[[NEW_W:.*]] = dlc.sub %[[W]], %[[STEP_W]]
// CHECK-DAG: %[[STEP_B:.*]] = dlc.mul %[[MEAN_GB]], %[[LR]]
// CHECK-DAG: %[[NEW_B:.*]] = dlc.sub %[[B]], %[[STEP_B]]
// CHECK: return %[[NEW_W]], %[[NEW_B]], %[[MEAN_LOSS]], %[[MEAN_ACCURACY]]
// Evaluation stays local: each process evaluates what it is given.
// CHECK-LABEL: func.func @evaluate
// CHECK-NOT: dlc.all_reduce
func.func @main(%x: tensor<8x4xf32> {dlc.name = "x"},
                %w: tensor<4x3xf32> {dlc.name = "w", dlc.parameter},
                %b: tensor<3xf32> {dlc.name = "b", dlc.parameter})
    -> (tensor<8x3xf32> {dlc.name = "probabilities"}) {
  %0 = dlc.matmul %x, %w : tensor<8x4xf32>, tensor<4x3xf32> -> tensor<8x3xf32>
  %1 = dlc.add %0, %b : tensor<8x3xf32>, tensor<3xf32> -> tensor<8x3xf32>
  %2 = dlc.softmax %1 {axis = -1} : tensor<8x3xf32>
  return %2 : tensor<8x3xf32>
}

// -----

// Batch normalization's moving statistics are averaged like the gradients,
// so that every process keeps the same weights.
// CHECK-LABEL: func.func @train_step
// CHECK: %[[MOVING_MEAN:.*]] = dlc.add {{.*}} : tensor<3xf32>, tensor<3xf32>
// CHECK: %[[MOVING_VARIANCE:.*]] = dlc.add {{.*}} : tensor<3xf32>, tensor<3xf32>
// CHECK: %[[MEAN_SHARE:.*]] = dlc.mul %[[MOVING_MEAN]], %[[COUNT:[0-9]+]] : tensor<3xf32>, tensor<f32>
// CHECK-NEXT: %[[VARIANCE_SHARE:.*]] = dlc.mul %[[MOVING_VARIANCE]], %[[COUNT]]
// CHECK: %[[SUMS:.*]]:7 = dlc.all_reduce %{{.*}}, %{{.*}}, %[[MEAN_SHARE]], %[[VARIANCE_SHARE]], %{{.*}}, %{{.*}}, %[[COUNT]]
// CHECK: %[[MEAN:.*]] = dlc.div %[[SUMS]]#2, %[[SUMS]]#6
// CHECK: %[[VARIANCE:.*]] = dlc.div %[[SUMS]]#3, %[[SUMS]]#6
// CHECK: return %{{.*}}, %{{.*}}, %[[MEAN]], %[[VARIANCE]],
func.func @main(%x: tensor<4x3x5xf32> {dlc.name = "x"},
                %scale: tensor<3xf32> {dlc.name = "scale", dlc.parameter},
                %bias: tensor<3xf32> {dlc.name = "bias", dlc.parameter},
                %mean: tensor<3xf32> {dlc.name = "mean", dlc.parameter},
                %var: tensor<3xf32> {dlc.name = "variance", dlc.parameter})
    -> tensor<4x15xf32> {
  %0 = dlc.batch_norm %x, %scale, %bias, %mean, %var : (tensor<4x3x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3x5xf32>
  %1 = dlc.flatten %0 {axis = 1 : i64} : tensor<4x3x5xf32> -> tensor<4x15xf32>
  return %1 : tensor<4x15xf32>
}

// -----

// The runtime sums f32 buffers.
// expected-error @+1 {{data-parallel training averages f32 values, got 'tensor<2x3xf64>'}}
func.func @main(%x: tensor<8x2xf64> {dlc.name = "x"},
                %w: tensor<2x3xf64> {dlc.name = "w", dlc.parameter})
    -> tensor<8x3xf64> {
  %0 = dlc.matmul %x, %w : tensor<8x2xf64>, tensor<2x3xf64> -> tensor<8x3xf64>
  %1 = dlc.softmax %0 {axis = -1} : tensor<8x3xf64>
  return %1 : tensor<8x3xf64>
}
