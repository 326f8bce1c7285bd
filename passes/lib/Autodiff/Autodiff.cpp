//===- Autodiff.cpp - Reverse-mode differentiation of dlc graphs ----------===//
//
// The classic reverse sweep over a straight-line block: find the ops that
// are both influenced by a `wrt` value and needed by the loss ("active"),
// seed d(loss)/d(loss) = 1, then visit active ops last to first, asking each
// op's GradientOpInterface for its operand gradients and summing the
// contributions that reach each value.
//
//===----------------------------------------------------------------------===//
#include "dlc/Autodiff/Autodiff.h"

#include "dlc/Dialect/DlcBuilder.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;

namespace dlc {

namespace {

bool isDifferentiable(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// What `op` reads: its operands and, for an op with regions (scf.if,
/// scf.for), the values its regions use from outside.
SetVector<Value> valuesRead(Operation *op) {
  SetVector<Value> read(op->getOperands().begin(), op->getOperands().end());
  for (Region &region : op->getRegions())
    getUsedValuesDefinedAbove(region, read);
  return read;
}

/// Values that depend on some `wrt` value through float data flow.
DenseSet<Value> variedValues(Block &block, ValueRange wrt) {
  DenseSet<Value> varied;
  for (Value value : wrt)
    if (isDifferentiable(value))
      varied.insert(value);
  for (Operation &op : block)
    if (llvm::any_of(valuesRead(&op),
                     [&](Value operand) { return varied.contains(operand); }))
      for (Value result : op.getResults())
        if (isDifferentiable(result))
          varied.insert(result);
  return varied;
}

/// Ops the loss depends on.
DenseSet<Operation *> neededOps(Value loss) {
  DenseSet<Operation *> needed;
  SmallVector<Operation *> worklist;
  if (Operation *def = loss.getDefiningOp())
    worklist.push_back(def);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!needed.insert(op).second)
      continue;
    for (Value operand : valuesRead(op))
      if (Operation *def = operand.getDefiningOp())
        worklist.push_back(def);
  }
  return needed;
}

} // namespace

FailureOr<SmallVector<Value>> buildGradients(OpBuilder &builder, Value loss,
                                             ValueRange wrt) {
  Block &block = *builder.getInsertionBlock();
  auto lossType = dyn_cast<RankedTensorType>(loss.getType());
  if (!isDifferentiable(loss) || lossType.getNumElements() != 1)
    return emitError(loss.getLoc())
           << "the loss must be a float tensor with one element, got "
           << loss.getType();

  DenseSet<Value> varied = variedValues(block, wrt);
  DenseSet<Operation *> needed = neededOps(loss);
  DenseMap<Value, Value> gradients;
  auto accumulate = [&](Value value, Value gradient, Location loc) {
    Value &slot = gradients[value];
    slot = slot ? DlcBuilder(builder, loc).add(slot, gradient) : gradient;
  };
  DlcBuilder seed(builder, loss.getLoc());
  gradients[loss] = seed.splat(lossType, 1.0);

  SmallVector<Operation *> active;
  for (Operation &op : block)
    if (needed.contains(&op) &&
        llvm::any_of(op.getResults(),
                     [&](Value result) { return varied.contains(result); }))
      active.push_back(&op);

  for (Operation *op : llvm::reverse(active)) {
    // An op whose results received no gradient contributes nothing.
    if (llvm::none_of(op->getResults(), [&](Value result) {
          return gradients.count(result);
        }))
      continue;
    auto rule = dyn_cast<GradientOpInterface>(op);
    if (!rule)
      return op->emitOpError(
          "has no gradient rule, so the loss cannot be differentiated "
          "through it");
    DlcBuilder b(builder, op->getLoc());
    SmallVector<Value> resultGradients;
    for (Value result : op->getResults()) {
      Value gradient = gradients.lookup(result);
      resultGradients.push_back(
          gradient ? gradient : b.splat(tensorType(result), 0.0));
    }
    FailureOr<SmallVector<Value>> operandGradients =
        rule.buildOperandGradients(builder, resultGradients);
    if (failed(operandGradients))
      return failure();
    for (auto [operand, gradient] :
         llvm::zip(op->getOperands(), *operandGradients))
      if (gradient && varied.contains(operand))
        accumulate(operand, gradient, op->getLoc());
  }

  SmallVector<Value> result;
  for (Value value : wrt) {
    Value gradient = gradients.lookup(value);
    if (!gradient && isDifferentiable(value))
      gradient = seed.splat(tensorType(value), 0.0);
    result.push_back(gradient);
  }
  return result;
}

void eraseDeadPureOps(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
    if (isOpTriviallyDead(&op))
      op.erase();
}

} // namespace dlc
