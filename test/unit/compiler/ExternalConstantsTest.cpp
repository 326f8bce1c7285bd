//===- ExternalConstantsTest.cpp - Large weights leave the LLVM module ----===//
#include "dlc/Compiler/ExternalConstants.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dlc {
namespace {

TEST(ExternalConstants, MovesLargeDenseConstantsAndKeepsSmallOnes) {
  mlir::MLIRContext context;
  context.loadDialect<mlir::LLVM::LLVMDialect>();
  // 128 x 128 f32 = 64 KiB of distinct values, a 4-element constant, a
  // large splat and a large mutable global.
  std::string large = "dense<[";
  for (int i = 0; i < 128 * 128; ++i)
    large += (i ? ", " : "") + std::to_string(i) + ".0";
  large += "]> : tensor<16384xf32>";
  std::string source =
      "llvm.mlir.global private constant @weights(" + large +
      ") {alignment = 64 : i64} : !llvm.array<16384 x f32>\n"
      "llvm.mlir.global private constant @small(dense<[1.0, 2.0, 3.0, 4.0]> "
      ": tensor<4xf32>) : !llvm.array<4 x f32>\n"
      "llvm.mlir.global private constant @splat(dense<1.0> : "
      "tensor<32768xf32>) : !llvm.array<32768 x f32>\n"
      "llvm.mlir.global private @state(" +
      large + ") : !llvm.array<16384 x f32>\n";
  auto module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  ASSERT_TRUE(module);

  ExternalConstants constants;
  constants.takeFrom(*module);
  auto global = [&](llvm::StringRef name) {
    return module->lookupSymbol<mlir::LLVM::GlobalOp>(name);
  };
  EXPECT_FALSE(global("weights").getValueOrNull());
  EXPECT_EQ(global("weights").getLinkage(), mlir::LLVM::Linkage::External);
  EXPECT_TRUE(global("small").getValueOrNull());
  EXPECT_TRUE(global("splat").getValueOrNull());
  EXPECT_TRUE(global("state").getValueOrNull());

  auto symbols = constants.symbols();
  ASSERT_EQ(symbols.size(), 1u);
  EXPECT_EQ(symbols[0].first, "weights");
  const float *data = static_cast<const float *>(symbols[0].second);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data) % 64, 0u);
  for (int i = 0; i < 128 * 128; i += 1000)
    EXPECT_EQ(data[i], static_cast<float>(i));
}

} // namespace
} // namespace dlc
