//===- RecurrentMaskTest.cpp - dlc.rnn/gru/lstm with a recurrent mask ----===//
//
// The recurrent mask (dlc's addition: Keras's recurrent dropout) multiplies
// Ht-1 where it enters the products with R, and nowhere else: the state
// carried on (GRU's z . Ht-1) and the cell state stay unmasked. Each op is
// compiled with a random mask and compared with a direct implementation of
// the equations; a batch of 16 rows also runs the time loop in blocks of
// rows, which must slice the mask with them.
//
//===----------------------------------------------------------------------===//
#include "CompileAndRun.h"

#include <cmath>

namespace dlc {
namespace {

constexpr int64_t kSeq = 4, kInput = 3, kHidden = 4;

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

/// Row `row` of x [seq, batch, input] at step t times W's gate rows
/// [gate * hidden, (gate + 1) * hidden) ([G * hidden, input]), plus h
/// [batch, hidden] times R's gate rows.
struct Products {
  const Tensor &x, &w, &r;
  int64_t batch;

  float input(int64_t t, int64_t row, int64_t unit) const {
    float sum = 0;
    for (int64_t k = 0; k < kInput; ++k)
      sum += x.typed<float>()[(t * batch + row) * kInput + k] *
             w.typed<float>()[unit * kInput + k];
    return sum;
  }
  float recurrent(const std::vector<float> &h, int64_t row,
                  int64_t unit) const {
    float sum = 0;
    for (int64_t k = 0; k < kHidden; ++k)
      sum += h[row * kHidden + k] * r.typed<float>()[unit * kHidden + k];
    return sum;
  }
};

/// The final hidden state of `op` ("rnn", "gru", "lstm") over x with the
/// mask m [batch, hidden], no biases, zero initial states.
std::vector<float> reference(const std::string &op, const Tensor &x,
                             const Tensor &w, const Tensor &r,
                             const Tensor &mask, int64_t batch) {
  Products p{x, w, r, batch};
  std::vector<float> h(batch * kHidden, 0.0f), c(batch * kHidden, 0.0f);
  for (int64_t t = 0; t < kSeq; ++t) {
    std::vector<float> masked(h), next(h), nextC(c);
    for (int64_t i = 0; i < batch * kHidden; ++i)
      masked[i] *= mask.typed<float>()[i];
    for (int64_t row = 0; row < batch; ++row)
      for (int64_t u = 0; u < kHidden; ++u) {
        int64_t at = row * kHidden + u;
        auto pre = [&](int64_t gate, const std::vector<float> &state) {
          return p.input(t, row, gate * kHidden + u) +
                 p.recurrent(state, row, gate * kHidden + u);
        };
        if (op == "rnn") {
          next[at] = std::tanh(pre(0, masked));
        } else if (op == "lstm") { // gates i, o, f, c
          float i = sigmoid(pre(0, masked)), o = sigmoid(pre(1, masked)),
                f = sigmoid(pre(2, masked)), g = std::tanh(pre(3, masked));
          nextC[at] = f * c[at] + i * g;
          next[at] = o * std::tanh(nextC[at]);
        } else { // gru, gates z, r, h; r multiplies the masked Ht-1
          float z = sigmoid(pre(0, masked));
          std::vector<float> reset(masked);
          for (int64_t k = 0; k < kHidden; ++k)
            reset[row * kHidden + k] =
                sigmoid(p.input(t, row, kHidden + k) +
                        p.recurrent(masked, row, kHidden + k)) *
                masked[row * kHidden + k];
          float candidate = std::tanh(pre(2, reset));
          next[at] = (1 - z) * candidate + z * h[at];
        }
      }
    h = next;
    c = nextC;
  }
  return h;
}

void expectMatchesReference(const std::string &op, int64_t gates,
                            int64_t batch) {
  SplitMix64 rng(7);
  Tensor x = randomTensor({kSeq, batch, kInput}, rng);
  Tensor w = randomTensor({1, gates * kHidden, kInput}, rng);
  Tensor r = randomTensor({1, gates * kHidden, kHidden}, rng);
  // A dropout mask: zeros and 1 / (1 - 0.25).
  Tensor mask(DType::Float32, {1, batch, kHidden});
  for (int64_t i = 0; i < mask.numElements(); ++i)
    mask.typed<float>()[i] = rng.next() % 4 == 0 ? 0.0f : 1.0f / 0.75f;
  std::string results = "tensor<" + std::to_string(kSeq) + "x1x" +
                         std::to_string(batch) + "x4xf32>, " +
                         tensorType({1, batch, kHidden});
  if (op == "lstm")
    results += ", " + tensorType({1, batch, kHidden});
  std::string source =
      "func.func @main(%x: " + tensorType(x.shape()) + ", %w: " +
      tensorType(w.shape()) + ", %r: " + tensorType(r.shape()) + ", %m: " +
      tensorType(mask.shape()) + ") -> " + tensorType({1, batch, kHidden}) +
      " {\n  %o:" + (op == "lstm" ? "3" : "2") + " = dlc." + op +
      " %x, %w, %r recurrent_mask(%m) {hidden_size = 4 : i64} : (" +
      tensorType(x.shape()) + ", " + tensorType(w.shape()) + ", " +
      tensorType(r.shape()) + ", " + tensorType(mask.shape()) + ") -> (" +
      results + ")\n  return %o#1 : " + tensorType({1, batch, kHidden}) +
      "\n}\n";
  std::vector<Tensor> outputs = compileAndRun(source.c_str(), {x, w, r, mask});
  ASSERT_EQ(outputs.size(), 1u);
  std::vector<float> expected = reference(
      op, x, w.reshaped({gates * kHidden, kInput}),
      r.reshaped({gates * kHidden, kHidden}),
      mask.reshaped({batch, kHidden}), batch);
  for (int64_t i = 0; i < batch * kHidden; ++i)
    EXPECT_NEAR(outputs[0].typed<float>()[i], expected[i], 1e-5)
        << op << " at " << i;
}

TEST(RecurrentMaskTest, Rnn) { expectMatchesReference("rnn", 1, 2); }
TEST(RecurrentMaskTest, Gru) { expectMatchesReference("gru", 3, 2); }
TEST(RecurrentMaskTest, Lstm) { expectMatchesReference("lstm", 4, 2); }
TEST(RecurrentMaskTest, LstmInBlocksOfRows) {
  expectMatchesReference("lstm", 4, 16);
}

} // namespace
} // namespace dlc
