// RUN: dlc-opt %s --dlc-cpu-pipeline="vector-width=16 threads=1" | FileCheck %s

// ONNX's control flow as the importer writes it (scf.for carrying a tensor
// and stacking a scan output, scf.if choosing between dlc ops) reaches the
// LLVM dialect: the dlc ops inside the regions lower and vectorize, the
// loop becomes a block loop, the branches a conditional branch.

// CHECK-LABEL: llvm.func @main
// CHECK-NOT: dlc.
// CHECK-NOT: scf.
// CHECK: llvm.icmp "slt"
// CHECK: llvm.fadd %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: llvm.cond_br
// CHECK: llvm.fmul %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: llvm.fneg %{{.*}} : vector<16xf32>
// CHECK: llvm.return
func.func @main(%x: tensor<4x16xf32>, %flag: tensor<i1>) -> (tensor<4x16xf32>, tensor<3x4x16xf32>, tensor<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %empty = tensor.empty() : tensor<3x4x16xf32>
  %sum:2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%v = %x, %stack = %empty) -> (tensor<4x16xf32>, tensor<3x4x16xf32>) {
    %next = dlc.add %v, %x : tensor<4x16xf32>, tensor<4x16xf32> -> tensor<4x16xf32>
    %stacked = tensor.insert_slice %next into %stack[%i, 0, 0] [1, 4, 16] [1, 1, 1] : tensor<4x16xf32> into tensor<3x4x16xf32>
    scf.yield %next, %stacked : tensor<4x16xf32>, tensor<3x4x16xf32>
  }
  %taken = tensor.extract %flag[] : tensor<i1>
  %chosen = scf.if %taken -> (tensor<4x16xf32>) {
    %twice = dlc.mul %x, %x : tensor<4x16xf32>, tensor<4x16xf32> -> tensor<4x16xf32>
    scf.yield %twice : tensor<4x16xf32>
  } else {
    %negated = dlc.neg %x : tensor<4x16xf32>
    scf.yield %negated : tensor<4x16xf32>
  }
  return %sum#0, %sum#1, %chosen : tensor<4x16xf32>, tensor<3x4x16xf32>, tensor<4x16xf32>
}
