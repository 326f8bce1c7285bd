//===- ContractionGradients.cpp - Rules of MatMul and Gemm ----------------===//
#include "GradientRules.h"

using namespace mlir;

namespace dlc {

/// Swaps the last two dimensions.
static Value transposeMatrices(DlcBuilder &b, Value value) {
  int64_t rank = tensorType(value).getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return b.transpose(value, perm);
}

/// For C = A B: dA = dC B^T and dB = A^T dC, summed over broadcast batch
/// dimensions. Rank-1 operands are first promoted to matrices (a row for
/// the lhs, a column for the rhs) the way numpy.matmul promotes them, and
/// the result gradient gets back the dimension that promotion dropped.
static Gradients gradient(MatMulOp op, DlcBuilder &b, ArrayRef<Value> g) {
  Value lhs = op.getLhs(), rhs = op.getRhs(), grad = g[0];
  bool lhsVector = tensorType(lhs).getRank() == 1;
  bool rhsVector = tensorType(rhs).getRank() == 1;
  if (lhsVector) {
    lhs = b.unsqueeze(lhs, {0});
    grad = b.unsqueeze(grad, {tensorType(grad).getRank() - (rhsVector ? 0 : 1)});
  }
  if (rhsVector) {
    rhs = b.unsqueeze(rhs, {1});
    grad = b.unsqueeze(grad, {tensorType(grad).getRank()});
  }
  Value lhsGradient = b.sumToShape(b.matmul(grad, transposeMatrices(b, rhs)),
                                   tensorType(lhs));
  Value rhsGradient = b.sumToShape(b.matmul(transposeMatrices(b, lhs), grad),
                                   tensorType(rhs));
  if (lhsVector)
    lhsGradient = b.reshape(lhsGradient, tensorType(op.getLhs()).getShape());
  if (rhsVector)
    rhsGradient = b.reshape(rhsGradient, tensorType(op.getRhs()).getShape());
  return SmallVector<Value>{lhsGradient, rhsGradient};
}

/// Y = alpha op(A) op(B) + beta C. With G = dY:
///   d op(A) = alpha G op(B)^T,  d op(B) = alpha op(A)^T G,  dC = beta G,
/// and a transposed operand takes the transpose of its gradient. Each case
/// is again one Gemm with the right transpose flags.
static Gradients gradient(GemmOp op, DlcBuilder &b, ArrayRef<Value> g) {
  double alpha = op.getAlpha().convertToDouble();
  bool transA = op.getTransA(), transB = op.getTransB();
  Value a = op.getA(), bMatrix = op.getB(), grad = g[0];
  Value aGradient = transA ? b.gemm(bMatrix, grad, alpha, transB, true)
                           : b.gemm(grad, bMatrix, alpha, false, !transB);
  Value bGradient = transB ? b.gemm(grad, a, alpha, true, transA)
                           : b.gemm(a, grad, alpha, !transA, false);
  SmallVector<Value> result{aGradient, bGradient};
  if (Value c = op.getC()) {
    Value scaled = b.mul(grad, b.scalarLike(grad, op.getBeta().convertToDouble()));
    result.push_back(b.sumToShape(scaled, tensorType(c)));
  }
  return result;
}

void registerContractionGradients(MLIRContext *context) {
  attachGradientRules<MatMulOp, GemmOp>(context);
}

} // namespace dlc
