//===- SequenceImporters.cpp - ONNX's sequences of tensors ----------------===//
//
// SequenceEmpty, SequenceConstruct, SequenceInsert, SequenceErase,
// SequenceAt, SequenceLength, ConcatFromSequence and SplitToSequence. A
// sequence never reaches the compiled graph: the importer holds it as the
// list of values it contains (NodeImporter::SequenceTable), so positions
// must be constants (or graph inputs bound at compile time, which dlc does
// for such operands) and each operation is done once, during import.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

/// The constant position input `index` (or `fallback` when absent) in a
/// sequence of `size`, negative positions counting from the end; `size`
/// itself is valid where `allowEnd` (insertion).
std::optional<int64_t> readPosition(NodeImporter &n, int index, int64_t size,
                                    int64_t fallback, bool allowEnd) {
  int64_t position = fallback;
  if (n.hasInput(index)) {
    std::optional<SmallVector<int64_t>> given = n.constantInts(index);
    if (!given || given->size() != 1) {
      if (given)
        n.error() << "the position must be a scalar";
      return std::nullopt;
    }
    position = given->front();
  }
  int64_t end = allowEnd ? size : size - 1;
  if (position < -size || position > end) {
    n.error() << "position " << position << " is outside a sequence of "
              << size;
    return std::nullopt;
  }
  return position < 0 ? position + size : position;
}

void importSequenceConstruct(NodeImporter &n) {
  SmallVector<Value> elements;
  for (int i = 0; i < n.node().inputs_size(); ++i)
    elements.push_back(n.input(i));
  if (!n.failed())
    n.setSequenceOutput(elements);
}

void importSequenceInsert(NodeImporter &n) {
  std::optional<SmallVector<Value>> sequence = n.sequenceInput(0);
  Value element = n.input(1);
  if (!sequence || n.failed())
    return;
  int64_t size = sequence->size();
  if (std::optional<int64_t> at = readPosition(n, 2, size, size, true)) {
    sequence->insert(sequence->begin() + *at, element);
    n.setSequenceOutput(*sequence);
  }
}

void importSequenceErase(NodeImporter &n) {
  std::optional<SmallVector<Value>> sequence = n.sequenceInput(0);
  if (!sequence)
    return;
  int64_t size = sequence->size();
  if (std::optional<int64_t> at = readPosition(n, 1, size, size - 1, false)) {
    sequence->erase(sequence->begin() + *at);
    n.setSequenceOutput(*sequence);
  }
}

void importSequenceAt(NodeImporter &n) {
  std::optional<SmallVector<Value>> sequence = n.sequenceInput(0);
  if (!sequence || !n.hasInput(1)) {
    if (sequence)
      n.error() << "missing required input 1";
    return;
  }
  int64_t size = sequence->size();
  if (std::optional<int64_t> at = readPosition(n, 1, size, 0, false))
    (void)n.setOutputs((*sequence)[*at]);
}

void importSequenceLength(NodeImporter &n) {
  std::optional<SmallVector<Value>> sequence = n.sequenceInput(0);
  if (!sequence)
    return;
  DlcBuilder b(n.builder(), n.loc());
  (void)n.setOutputs(b.scalar(b.builder().getI64Type(), sequence->size()));
}

/// The elements joined along `axis`, or stacked along a new one.
void importConcatFromSequence(NodeImporter &n) {
  std::optional<SmallVector<Value>> sequence = n.sequenceInput(0);
  int64_t axis = n.intAttr("axis", 0);
  bool newAxis = n.intAttr("new_axis", 0);
  if (!sequence || n.failed())
    return;
  if (sequence->empty()) {
    n.error() << "cannot concatenate an empty sequence";
    return;
  }
  int64_t rank = tensorType(sequence->front()).getRank() + (newAxis ? 1 : 0);
  if (!n.normalizeAxis(axis, rank))
    return;
  DlcBuilder b(n.builder(), n.loc());
  SmallVector<Value> parts;
  for (Value element : *sequence)
    parts.push_back(newAxis ? b.unsqueeze(element, {axis}) : element);
  (void)n.setOutputs(
      n.create<ConcatOp>(parts, b.builder().getI64IntegerAttr(axis)));
}

/// The input cut along `axis`: into pieces of the sizes `split` lists, of
/// `split` elements each (the last one shorter), or of 1 element each,
/// which lose the axis unless keepdims.
void importSplitToSequence(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", 0);
  bool keepdims = n.intAttr("keepdims", 1);
  if (n.failed())
    return;
  RankedTensorType type = tensorType(x);
  if (!n.normalizeAxis(axis, type.getRank()))
    return;
  int64_t length = type.getDimSize(axis);
  if (ShapedType::isDynamic(length)) {
    n.error() << "needs a static size along axis " << axis;
    return;
  }
  SmallVector<int64_t> sizes;
  bool squeeze = false;
  if (!n.hasInput(1)) {
    sizes.assign(length, 1);
    squeeze = !keepdims;
  } else {
    std::optional<SmallVector<int64_t>> split = n.constantInts(1);
    if (!split)
      return;
    auto splitType = tensorType(n.input(1));
    if (splitType.getRank() == 0) {
      int64_t size = split->front();
      if (size < 1) {
        n.error() << "split must be positive, got " << size;
        return;
      }
      for (int64_t start = 0; start < length; start += size)
        sizes.push_back(std::min(size, length - start));
    } else {
      sizes = *split;
    }
  }
  int64_t total = 0;
  bool negative = false;
  for (int64_t size : sizes) {
    total += size;
    negative |= size < 0;
  }
  if (negative || total != length) {
    n.error() << "split sizes must be non-negative and add up to " << length;
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  SmallVector<Value> pieces;
  int64_t start = 0;
  for (int64_t size : sizes) {
    Value piece = b.slice(x, axis, start, start + size);
    start += size;
    if (squeeze)
      piece = SqueezeOp::create(b.builder(), piece,
                                b.builder().getDenseI64ArrayAttr({axis}));
    pieces.push_back(piece);
  }
  n.setSequenceOutput(pieces);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &sequenceOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"SequenceEmpty",
       [](NodeImporter &n) {
         if (!n.failed())
           n.setSequenceOutput({});
       }},
      {"SequenceConstruct", importSequenceConstruct},
      {"SequenceInsert", importSequenceInsert},
      {"SequenceErase", importSequenceErase},
      {"SequenceAt", importSequenceAt},
      {"SequenceLength", importSequenceLength},
      {"ConcatFromSequence", importConcatFromSequence},
      {"SplitToSequence", importSplitToSequence},
  };
  return importers;
}

} // namespace dlc
