//===- CopyAliasedResults.cpp - A buffer of its own for each result -------===//
#include "dlc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseSet.h"

namespace dlc {
#define GEN_PASS_DEF_COPYALIASEDRESULTS
#include "dlc/Codegen/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {

struct CopyAliasedResultsPass
    : dlc::impl::CopyAliasedResultsBase<CopyAliasedResultsPass> {
  void runOnOperation() override {
    // The caller's input buffers are read-only: an op that updates a tensor
    // in place (a scatter into its data) works on a copy of an argument.
    func::FuncOp func = getOperation();
    for (BlockArgument argument : func.getArguments())
      if (isa<TensorType>(argument.getType()))
        func.setArgAttr(argument.getArgNumber(),
                        bufferization::BufferizationDialect::kWritableAttrName,
                        BoolAttr::get(func.getContext(), false));
    func.walk([](func::ReturnOp ret) {
      OpBuilder builder(ret);
      llvm::DenseSet<Value> returned;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        bool aliased = isa<BlockArgument>(value) || returned.contains(value);
        returned.insert(value);
        if (!type || !aliased || !type.hasStaticShape())
          continue;
        Value empty = tensor::EmptyOp::create(builder, ret.getLoc(),
                                              type.getShape(),
                                              type.getElementType());
        operand.set(linalg::CopyOp::create(builder, ret.getLoc(), value, empty)
                        .getResult(0));
      }
    });
  }
};

} // namespace
