//===- CompileAndRun.h - JIT one function of MLIR text in a test -*- C++ -*-===//
#ifndef DLC_TEST_UNIT_COMPILER_COMPILEANDRUN_H
#define DLC_TEST_UNIT_COMPILER_COMPILEANDRUN_H

#include "dlc/Compiler/JitFunction.h"
#include "dlc/Dialect/DlcOps.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

namespace dlc {

/// Compiles `source` (one function) and runs it on `inputs`.
inline std::vector<Tensor> compileAndRun(const char *source,
                                  const std::vector<Tensor> &inputs) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<DlcDialect>();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  EXPECT_TRUE(module);
  if (!module)
    return {};
  std::vector<std::vector<int64_t>> shapes;
  for (const Tensor &input : inputs)
    shapes.push_back(input.shape());
  Result<std::unique_ptr<JitFunction>> compiled =
      JitFunction::compile(*module, shapes);
  EXPECT_TRUE(static_cast<bool>(compiled)) << compiled.status().message();
  if (!compiled)
    return {};
  Result<std::vector<Tensor>> result = (*compiled)->run(inputs);
  EXPECT_TRUE(static_cast<bool>(result)) << result.status().message();
  return result ? *result : std::vector<Tensor>{};
}

} // namespace dlc

#endif // DLC_TEST_UNIT_COMPILER_COMPILEANDRUN_H
