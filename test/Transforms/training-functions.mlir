// RUN: dlc-opt %s --split-input-file --verify-diagnostics \
// RUN:   --dlc-training-functions="loss=sparse_categorical_crossentropy optimizer=rmsprop metrics=accuracy" \
// RUN:   | FileCheck %s

// A softmax classifier with dropout. The loss reads the softmax's input
// (log-softmax of the logits, the stable form); the train step takes the
// optimizer state, a mask of the batch's real samples and a dropout seed,
// and returns the updated weights and state, the loss and the metric.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[W:[a-z0-9]+]]: tensor<4x3xf32> {dlc.name = "w"}
// CHECK-SAME: %[[RMS:[a-z0-9]+]]: tensor<4x3xf32> {dlc.name = "w/rms"}
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<8x4xf32> {dlc.name = "x"}
// CHECK-SAME: %[[LABELS:[a-z0-9]+]]: tensor<8xi64> {dlc.name = "labels"}
// CHECK-SAME: %[[MASK:[a-z0-9]+]]: tensor<8xf32> {dlc.name = "sample_mask"}
// CHECK-SAME: %[[LR:[a-z0-9]+]]: tensor<f32> {dlc.name = "learning_rate"}
// CHECK-SAME: %{{[a-z0-9]+}}: tensor<f32> {dlc.name = "iteration"}
// CHECK-SAME: %[[SEED:[a-z0-9]+]]: tensor<i64> {dlc.name = "seed"}
// CHECK-SAME: -> (tensor<4x3xf32> {dlc.name = "w"}, tensor<4x3xf32> {dlc.name = "w/rms"}, tensor<f32> {dlc.name = "loss"}, tensor<f32> {dlc.name = "accuracy"})
// CHECK: %[[DROPPED:.*]] = dlc.dropout %[[X]], %[[SEED]] : tensor<i64> {ratio = 5.000000e-01 : f32, stream = 7 : i64}
// CHECK: %[[LOGITS:.*]] = dlc.matmul %[[DROPPED]], %[[W]]
// CHECK: dlc.one_hot %[[LABELS]] {depth = 3 : i64, dtype = f32}
// CHECK: dlc.log_softmax %[[LOGITS]]
// The loss and the accuracy count the samples the mask keeps.
// CHECK: %[[KEPT:.*]] = dlc.mul %{{.*}}, %[[MASK]] : tensor<8xf32>, tensor<8xf32>
// CHECK: %[[TOTAL:.*]] = dlc.reduce_sum %[[KEPT]]
// CHECK: %[[COUNT:.*]] = dlc.reduce_sum %[[MASK]]
// CHECK: dlc.div %[[TOTAL]], %[[COUNT]]
// CHECK: dlc.argmax
// The weight gradient, then RMSprop: rms' = 0.9 rms + 0.1 g^2.
// CHECK: %[[XT:.*]] = dlc.transpose %[[DROPPED]]
// CHECK: %[[G:.*]] = dlc.matmul %[[XT]]
// CHECK: dlc.mul %[[G]], %[[LR]]
// CHECK: dlc.mul %[[G]], %[[G]]
// CHECK: dlc.mul %[[RMS]]
// CHECK: dlc.sqrt
// CHECK: return

// Evaluation has no seed: its dropout stays the identity.
// CHECK-LABEL: func.func @evaluate
// CHECK-SAME: tensor<8xf32> {dlc.name = "sample_mask"}
// CHECK-SAME: -> (tensor<f32> {dlc.name = "loss"}, tensor<f32> {dlc.name = "accuracy"})
// CHECK: dlc.dropout %{{[a-z0-9]+}} {ratio = 5.000000e-01 : f32, stream = 7 : i64}
func.func @main(%x: tensor<8x4xf32> {dlc.name = "x"},
                %w: tensor<4x3xf32> {dlc.name = "w", dlc.parameter})
    -> (tensor<8x3xf32> {dlc.name = "probabilities"}) {
  %0 = dlc.dropout %x {ratio = 0.5 : f32, stream = 7} : tensor<8x4xf32>
  %1 = dlc.matmul %0, %w : tensor<8x4xf32>, tensor<4x3xf32> -> tensor<8x3xf32>
  %2 = dlc.softmax %1 {axis = -1} : tensor<8x3xf32>
  return %2 : tensor<8x3xf32>
}

