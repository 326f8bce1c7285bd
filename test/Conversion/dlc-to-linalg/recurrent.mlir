// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg | FileCheck %s

// The input projection X Wᵀ + Wb + Rb of all 5 steps is one matmul before
// the loop; the loop carries H and Y, multiplies H by Rᵀ, applies tanh, copies
// the new state into the carried buffer (so it bufferizes in place) and
// writes Y[t, 0].
// CHECK-LABEL: func.func @rnn_forward
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[W:.*]]: tensor<1x4x3xf32>, %[[R:.*]]: tensor<1x4x4xf32>, %[[B:.*]]: tensor<1x8xf32>)
// CHECK-DAG: %[[Y0:.*]] = tensor.empty() : tensor<5x1x2x4xf32>
// CHECK-DAG: %[[YH0:.*]] = tensor.empty() : tensor<1x2x4xf32>
// CHECK: %[[XF:.*]] = tensor.expand_shape %{{.*}} output_shape [10, 3] : tensor<30xf32> into tensor<10x3xf32>
// CHECK: %[[W2:.*]] = tensor.extract_slice %[[W]][0, 0, 0] [1, 4, 3] [1, 1, 1] : tensor<1x4x3xf32> to tensor<4x3xf32>
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W2]] : tensor<4x3xf32>) outs(%{{.*}} : tensor<3x4xf32>) permutation = [1, 0]
// CHECK: %[[PROJ:.*]] = linalg.matmul ins(%[[XF]], %[[WT]] : tensor<10x3xf32>, tensor<3x4xf32>)
// CHECK: %[[R2:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 4, 4] [1, 1, 1]
// CHECK: %[[RT:.*]] = linalg.transpose ins(%[[R2]] : tensor<4x4xf32>) outs(%{{.*}} : tensor<4x4xf32>) permutation = [1, 0]
// CHECK: %[[BIASES:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 8] [1, 1] : tensor<1x8xf32> to tensor<8xf32>
// CHECK: %[[WB:.*]] = tensor.extract_slice %[[BIASES]][0] [4] [1]
// CHECK: %[[RB:.*]] = tensor.extract_slice %[[BIASES]][4] [4] [1]
// CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} ins(%[[WB]], %[[RB]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[PROJB:.*]] = linalg.generic {{.*}} ins(%[[PROJ]], %[[BIAS]] : tensor<10x4xf32>, tensor<4xf32>)
// CHECK: %[[STEPS:.*]] = tensor.expand_shape %{{.*}} output_shape [5, 2, 4] : tensor<40xf32> into tensor<5x2x4xf32>
// CHECK: %[[H0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[T:.*]] = %[[C0]] to %[[C5]] step %[[C1]] iter_args(%[[H:.*]] = %[[H0]], %[[Y:.*]] = %[[Y0]]) -> (tensor<2x4xf32>, tensor<5x1x2x4xf32>) {
// CHECK: %[[XT:.*]] = tensor.extract_slice %[[STEPS]][%[[T]], 0, 0] [1, 2, 4] [1, 1, 1] : tensor<5x2x4xf32> to tensor<2x4xf32>
// CHECK: %[[HR:.*]] = linalg.matmul ins(%[[H]], %[[RT]] : tensor<2x4xf32>, tensor<4x4xf32>)
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} ins(%[[XT]], %[[HR]] : tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[C:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[PRE:.*]] = arith.addf %[[A]], %[[C]] : f32
// CHECK-NEXT: %[[ACT:.*]] = math.tanh %[[PRE]] : f32
// CHECK-NEXT: linalg.yield %[[ACT]] : f32
// CHECK: %[[STATE:.*]] = linalg.copy ins(%[[NEW]] : tensor<2x4xf32>) outs(%[[H]] : tensor<2x4xf32>)
// CHECK: %[[YT:.*]] = tensor.insert_slice %[[NEW]] into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1] : tensor<2x4xf32> into tensor<5x1x2x4xf32>
// CHECK: scf.yield %[[STATE]], %[[YT]] : tensor<2x4xf32>, tensor<5x1x2x4xf32>
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into %[[YH0]][0, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: return %[[LOOP]]#1, %[[YH]]
func.func @rnn_forward(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %b: tensor<1x8xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %yh = dlc.rnn %x, %w, %r bias(%b) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// Reverse: step s reads and writes time 4 - s. An unused Y is not carried.
// The initial state is copied first: the loop updates it in place, and it
// must not write into the caller's tensor.
// CHECK-LABEL: func.func @rnn_reverse_initial_state
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %{{.*}}: tensor<1x4x3xf32>, %{{.*}}: tensor<1x4x4xf32>, %[[H0:.*]]: tensor<1x2x4xf32>)
// CHECK: %[[H0S:.*]] = tensor.extract_slice %[[H0]][0, 0, 0] [1, 2, 4] [1, 1, 1] : tensor<1x2x4xf32> to tensor<2x4xf32>
// CHECK: %[[H0C:.*]] = linalg.copy ins(%[[H0S]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[LOOP:.*]] = scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %[[H0C]]) -> (tensor<2x4xf32>) {
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[T:.*]] = arith.subi %[[C4]], %[[S]] : index
// CHECK: tensor.extract_slice %{{.*}}[%[[T]], 0, 0] [1, 2, 4]
// CHECK-NOT: tensor.insert_slice
// CHECK: scf.yield
// CHECK: tensor.insert_slice %[[LOOP]] into
func.func @rnn_reverse_initial_state(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %h: tensor<1x2x4xf32>) -> tensor<1x2x4xf32> {
  %y, %yh = dlc.rnn %x, %w, %r initial_h(%h) {hidden_size = 4 : i64, direction = "reverse"} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return %yh : tensor<1x2x4xf32>
}

// -----

// Activations with parameters and clip: the pre-activation is clamped to
// [-2, 2], then HardSigmoid(alpha = 0.3, beta = 0.4).
// CHECK-LABEL: func.func @rnn_activation_clip
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[C:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[PRE:.*]] = arith.addf %[[A]], %[[C]] : f32
// CHECK-NEXT: %[[LO:.*]] = arith.constant -2.000000e+00 : f32
// CHECK-NEXT: %[[MAX:.*]] = arith.maximumf %[[PRE]], %[[LO]] : f32
// CHECK-NEXT: %[[HI:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: %[[CLIPPED:.*]] = arith.minimumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT: %[[ALPHA:.*]] = arith.constant 3.000000e-01 : f32
// CHECK-NEXT: %[[SCALED:.*]] = arith.mulf %[[ALPHA]], %[[CLIPPED]] : f32
// CHECK-NEXT: %[[BETA:.*]] = arith.constant 4.000000e-01 : f32
// CHECK-NEXT: %[[LINEAR:.*]] = arith.addf %[[SCALED]], %[[BETA]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[FLOOR:.*]] = arith.maximumf %[[LINEAR]], %[[ZERO]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.minimumf %[[FLOOR]], %[[ONE]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @rnn_activation_clip(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>) -> tensor<1x2x4xf32> {
  %y, %yh = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, clip = 2.0 : f32, activations = ["hardsigmoid"], activation_alpha = array<f32: 0.3>, activation_beta = array<f32: 0.4>} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return %yh : tensor<1x2x4xf32>
}

