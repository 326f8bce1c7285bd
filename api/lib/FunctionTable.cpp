//===- FunctionTable.cpp - Functions compiled into a program's table ------===//
#include "FunctionTable.h"

#include "dlc/Runtime/RuntimeChecks.h"
#include "dlc/Runtime/ThreadPool.h"
#include "dlc/Runtime/WeightsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

using namespace mlir;

namespace dlc {

FunctionTableBuilder::FunctionTableBuilder(const TemporaryFolder &folder,
                                           llvm::TargetMachine &machine,
                                           const std::string &modelPath)
    : folder_(folder), machine_(machine), modelPath_(modelPath) {
  pipeline_.vectorWidth = vectorWidthOf(machine);
  // Tasks for this machine's threads; the code runs on any number.
  pipeline_.threads = ThreadPool::global().threadCount();
  pipeline_.runtimeChecks = runtimeChecksEnabled();
}

Status FunctionTableBuilder::add(ModuleOp module, const std::string &entry,
                                 const std::string &role, int64_t batch,
                                 bool batchFirst) {
  auto function = module.lookupSymbol<func::FuncOp>(entry);
  std::vector<std::vector<int64_t>> shapes;
  for (Type type : function.getArgumentTypes()) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
    shapes.emplace_back(shape.begin(), shape.end());
  }
  Result<LoweredFunction> lowered =
      lowerFunction(module, shapes, entry, pipeline_);
  if (!lowered)
    return Status::error(modelPath_ + ": @" + entry + " for batch " +
                         std::to_string(batch) + ": " +
                         lowered.status().message());
  std::string symbol = "dlc_" + role + "_" + std::to_string(batch);
  std::string object = folder_.file(symbol + ".o");
  std::error_code error;
  llvm::raw_fd_ostream out(object, error);
  if (error)
    return Status::error(object + ": " + error.message());
  std::vector<SharedConstant> constants;
  DLC_RETURN_IF_ERROR(writeCompiledFunction(*lowered, entry, machine_, symbol,
                                            EmitKind::Object, out, batchFirst,
                                            &constants));
  for (SharedConstant &constant : constants)
    if (std::none_of(constants_.begin(), constants_.end(),
                     [&](const SharedConstant &known) {
                       return known.symbol == constant.symbol;
                     }))
      constants_.push_back(std::move(constant));
  entries_.push_back({role, batch, symbol});
  objects_.push_back(object);
  return Status::ok();
}

Result<std::vector<std::string>> FunctionTableBuilder::finish(
    const std::string &tableName,
    const std::vector<std::pair<std::string, std::string>> &blobs,
    const std::string &weightsPath) {
  WeightsPlacement weights;
  if (!weightsPath.empty()) {
    weights.inFile = true;
    weights.fileName = llvm::sys::path::filename(weightsPath).str();
    // The symbols name each constant by its contents' hash and size.
    std::string names;
    std::vector<std::pair<int64_t, std::string_view>> data;
    int64_t offset = 0;
    for (const SharedConstant &constant : constants_) {
      names += constant.symbol;
      weights.offsets.push_back(offset);
      data.emplace_back(offset, constant.bytes);
      offset += (constant.bytes.size() + 63) / 64 * 64;
    }
    weights.digest = llvm::xxh3_64bits(names);
    DLC_RETURN_IF_ERROR(writeWeightsFile(weightsPath, weights.digest, data));
  }
  std::string table = folder_.file(tableName + ".o");
  std::error_code error;
  llvm::raw_fd_ostream out(table, error);
  if (error)
    return Status::error(table + ": " + error.message());
  DLC_RETURN_IF_ERROR(writeFunctionTable(tableName, entries_, blobs,
                                         constants_, weights, machine_, out));
  std::vector<std::string> objects = objects_;
  objects.push_back(table);
  return objects;
}

} // namespace dlc