// -----

// Noise (a variational autoencoder's sampling) draws from the step's seed,
// a fresh sample every step; evaluation keeps the fixed sample.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[SEED:[a-z0-9]+]]: tensor<i64> {dlc.name = "seed"}
// CHECK: dlc.random_normal %{{[a-z0-9]+}}, %[[SEED]] : tensor<i64> {mean = 0.000000e+00 : f32, scale = 1.000000e+00 : f32, stream = 5 : i64}
// CHECK-LABEL: func.func @evaluate
// CHECK: dlc.random_normal %{{[a-z0-9]+}} {mean = 0.000000e+00 : f32, scale = 1.000000e+00 : f32, stream = 5 : i64}
func.func @main(%x: tensor<8x4xf32> {dlc.name = "x"},
                %w: tensor<4x3xf32> {dlc.name = "w", dlc.parameter})
    -> (tensor<8x3xf32> {dlc.name = "probabilities"}) {
  %n = dlc.random_normal %x {mean = 0.0 : f32, scale = 1.0 : f32, stream = 5} : tensor<8x4xf32>
  %0 = dlc.add %x, %n : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = dlc.matmul %0, %w : tensor<8x4xf32>, tensor<4x3xf32> -> tensor<8x3xf32>
  %2 = dlc.softmax %1 {axis = -1} : tensor<8x3xf32>
  return %2 : tensor<8x3xf32>
}

// -----

// expected-error @+1 {{training needs static shapes; bind the input shapes first, got 'tensor<?x4xf32>'}}
func.func @main(%x: tensor<?x4xf32> {dlc.name = "x"},
                %w: tensor<4x3xf32> {dlc.name = "w", dlc.parameter})
    -> tensor<?x3xf32> {
  %0 = dlc.matmul %x, %w : tensor<?x4xf32>, tensor<4x3xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Batch normalization trains on the batch's statistics; the stored ones are
// not updated by the optimizer but become moving averages (momentum 0.9).
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[MEAN:[a-z0-9]+]]: tensor<3xf32> {dlc.name = "mean"}
// CHECK: %[[BATCH_MEAN:.*]] = dlc.reduce_mean %{{.*}} {axes = array<i64: 0, 2>} : tensor<4x3x5xf32> -> tensor<1x3x1xf32>
// CHECK: %[[FLAT:.*]] = dlc.reshape %[[BATCH_MEAN]] {shape = array<i64: 3>}
// CHECK-NOT: dlc.batch_norm
// CHECK: %[[OLD:.*]] = dlc.mul %[[MEAN]], %{{.*}} : tensor<3xf32>, tensor<f32>
// CHECK: %[[NEW:.*]] = dlc.mul %[[FLAT]], %{{.*}} : tensor<3xf32>, tensor<f32>
// CHECK: %[[MOVING:.*]] = dlc.add %[[OLD]], %[[NEW]]
// CHECK: return {{.*}}%[[MOVING]]
func.func @main(%x: tensor<4x3x5xf32> {dlc.name = "x"},
                %scale: tensor<3xf32> {dlc.name = "scale", dlc.parameter},
                %bias: tensor<3xf32> {dlc.name = "bias", dlc.parameter},
                %mean: tensor<3xf32> {dlc.name = "mean", dlc.parameter},
                %var: tensor<3xf32> {dlc.name = "variance", dlc.parameter})
    -> tensor<4x3x5xf32> {
  %0 = dlc.batch_norm %x, %scale, %bias, %mean, %var : (tensor<4x3x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3x5xf32>
  return %0 : tensor<4x3x5xf32>
}
