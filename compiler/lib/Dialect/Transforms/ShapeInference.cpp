//===- ShapeInference.cpp - Refine shapes, optionally binding input shapes ===//
#include "dlc/Dialect/DlcOps.h"
#include "dlc/Dialect/Transforms/Passes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"

namespace dlc {
#define GEN_PASS_DEF_SHAPEINFERENCE
#include "dlc/Dialect/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

/// Parses "32x784,32" into {{32, 784}, {32}}.
FailureOr<SmallVector<SmallVector<int64_t>>> parseShapes(StringRef text) {
  SmallVector<SmallVector<int64_t>> shapes;
  SmallVector<StringRef> entries;
  text.split(entries, ',');
  for (StringRef entry : entries) {
    SmallVector<int64_t> &shape = shapes.emplace_back();
    entry = entry.trim();
    if (entry.empty())
      continue;
    SmallVector<StringRef> dims;
    entry.split(dims, 'x');
    for (StringRef dim : dims) {
      int64_t size;
      if (dim.trim().getAsInteger(10, size) || size < 0)
        return failure();
      shape.push_back(size);
    }
  }
  return shapes;
}

struct ShapeInferencePass
    : dlc::impl::ShapeInferenceBase<ShapeInferencePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!inputShapes.empty() && failed(specializeArguments(func)))
      return signalPassFailure();

    WalkResult walk = func.walk([](Operation *op) {
      if (!isa<dlc::DlcDialect>(op->getDialect()))
        return WalkResult::advance();
      return failed(dlc::refineResultTypes(op)) ? WalkResult::interrupt()
                                                : WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    // The function returns whatever types its values now have.
    Operation *terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }

  LogicalResult specializeArguments(func::FuncOp func) {
    FailureOr<SmallVector<SmallVector<int64_t>>> shapes =
        parseShapes(inputShapes);
    if (failed(shapes))
      return func.emitError("invalid input-shapes '") << inputShapes << "'";
    if (shapes->size() != func.getNumArguments())
      return func.emitError("input-shapes lists ")
             << shapes->size() << " shapes for " << func.getNumArguments()
             << " arguments";
    SmallVector<Type> argumentTypes;
    for (auto [index, argument] : llvm::enumerate(func.getArguments())) {
      auto declared = cast<RankedTensorType>(argument.getType());
      ArrayRef<int64_t> shape = (*shapes)[index];
      bool compatible = declared.getRank() == (int64_t)shape.size();
      for (size_t dim = 0; compatible && dim < shape.size(); ++dim)
        compatible = declared.isDynamicDim(dim) ||
                     declared.getDimSize(dim) == shape[dim];
      if (!compatible)
        return func.emitError("argument ")
               << index << " has type " << declared
               << " which does not accept shape [" << llvm::join(
                      llvm::map_range(shape,
                                      [](int64_t d) { return std::to_string(d); }),
                      ", ")
               << "]";
      auto specialized = declared.clone(shape);
      argument.setType(specialized);
      argumentTypes.push_back(specialized);
    }
    func.setType(FunctionType::get(&getContext(), argumentTypes,
                                   func.getResultTypes()));
    return success();
  }
};

} // namespace
