//===- ExternalConstants.h - Weights kept out of the JIT's LLVM IR -*- C++ -*-===//
//
// A model's weights are constant globals of the lowered module. Translated
// to LLVM IR as they are, every one becomes a ConstantDataArray that LLVM
// hashes, walks in its optimizer and copies into the object code: on
// ResNet-18 (45 MB of weights) that was most of the JIT's compile time. The
// JIT instead moves the data of large constant globals into buffers of its
// own and leaves external declarations in the IR, which the JIT's linker
// resolves to those buffers.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_JIT_EXTERNALCONSTANTS_H
#define DLC_COMPILER_JIT_EXTERNALCONSTANTS_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dlc {

class ExternalConstants {
public:
  /// Constants smaller than this stay in the IR, where LLVM may fold them.
  static constexpr size_t kMinBytes = 64 * 1024;

  /// Moves the data of each constant llvm.mlir.global of `module` with a
  /// dense initializer of at least kMinBytes out of the module, leaving an
  /// external declaration of the same name.
  void takeFrom(mlir::ModuleOp module);

  /// The symbol name and address of each moved constant.
  std::vector<std::pair<llvm::StringRef, const void *>> symbols() const;

private:
  struct Block {
    std::string name;
    std::unique_ptr<char, decltype(&std::free)> data;
  };
  std::vector<Block> blocks_;
};

} // namespace dlc

#endif // DLC_COMPILER_JIT_EXTERNALCONSTANTS_H