// -----

// sequence_lens: at step t, rows with t >= lens[b] keep their state and write
// zeros to Y. lens is read as [batch, 1] to broadcast over the hidden units.
// CHECK-DAG: #[[LENS:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @rnn_sequence_lens
// CHECK-SAME: %[[L:[^:]*]]: tensor<2xi32>)
// CHECK: %[[L2:.*]] = tensor.expand_shape %[[L]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xi32> into tensor<2x1xi32>
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}})
// CHECK: %[[NEW:.*]] = linalg.generic
// CHECK: math.tanh
// CHECK: %[[T32:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK: %[[OUT:.*]] = linalg.generic {indexing_maps = [#[[LENS]], #[[ID]], #[[ID]]], {{.*}} ins(%[[L2]], %[[NEW]] : tensor<2x1xi32>, tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[LEN:.*]]: i32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[WITHIN:.*]] = arith.cmpi slt, %[[T32]], %[[LEN]] : i32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[WITHIN]], %[[V]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: %[[T32B:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK: %[[KEPT:.*]] = linalg.generic {{.*}} ins(%[[L2]], %[[NEW]], %[[H]] : tensor<2x1xi32>, tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[LEN:.*]]: i32, %[[V:.*]]: f32, %[[OLD:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[WITHIN:.*]] = arith.cmpi slt, %[[T32B]], %[[LEN]] : i32
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[WITHIN]], %[[V]], %[[OLD]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: %[[STATE:.*]] = linalg.copy ins(%[[KEPT]] : tensor<2x4xf32>) outs(%[[H]] : tensor<2x4xf32>)
// CHECK: %[[YT:.*]] = tensor.insert_slice %[[OUT]] into %[[Y]][%[[T]], 0, 0, 0]
// CHECK: scf.yield %[[STATE]], %[[YT]]
func.func @rnn_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %lens: tensor<2xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %yh = dlc.rnn %x, %w, %r sequence_lens(%lens) {hidden_size = 4 : i64} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<2xi32>) -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// Bidirectional, batch first: X is transposed to [seq, batch, input]; the
// forward loop writes Y[t, 0], then the reverse loop continues on its Y and
// writes Y[4 - s, 1]; each direction has its own slice of W and R. Y and Y_h
// are transposed back to batch first.
// CHECK-LABEL: func.func @rnn_bidirectional_batch_first
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x3xf32>, %[[W:.*]]: tensor<2x4x3xf32>, %[[R:.*]]: tensor<2x4x4xf32>)
// CHECK: %[[XS:.*]] = linalg.transpose ins(%[[X]] : tensor<2x5x3xf32>) outs(%{{.*}} : tensor<5x2x3xf32>) permutation = [1, 0, 2]
// CHECK: %[[Y0:.*]] = tensor.empty() : tensor<5x2x2x4xf32>
// CHECK: tensor.extract_slice %[[W]][0, 0, 0] [1, 4, 3]
// CHECK: tensor.extract_slice %[[R]][0, 0, 0] [1, 4, 4]
// CHECK: %[[FWD:.*]]:2 = scf.for %[[T:.*]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[YA:.*]] = %[[Y0]])
// CHECK: tensor.insert_slice %{{.*}} into %[[YA]][%[[T]], 0, 0, 0] [1, 1, 2, 4]
// CHECK: %[[YH1:.*]] = tensor.insert_slice %[[FWD]]#0 into %{{.*}}[0, 0, 0] [1, 2, 4]
// CHECK: tensor.extract_slice %[[W]][1, 0, 0] [1, 4, 3]
// CHECK: tensor.extract_slice %[[R]][1, 0, 0] [1, 4, 4]
// CHECK: %[[BWD:.*]]:2 = scf.for %[[S:.*]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[YB:.*]] = %[[FWD]]#1)
// CHECK: %[[TB:.*]] = arith.subi %{{.*}}, %[[S]] : index
// CHECK: tensor.insert_slice %{{.*}} into %[[YB]][%[[TB]], 1, 0, 0] [1, 1, 2, 4]
// CHECK: %[[YH2:.*]] = tensor.insert_slice %[[BWD]]#0 into %[[YH1]][1, 0, 0] [1, 2, 4]
// CHECK: %[[YB1:.*]] = linalg.transpose ins(%[[BWD]]#1 : tensor<5x2x2x4xf32>) outs(%{{.*}} : tensor<2x5x2x4xf32>) permutation = [2, 0, 1, 3]
// CHECK: %[[YHB1:.*]] = linalg.transpose ins(%[[YH2]] : tensor<2x2x4xf32>) outs(%{{.*}} : tensor<2x2x4xf32>) permutation = [1, 0, 2]
// CHECK: return %[[YB1]], %[[YHB1]]
func.func @rnn_bidirectional_batch_first(%x: tensor<2x5x3xf32>, %w: tensor<2x4x3xf32>, %r: tensor<2x4x4xf32>) -> (tensor<2x5x2x4xf32>, tensor<2x2x4xf32>) {
  %y, %yh = dlc.rnn %x, %w, %r {hidden_size = 4 : i64, direction = "bidirectional", layout = 1 : i64} : (tensor<2x5x3xf32>, tensor<2x4x3xf32>, tensor<2x4x4xf32>) -> (tensor<2x5x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %yh : tensor<2x5x2x4xf32>, tensor<2x2x4xf32>
}

// -----

// LSTM, gates i, o, f, c in that column order of the [batch, 4 * hidden]
// gate blocks. The first generic computes Ct = f . Ct-1 + i . tanh(c) with
// peepholes Pi, Pf on Ct-1 (P slices 0 and 2); the second Ht = o . tanh(Ct)
// with the output peephole Po (slice 1) on Ct. Both states are carried.
// CHECK-LABEL: func.func @lstm_peepholes
// CHECK-SAME: %[[P:[^:]*]]: tensor<1x9xf32>)
// CHECK: %[[PD:.*]] = tensor.extract_slice %[[P]][0, 0] [1, 9] [1, 1] : tensor<1x9xf32> to tensor<9xf32>
// CHECK: scf.for %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}}) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1x2x3xf32>)
// CHECK: %[[XT:.*]] = tensor.extract_slice %{{.*}} : tensor<2x2x12xf32> to tensor<2x12xf32>
// CHECK: %[[HR:.*]] = linalg.matmul ins(%[[H]], %{{.*}} : tensor<2x3xf32>, tensor<3x12xf32>)
// CHECK-DAG: %[[XI:.*]] = tensor.extract_slice %[[XT]][0, 0] [2, 3]
// CHECK-DAG: %[[HI:.*]] = tensor.extract_slice %[[HR]][0, 0] [2, 3]
// CHECK-DAG: %[[XF:.*]] = tensor.extract_slice %[[XT]][0, 6] [2, 3]
// CHECK-DAG: %[[HF:.*]] = tensor.extract_slice %[[HR]][0, 6] [2, 3]
// CHECK-DAG: %[[XC:.*]] = tensor.extract_slice %[[XT]][0, 9] [2, 3]
// CHECK-DAG: %[[HC:.*]] = tensor.extract_slice %[[HR]][0, 9] [2, 3]
// CHECK-DAG: %[[PI:.*]] = tensor.extract_slice %[[PD]][0] [3] [1]
// CHECK-DAG: %[[PF:.*]] = tensor.extract_slice %[[PD]][6] [3] [1]
// CHECK: %[[CELL:.*]] = linalg.generic {{.*}} ins(%[[XI]], %[[HI]], %[[XF]], %[[HF]], %[[XC]], %[[HC]], %[[C]], %[[PI]], %[[PF]] :
// CHECK-NEXT: ^bb0(%[[A0:[^:]*]]: f32, %[[A1:[^:]*]]: f32, %[[A2:[^:]*]]: f32, %[[A3:[^:]*]]: f32, %[[A4:[^:]*]]: f32, %[[A5:[^:]*]]: f32, %[[CP:[^:]*]]: f32, %[[A7:[^:]*]]: f32, %[[A8:[^:]*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[IPRE:.*]] = arith.addf %[[A0]], %[[A1]] : f32
// CHECK-NEXT: %[[FPRE:.*]] = arith.addf %[[A2]], %[[A3]] : f32
// CHECK-NEXT: %[[PIC:.*]] = arith.mulf %[[A7]], %[[CP]] : f32
// CHECK-NEXT: %[[IPRE2:.*]] = arith.addf %[[IPRE]], %[[PIC]] : f32
// CHECK-NEXT: %[[PFC:.*]] = arith.mulf %[[A8]], %[[CP]] : f32
// CHECK-NEXT: %[[FPRE2:.*]] = arith.addf %[[FPRE]], %[[PFC]] : f32
// CHECK: %[[I:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[F:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[CPRE:.*]] = arith.addf %[[A4]], %[[A5]] : f32
// CHECK-NEXT: %[[G:.*]] = math.tanh %[[CPRE]] : f32
// CHECK-NEXT: %[[KEEP:.*]] = arith.mulf %[[F]], %[[CP]] : f32
// CHECK-NEXT: %[[ADD:.*]] = arith.mulf %[[I]], %[[G]] : f32
// CHECK-NEXT: %[[CT:.*]] = arith.addf %[[KEEP]], %[[ADD]] : f32
// CHECK-NEXT: linalg.yield %[[CT]] : f32
// CHECK-DAG: %[[XO:.*]] = tensor.extract_slice %[[XT]][0, 3] [2, 3]
// CHECK-DAG: %[[HO:.*]] = tensor.extract_slice %[[HR]][0, 3] [2, 3]
// CHECK-DAG: %[[PO:.*]] = tensor.extract_slice %[[PD]][3] [3] [1]
// CHECK: %[[HT:.*]] = linalg.generic {{.*}} ins(%[[XO]], %[[HO]], %[[CELL]], %[[PO]] :
// CHECK-NEXT: ^bb0(%[[B0:[^:]*]]: f32, %[[B1:[^:]*]]: f32, %[[CT:[^:]*]]: f32, %[[B3:[^:]*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[OPRE:.*]] = arith.addf %[[B0]], %[[B1]] : f32
// CHECK-NEXT: %[[POC:.*]] = arith.mulf %[[B3]], %[[CT]] : f32
// CHECK-NEXT: %[[OPRE2:.*]] = arith.addf %[[OPRE]], %[[POC]] : f32
// CHECK-NEXT: %[[SQ:.*]] = math.tanh %[[CT]] : f32
// CHECK: %[[O:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: %[[HV:.*]] = arith.mulf %[[O]], %[[SQ]] : f32
// CHECK-NEXT: linalg.yield %[[HV]] : f32
// CHECK: %[[HS:.*]] = linalg.copy ins(%[[HT]] : tensor<2x3xf32>) outs(%[[H]] : tensor<2x3xf32>)
// CHECK: %[[CS:.*]] = linalg.copy ins(%[[CELL]] : tensor<2x3xf32>) outs(%[[C]] : tensor<2x3xf32>)
// CHECK: %[[YT:.*]] = tensor.insert_slice %[[HT]] into %[[Y]]
// CHECK: scf.yield %[[HS]], %[[CS]], %[[YT]]
func.func @lstm_peepholes(%x: tensor<2x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>, %p: tensor<1x9xf32>) -> (tensor<2x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %y, %yh, %yc = dlc.lstm %x, %w, %r peepholes(%p) {hidden_size = 3 : i64} : (tensor<2x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x9xf32>) -> (tensor<2x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %y, %yh, %yc : tensor<2x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

// -----

// input_forget couples the forget gate to the input gate: f = 1 - i.
// CHECK-LABEL: func.func @lstm_input_forget
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = arith.divf
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[F:.*]] = arith.subf %[[ONE]], %[[I]] : f32
// CHECK: math.tanh
// CHECK-NEXT: arith.mulf %[[F]], %{{.*}} : f32
func.func @lstm_input_forget(%x: tensor<2x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>) -> tensor<1x2x3xf32> {
  %y, %yh, %yc = dlc.lstm %x, %w, %r {hidden_size = 3 : i64, input_forget = true} : (tensor<2x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>) -> (tensor<2x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  return %yh : tensor<1x2x3xf32>
}

// -----

// GRU, gates z, r, h. By default the reset gate scales Ht-1 before the
// product with Rhᵀ: one matmul for z and r (Rᵀ columns 0..2H), one generic
// for r . Ht-1, a second matmul with Rhᵀ (columns 2H..3H), then
// Ht = (1 - z) . tanh(xh + (r . Ht-1) Rhᵀ) + z . Ht-1. Both biases are in
// the input projection.
// CHECK-LABEL: func.func @gru_default
// CHECK: scf.for %{{.*}} iter_args(%[[H:.*]] = %{{.*}})
// CHECK: %[[XT:.*]] = tensor.extract_slice
// CHECK-DAG: %[[XZ:.*]] = tensor.extract_slice %[[XT]][0, 0] [2, 3]
// CHECK-DAG: %[[XR:.*]] = tensor.extract_slice %[[XT]][0, 3] [2, 3]
// CHECK-DAG: %[[XH:.*]] = tensor.extract_slice %[[XT]][0, 6] [2, 3]
// CHECK: %[[RZR:.*]] = tensor.extract_slice %[[RT:.*]][0, 0] [3, 6] [1, 1] : tensor<3x9xf32> to tensor<3x6xf32>
// CHECK: %[[HZR:.*]] = linalg.matmul ins(%[[H]], %[[RZR]] : tensor<2x3xf32>, tensor<3x6xf32>)
// CHECK: %[[HRR:.*]] = tensor.extract_slice %[[HZR]][0, 3] [2, 3]
// CHECK: %[[RH:.*]] = linalg.generic {{.*}} ins(%[[XR]], %[[HRR]], %[[H]] :
// CHECK: arith.divf
// CHECK-NEXT: arith.mulf
// CHECK: %[[RHT:.*]] = tensor.extract_slice %[[RT]][0, 6] [3, 3] [1, 1] : tensor<3x9xf32> to tensor<3x3xf32>
// CHECK: %[[HH:.*]] = linalg.matmul ins(%[[RH]], %[[RHT]] : tensor<2x3xf32>, tensor<3x3xf32>)
// CHECK: %[[HZ:.*]] = tensor.extract_slice %[[HZR]][0, 0] [2, 3]
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} ins(%[[XZ]], %[[HZ]], %[[XH]], %[[HH]], %[[H]] :
// CHECK-NEXT: ^bb0(%[[A0:[^:]*]]: f32, %[[A1:[^:]*]]: f32, %[[A2:[^:]*]]: f32, %[[A3:[^:]*]]: f32, %[[HP:[^:]*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[NPRE:.*]] = arith.addf %[[A2]], %[[A3]] : f32
// CHECK-NEXT: %[[N:.*]] = math.tanh %[[NPRE]] : f32
// CHECK-NEXT: %[[ZPRE:.*]] = arith.addf %[[A0]], %[[A1]] : f32
// CHECK: %[[Z:.*]] = arith.divf
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[KEEP:.*]] = arith.subf %[[ONE]], %[[Z]] : f32
// CHECK-NEXT: %[[P1:.*]] = arith.mulf %[[KEEP]], %[[N]] : f32
// CHECK-NEXT: %[[P2:.*]] = arith.mulf %[[Z]], %[[HP]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[P1]], %[[P2]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
// CHECK: linalg.copy ins(%[[NEW]] : tensor<2x3xf32>) outs(%[[H]] : tensor<2x3xf32>)
func.func @gru_default(%x: tensor<2x2x4xf32>, %w: tensor<1x9x4xf32>, %r: tensor<1x9x3xf32>, %b: tensor<1x18xf32>) -> tensor<1x2x3xf32> {
  %y, %yh = dlc.gru %x, %w, %r bias(%b) {hidden_size = 3 : i64} : (tensor<2x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>) -> (tensor<2x1x2x3xf32>, tensor<1x2x3xf32>)
  return %yh : tensor<1x2x3xf32>
}

// -----

// linear_before_reset: one matmul Ht-1 Rᵀ for all gates, and
// h = tanh(xh + r . (Ht-1 Rhᵀ + Rbh)). Rbh is not in the input projection:
// its bias is Wb + Rb with the h part replaced by Wbh.
// CHECK-LABEL: func.func @gru_linear_before_reset
// CHECK: %[[BIASES:.*]] = tensor.extract_slice %{{.*}}[0, 0] [1, 18] [1, 1] : tensor<1x18xf32> to tensor<18xf32>
// CHECK: %[[WB:.*]] = tensor.extract_slice %[[BIASES]][0] [9] [1]
// CHECK: %[[RB:.*]] = tensor.extract_slice %[[BIASES]][9] [9] [1]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[WB]], %[[RB]] : tensor<9xf32>, tensor<9xf32>)
// CHECK: %[[WBH:.*]] = tensor.extract_slice %[[WB]][6] [3] [1]
// CHECK: %[[BIAS:.*]] = tensor.insert_slice %[[WBH]] into %[[SUM]][6] [3] [1] : tensor<3xf32> into tensor<9xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[BIAS]] : tensor<4x9xf32>, tensor<9xf32>)
// CHECK: scf.for %{{.*}} iter_args(%[[H:.*]] = %{{.*}})
// CHECK: %[[HR:.*]] = linalg.matmul ins(%[[H]], %{{.*}} : tensor<2x3xf32>, tensor<3x9xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: %[[RBH:.*]] = tensor.extract_slice %[[RB]][6] [3] [1]
// CHECK: linalg.generic {{.*}} ins({{.*}}, %[[H]], %[[RBH]] :
// CHECK-NEXT: ^bb0(%[[A0:[^:]*]]: f32, %[[A1:[^:]*]]: f32, %[[A2:[^:]*]]: f32, %[[A3:[^:]*]]: f32, %[[A4:[^:]*]]: f32, %[[A5:[^:]*]]: f32, %[[HP:[^:]*]]: f32, %[[BH:[^:]*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[RPRE:.*]] = arith.addf %[[A2]], %[[A3]] : f32
// CHECK: %[[R:.*]] = arith.divf
// CHECK-NEXT: %[[LIN:.*]] = arith.addf %[[A5]], %[[BH]] : f32
// CHECK-NEXT: %[[RL:.*]] = arith.mulf %[[R]], %[[LIN]] : f32
// CHECK-NEXT: %[[NPRE:.*]] = arith.addf %[[A4]], %[[RL]] : f32
// CHECK-NEXT: math.tanh %[[NPRE]] : f32
func.func @gru_linear_before_reset(%x: tensor<2x2x4xf32>, %w: tensor<1x9x4xf32>, %r: tensor<1x9x3xf32>, %b: tensor<1x18xf32>) -> tensor<1x2x3xf32> {
  %y, %yh = dlc.gru %x, %w, %r bias(%b) {hidden_size = 3 : i64, linear_before_reset = true} : (tensor<2x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>) -> (tensor<2x1x2x3xf32>, tensor<1x2x3xf32>)
  return %yh : tensor<1x2x3xf32>
}

// -----

// Backpropagation through time: the loop runs t = 4 - i, adds dL/dY[t] to
// the carried dH, multiplies by tanh' = 1 - Ht^2 (Ht read from Y) and
// carries dA R to the previous step, collecting dA. The matrix and bias
// gradients are products over all steps after the loop; R's pairs dA with
// the states each step read: initial_h, then Y[0..3].
// CHECK-LABEL: func.func @rnn_grad
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[W:.*]]: tensor<1x4x3xf32>, %[[R:.*]]: tensor<1x4x4xf32>, %[[H0:.*]]: tensor<1x2x4xf32>, %{{.*}}: tensor<5x1x2x4xf32>, %{{.*}}: tensor<5x1x2x4xf32>, %{{.*}}: tensor<1x2x4xf32>)
// CHECK: %[[R2:.*]] = tensor.expand_shape %{{.*}} output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
// CHECK: %[[Y:.*]] = tensor.expand_shape %{{.*}} output_shape [5, 2, 4] : tensor<40xf32> into tensor<5x2x4xf32>
// CHECK: %[[GY:.*]] = tensor.expand_shape %{{.*}} output_shape [5, 2, 4] : tensor<40xf32> into tensor<5x2x4xf32>
// CHECK: %[[PS0:.*]] = tensor.insert_slice %[[H0]] into %{{.*}}[0, 0, 0] [1, 2, 4]
// CHECK: %[[YS:.*]] = tensor.extract_slice %[[Y]][0, 0, 0] [4, 2, 4] [1, 1, 1]
// CHECK: tensor.insert_slice %[[YS]] into %[[PS0]][1, 0, 0] [4, 2, 4]
// CHECK: %[[GH:.*]] = linalg.copy
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[DH:.*]] = %[[GH]], %[[DA:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
// CHECK: %[[T:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK: %[[GYT:.*]] = tensor.extract_slice %[[GY]][%[[T]], 0, 0] [1, 2, 4]
// CHECK: %[[YT:.*]] = tensor.extract_slice %[[Y]][%[[T]], 0, 0] [1, 2, 4]
// CHECK: %[[DAT:.*]] = linalg.generic {{.*}} ins(%[[DH]], %[[GYT]], %[[YT]] : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[H:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[SQ:.*]] = arith.mulf %[[H]], %[[H]] : f32
// CHECK-NEXT: %[[SLOPE:.*]] = arith.subf %[[ONE]], %[[SQ]] : f32
// CHECK-NEXT: %[[PRE:.*]] = arith.mulf %[[SUM]], %[[SLOPE]] : f32
// CHECK: %[[PREV:.*]] = linalg.matmul ins(%[[DAT]], %[[R2]] : tensor<2x4xf32>, tensor<4x4xf32>)
// CHECK: %[[NEXT:.*]] = linalg.copy ins(%[[PREV]] : tensor<2x4xf32>) outs(%[[DH]] : tensor<2x4xf32>)
// CHECK: %[[DAS:.*]] = tensor.insert_slice %[[DAT]] into %[[DA]][%[[T]], 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: scf.yield %[[NEXT]], %[[DAS]]
// CHECK: %[[DAF:.*]] = tensor.expand_shape %{{.*}} output_shape [10, 4] : tensor<40xf32> into tensor<10x4xf32>
// CHECK: %[[DAT2:.*]] = linalg.transpose ins(%[[DAF]] : tensor<10x4xf32>) outs(%{{.*}} : tensor<4x10xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[DAF]], %{{.*}} : tensor<10x4xf32>, tensor<4x3xf32>)
// CHECK: linalg.matmul ins(%[[DAT2]], %{{.*}} : tensor<4x10xf32>, tensor<10x3xf32>)
// CHECK: linalg.matmul ins(%[[DAT2]], %{{.*}} : tensor<4x10xf32>, tensor<10x4xf32>)
// CHECK: %[[DB:.*]] = linalg.reduce ins(%[[DAF]] : tensor<10x4xf32>) outs(%{{.*}} : tensor<4xf32>) dimensions = [0]
// CHECK: %[[DB2:.*]] = tensor.expand_shape %[[DB]]
// CHECK: %[[WB:.*]] = tensor.insert_slice %[[DB2]] into %{{.*}}[0, 0] [1, 4] [1, 1]
// CHECK: tensor.insert_slice %[[DB2]] into %[[WB]][0, 4] [1, 4] [1, 1]
func.func @rnn_grad(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %h: tensor<1x2x4xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>) {
  %0:5 = dlc.rnn_grad %x, %w, %r initial_h(%h), %y, %gy, %gh : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return %0#0, %0#1, %0#2, %0#3, %0#4 : tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>
}

// -----

// LSTM backward: the forward steps run again to collect the cell states
// (carried: H, C and the cell sequence), then the reverse loop carries dH,
// dC and the gate gradients dA [5, 2, 16], recomputing each step's gates
// from the input projection and Ht-1 Rᵀ; dHt-1 = dA R. After the loop: the
// matrix gradients, the bias sums and the three peephole sums.
// CHECK-LABEL: func.func @lstm_grad
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x1x2x4xf32>)
// CHECK: %[[PROJ:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<10x3xf32>, tensor<3x16xf32>)
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[I:.*]] = %{{.*}} iter_args(%[[DH:.*]] = %{{.*}}, %[[DC:.*]] = %{{.*}}, %[[DA:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x16xf32>)
// CHECK: %[[T:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x16xf32>)
// CHECK-COUNT-4: tensor.insert_slice %{{.*}} into %{{.*}}[0, {{0|4|8|12}}] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x16xf32>
// CHECK: %[[PREV:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x16xf32>, tensor<16x4xf32>)
// CHECK: %[[NEXTH:.*]] = linalg.copy ins(%[[PREV]] : tensor<2x4xf32>) outs(%[[DH]] : tensor<2x4xf32>)
// CHECK: %[[NEXTC:.*]] = linalg.copy ins(%{{.*}} : tensor<2x4xf32>) outs(%[[DC]] : tensor<2x4xf32>)
// CHECK: %[[DAS:.*]] = tensor.insert_slice %{{.*}} into %[[DA]][%[[T]], 0, 0] [1, 2, 16] [1, 1, 1]
// CHECK: scf.yield %[[NEXTH]], %[[NEXTC]], %[[DAS]]
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<10x16xf32>, tensor<16x3xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<16x10xf32>, tensor<10x3xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<16x10xf32>, tensor<10x4xf32>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<10x16xf32>)
// CHECK-COUNT-3: linalg.reduce ins(%{{.*}} : tensor<10x4xf32>)
func.func @lstm_grad(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>, %c: tensor<1x2x4xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>, %gc: tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>) {
  %0:7 = dlc.lstm_grad %x, %w, %r initial_c(%c), %y, %gy, %gh, %gc : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>)
  return %0#0, %0#1, %0#2, %0#3, %0#4, %0#5, %0#6 : tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>
}

