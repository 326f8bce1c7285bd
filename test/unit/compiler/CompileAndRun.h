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

/// How an op's types are written after it.
enum class OpTypes {
  /// `: T0, T1 -> R` (appended by singleOpFunction).
  OperandsToResult,
  /// Already in the op text, as unary ops spell them (`dlc.tanh %a0 : T`).
  Spelled
};

/// `@main(%a0, %a1, ...)` of f32 tensors of `argShapes` returning
/// `%r = op`.
inline std::string
singleOpFunction(const std::vector<std::vector<int64_t>> &argShapes,
                 const std::vector<int64_t> &resultShape,
                 const std::string &op,
                 OpTypes opTypes = OpTypes::OperandsToResult) {
  std::string arguments, types;
  for (size_t i = 0; i < argShapes.size(); ++i) {
    arguments += (i ? ", %a" : "%a") + std::to_string(i) + ": " +
                 tensorType(argShapes[i]);
    types += (i ? ", " : "") + tensorType(argShapes[i]);
  }
  std::string result = tensorType(resultShape);
  std::string typedOp = opTypes == OpTypes::Spelled
                            ? op
                            : op + " : " + types + " -> " + result;
  return "func.func @main(" + arguments + ") -> " + result + " {\n  %r = " +
         typedOp + "\n  return %r : " + result + "\n}\n";
}

/// A context with every upstream dialect and dlc's loaded.
inline std::unique_ptr<mlir::MLIRContext> makeDlcContext() {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<DlcDialect>();
  auto context = std::make_unique<mlir::MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

/// Compiles `source` (one function) for vectors of `vectorWidth` lanes (0:
/// the host's) and runs it on `inputs`.
inline std::vector<Tensor> compileAndRun(const char *source,
                                         const std::vector<Tensor> &inputs,
                                         int64_t vectorWidth = 0) {
  std::unique_ptr<mlir::MLIRContext> context = makeDlcContext();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
  EXPECT_TRUE(module);
  if (!module)
    return {};
  std::vector<std::vector<int64_t>> shapes;
  for (const Tensor &input : inputs)
    shapes.push_back(input.shape());
  Result<std::unique_ptr<JitFunction>> compiled =
      JitFunction::compile(*module, shapes, "main", vectorWidth);
  EXPECT_TRUE(static_cast<bool>(compiled)) << compiled.status().message();
  if (!compiled)
    return {};
  Result<std::vector<Tensor>> result = (*compiled)->run(inputs);
  EXPECT_TRUE(static_cast<bool>(result)) << result.status().message();
  return result ? *result : std::vector<Tensor>{};
}

} // namespace dlc

#endif // DLC_TEST_UNIT_COMPILER_COMPILEANDRUN_H
