//===- CpuStrategy.cpp - Per-op lowering decisions of the CPU target ------===//
//
// Matmuls (and batch matmuls) get the blocking of a GEMM kernel:
// - a register tile of 8 rows x 2 vectors (8 x 32 floats with AVX-512) over
//   a unit k step: 16 accumulators, 8 broadcasts of A and 2 loads of B per
//   k, which leaves registers free and keeps the FMA units busy. Narrower
//   tiles are taken where they divide the matrix; where nothing divides
//   it, the last tile of the dimension is smaller (peeled).
// - cache tiles of up to 128 rows, 512 columns and 128 k, divisors of the
//   sizes and multiples of the register tile, visited in the order n, k, m:
//   a k x n block of B stays in L2 while the rows of A stream past it.
//   k blocks above 256 caused cache-set conflicts at 4 KiB leading
//   dimensions in measurements on these machines (shared/notes).
//
// Threads share the parallel loops of an op: the op is cut into at least
// `parallelTasks` tasks along its parallel loops, in an order per op kind,
// each cut a multiple of the register tile that divides the loop (so tiles
// keep static shapes); no task is cut below kMinTaskWork operations (an
// iteration of a contraction or window op counts one, of any other op the
// ops in its body), where handing it to a thread would cost more than it
// saves. The cache tiles
// then block each task.
//
// Other ops are only cut into tasks; their vectors come later, from the
// generic strategy on buffers.
//
// Convolutions, depthwise convolutions and pools (NCHW / NCW, linalg's
// named ops) compute output row segments per register tile: up to 16
// channels for convolutions with AVX-512, else 12 (one accumulator each),
// by up to one vector of
// output positions, over one input channel and one kernel row, with the
// kernel row (kw) whole (VectorizeWindow.cpp). The input channel and kernel
// row loops around the tile then accumulate in registers.
//
// Packed convolutions (PackedConvolution.h) keep output channels in the
// lanes instead: a register tile of one vector of channels by R x P output
// positions, with the whole reduction inside the tile. The ops fused into
// their tiles (the bias broadcast, the epilogue) get no configuration.
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/CpuStrategy.h"

#include "PackedConvolution.h"
#include "VectorizeWindow.h"

