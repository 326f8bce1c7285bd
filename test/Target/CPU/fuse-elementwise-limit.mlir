// A chain of 300 tanh ops fuses into bodies of at most 256 ops, not into
// one: fusing copies the producer's body into the consumer's, so one body
// for a chain of N ops would take O(N^2) (dlc-deep-graph.test runs 30,000).
// RUN: %python -c "print('func.func @chain(%%v0: tensor<64xf32>) -> tensor<64xf32> {'); [print(f'  %%v{i + 1} = dlc.tanh %%v{i} : tensor<64xf32>') for i in range(300)]; print('  return %%v300 : tensor<64xf32>'); print('}')" > %t.mlir
// RUN: dlc-opt %t.mlir --convert-dlc-to-linalg --dlc-cpu-fuse-elementwise | FileCheck %s
// CHECK-LABEL: func.func @chain
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: return
