//===- DeterminantImporter.cpp - ONNX Det by Gaussian elimination ---------===//
//
// Det of [..., n, n] matrices: n steps of Gaussian elimination with partial
// pivoting, unrolled during import (the shape is static). Step k brings the
// row with the largest |a[i][k]| (i >= k) to row k, which flips the sign,
// and subtracts multiples of it from the rows below; the determinant is the
// signed product of the pivots. A zero pivot (a singular matrix) gives 0.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

void importDet(NodeImporter &n) {
  Value x = n.input(0);
  if (n.failed())
    return;
  RankedTensorType type = tensorType(x);
  int64_t rank = type.getRank();
  if (rank < 2 || !type.hasStaticShape() ||
      type.getDimSize(rank - 1) != type.getDimSize(rank - 2) ||
      !isa<FloatType>(type.getElementType())) {
    n.error() << "needs static float matrices [..., n, n]";
    return;
  }
  int64_t size = type.getDimSize(rank - 1);
  int64_t rowAxis = rank - 2, columnAxis = rank - 1;
  DlcBuilder b(n.builder(), n.loc());
  Type i64 = b.builder().getI64Type();
  Value zero = b.scalarLike(x, 0), one = b.scalarLike(x, 1);
  Value rows = b.positions(i64, rank, rowAxis, size);
  Value matrix = x, determinant;
  for (int64_t k = 0; k < size; ++k) {
    Value column = b.slice(matrix, columnAxis, k, k + 1); // [..., n, 1]
    Value below = b.logicalNot(b.less(rows, b.scalar(i64, k)));
    // Rows above k never win: their candidate is -1.
    Value candidates = b.where(below, b.abs(column), b.scalarLike(x, -1));
    Value pivotRow = b.argMax(candidates, rowAxis, /*keepdims=*/true);
    Value isPivot = b.equal(rows, pivotRow);
    Value isK = b.equal(rows, b.scalar(i64, k));
    Value rowK = b.slice(matrix, rowAxis, k, k + 1);
    Value rowP =
        b.reduceSum(b.where(isPivot, matrix, zero), {rowAxis}, true);
    matrix = b.where(isK, rowP, b.where(isPivot, rowK, matrix));
    Value swapped =
        b.logicalNot(b.equal(pivotRow, b.scalar(i64, k))); // [..., 1, 1]
    Value pivot = b.slice(rowP, columnAxis, k, k + 1);   // [..., 1, 1]
    Value signedPivot = b.where(swapped, b.neg(pivot), pivot);
    determinant =
        determinant ? b.mul(determinant, signedPivot) : signedPivot;
    // Rows below k lose their multiple of the pivot row.
    Value singular = b.equal(pivot, zero);
    Value safePivot = b.where(singular, one, pivot);
    Value pivotColumn = b.slice(matrix, columnAxis, k, k + 1);
    Value factors = b.where(
        b.greater(rows, b.scalar(i64, k)),
        b.where(singular, zero, b.div(pivotColumn, safePivot)), zero);
    matrix = b.sub(matrix, b.mul(factors, rowP));
  }
  (void)n.setOutputs(b.reshape(determinant, type.getShape().drop_back(2)));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
determinantOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"Det", importDet},
  };
  return importers;
}

} // namespace dlc
