//===- ReshapingImporters.cpp - ONNX ops that rearrange elements ----------===//
//
// Split, Tile, DepthToSpace and SpaceToDepth as slices, concatenations,
// reshapes and transposes.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

/// Split along `axis` into the sizes of `split` (input 1 from opset 13, an
/// attribute before), or into as many equal parts as the node has outputs.
void importSplit(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", 0);
  SmallVector<int64_t> sizes;
  if (n.opset() >= 13 && n.hasInput(1)) {
    std::optional<SmallVector<int64_t>> split = n.constantInts(1);
    if (!split)
      return;
    sizes = *split;
  } else if (n.opset() < 13) {
    sizes = n.intsAttr("split", {});
  }
  if (n.failed())
    return;
  auto type = cast<RankedTensorType>(x.getType());
  if (!n.normalizeAxis(axis, type.getRank()))
    return;
  if (type.isDynamicDim(axis)) {
    n.error() << "needs a static size of axis " << axis;
    return;
  }
  int64_t length = type.getDimSize(axis), parts = n.node().outputs_size();
  if (sizes.empty()) {
    if (parts == 0 || length % parts != 0) {
      n.error() << "cannot split " << length << " elements into " << parts
                << " equal parts";
      return;
    }
    sizes.assign(parts, length / parts);
  }
  int64_t total = 0;
  for (int64_t size : sizes)
    total += size;
  if (static_cast<int64_t>(sizes.size()) != parts || total != length) {
    n.error() << "split sizes add up to " << total << " in "
              << sizes.size() << " parts; axis " << axis << " has " << length
              << " elements and the node " << parts << " outputs";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  SmallVector<Value> pieces;
  int64_t start = 0;
  for (int64_t size : sizes) {
    pieces.push_back(b.slice(x, axis, start, start + size));
    start += size;
  }
  (void)n.setOutputs(pieces);
}

/// Tile: each axis repeated `repeats[axis]` times, by concatenation.
void importTile(NodeImporter &n) {
  Value x = n.input(0);
  std::optional<SmallVector<int64_t>> repeats = n.constantInts(1);
  if (n.failed() || !repeats)
    return;
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  if (static_cast<int64_t>(repeats->size()) != rank ||
      llvm::any_of(*repeats, [](int64_t r) { return r < 0; })) {
    n.error() << "needs " << rank << " repeats, none negative";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  for (int64_t axis = 0; axis < rank; ++axis)
    if ((*repeats)[axis] != 1)
      x = (*repeats)[axis] == 0
              ? b.slice(x, axis, 0, 0)
              : b.concat(SmallVector<Value>((*repeats)[axis], x), axis);
  (void)n.setOutputs(x);
}

/// The NCHW input of DepthToSpace / SpaceToDepth with its static sizes.
std::optional<std::array<int64_t, 4>> imageShape(NodeImporter &n, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() != 4 || !type.hasStaticShape()) {
    n.error() << "needs an NCHW input of static shape, got " << type;
    return std::nullopt;
  }
  ArrayRef<int64_t> shape = type.getShape();
  return std::array<int64_t, 4>{shape[0], shape[1], shape[2], shape[3]};
}

/// DepthToSpace: blocks of blocksize^2 channels become blocksize x blocksize
/// pixels; DCR takes the block index before the channel, CRD after.
void importDepthToSpace(NodeImporter &n) {
  Value x = n.input(0);
  int64_t block = n.intAttr("blocksize", 0);
  std::string mode = n.stringAttr("mode", "DCR");
  if (n.failed())
    return;
  std::optional<std::array<int64_t, 4>> shape = imageShape(n, x);
  if (!shape)
    return;
  auto [batch, channels, height, width] = *shape;
  // block <= channels first, so that block * block cannot overflow.
  if (block < 1 || block > channels || channels % (block * block) != 0 ||
      (mode != "DCR" && mode != "CRD")) {
    n.error() << "needs mode DCR or CRD and a blocksize whose square divides "
                 "the channels";
    return;
  }
  int64_t depth = channels / (block * block);
  DlcBuilder b(n.builder(), n.loc());
  Value blocks =
      mode == "DCR"
          ? b.transpose(b.reshape(x, {batch, block, block, depth, height,
                                      width}),
                        {0, 3, 4, 1, 5, 2})
          : b.transpose(b.reshape(x, {batch, depth, block, block, height,
                                      width}),
                        {0, 1, 4, 2, 5, 3});
  (void)n.setOutputs(
      b.reshape(blocks, {batch, depth, height * block, width * block}));
}

/// SpaceToDepth: the inverse of DepthToSpace in DCR mode.
void importSpaceToDepth(NodeImporter &n) {
  Value x = n.input(0);
  int64_t block = n.intAttr("blocksize", 0);
  if (n.failed())
    return;
  std::optional<std::array<int64_t, 4>> shape = imageShape(n, x);
  if (!shape)
    return;
  auto [batch, channels, height, width] = *shape;
  if (block < 1 || height % block != 0 || width % block != 0) {
    n.error() << "needs a blocksize that divides the height and width";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value blocks = b.transpose(b.reshape(x, {batch, channels, height / block,
                                           block, width / block, block}),
                             {0, 3, 5, 1, 2, 4});
  (void)n.setOutputs(b.reshape(blocks, {batch, channels * block * block,
                                        height / block, width / block}));
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
reshapingOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"Split", importSplit},
      {"Tile", importTile},
      {"DepthToSpace", importDepthToSpace},
      {"SpaceToDepth", importSpaceToDepth},
  };
  return importers;
}

} // namespace dlc
