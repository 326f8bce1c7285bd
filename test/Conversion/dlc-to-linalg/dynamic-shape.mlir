// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg -verify-diagnostics

// The lowering emits static shapes only; an unbound batch dimension is
// reported at the first op that has it.
func.func @dynamic_batch(%x: tensor<?x784xf32>, %w: tensor<784x10xf32>) -> tensor<?x10xf32> {
  // expected-error @+1 {{cannot lower an op with a dynamic shape ('tensor<?x784xf32>'); bind the input shapes first (dlc-shape-inference{input-shapes=...})}}
  %0 = dlc.matmul %x, %w : tensor<?x784xf32>, tensor<784x10xf32> -> tensor<?x10xf32>
  %1 = dlc.relu %0 : tensor<?x10xf32>
  return %1 : tensor<?x10xf32>
}

// -----

// Static dlc ops before it do not hide a dynamic one.
func.func @dynamic_later(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dlc.relu %x : tensor<4x8xf32>
  %1 = tensor.cast %0 : tensor<4x8xf32> to tensor<?x8xf32>
  // expected-error @+1 {{cannot lower an op with a dynamic shape ('tensor<?x8xf32>')}}
  %2 = dlc.exp %1 : tensor<?x8xf32>
  %3 = tensor.cast %2 : tensor<?x8xf32> to tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}