#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace dlc::cpu {
namespace {

/// The largest multiple of `step` that divides `size` and is at most
/// `limit`, or 0 if there is none.
int64_t divisorMultipleAtMost(int64_t size, int64_t step, int64_t limit) {
  for (int64_t candidate = limit / step * step; candidate >= step;
       candidate -= step)
    if (size % candidate == 0)
      return candidate;
  return 0;
}

/// Register tile of a dimension of `size` whose ideal tile is `ideal`: the
/// largest of ideal, ideal/2, ... (down to `minimum`) that divides it, else
/// `ideal` (the last tile smaller), or `size` itself when no larger.
int64_t registerTile(int64_t size, int64_t ideal, int64_t minimum) {
  if (size <= ideal)
    return size;
  for (int64_t tile = ideal; tile >= minimum; tile /= 2)
    if (size % tile == 0)
      return tile;
  return ideal;
}

/// Cache tile: a multiple of the register tile dividing `size`, at most
/// `limit`; 0 (whole) when the size is within the limit or nothing divides.
int64_t cacheTile(int64_t size, int64_t registerTile, int64_t limit) {
  if (size <= limit)
    return 0;
  return divisorMultipleAtMost(size, registerTile, limit);
}

/// Iterations (multiply-adds, for a contraction) below which a task is not
/// worth a thread: a region costs about 0.1 us, plus the imbalance.
constexpr int64_t kMinTaskWork = int64_t(1) << 16;

/// Parallel tiles for `ranges`: loops are cut in the order `cutOrder`, each
/// into tiles that are multiples of `granules[loop]` and divide its range,
/// as few as reach `tasks` tasks in all, never below kMinTaskWork
/// operations a task (`iterationWork` an iteration). Entries of loops left
/// whole are 0; empty when the op stays one task.
SmallVector<int64_t> parallelTiles(ArrayRef<int64_t> ranges,
                                   ArrayRef<size_t> cutOrder,
                                   ArrayRef<int64_t> granules, int64_t tasks,
                                   int64_t iterationWork = 1) {
  SmallVector<int64_t> tiles(ranges);
  int64_t taskCount = 1;
  int64_t taskWork = iterationWork;
  for (int64_t range : ranges)
    taskWork *= range;
  for (size_t loop : cutOrder) {
    if (taskCount >= tasks)
      break;
    int64_t range = ranges[loop];
    for (int64_t tile = range / 2 / granules[loop] * granules[loop];
         tile >= granules[loop]; tile -= granules[loop]) {
      if (range % tile != 0)
        continue;
      if (taskWork / range * tile < kMinTaskWork)
        break;
      tiles[loop] = tile;
      if (taskCount * (range / tile) >= tasks)
        break;
    }
    taskCount *= range / tiles[loop];
    taskWork = taskWork / range * tiles[loop];
  }
  if (taskCount == 1)
    return {};
  for (auto [tile, range] : llvm::zip(tiles, ranges))
    if (tile == range)
      tile = 0;
  return tiles;
}

/// The extent of each loop within one task.
SmallVector<int64_t> taskRanges(ArrayRef<int64_t> ranges,
                                ArrayRef<int64_t> parallel) {
  SmallVector<int64_t> result(ranges);
  for (auto [extent, tile] : llvm::zip(result, parallel))
    if (tile != 0)
      extent = tile;
  return result;
}

std::optional<LoweringConfig> matmulConfig(ArrayRef<int64_t> ranges,
                                           const CpuTarget &target) {
  // Loops: (batch,) m, n, k.
  size_t m = ranges.size() - 3, n = m + 1, k = m + 2;
  int64_t width = target.vectorWidth;
  LoweringConfig config;
  config.vectorTiles.assign(ranges.size(), 1);
  config.cacheTiles.assign(ranges.size(), 1);
  // Up to one vector, the tile is the whole dimension.
  config.vectorTiles[n] = ranges[n] <= width
                              ? ranges[n]
                              : registerTile(ranges[n], 2 * width, width);
  config.vectorTiles[m] = registerTile(ranges[m], 8, 4);
  // Tasks take batches first, then column blocks (each task reads all of A
  // but only its columns of B, the larger operand in a network's layers),
  // then row blocks.
  SmallVector<size_t> cutOrder;
  for (size_t batch = 0; batch < m; ++batch)
    cutOrder.push_back(batch);
  cutOrder.append({n, m});
  config.parallelTiles = parallelTiles(ranges, cutOrder, config.vectorTiles,
                                       target.parallelTasks);
  SmallVector<int64_t> task = taskRanges(ranges, config.parallelTiles);
  config.cacheTiles[m] = cacheTile(task[m], config.vectorTiles[m], 128);
  config.cacheTiles[n] = cacheTile(task[n], config.vectorTiles[n], 512);
  config.cacheTiles[k] = cacheTile(task[k], 1, 128);
  config.cacheInterchange.resize(ranges.size());
  for (size_t i = 0; i < m; ++i)
    config.cacheInterchange[i] = i;
  config.cacheInterchange[m] = n;
  config.cacheInterchange[n] = k;
  config.cacheInterchange[k] = m;
  return config;
}

/// Output channels per register tile (one accumulator each): all of them
/// up to the most, else the largest divisor down to 6, else 8 (the last
/// tile smaller). A convolution, whose channels share each input row, takes
/// up to 16 with AVX-512's 32 registers (16 accumulators, the row and a
/// spare: 16 FMAs per load); depthwise convolutions and pools, which load
/// a row per channel, and AVX2's 16 registers, up to 12.
int64_t channelTile(int64_t size, bool sharedInputRow,
                    const CpuTarget &target) {
  const int64_t most = sharedInputRow && target.vectorWidth >= 16 ? 16 : 12;
  const int64_t least = 6;
  if (size <= most)
    return size;
  for (int64_t tile = most; tile >= least; --tile)
    if (size % tile == 0)
      return tile;
  return 8;
}

/// A window op: channels by the last output dimension's positions, up to
/// one vector of them, every other loop unit but the last window dimension,
/// which stays whole.
LoweringConfig windowConfig(linalg::LinalgOp op, ArrayRef<int64_t> ranges,
                            const CpuTarget &target) {
  WindowLoops loops = windowLoops(op);
  LoweringConfig config;
  config.cacheTiles.assign(ranges.size(), 0);
  config.vectorTiles.assign(ranges.size(), 1);
  bool sharedInputRow =
      isa<linalg::Conv1DNcwFcwOp, linalg::Conv2DNchwFchwOp>(op.getOperation());
  config.vectorTiles[loops.channels] =
      channelTile(ranges[loops.channels], sharedInputRow, target);
  config.vectorTiles[loops.positions] =
      std::min(ranges[loops.positions], target.vectorWidth);
  config.vectorTiles[loops.taps] = ranges[loops.taps];
  // Tasks take images first, then channel blocks, then output rows (for
  // 2-D) or row segments (for 1-D).
  SmallVector<size_t> cutOrder = {0, loops.channels};
  for (auto [loop, type] : llvm::enumerate(op.getIteratorTypesArray()))
    if (linalg::isParallelIterator(type) && loop != 0 &&
        loop != loops.channels)
      cutOrder.push_back(loop);
  config.parallelTiles = parallelTiles(ranges, cutOrder, config.vectorTiles,
                                       target.parallelTasks);
  return config;
}

/// The register tile of a packed convolution: one block of output channels
/// by `rows` x `positions` outputs (rows only in 2-D).
struct PackedTile {
  int64_t rows = 1, positions = 1;
};

/// Positions of an output row of `width` per tile, at most `budget`: the
/// count whose tiles hold the most positions on average over the row (the
/// last tile of a row may be smaller), the smaller on ties (the row then
/// splits more evenly: 56 into 4 x 14 rather than 3 x 16 + 8).
int64_t rowPositions(int64_t width, int64_t budget) {
  int64_t best = 1;
  auto average = [&](int64_t positions) {
    return double(width) / ((width + positions - 1) / positions);
  };
  for (int64_t positions = 2; positions <= std::min(width, budget);
       ++positions)
    if (average(positions) > average(best))
      best = positions;
  return best;
}

/// The tile with the most accumulators, at most half the vector registers:
/// one channel block, so that each input element feeds one FMA, as its
/// memory operand (with more blocks LLVM loads the elements ahead into
/// registers and spills accumulators), by up to a row of positions, and
/// then by rows; no more positions than the block's `lanes` (the tile's
/// transposed store).
PackedTile packedTile(int64_t height, int64_t width, int64_t lanes,
                      const CpuTarget &target) {
  const int64_t budget =
      std::min<int64_t>(target.vectorWidth >= 16 ? 16 : 8, lanes);
  PackedTile tile{1, rowPositions(width, budget)};
  if (tile.positions == width)
    tile.rows = rowPositions(height, budget / width);
  return tile;
}

/// A packed convolution: the register tile of packedTile() over one image,
/// its reduction whole; tasks by images, channel blocks, then output rows.
LoweringConfig packedConvolutionConfig(linalg::LinalgOp op,
                                       ArrayRef<int64_t> ranges,
                                       const CpuTarget &target) {
  PackedConvolutionLoops loops = packedConvolutionLoops(op);
  unsigned last = loops.output(loops.spatialRank - 1);
  int64_t height = loops.spatialRank == 2 ? ranges[loops.output(0)] : 1;
  PackedTile tile =
      packedTile(height, ranges[last], ranges[loops.lanes()], target);
  LoweringConfig config;
  config.vectorTiles.assign(ranges.size(), 0);
  config.vectorTiles[loops.batch()] = 1;
  config.vectorTiles[loops.channelBlocks()] = 1;
  if (loops.spatialRank == 2)
    config.vectorTiles[loops.output(0)] = tile.rows;
  config.vectorTiles[last] = tile.positions;
  SmallVector<size_t> cutOrder = {loops.batch(), loops.channelBlocks()};
  SmallVector<int64_t> granules(ranges.size(), 1);
  for (unsigned dim = 0; dim < loops.spatialRank; ++dim) {
    cutOrder.push_back(loops.output(dim));
    granules[loops.output(dim)] = config.vectorTiles[loops.output(dim)];
  }
  config.parallelTiles = parallelTiles(ranges, cutOrder, granules,
                                       target.parallelTasks);
  return config;
}

/// Operations in one iteration of `op`'s body; a function of the math
/// dialect (exp, tanh, ...) counts as the dozen its polynomial takes.
int64_t bodyWork(linalg::LinalgOp op) {
  int64_t work = 0;
  op.getBlock()->walk([&](Operation *inner) {
    if (!isa<linalg::YieldOp>(inner))
      work += isa<math::MathDialect>(inner->getDialect()) ? 12 : 1;
  });
  return std::max<int64_t>(work, 1);
}

/// Whether some operand of `op` is read backwards along a loop (a
/// reversal: `199 - d0`). Upstream's tiling computes an operand's slice by
/// applying its map to the tile's offsets and sizes, which gives such an
/// operand a slice of the wrong size even along a loop left whole (1
/// instead of 200), so these ops are not tiled at all; the generic
/// vectorizer takes them.
bool readsBackwards(linalg::LinalgOp op) {
  bool backwards = false;
  for (AffineMap map : op.getIndexingMapsArray())
    for (AffineExpr result : map.getResults())
      result.walk([&](AffineExpr sub) {
        auto product = dyn_cast<AffineBinaryOpExpr>(sub);
        if (!product || product.getKind() != AffineExprKind::Mul)
          return;
        auto dim = dyn_cast<AffineDimExpr>(product.getLHS());
        auto factor = dyn_cast<AffineConstantExpr>(product.getRHS());
        if (dim && factor && factor.getValue() < 0)
          backwards = true;
      });
  return backwards;
}

/// Any other op (elementwise, reductions, copies, generic convolutions)
/// is only cut into tasks, along its parallel loops from the outermost; the
/// innermost loop only into whole groups of vectors, which the generic
/// vectorizer (dlc-vectorize-linalg) then handles on buffers.
std::optional<LoweringConfig> tasksOnlyConfig(linalg::LinalgOp op,
                                              ArrayRef<int64_t> ranges,
                                              const CpuTarget &target) {
  SmallVector<size_t> cutOrder;
  SmallVector<int64_t> granules(ranges.size(), 1);
  granules.back() = 4 * target.vectorWidth;
  for (auto [loop, type] : llvm::enumerate(op.getIteratorTypesArray()))
    if (linalg::isParallelIterator(type))
      cutOrder.push_back(loop);
  LoweringConfig config;
  config.parallelTiles = parallelTiles(ranges, cutOrder, granules,
                                       target.parallelTasks, bodyWork(op));
  if (config.parallelTiles.empty())
    return std::nullopt;
  return config;
}

/// Whether `op` only makes the initial value of a packed convolution (its
/// bias broadcast) or is its epilogue (its ReLU), which TileAndVectorize
/// moves into the convolution's tiles: tiled on its own first, it could no
/// longer be.
bool isFusedIntoPackedConvolution(linalg::LinalgOp op) {
  if (isPackedConvolutionEpilogue(op))
    return true;
  if (!op->hasOneUse())
    return false;
  OpOperand &use = *op->use_begin();
  auto consumer = dyn_cast<linalg::LinalgOp>(use.getOwner());
  return consumer && isPackedConvolution(consumer) && consumer.isDpsInit(&use);
}

} // namespace

std::optional<LoweringConfig> selectLoweringConfig(linalg::LinalgOp op,
                                                   const CpuTarget &target) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty() || llvm::any_of(ranges, ShapedType::isDynamic) ||
      llvm::is_contained(ranges, 0) || isFusedIntoPackedConvolution(op) ||
      readsBackwards(op))
    return std::nullopt;
  if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) &&
      op.getDpsInits().size() == 1 &&
      getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32())
    return matmulConfig(ranges, target);
  if (isWindowOp(op))
    return windowConfig(op, ranges, target);
  if (isPackedConvolution(op))
    return packedConvolutionConfig(op, ranges, target);
  return tasksOnlyConfig(op, ranges, target);
}

} // namespace dlc::cpu
