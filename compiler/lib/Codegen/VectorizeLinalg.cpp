//===- VectorizeLinalg.cpp - Tile linalg ops to vector shapes and vectorize ===//
//
// A simple, predictable CPU strategy: the innermost loop of each op is cut
// into whole vectors (no masking: where no vector length divides it, full
// vectors and a last tile of 4 lanes or more split off as an op of its
// own, 26 = 16 + 10; other sizes that no length divides stay scalar),
// matmuls get an 8 x (2 * width) register tile with a unit k step,
// and every other loop is stepped by one. The vectorized ops then lower
// through vector.contract / vector.transfer patterns to LLVM vectors.
//
//===----------------------------------------------------------------------===//
#include "dlc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_VECTORIZELINALG
#include "dlc/Codegen/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// The largest of width, width/2, ..., 4 that divides `size`, or 0.
int64_t wholeVectorLength(int64_t size, int64_t width) {
  for (int64_t length = width; length >= 4; length /= 2)
    if (size % length == 0)
      return length;
  return 0;
}

/// Largest divisor of `size` that is at most `limit`.
int64_t divisorAtMost(int64_t size, int64_t limit) {
  for (int64_t d = std::min(size, limit); d > 1; --d)
    if (size % d == 0)
      return d;
  return 1;
}

/// Tile sizes for `op` (one per loop, static ranges), or empty to leave the
/// op scalar.
SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op,
                                     ArrayRef<int64_t> ranges, int64_t width) {
  if (ranges.empty())
    return {};
  if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op)) {
    // Loops are (batch,) m, n, k.
    SmallVector<int64_t> sizes(ranges.size(), 1);
    size_t m = ranges.size() - 3, n = m + 1;
    int64_t columns = wholeVectorLength(ranges[n], width);
    if (!columns)
      return {};
    if (ranges[n] % (2 * columns) == 0)
      columns *= 2;
    sizes[m] = divisorAtMost(ranges[m], 8);
    sizes[n] = columns;
    return sizes;
  }
  // Whole vectors where they divide the innermost loop; else full vectors
  // and, split off as an op of its own, a last tile of at least 4 lanes
  // (26 = 16 + 10), rather than scalar code.
  int64_t length = wholeVectorLength(ranges.back(), width);
  if (!length && ranges.back() > width && ranges.back() % width >= 4)
    length = width;
  if (!length)
    return {};
  SmallVector<int64_t> sizes(ranges.size(), 1);
  sizes.back() = length;
  return sizes;
}

struct VectorizeLinalgPass
    : dlc::impl::VectorizeLinalgBase<VectorizeLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<linalg::LinalgOp> candidates;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates)
      tileAndVectorize(rewriter, op);

    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateSinkVectorOpsPatterns(patterns);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns,
                                                        &getContext());
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }

  void tileAndVectorize(IRRewriter &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return;
    SmallVector<int64_t> sizes = chooseTileSizes(op, ranges, vectorWidth);
    if (sizes.empty())
      return;
    // Vectorize the tile shape before committing to tiling.
    linalg::LinalgOp probe = op;
    if (failed(linalg::vectorizeOpPrecondition(probe, {}, {})))
      return;
    int64_t innermost = ranges.back(), lanes = sizes.back();
    if (innermost % lanes == 0)
      return tileAndVectorize(rewriter, op, sizes);
    // Full vectors over the first part of the innermost loop; the rest,
    // split off with static sizes of its own, is one tile.
    rewriter.setInsertionPoint(op);
    auto [full, rest] = linalg::splitOp(
        rewriter, cast<TilingInterface>(op.getOperation()), ranges.size() - 1,
        rewriter.getIndexAttr(innermost - innermost % lanes));
    tileAndVectorize(rewriter, cast<linalg::LinalgOp>(full.getOperation()),
                     sizes);
    sizes.back() = innermost % lanes;
    tileAndVectorize(rewriter, cast<linalg::LinalgOp>(rest.getOperation()),
                     sizes);
  }

  /// Tiles `op` by `sizes`, which divide its loops, and vectorizes the tiles.
  void tileAndVectorize(IRRewriter &rewriter, linalg::LinalgOp op,
                        ArrayRef<int64_t> sizes) {
    scf::SCFTilingOptions options;
    options.setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes));
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      return;
    rewriter.eraseOp(op);
    for (Operation *tiledOp : tiled->tiledOps) {
      rewriter.setInsertionPoint(tiledOp);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, tiledOp);
      if (succeeded(vectorized))
        rewriter.replaceOp(tiledOp, vectorized->replacements);
    }
  }
};

} // namespace