// -----

// GRU backward (reset before the product): the reverse loop carries dH and
// collects the input-side gate gradients, the recurrent-side ones and
// q = r . Ht-1 [5, 2, 4]; each step recomputes z and r from Ht-1 [Rz; Rr]ᵀ
// and gate h from q Rhᵀ, and sends dH back through [Rz; Rr] and, via q,
// through Rh. After the loop, Rh's block of dR pairs dA_h with q.
// CHECK-LABEL: func.func @gru_grad
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<10x3xf32>, tensor<3x12xf32>)
// CHECK: %[[LOOP:.*]]:4 = scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<2x4xf32>, tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<5x2x4xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x8xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x4xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x4xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x8xf32>, tensor<8x4xf32>)
// CHECK: scf.yield
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<10x12xf32>, tensor<12x3xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<12x10xf32>, tensor<10x3xf32>)
// CHECK: %[[DR:.*]] = tensor.expand_shape %{{.*}} output_shape [1, 12, 4]
// CHECK: %[[DRH:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x10xf32>, tensor<10x4xf32>)
// CHECK: tensor.insert_slice %[[DRH]] into %[[DR]][0, 8, 0] [1, 4, 4] [1, 1, 1] : tensor<4x4xf32> into tensor<1x12x4xf32>
func.func @gru_grad(%x: tensor<5x2x3xf32>, %w: tensor<1x12x3xf32>, %r: tensor<1x12x4xf32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>, tensor<1x2x4xf32>) {
  %0:5 = dlc.gru_grad %x, %w, %r, %y, %gy, %gh : (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>, tensor<1x2x4xf32>)
  return %0#0, %0#1, %0#2, %0#3, %0#4 : tensor<5x2x3xf32>, tensor<1x12x3xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>, tensor<1x2x4xf32>
}

