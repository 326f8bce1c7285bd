//===- CompileAndRun.h - JIT one function of MLIR text in a test -*- C++ -*-===//
#ifndef DLC_TEST_UNIT_COMPILER_COMPILEANDRUN_H
#define DLC_TEST_UNIT_COMPILER_COMPILEANDRUN_H

#include "dlc/Compiler/JitFunction.h"
#include "dlc/Dialect/DlcOps.h"
#include "dlc/Runtime/Random.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

namespace dlc {

/// The MLIR spelling of an f32 tensor of `shape`, e.g. tensor<2x3xf32>.
inline std::string tensorType(const std::vector<int64_t> &shape) {
  std::string text = "tensor<";
  for (int64_t dim : shape)
    text += std::to_string(dim) + "x";
  return text + "f32>";
}

/// An f32 tensor of `shape` filled uniformly from [-1, 1).
inline Tensor randomTensor(std::vector<int64_t> shape, SplitMix64 &rng) {
  Tensor tensor(DType::Float32, std::move(shape));
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.typed<float>()[i] =
        static_cast<float>(double(rng.next() >> 11) * 0x1p-53 * 2.0 - 1.0);
  return tensor;
}

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
