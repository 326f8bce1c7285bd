//===- LoweringUtils.h - Shared helpers of the dlc-to-linalg lowering -*- C++ -*-===//
#ifndef DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
#define DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc::lowering {

using ScalarBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
using Combiner = llvm::function_ref<mlir::Value(mlir::OpBuilder &,
                                                mlir::Location, mlir::Value,
                                                mlir::Value)>;

inline bool isFloat(mlir::Type type) {
  return mlir::isa<mlir::FloatType>(mlir::getElementTypeOrSelf(type));
}

/// The indexing map that reads `operand` inside the iteration space of
/// `result` under numpy broadcasting (dimensions aligned on the right, size-1
/// dimensions read at index 0).
mlir::AffineMap broadcastMap(mlir::RankedTensorType operand,
                             mlir::RankedTensorType result);

/// A linalg.generic with only parallel loops over `resultType`, reading
/// `inputs` through `inputMaps` and yielding `body` of their elements.
mlir::Value buildParallelGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::ValueRange inputs,
                                 llvm::ArrayRef<mlir::AffineMap> inputMaps,
                                 mlir::RankedTensorType resultType,
                                 ScalarBuilder body);

/// What a gather or scatter does with an index outside [-size, size), which
/// ONNX calls an error.
enum class OutOfRangeIndex {
  /// Clamps it into range, so that no access can leave the tensor.
  Clamp,
  /// Asserts that it is in range (checked code, --check-bounds): the
  /// program stops with an error naming the node.
  Stop,
};

/// The index along an axis of `size` that integer `rawIndex` names:
/// negative values count from the end (ONNX); one still outside [0, size)
/// is handled as `outOfRange` says.
mlir::Value buildAxisIndex(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value rawIndex, int64_t size,
                           OutOfRangeIndex outOfRange);

/// A linalg.generic computing `body` elementwise over broadcast `inputs`.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::ValueRange inputs,
                             mlir::RankedTensorType resultType,
                             ScalarBuilder body);

/// A tensor filled with `value` (a scalar of the element type).
mlir::Value buildFilled(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::Value value);

/// A scalar constant of `type` (float or integer) with `value`.
mlir::Value buildScalar(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Type type, double value);

/// The lowest value of `type` (-inf for floats, 0 for unsigned integers),
/// the identity of max.
mlir::Value buildLowest(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Type type, bool isUnsigned = false);

/// Reinterprets a static-shaped tensor as `target` (same element count),
/// through a collapse to 1-D and an expansion.
mlir::Value buildReshape(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, mlir::RankedTensorType target);

/// Reduces `dims` (sorted) of `input` with `combine`, starting from `init`.
/// With `keepDims` the reduced dimensions stay with size 1.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<int64_t> dims,
                           mlir::Value init, Combiner combine, bool keepDims);

/// `max(a, b)` for floats (NaN-propagating) or signed integers.
mlir::Value buildMax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                     mlir::Value rhs);
/// `max(a, b)` for unsigned integers.
mlir::Value buildUnsignedMax(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value lhs, mlir::Value rhs);
/// The max of `op`'s operands: buildUnsignedMax when they were unsigned
/// (hasUnsignedOperands), buildMax otherwise.
Combiner maxCombiner(mlir::Operation *op);
/// `a + b` for floats or integers.
mlir::Value buildAdd(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                     mlir::Value rhs);
/// `a * b` for floats or integers.
mlir::Value buildMul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                     mlir::Value rhs);

/// Scalar activation functions shared by the elementwise ops and the
/// recurrent cells.
/// 1 / (1 + exp(-x)).
mlir::Value buildSigmoid(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);
/// log(1 + exp(x)), without overflow.
mlir::Value buildSoftplus(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value x);
/// x >= 0 ? x : alpha * x.
mlir::Value buildLeakyRelu(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value x, float alpha);
/// x >= 0 ? x : alpha * (exp(x) - 1).
mlir::Value buildElu(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                     float alpha);

/// `lhs` (M x K) times `rhs` (K x N) as a linalg.matmul into zeros.
mlir::Value buildMatmul(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value lhs, mlir::Value rhs);

/// linalg.transpose: result dimension i is input dimension perm[i].
mlir::Value buildTranspose(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<int64_t> perm);

/// Pads the spatial dimensions (2..) of an N x C x ... tensor with `value`.
mlir::Value buildSpatialPad(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value input, llvm::ArrayRef<int64_t> low,
                            llvm::ArrayRef<int64_t> high, mlir::Value value);

/// Set by eraseSignedness on dlc ops that read (resp. write) unsigned
/// integers: their operands' (results') types no longer say so.
inline constexpr llvm::StringLiteral kUnsignedOperandsAttr =
    "dlc.unsigned_operands";
inline constexpr llvm::StringLiteral kUnsignedResultsAttr =
    "dlc.unsigned_results";
bool hasUnsignedOperands(mlir::Operation *op);
bool hasUnsignedResults(mlir::Operation *op);
/// Makes every unsigned integer type in `func` signless and marks the dlc
/// ops that used them (Signedness.cpp); fails on a constant it cannot
/// retype.
mlir::LogicalResult eraseSignedness(mlir::func::FuncOp func);

// Pattern sets, one per operator family.
void populateElementwiseLowering(mlir::RewritePatternSet &patterns);
void populateContractionLowering(mlir::RewritePatternSet &patterns);
void populateWindowLowering(mlir::RewritePatternSet &patterns);
void populateConvGradientLowering(mlir::RewritePatternSet &patterns);
void populatePoolGradientLowering(mlir::RewritePatternSet &patterns);
void populateReductionLowering(mlir::RewritePatternSet &patterns);
void populateDataMovementLowering(mlir::RewritePatternSet &patterns,
                                  OutOfRangeIndex outOfRange);
void populateRandomOpsLowering(mlir::RewritePatternSet &patterns);
void populateScatterLowering(mlir::RewritePatternSet &patterns,
                             OutOfRangeIndex outOfRange);
/// `rowBlocks`: how many blocks of batch rows step through time side by
/// side (the threads of the target), each in a task of its own.
void populateRecurrentLowering(mlir::RewritePatternSet &patterns,
                               int64_t rowBlocks);

} // namespace dlc::lowering

#endif // DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
