//===- OutlineParallelLoops.cpp - Parallel loops to the runtime's threads -===//
//
// Each outermost scf.forall on buffers becomes a call
//
//   dlc_parallel_for(taskCount, @<func>_tasks<N>, context)
//
// into the runtime's thread pool (runtime/include/dlc/Runtime/ThreadPool.h).
// The loop's body moves into the private function
//
//   func.func private @<func>_tasks<N>(%context: !llvm.ptr, %begin: i64,
//                                      %end: i64)
//
// which runs the iterations [begin, end) of the loop's linearized
// iteration space. The values the body uses from outside travel in a
// struct on the caller's stack that `context` points to, each as its LLVM
// type (memrefs as descriptors, indices as i64; an unrealized cast each
// way, which the conversion to LLVM resolves). Constants, and pure ops
// computed from constants only, are cloned into the function instead, so
// the body keeps its static offsets and the globals of the weights.
//
// Upstream has no pass for this (its routes are OpenMP and the async
// runtime); dlc's pool costs about 0.1 us a loop, needs only pthreads, and
// links into ahead-of-time compiled binaries (shared/notes/threads-facts.md).
//
//===----------------------------------------------------------------------===//
#include "dlc/Target/CPU/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace dlc::cpu {
#define GEN_PASS_DEF_OUTLINEPARALLELLOOPS
#include "dlc/Target/CPU/Passes.h.inc"
} // namespace dlc::cpu

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kParallelForName = "dlc_parallel_for";

/// Whether `value` can be recomputed inside the task function rather than
/// passed in the context: the result of a pure op without regions whose
/// operands can all be recomputed (a constant, a broadcast of one).
bool isRematerializable(Value value, unsigned depth = 0) {
  Operation *op = value.getDefiningOp();
  if (!op || op->getNumRegions() != 0 || !isPure(op) || depth > 4)
    return false;
  return llvm::all_of(op->getOperands(), [&](Value operand) {
    return isRematerializable(operand, depth + 1);
  });
}

/// Clones the ops computing `value` (see isRematerializable) with `builder`,
/// operands first, recording the clones in `mapping`.
Value rematerialize(OpBuilder &builder, Value value, IRMapping &mapping) {
  if (Value known = mapping.lookupOrNull(value))
    return known;
  Operation *op = value.getDefiningOp();
  for (Value operand : op->getOperands())
    rematerialize(builder, operand, mapping);
  builder.clone(*op, mapping);
  return mapping.lookup(value);
}

/// How a value from outside the loop travels in the context struct.
struct ContextField {
  Value outside;
  Type fieldType;
};

class LoopOutliner {
public:
  LoopOutliner(ModuleOp module, const LLVMTypeConverter &typeConverter)
      : module_(module), symbols_(module), typeConverter_(typeConverter) {}

  LogicalResult outline(scf::ForallOp loop);

private:
  /// The runtime's entry point, declared once.
  func::FuncOp parallelForDeclaration(Location loc);
  /// The struct field type of a captured value, or null if it cannot be
  /// passed.
  Type fieldType(Value value) const;

  ModuleOp module_;
  SymbolTable symbols_;
  const LLVMTypeConverter &typeConverter_;
};

Type LoopOutliner::fieldType(Value value) const {
  return typeConverter_.convertType(value.getType());
}

func::FuncOp LoopOutliner::parallelForDeclaration(Location loc) {
  if (auto existing = symbols_.lookup<func::FuncOp>(kParallelForName))
    return existing;
  MLIRContext *context = module_.getContext();
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = IntegerType::get(context, 64);
  FunctionType taskType = FunctionType::get(context, {ptr, i64, i64}, {});
  OpBuilder builder = OpBuilder::atBlockEnd(module_.getBody());
  auto declaration = func::FuncOp::create(
      builder, loc, kParallelForName,
      FunctionType::get(context, {i64, taskType, ptr}, {}));
  declaration.setPrivate();
  symbols_.insert(declaration);
  return declaration;
}

