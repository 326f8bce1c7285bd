//===- AllReduceBufferization.cpp - dlc.all_reduce as runtime calls -------===//
#include "dlc/Conversion/AllReduceBufferization.h"

#include "dlc/Dialect/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {

// The runtime's entry points (runtime/include/dlc/Runtime/ProcessGroup.h).
constexpr llvm::StringLiteral kEnqueueName = "dlc_all_reduce_enqueue";
constexpr llvm::StringLiteral kRunName = "dlc_all_reduce_run";

/// The declaration of runtime function `name`, added to the module once.
func::FuncOp runtimeFunction(RewriterBase &rewriter, Operation *user,
                             StringRef name, TypeRange arguments) {
  auto module = user->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(module.getBody());
  auto function = func::FuncOp::create(
      rewriter, module.getLoc(), name,
      rewriter.getFunctionType(arguments, {}));
  function.setPrivate();
  return function;
}

/// Reads and writes each operand's buffer, whose sum over the processes
/// becomes the result: the result is that buffer.
struct AllReduceBufferization
    : BufferizableOpInterface::ExternalModel<AllReduceBufferization,
                                             dlc::AllReduceOp> {
  bool bufferizesToMemoryRead(Operation *, OpOperand &,
                              const AnalysisState &) const {
    return true;
  }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &,
                               const AnalysisState &) const {
    return true;
  }
  AliasingValueList getAliasingValues(Operation *op, OpOperand &operand,
                                      const AnalysisState &) const {
    return {{op->getResult(operand.getOperandNumber()),
             BufferRelation::Equivalent}};
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    Location loc = op->getLoc();
    Type index = rewriter.getIndexType();
    func::FuncOp enqueue =
        runtimeFunction(rewriter, op, kEnqueueName, {index, index});
    func::FuncOp run = runtimeFunction(rewriter, op, kRunName, {});
    SmallVector<Value> results;
    // A buffer that is a strided view is summed in a contiguous copy (the
    // deallocation passes free it).
    SmallVector<std::pair<Value, Value>> copiesBack;
    for (Value input : op->getOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, input, options, state);
      if (failed(buffer))
        return failure();
      auto type = cast<MemRefType>(buffer->getType());
      Value contiguous = *buffer;
      if (!type.getLayout().isIdentity()) {
        auto identity = MemRefType::get(type.getShape(), type.getElementType());
        FailureOr<Value> copy =
            options.createAlloc(rewriter, loc, identity, ValueRange{});
        if (failed(copy) ||
            failed(options.createMemCpy(rewriter, loc, *buffer, *copy)))
          return failure();
        contiguous = *copy;
        copiesBack.push_back({contiguous, *buffer});
      }
      Value address = memref::ExtractAlignedPointerAsIndexOp::create(
          rewriter, loc, contiguous);
      Value count = arith::ConstantIndexOp::create(rewriter, loc,
                                                   type.getNumElements());
      func::CallOp::create(rewriter, loc, enqueue, ValueRange{address, count});
      results.push_back(*buffer);
    }
    func::CallOp::create(rewriter, loc, run, ValueRange{});
    for (auto [contiguous, view] : copiesBack)
      if (failed(options.createMemCpy(rewriter, loc, contiguous, view)))
        return failure();
    replaceOpWithBufferizedValues(rewriter, op, results);
    return success();
  }
};

} // namespace

void dlc::registerAllReduceBufferization(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, dlc::DlcDialect *) {
    dlc::AllReduceOp::attachInterface<AllReduceBufferization>(*context);
  });
}