// -----

// Another activation, clip and sequence_lens: the slope comes from the
// pre-activations (Xt Wᵀ + Ht-1 Rᵀ for all steps, before the loop), is
// zero where the clip holds them at ±2, and rows past their sequence's end
// collect no dA and pass their dH on unchanged.
// CHECK-LABEL: func.func @rnn_grad_relu_clip_sequence_lens
// CHECK-SAME: %[[LENS:[a-z0-9]+]]: tensor<2xi32>
// CHECK: %[[LENS2:.*]] = tensor.expand_shape %[[LENS]] {{.*}} into tensor<2x1xi32>
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<10x4xf32>, tensor<4x4xf32>)
// CHECK: %[[PRE:.*]] = linalg.generic
// CHECK: scf.for %{{.*}} iter_args(%[[DH:.*]] = %{{.*}}, %[[DA:.*]] = %{{.*}})
// CHECK: %[[PRET:.*]] = tensor.extract_slice %[[PRE]]
// CHECK: %[[DAT:.*]] = linalg.generic {{.*}} ins(%[[DH]], %{{.*}}, %[[PRET]] :
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: %[[CLIPPED:.*]] = arith.minimumf
// CHECK: %[[ACTIVE:.*]] = arith.cmpf ogt, %[[CLIPPED]]
// CHECK: %[[RELU:.*]] = arith.select %[[ACTIVE]]
// CHECK: %[[INSIDE:.*]] = arith.cmpf olt
// CHECK: %[[SLOPE:.*]] = arith.select %[[INSIDE]], %[[RELU]]
// CHECK: %[[DAR:.*]] = linalg.matmul ins(%[[DAT]]
// CHECK: %[[MASKED:.*]] = linalg.generic {{.*}} ins(%[[LENS2]], %[[DAT]] :
// CHECK: arith.cmpi slt
// CHECK: %[[PASSED:.*]] = linalg.generic {{.*}} ins(%[[LENS2]], %[[DAR]], %[[DH]] :
// CHECK: %[[NEXT:.*]] = linalg.copy ins(%[[PASSED]] {{.*}} outs(%[[DH]]
// CHECK: tensor.insert_slice %[[MASKED]] into %[[DA]]
func.func @rnn_grad_relu_clip_sequence_lens(%x: tensor<5x2x3xf32>, %w: tensor<1x4x3xf32>, %r: tensor<1x4x4xf32>, %lens: tensor<2xi32>, %y: tensor<5x1x2x4xf32>, %gy: tensor<5x1x2x4xf32>, %gh: tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x4xf32>, tensor<1x2x4xf32>) {
  %0:5 = dlc.rnn_grad %x, %w, %r sequence_lens(%lens), %y, %gy, %gh {activations = ["Relu"], clip = 2.0 : f32} : (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<2xi32>, tensor<5x1x2x4xf32>, tensor<5x1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x4x3xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>, tensor<1x2x4xf32>)
  return %0#0, %0#2, %0#4 : tensor<5x2x3xf32>, tensor<1x4x4xf32>, tensor<1x2x4xf32>
}