LogicalResult LoopOutliner::outline(scf::ForallOp loop) {
  if (loop.getNumResults() != 0)
    return loop.emitOpError("must be on buffers to run on threads");
  auto caller = loop->getParentOfType<func::FuncOp>();
  MLIRContext *context = loop.getContext();
  Location loc = loop.getLoc();
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = IntegerType::get(context, 64);

  // The iteration space, linearized: counts[d] iterations of dimension d.
  OpBuilder builder(loop);
  SmallVector<Value> lowerBounds = getValueOrCreateConstantIndexOp(
      builder, loc, loop.getMixedLowerBound());
  SmallVector<Value> steps =
      getValueOrCreateConstantIndexOp(builder, loc, loop.getMixedStep());
  SmallVector<Value> upperBounds = getValueOrCreateConstantIndexOp(
      builder, loc, loop.getMixedUpperBound());
  SmallVector<Value> counts;
  Value taskCount = arith::ConstantIndexOp::create(builder, loc, 1);
  for (auto [lower, upper, step] : llvm::zip(lowerBounds, upperBounds, steps)) {
    Value extent = builder.createOrFold<arith::SubIOp>(loc, upper, lower);
    counts.push_back(
        builder.createOrFold<arith::CeilDivSIOp>(loc, extent, step));
    taskCount =
        builder.createOrFold<arith::MulIOp>(loc, taskCount, counts.back());
  }

  // Values the task function needs from the caller.
  SetVector<Value> captured;
  getUsedValuesDefinedAbove(loop.getRegion(), captured);
  captured.insert(lowerBounds.begin(), lowerBounds.end());
  captured.insert(steps.begin(), steps.end());
  captured.insert(counts.begin(), counts.end());
  SmallVector<ContextField> fields;
  SmallVector<Value> rematerialized;
  for (Value value : captured) {
    if (isRematerializable(value)) {
      rematerialized.push_back(value);
      continue;
    }
    Type type = fieldType(value);
    if (!type)
      return loop.emitOpError("uses a value of type ")
             << value.getType() << " that cannot be passed to a thread";
    fields.push_back({value, type});
  }
  auto contextType = LLVM::LLVMStructType::getLiteral(
      context, llvm::to_vector(llvm::map_range(
                   fields, [](const ContextField &f) { return f.fieldType; })));

  // The task function.
  FunctionType taskType = FunctionType::get(context, {ptr, i64, i64}, {});
  OpBuilder moduleBuilder(caller);
  moduleBuilder.setInsertionPointAfter(caller);
  auto task = func::FuncOp::create(
      moduleBuilder, loc, (caller.getName() + "_tasks").str(), taskType);
  task.setPrivate();
  symbols_.insert(task); // renames it if the name is taken
  Block *entry = task.addEntryBlock();
  OpBuilder body = OpBuilder::atBlockBegin(entry);
  IRMapping mapping;
  for (Value value : rematerialized)
    rematerialize(body, value, mapping);
  Value contextPointer = entry->getArgument(0);
  for (auto [index, field] : llvm::enumerate(fields)) {
    Value address = LLVM::GEPOp::create(
        body, loc, ptr, contextType, contextPointer,
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
    Value loaded = LLVM::LoadOp::create(body, loc, field.fieldType, address);
    Type type = field.outside.getType();
    if (type != field.fieldType)
      loaded = UnrealizedConversionCastOp::create(body, loc, type, loaded)
                   .getResult(0);
    mapping.map(field.outside, loaded);
  }
  Value begin = arith::IndexCastOp::create(body, loc, body.getIndexType(),
                                           entry->getArgument(1));
  Value end = arith::IndexCastOp::create(body, loc, body.getIndexType(),
                                         entry->getArgument(2));
  Value one = arith::ConstantIndexOp::create(body, loc, 1);
  auto taskLoop = scf::ForOp::create(body, loc, begin, end, one);
  func::ReturnOp::create(body, loc);

  // One iteration: delinearize the task index, then the loop's body.
  body.setInsertionPointToStart(taskLoop.getBody());
  Value remaining = taskLoop.getInductionVar();
  SmallVector<Value> inductionVars(counts.size());
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value count = mapping.lookup(counts[d]);
    Value index = d == 0 ? remaining
                         : arith::RemSIOp::create(body, loc, remaining, count)
                               .getResult();
    if (d != 0)
      remaining = arith::DivSIOp::create(body, loc, remaining, count);
    Value offset = arith::MulIOp::create(body, loc, index,
                                         mapping.lookup(steps[d]));
    inductionVars[d] = arith::AddIOp::create(
        body, loc, mapping.lookup(lowerBounds[d]), offset);
  }
  mapping.map(loop.getInductionVars(), inductionVars);
  for (Operation &op : loop.getBody()->without_terminator())
    body.clone(op, mapping);

  // The call, with the context in the caller's entry block (a loop around
  // the call must not grow the stack).
  Value contextArgument;
  if (fields.empty()) {
    contextArgument = LLVM::ZeroOp::create(builder, loc, ptr);
  } else {
    OpBuilder entryBuilder =
        OpBuilder::atBlockBegin(&caller.getBody().front());
    Value oneI64 = LLVM::ConstantOp::create(entryBuilder, loc, i64,
                                            entryBuilder.getI64IntegerAttr(1));
    contextArgument =
        LLVM::AllocaOp::create(entryBuilder, loc, ptr, contextType, oneI64);
    for (auto [index, field] : llvm::enumerate(fields)) {
      Value stored = field.outside;
      if (stored.getType() != field.fieldType)
        stored = UnrealizedConversionCastOp::create(builder, loc,
                                                    field.fieldType, stored)
                     .getResult(0);
      Value address = LLVM::GEPOp::create(
          builder, loc, ptr, contextType, contextArgument,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      LLVM::StoreOp::create(builder, loc, stored, address);
    }
  }
  Value taskFunction =
      func::ConstantOp::create(builder, loc, taskType, task.getSymName());
  Value taskCountI64 = arith::IndexCastOp::create(builder, loc, i64, taskCount);
  func::CallOp::create(builder, loc, parallelForDeclaration(loc),
                       ValueRange{taskCountI64, taskFunction, contextArgument});
  loop.erase();
  return success();
}

struct OutlineParallelLoopsPass
    : dlc::cpu::impl::OutlineParallelLoopsBase<OutlineParallelLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ForallOp> loops;
    module.walk<WalkOrder::PreOrder>([&](scf::ForallOp loop) {
      loops.push_back(loop);
      return WalkResult::skip(); // nested loops stay inside their task
    });
    LLVMTypeConverter typeConverter(&getContext());
    LoopOutliner outliner(module, typeConverter);
    for (scf::ForallOp loop : loops)
      if (failed(outliner.outline(loop)))
        return signalPassFailure();
  }
};

} // namespace
