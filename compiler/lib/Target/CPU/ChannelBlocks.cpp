//===- ChannelBlocks.cpp - Tensors in blocks of channels ------------------===//
#include "ChannelBlocks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace dlc::cpu {
namespace {

SmallVector<utils::IteratorType> allParallel(unsigned rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

void yieldInput(OpBuilder &body, Location loc, ValueRange args) {
  linalg::YieldOp::create(body, loc, args[0]);
}

} // namespace

bool isElementwiseIntoEmpty(linalg::GenericOp op) {
  return op.getNumDpsInits() == 1 &&
         op.getNumLoops() == op.getNumParallelLoops() &&
         op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity() &&
         !op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)) &&
         op.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>();
}

RankedTensorType blockedType(RankedTensorType type, int64_t lanes) {
  SmallVector<int64_t> shape(type.getShape());
  shape[1] /= lanes;
  shape.push_back(lanes);
  return RankedTensorType::get(shape, type.getElementType());
}

AffineMap unblockedIndices(unsigned blockedRank, int64_t lanes,
                           MLIRContext *context) {
  SmallVector<AffineExpr> exprs = {
      getAffineDimExpr(0, context),
      getAffineDimExpr(1, context) * lanes +
          getAffineDimExpr(blockedRank - 1, context)};
  for (unsigned dim = 2; dim + 1 < blockedRank; ++dim)
    exprs.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(blockedRank, 0, exprs, context);
}

Value buildUnblock(OpBuilder &builder, Location loc, Value blocked,
                   linalg::GenericOp unary) {
  auto type = cast<RankedTensorType>(blocked.getType());
  unsigned rank = type.getRank();
  int64_t lanes = type.getShape().back();
  SmallVector<int64_t> shape = {type.getShape()[0],
                                type.getShape()[1] * lanes};
  shape.append(type.getShape().begin() + 2, type.getShape().end() - 1);
  Value empty =
      tensor::EmptyOp::create(builder, loc, shape, type.getElementType());
  MLIRContext *context = builder.getContext();
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, context),
      unblockedIndices(rank, lanes, context)};
  if (!unary)
    return linalg::GenericOp::create(builder, loc, empty.getType(),
                                     ValueRange{blocked}, ValueRange{empty},
                                     maps, allParallel(rank), yieldInput)
        .getResult(0);
  auto unblocked = linalg::GenericOp::create(
      builder, loc, empty.getType(), ValueRange{blocked}, ValueRange{empty},
      maps, allParallel(rank));
  IRMapping mapping;
  unary.getRegion().cloneInto(&unblocked.getRegion(), mapping);
  return unblocked.getResult(0);
}

Value unblockSource(Value value) {
  auto op = value.getDefiningOp<linalg::GenericOp>();
  if (!op || op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops())
    return {};
  Value source = op.getDpsInputOperand(0)->get();
  auto sourceType = dyn_cast<RankedTensorType>(source.getType());
  auto yield = cast<linalg::YieldOp>(op.getBlock()->getTerminator());
  if (!sourceType || sourceType.getRank() < 3 ||
      yield.getOperand(0) != op.getBlock()->getArgument(0))
    return {};
  unsigned rank = sourceType.getRank();
  MLIRContext *context = op.getContext();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!maps[0].isIdentity() ||
      maps[1] != unblockedIndices(rank, sourceType.getShape().back(), context))
    return {};
  return source;
}

Value buildBlocked(OpBuilder &builder, Location loc, Value value,
                   int64_t lanes) {
  auto type = cast<RankedTensorType>(value.getType());
  RankedTensorType blocked = blockedType(type, lanes);
  unsigned rank = blocked.getRank();
  MLIRContext *context = builder.getContext();
  AffineMap toUnblocked = unblockedIndices(rank, lanes, context);
  Value empty = tensor::EmptyOp::create(builder, loc, blocked.getShape(),
                                        blocked.getElementType());
  if (auto fill = value.getDefiningOp<linalg::FillOp>())
    return linalg::FillOp::create(builder, loc, fill.getDpsInputs()[0], empty)
        .getResult(0);

  auto producer = value.getDefiningOp<linalg::GenericOp>();
  if (!producer || !isElementwiseIntoEmpty(producer)) {
    // A copy: blocked[n, cb, s..., ci] = value[n, cb * lanes + ci, s...].
    return linalg::GenericOp::create(
               builder, loc, blocked, ValueRange{value}, ValueRange{empty},
               {toUnblocked, AffineMap::getMultiDimIdentityMap(rank, context)},
               allParallel(rank), yieldInput)
        .getResult(0);
  }
  // The same op over the blocked loops: each input is read where the
  // unblocked op read it for that element, and an input read element for
  // element that is the unblock copy of a blocked tensor from that tensor.
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : producer.getDpsInputOperands()) {
    AffineMap map = producer.getMatchingIndexingMap(input);
    Value source = unblockSource(input->get());
    if (source && map.isIdentity() && source.getType() == blockedType(
            cast<RankedTensorType>(input->get().getType()), lanes)) {
      inputs.push_back(source);
      maps.push_back(identity);
      continue;
    }
    inputs.push_back(input->get());
    maps.push_back(map.compose(toUnblocked));
  }
  maps.push_back(identity);
  auto rebuilt = linalg::GenericOp::create(builder, loc, blocked, inputs,
                                           ValueRange{empty}, maps,
                                           allParallel(rank));
  IRMapping mapping;
  producer.getRegion().cloneInto(&rebuilt.getRegion(), mapping);
  return rebuilt.getResult(0);
}

Value buildBlockedFilter(OpBuilder &builder, Location loc, Value filter,
                        int64_t lanes) {
  auto type = cast<RankedTensorType>(filter.getType());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> blockedShape = {shape[0] / lanes};
  blockedShape.append(shape.begin() + 1, shape.end());
  blockedShape.push_back(lanes);
  auto blockedType = RankedTensorType::get(blockedShape, type.getElementType());

  DenseElementsAttr weights;
  if (matchPattern(filter, m_Constant(&weights))) {
    int64_t perRow = type.getNumElements() / shape[0];
    auto source = weights.getValues<float>();
    std::vector<float> blocked(type.getNumElements());
    for (int64_t row = 0; row < shape[0]; ++row)
      for (int64_t offset = 0; offset < perRow; ++offset)
        blocked[((row / lanes) * perRow + offset) * lanes + row % lanes] =
            source[row * perRow + offset];
    return arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(blockedType, ArrayRef(blocked)));
  }

  // blocked[fo, rest..., fi] = filter[fo * lanes + fi, rest...]
  MLIRContext *context = builder.getContext();
  unsigned rank = blockedShape.size();
  SmallVector<AffineExpr> sourceExprs = {getAffineDimExpr(0, context) * lanes +
                                         getAffineDimExpr(rank - 1, context)};
  for (unsigned dim = 1; dim + 1 < rank; ++dim)
    sourceExprs.push_back(getAffineDimExpr(dim, context));
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, sourceExprs, context),
      AffineMap::getMultiDimIdentityMap(rank, context)};
  Value empty = tensor::EmptyOp::create(builder, loc, blockedShape,
                                        type.getElementType());
  return linalg::GenericOp::create(builder, loc, blockedType,
                                   ValueRange{filter}, ValueRange{empty}, maps,
                                   allParallel(rank), yieldInput)
      .getResult(0);
}

} // namespace dlc::cpu
