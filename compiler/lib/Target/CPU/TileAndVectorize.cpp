//===- TileAndVectorize.cpp - Tile ops by their configuration, vectorize --===//
//
// Three levels of tiling on tensors, following the op's
// dlc.lowering_config: an scf.forall of parallel tiles (the tasks that
// threads share; dlc-cpu-outline-parallel-loops hands it to the runtime's
// pool), then scf.for loops of cache tiles (in the configured loop order),
// then register tiles inside them. An op configured with parallel tiles
// only is just cut into tasks. A register loop that its tile does not divide
// is peeled: the main loop keeps full tiles and one last iteration takes
// the rest, so that every tile has a static shape. Each register tile then
// becomes vectors of its shape, without masks: upstream's vectorizer for
// matmuls, dlc's own for convolutions and pools (VectorizeWindow.cpp,
// VectorizePackedConvolution.cpp). A packed convolution takes the op that
// makes its initial value (a bias broadcast) into its tiles, and so does
// its epilogue (an activation, PackedConvolution.h), whose loops the tiles
// then follow. A matmul tile's accumulator is carried through its k loop,
// and starts from the matmul's fill in the tile where no cache tile cuts
// the matmul.
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/LoweringConfig.h"
#include "dlc/Target/CPU/Passes.h"

#include "PackedConvolution.h"
#include "VectorizeWindow.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;
using dlc::cpu::LoweringConfig;

namespace {

/// The loops of a tiling, outermost first, and the op computing one tile.
struct Tiling {
  SmallVector<LoopLikeOpInterface> loops;
  linalg::LinalgOp tileOp;
};

scf::SCFTilingOptions tilingOptions(MLIRContext *context,
                                    ArrayRef<int64_t> sizes,
                                    ArrayRef<int64_t> interchange,
                                    scf::SCFTilingOptions::LoopType loopType) {
  scf::SCFTilingOptions options;
  options.setLoopType(loopType);
  options.setTileSizes(getAsIndexOpFoldResult(context, sizes));
  if (!interchange.empty())
    options.setInterchange(interchange);
  return options;
}

bool isUntiled(ArrayRef<int64_t> sizes) {
  return llvm::all_of(sizes, [](int64_t size) { return size == 0; });
}

/// Tiles `op` by `sizes` (0: whole) with loops of `loopType` in
/// `interchange` order. No loops and `op` itself when nothing is tiled.
FailureOr<Tiling> tile(RewriterBase &rewriter, linalg::LinalgOp op,
                       ArrayRef<int64_t> sizes, ArrayRef<int64_t> interchange,
                       scf::SCFTilingOptions::LoopType loopType =
                           scf::SCFTilingOptions::LoopType::ForOp) {
  if (isUntiled(sizes))
    return Tiling{{}, op};
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()),
      tilingOptions(rewriter.getContext(), sizes, interchange, loopType));
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return Tiling{tiled->loops, cast<linalg::LinalgOp>(tiled->tiledOps.back())};
}

