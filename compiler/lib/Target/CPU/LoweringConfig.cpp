//===- LoweringConfig.cpp - How the CPU target compiles one op ------------===//
#include "dlc/Target/CPU/LoweringConfig.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace dlc::cpu {

DictionaryAttr LoweringConfig::toAttr(MLIRContext *context) const {
  Builder b(context);
  SmallVector<NamedAttribute> entries;
  if (!cacheTiles.empty())
    entries.push_back(
        b.getNamedAttr("cache", b.getDenseI64ArrayAttr(cacheTiles)));
  if (!vectorTiles.empty())
    entries.push_back(
        b.getNamedAttr("vector", b.getDenseI64ArrayAttr(vectorTiles)));
  if (!parallelTiles.empty())
    entries.push_back(
        b.getNamedAttr("parallel", b.getDenseI64ArrayAttr(parallelTiles)));
  if (!cacheInterchange.empty())
    entries.push_back(b.getNamedAttr(
        "interchange", b.getDenseI64ArrayAttr(cacheInterchange)));
  return b.getDictionaryAttr(entries);
}

FailureOr<std::optional<LoweringConfig>>
LoweringConfig::read(Operation *op, unsigned loopCount) {
  Attribute attr = op->getAttr(kAttrName);
  if (!attr)
    return std::optional<LoweringConfig>();
  auto dict = dyn_cast<DictionaryAttr>(attr);
  if (!dict)
    return op->emitOpError() << kAttrName << " must be a dictionary";
  LoweringConfig config;
  auto field = [&](StringRef name, SmallVector<int64_t> &out,
                   bool optional) -> LogicalResult {
    auto array = dict.getAs<DenseI64ArrayAttr>(name);
    if (!array) {
      if (optional && !dict.get(name))
        return success();
      return op->emitOpError() << kAttrName << ": '" << name
                               << "' must be an array<i64>";
    }
    if (array.size() != loopCount)
      return op->emitOpError()
             << kAttrName << ": '" << name << "' has " << array.size()
             << " entries for " << loopCount << " loops";
    if (llvm::any_of(array.asArrayRef(), [](int64_t v) { return v < 0; }))
      return op->emitOpError() << kAttrName << ": '" << name
                               << "' has a negative entry";
    out.assign(array.asArrayRef().begin(), array.asArrayRef().end());
    return success();
  };
  if (failed(field("cache", config.cacheTiles, true)) ||
      failed(field("vector", config.vectorTiles, true)) ||
      failed(field("interchange", config.cacheInterchange, true)) ||
      failed(field("parallel", config.parallelTiles, true)))
    return failure();
  if (config.vectorTiles.empty() && config.parallelTiles.empty())
    return op->emitOpError()
           << kAttrName << " needs 'vector' tiles, 'parallel' tiles or both";
  if (config.vectorTiles.empty() && !config.cacheTiles.empty())
    return op->emitOpError()
           << kAttrName << ": 'cache' tiles need 'vector' tiles";
  if (!config.cacheInterchange.empty()) {
    SmallVector<int64_t> sorted(config.cacheInterchange);
    llvm::sort(sorted);
    for (auto [index, value] : llvm::enumerate(sorted))
      if (value != static_cast<int64_t>(index))
        return op->emitOpError()
               << kAttrName << ": 'interchange' must be a permutation";
  }
  return std::optional<LoweringConfig>(config);
}

} // namespace dlc::cpu
