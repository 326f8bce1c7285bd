//===- ExternalConstants.cpp - Weights kept out of the JIT's LLVM IR ------===//
#include "dlc/Compiler/ExternalConstants.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include <cstring>

using namespace mlir;

void dlc::ExternalConstants::takeFrom(ModuleOp module) {
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(global.getValueOrNull());
    if (!global.getConstant() || !dense || dense.isSplat())
      continue;
    // The raw data is the array's memory image only for element types of
    // whole bytes (i1 is packed in bits).
    unsigned bits = dense.getElementType().getIntOrFloatBitWidth();
    ArrayRef<char> raw = dense.getRawData();
    if (bits % 8 != 0 || raw.size() < kMinBytes)
      continue;
    size_t alignment = std::max<size_t>(global.getAlignment().value_or(64), 64);
    size_t size = (raw.size() + alignment - 1) / alignment * alignment;
    Block block{global.getSymName().str(),
                {static_cast<char *>(std::aligned_alloc(alignment, size)),
                 &std::free}};
    if (!block.data)
      continue; // out of memory: the constant stays in the IR
    std::memcpy(block.data.get(), raw.data(), raw.size());
    blocks_.push_back(std::move(block));
    global.removeValueAttr();
    global.setLinkage(LLVM::Linkage::External);
    global.setVisibility(SymbolTable::Visibility::Public);
  }
}

std::vector<std::pair<llvm::StringRef, const void *>>
dlc::ExternalConstants::symbols() const {
  std::vector<std::pair<llvm::StringRef, const void *>> result;
  for (const Block &block : blocks_)
    result.emplace_back(block.name, block.data.get());
  return result;
}
