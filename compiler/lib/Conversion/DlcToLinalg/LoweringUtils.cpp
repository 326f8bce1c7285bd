//===- LoweringUtils.cpp - Shared helpers of the dlc-to-linalg lowering ---===//
#include "LoweringUtils.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

namespace dlc::lowering {

AffineMap broadcastMap(RankedTensorType operand, RankedTensorType result) {
  MLIRContext *context = operand.getContext();
  int64_t offset = result.getRank() - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < operand.getRank(); ++dim) {
    bool broadcast = operand.getDimSize(dim) == 1 &&
                     result.getDimSize(dim + offset) != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(dim + offset, context));
  }
  return AffineMap::get(result.getRank(), 0, exprs, context);
}

Value buildElementwise(OpBuilder &b, Location loc, ValueRange inputs,
                       RankedTensorType resultType, ScalarBuilder body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        broadcastMap(cast<RankedTensorType>(input.getType()), resultType));
  return buildParallelGeneric(b, loc, inputs, maps, resultType, body);
}

Value buildAxisIndex(OpBuilder &b, Location loc, Value rawIndex,
                     int64_t size, OutOfRangeIndex outOfRange) {
  Value index =
      arith::IndexCastOp::create(b, loc, b.getIndexType(), rawIndex);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value end = arith::ConstantIndexOp::create(b, loc, size);
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  index = arith::SelectOp::create(
      b, loc, isNegative, arith::AddIOp::create(b, loc, index, end), index);
  if (outOfRange == OutOfRangeIndex::Stop) {
    Value inRange = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, index, zero),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, end));
    std::string range =
        "[-" + std::to_string(size) + ", " + std::to_string(size) + ")";
    cf::AssertOp::create(b, loc, inRange,
                         "gather or scatter index out of the range " + range);
    return index;
  }
  index = arith::MaxSIOp::create(b, loc, index, zero);
  return arith::MinSIOp::create(
      b, loc, index, arith::ConstantIndexOp::create(b, loc, size - 1));
}

Value buildParallelGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                           ArrayRef<AffineMap> inputMaps,
                           RankedTensorType resultType, ScalarBuilder body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value value = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, value);
      });
  return generic.getResult(0);
}

Value buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                  Value value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

Value buildScalar(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value buildLowest(OpBuilder &b, Location loc, Type type, bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, isUnsigned
                                         ? APInt::getZero(width)
                                         : APInt::getSignedMinValue(width)));
}

Value buildReshape(OpBuilder &b, Location loc, Value input,
                   RankedTensorType target) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == target)
    return input;
  auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                        inputType.getElementType());
  // Rank 0 <-> [1] uses an empty reassociation, in the other direction.
  SmallVector<ReassociationIndices> inputGroups, targetGroups;
  if (inputType.getRank() > 0)
    inputGroups.push_back(
        llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank())));
  if (target.getRank() > 0)
    targetGroups.push_back(
        llvm::to_vector(llvm::seq<int64_t>(0, target.getRank())));
  Value flat = input;
  if (inputType.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(b, loc, flatType, input, inputGroups);
  else if (inputType.getRank() > 1)
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, input, inputGroups);
  if (target.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, target, flat, targetGroups);
  if (target.getRank() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(b, loc, target, flat, targetGroups);
}

Value buildMax(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  return arith::MaxSIOp::create(b, loc, lhs, rhs);
}

Value buildUnsignedMax(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::MaxUIOp::create(b, loc, lhs, rhs);
}

Combiner maxCombiner(Operation *op) {
  return hasUnsignedOperands(op) ? buildUnsignedMax : buildMax;
}

Value buildAdd(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value buildMul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs.getType()))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

Value buildSigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = buildScalar(b, loc, x.getType(), 1.0);
  Value expNeg = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, expNeg));
}

Value buildSoftplus(OpBuilder &b, Location loc, Value x) {
  // max(x, 0) + log1p(exp(-|x|)) never overflows.
  Value positive = arith::MaximumFOp::create(
      b, loc, x, buildScalar(b, loc, x.getType(), 0.0));
  Value negAbs =
      arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  Value tail =
      math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs));
  return arith::AddFOp::create(b, loc, positive, tail);
}

Value buildLeakyRelu(OpBuilder &b, Location loc, Value x, float alpha) {
  Value scaled = arith::MulFOp::create(
      b, loc, buildScalar(b, loc, x.getType(), alpha), x);
  Value isNegative =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                            buildScalar(b, loc, x.getType(), 0.0));
  return arith::SelectOp::create(b, loc, isNegative, scaled, x);
}

Value buildElu(OpBuilder &b, Location loc, Value x, float alpha) {
  Value zero = buildScalar(b, loc, x.getType(), 0.0);
  Value negative = arith::MulFOp::create(
      b, loc, buildScalar(b, loc, x.getType(), alpha),
      math::ExpM1Op::create(b, loc, x));
  Value isNegative =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
  return arith::SelectOp::create(b, loc, isNegative, negative, x);
}

Value buildMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  auto type = RankedTensorType::get(
      {lhsType.getDimSize(0), rhsType.getDimSize(1)}, lhsType.getElementType());
  Value init =
      buildFilled(b, loc, type, buildScalar(b, loc, type.getElementType(), 0.0));
  return linalg::MatmulOp::create(b, loc, type, ValueRange{lhs, rhs}, init)
      .getResult(0);
}

Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> dims, Value init, Combiner combine,
                     bool keepDims) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> kept, keptDimsShape;
  for (int64_t dim = 0; dim < inputType.getRank(); ++dim) {
    bool reduced = llvm::is_contained(dims, dim);
    if (!reduced)
      kept.push_back(inputType.getDimSize(dim));
    keptDimsShape.push_back(reduced ? 1 : inputType.getDimSize(dim));
  }
  auto reducedType = RankedTensorType::get(kept, inputType.getElementType());
  Value accumulator = buildFilled(b, loc, reducedType, init);
  auto reduce = linalg::ReduceOp::create(
      b, loc, input, accumulator, dims,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                combine(nested, nestedLoc, args[0], args[1]));
      });
  Value result = reduce.getResult(0);
  if (!keepDims)
    return result;
  return buildReshape(
      b, loc, result,
      RankedTensorType::get(keptDimsShape, inputType.getElementType()));
}

Value buildTranspose(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> perm) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t source : perm)
    shape.push_back(inputType.getDimSize(source));
  Value init =
      tensor::EmptyOp::create(b, loc, shape, inputType.getElementType());
  return linalg::TransposeOp::create(b, loc, input, init, perm).getResult()[0];
}

Value buildSpatialPad(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                      Value value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> lowAll = {0, 0}, highAll = {0, 0}, shape;
  llvm::append_range(lowAll, low);
  llvm::append_range(highAll, high);
  for (int64_t dim = 0; dim < inputType.getRank(); ++dim)
    shape.push_back(inputType.getDimSize(dim) + lowAll[dim] + highAll[dim]);
  auto paddedType = RankedTensorType::get(shape, inputType.getElementType());
  auto toFoldResults = [&](ArrayRef<int64_t> values) {
    return llvm::map_to_vector(values, [&](int64_t v) -> OpFoldResult {
      return b.getIndexAttr(v);
    });
  };
  return tensor::PadOp::create(b, loc, paddedType, input,
                               toFoldResults(lowAll), toFoldResults(highAll),
                               value);
}

} // namespace dlc::lowering
