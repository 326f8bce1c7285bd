//===- AutodiffPass.cpp - dlc-autodiff: gradient functions for dlc-opt ----===//
#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_AUTODIFF
#include "dlc/Transforms/Passes.h.inc"

namespace {

/// Clones `function` as `<name>_grad` and appends the gradients of its
/// first result to the returned values.
LogicalResult buildGradientFunction(func::FuncOp function,
                                    SymbolTable &symbols) {
  auto gradFunction = cast<func::FuncOp>(function->clone());
  gradFunction.setSymName((function.getSymName() + "_grad").str());
  gradFunction->removeAttr("dlc.differentiate");
  symbols.insert(gradFunction);

  Block &body = gradFunction.getBody().front();
  auto terminator = cast<func::ReturnOp>(body.getTerminator());
  if (terminator.getNumOperands() == 0)
    return function.emitOpError("has no result to differentiate");
  SmallVector<Value> wrt;
  SmallVector<Attribute> gradientNames;
  for (BlockArgument argument : body.getArguments()) {
    if (!gradFunction.getArgAttr(argument.getArgNumber(), "dlc.trainable"))
      continue;
    wrt.push_back(argument);
    auto name = gradFunction.getArgAttrOfType<StringAttr>(
        argument.getArgNumber(), "dlc.name");
    std::string label = name ? name.str()
                             : "arg" + std::to_string(argument.getArgNumber());
    gradientNames.push_back(StringAttr::get(function.getContext(),
                                            "grad_" + label));
  }

  OpBuilder builder(terminator);
  FailureOr<SmallVector<Value>> gradients =
      buildGradients(builder, terminator.getOperand(0), wrt);
  if (failed(gradients))
    return failure();
  SmallVector<Value> results(terminator.getOperands());
  unsigned firstGradient = results.size();
  for (Value gradient : *gradients) {
    if (!gradient)
      return function.emitOpError(
          "has a trainable argument that is not a float tensor");
    results.push_back(gradient);
  }
  func::ReturnOp::create(builder, terminator.getLoc(), results);
  terminator.erase();
  gradFunction.setType(builder.getFunctionType(
      gradFunction.getArgumentTypes(), ValueRange(results).getTypes()));
  for (auto [index, name] : llvm::enumerate(gradientNames))
    gradFunction.setResultAttr(firstGradient + index, "dlc.name", name);
  eraseDeadPureOps(body);
  return success();
}

struct AutodiffPass : impl::AutodiffBase<AutodiffPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    AutodiffBase::getDependentDialects(registry);
    registerGradientRules(registry);
  }

  void runOnOperation() override {
    SymbolTable symbols(getOperation());
    SmallVector<func::FuncOp> functions;
    for (auto function : getOperation().getOps<func::FuncOp>())
      if (function->hasAttr("dlc.differentiate"))
        functions.push_back(function);
    for (func::FuncOp function : functions)
      if (failed(buildGradientFunction(function, symbols)))
        return signalPassFailure();
  }
};

} // namespace
} // namespace dlc
