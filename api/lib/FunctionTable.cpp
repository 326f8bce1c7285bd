//===- FunctionTable.cpp - Functions compiled into a program's table ------===//
#include "FunctionTable.h"

#include "dlc/Runtime/ThreadPool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc {

FunctionTableBuilder::FunctionTableBuilder(const TemporaryFolder &folder,
                                           llvm::TargetMachine &machine,
                                           const std::string &modelPath)
    : folder_(folder), machine_(machine), modelPath_(modelPath) {
  pipeline_.vectorWidth = vectorWidthOf(machine);
  // Tasks for this machine's threads; the code runs on any number.
  pipeline_.threads = ThreadPool::global().threadCount();
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
  DLC_RETURN_IF_ERROR(writeCompiledFunction(*lowered, entry, machine_, symbol,
                                            EmitKind::Object, out,
                                            batchFirst));
  entries_.push_back({role, batch, symbol});
  objects_.push_back(object);
  return Status::ok();
}

Result<std::vector<std::string>> FunctionTableBuilder::finish(
    const std::string &tableName,
    const std::vector<std::pair<std::string, std::string>> &blobs) {
  std::string table = folder_.file(tableName + ".o");
  std::error_code error;
  llvm::raw_fd_ostream out(table, error);
  if (error)
    return Status::error(table + ": " + error.message());
  DLC_RETURN_IF_ERROR(
      writeFunctionTable(tableName, entries_, blobs, machine_, out));
  std::vector<std::string> objects = objects_;
  objects.push_back(table);
  return objects;
}

} // namespace dlc