/// Tiles `op`, a packed convolution or its epilogue, like tile(), and moves
/// into each tile the packed convolution the epilogue reads and the op that
/// produces the convolution's initial value when that op has no reductions
/// (the broadcast of a bias, a fill): the output is then written once, by
/// the tile, instead of first filled in a pass of its own. Valid only when
/// `sizes` cut no reduction loop, since the initial value must be made once
/// per output.
FailureOr<Tiling> tileAndFuseInit(RewriterBase &rewriter, linalg::LinalgOp op,
                                  ArrayRef<int64_t> sizes,
                                  scf::SCFTilingOptions::LoopType loopType) {
  if (isUntiled(sizes))
    return Tiling{{}, op};
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(
      tilingOptions(rewriter.getContext(), sizes, {}, loopType));
  options.setFusionControlFn(
      [](tensor::ExtractSliceOp slice, OpResult producer, bool isDestination)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        auto linalgProducer = dyn_cast<linalg::LinalgOp>(producer.getOwner());
        if (!linalgProducer)
          return std::nullopt;
        // The destination of the root, or of the packed convolution fused
        // into an epilogue's tile.
        auto readsAsInit = [&](OpOperand &use) {
          auto reader = dyn_cast<linalg::LinalgOp>(use.getOwner());
          return reader && dlc::cpu::isPackedConvolution(reader) &&
                 reader.isDpsInit(&use);
        };
        bool initialValue =
            (isDestination || llvm::any_of(slice->getUses(), readsAsInit)) &&
            linalgProducer.getNumReductionLoops() == 0;
        if (!initialValue && !dlc::cpu::isPackedConvolution(linalgProducer))
          return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTileAndFuseResult> tiled =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return failure();
  for (OpResult result : op->getResults())
    rewriter.replaceAllUsesWith(result, tiled->replacements.lookup(result));
  rewriter.eraseOp(op);
  return Tiling{tiled->loops,
                cast<linalg::LinalgOp>(tiled->tiledAndFusedOps.front())};
}

struct TileAndVectorizePass
    : dlc::cpu::impl::TileAndVectorizeBase<TileAndVectorizePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    std::vector<std::pair<linalg::LinalgOp, LoweringConfig>> roots;
    WalkResult walk = func.walk([&](linalg::LinalgOp op) {
      FailureOr<std::optional<LoweringConfig>> config =
          LoweringConfig::read(op, op.getNumLoops());
      if (failed(config))
        return WalkResult::interrupt();
      if (*config && op.hasPureTensorSemantics())
        roots.push_back({op, **config});
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    for (auto &[op, config] : roots)
      if (failed(tileAndPeel(rewriter, op, config)))
        return signalPassFailure();

    // Peeled bounds fold to constants, and the tiles' types become static.
    // (Linalg's dialect-level patterns fold the tensor.casts into the tiles.)
    RewritePatternSet canonicalization(&getContext());
    for (Dialect *dialect : getContext().getLoadedDialects())
      dialect->getCanonicalizationPatterns(canonicalization);
    for (RegisteredOperationName name :
         getContext().getRegisteredOperations())
      name.getCanonicalizationPatterns(canonicalization, &getContext());
    if (failed(applyPatternsGreedily(func, std::move(canonicalization))))
      return signalPassFailure();

    // The tiles are the ops that still carry a configuration.
    SmallVector<linalg::LinalgOp> tiles;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(LoweringConfig::kAttrName) &&
          op.hasPureTensorSemantics())
        tiles.push_back(op);
    });
    for (linalg::LinalgOp tileOp : tiles)
      if (failed(vectorizeTile(rewriter, tileOp)))
        return signalPassFailure();

    // Reads of tensor slices read the whole tensor at an offset instead, so
    // that bufferization leaves no copies of slices inside the loops.
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
    tensor::populateFoldTensorSubsetOpPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();

    // The accumulator of a matmul tile, read and written at the same
    // indices on every step of the k loop, becomes a loop-carried vector.
    // On tensors the pair is plainly one subset of the loop's own tensor;
    // on buffers upstream's hoisting gives up on any buffer that is also
    // viewed, even after the loop (a weight gradient reshaped to its
    // filter's shape). Only the k loops: the other tiled loops carry whole
    // tensors, whose slices moved out of a loop (a gather's gradient)
    // no longer bufferize in place.
    llvm::SetVector<scf::ForOp> kLoops;
    func.walk([&](vector::ContractionOp contraction) {
      if (auto loop = dyn_cast<scf::ForOp>(contraction->getParentOp()))
        kLoops.insert(loop);
    });
    for (scf::ForOp loop : kLoops)
      (void)hoistLoopInvariantSubsets(rewriter, loop);
  }

  /// Parallel tiles may cut only parallel loops, into tiles that divide
  /// them (each task a tile of static shape).
  static LogicalResult verifyParallelTiles(linalg::LinalgOp op,
                                           ArrayRef<int64_t> tiles) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    for (auto [loop, tile] : llvm::enumerate(tiles)) {
      if (tile == 0)
        continue;
      if (!linalg::isParallelIterator(op.getIteratorTypesArray()[loop]))
        return op.emitOpError("parallel tile of loop ")
               << loop << ", which is not parallel";
      if (ShapedType::isDynamic(ranges[loop]) || ranges[loop] % tile != 0)
        return op.emitOpError("parallel tile ")
               << tile << " does not divide loop " << loop;
    }
    return success();
  }

  /// A packed convolution's tiles keep its reduction whole: the op making
  /// its initial value joins each tile, so a cut reduction would start every
  /// part of it from that value again. (Nor does it take cache tiles.)
  static LogicalResult verifyWholeReduction(linalg::LinalgOp op,
                                            const LoweringConfig &config) {
    if (!isUntiled(config.cacheTiles))
      return op.emitOpError("packed convolution takes no cache tiles");
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    ArrayRef<int64_t> tiles = config.vectorTiles;
    for (auto [loop, type] : llvm::enumerate(op.getIteratorTypesArray()))
      if (!linalg::isParallelIterator(type) && !tiles.empty() &&
          tiles[loop] != 0 && tiles[loop] != ranges[loop])
        return op.emitOpError("packed convolution must keep its reduction "
                              "loop ")
               << loop << " whole (tile 0)";
    return success();
  }

  /// Peels the register loops around full tiles.
  static void peel(IRRewriter &rewriter, ArrayRef<LoopLikeOpInterface> loops) {
    // Innermost first, so that peeling an outer loop copies the inner
    // loops already peeled.
    for (LoopLikeOpInterface loop : llvm::reverse(loops)) {
      auto forOp = dyn_cast<scf::ForOp>(loop.getOperation());
      scf::ForOp remainder;
      if (forOp)
        (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, remainder);
    }
  }

  /// A packed convolution's register tile takes its whole reduction, so
  /// the op making its initial value and its epilogue can join it at every
  /// level. With an epilogue, the loops are those of the epilogue (the
  /// convolution's parallel loops, in the same order), which pulls the
  /// convolution into each of its tiles.
  LogicalResult tilePackedConvolution(IRRewriter &rewriter,
                                      linalg::LinalgOp op,
                                      const LoweringConfig &config) {
    if (failed(verifyWholeReduction(op, config)))
      return failure();
    linalg::LinalgOp root = op;
    if (linalg::GenericOp epilogue = dlc::cpu::packedConvolutionEpilogue(op))
      root = epilogue;
    auto rootSizes = [&](ArrayRef<int64_t> sizes) {
      return sizes.take_front(
          std::min<size_t>(sizes.size(), root.getNumLoops()));
    };
    FailureOr<Tiling> parallelTile =
        tileAndFuseInit(rewriter, root, rootSizes(config.parallelTiles),
                        scf::SCFTilingOptions::LoopType::ForallOp);
    if (failed(parallelTile))
      return op.emitOpError("could not be cut into parallel tasks");
    FailureOr<Tiling> registerTile = tileAndFuseInit(
        rewriter, parallelTile->tileOp, rootSizes(config.vectorTiles),
        scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(registerTile))
      return op.emitOpError("could not be tiled for registers");
    peel(rewriter, registerTile->loops);
    return success();
  }

  /// Whether `op` is a matmul without cache tiles starting from a fill of
  /// its own (one still whole: such outputs, at most 128 x 512, are too
  /// small for tasks of their own): the fill then joins its tasks and its
  /// register tiles.
  static bool fillsItsTiles(linalg::LinalgOp op, const LoweringConfig &config) {
    Value init = op.getDpsInits()[0];
    return isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) &&
           init.getDefiningOp<linalg::FillOp>() && init.hasOneUse() &&
           isUntiled(config.cacheTiles) && config.hasRegisterTiles();
  }

  /// Register tiles of a matmul whose accumulators start from its fill: the
  /// (m, n) tiles take the fill along (so each tile's accumulators are
  /// filled in registers instead of the output in a pass of its own), then
  /// the k loop runs inside them.
  LogicalResult tileMatmulWithItsFill(IRRewriter &rewriter,
                                      linalg::LinalgOp op,
                                      const LoweringConfig &config) {
    SmallVector<int64_t> outputTiles(config.vectorTiles);
    outputTiles.back() = 0;
    SmallVector<int64_t> kTiles(config.vectorTiles.size(), 0);
    kTiles.back() = config.vectorTiles.back();
    FailureOr<Tiling> outputTile = tileAndFuseInit(
        rewriter, op, outputTiles, scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(outputTile))
      return op.emitOpError("could not be tiled for registers");
    FailureOr<Tiling> kTile = tile(rewriter, outputTile->tileOp, kTiles, {});
    if (failed(kTile))
      return op.emitOpError("could not be tiled for registers");
    peel(rewriter, outputTile->loops);
    return success();
  }

  LogicalResult tileAndPeel(IRRewriter &rewriter, linalg::LinalgOp op,
                            const LoweringConfig &config) {
    if (failed(verifyParallelTiles(op, config.parallelTiles)))
      return failure();
    if (dlc::cpu::isPackedConvolution(op))
      return tilePackedConvolution(rewriter, op, config);
    if (fillsItsTiles(op, config)) {
      // Tasks cut no reduction loop, so the fill can join them.
      FailureOr<Tiling> parallelTile =
          tileAndFuseInit(rewriter, op, config.parallelTiles,
                          scf::SCFTilingOptions::LoopType::ForallOp);
      if (failed(parallelTile))
        return op.emitOpError("could not be cut into parallel tasks");
      return tileMatmulWithItsFill(rewriter, parallelTile->tileOp, config);
    }
    FailureOr<Tiling> parallelTile =
        tile(rewriter, op, config.parallelTiles, {},
             scf::SCFTilingOptions::LoopType::ForallOp);
    if (failed(parallelTile))
      return op.emitOpError("could not be cut into parallel tasks");
    op = parallelTile->tileOp;
    if (!config.hasRegisterTiles()) {
      // Each task is left to the generic vectorizer on buffers.
      op->removeAttr(LoweringConfig::kAttrName);
      return success();
    }
    FailureOr<Tiling> cacheTile =
        tile(rewriter, op, config.cacheTiles, config.cacheInterchange);
    if (failed(cacheTile))
      return op.emitOpError("could not be tiled for the cache");
    FailureOr<Tiling> registerTile =
        tile(rewriter, cacheTile->tileOp, config.vectorTiles, {});
    if (failed(registerTile))
      return op.emitOpError("could not be tiled for registers");
    peel(rewriter, registerTile->loops);
    return success();
  }

  LogicalResult vectorizeTile(IRRewriter &rewriter, linalg::LinalgOp tileOp) {
    if (tileOp.hasDynamicShape())
      return tileOp.emitOpError("tile of dynamic shape after peeling");
    if (dlc::cpu::isWindowOp(tileOp))
      return dlc::cpu::vectorizeWindowTile(rewriter, tileOp);
    if (dlc::cpu::isPackedConvolution(tileOp))
      return dlc::cpu::vectorizePackedConvolutionTile(rewriter, tileOp);
    rewriter.setInsertionPoint(tileOp);
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, tileOp, /*inputVectorSizes=*/{},
        /*inputScalableVecDims=*/{}, /*vectorizeNDExtract=*/false,
        /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/true);
    if (failed(vectorized))
      return tileOp.emitOpError("could not be vectorized");
    rewriter.replaceOp(tileOp, vectorized->replacements);
    return success();
  }
};

} // namespace
