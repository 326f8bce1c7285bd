//===- FunctionTable.h - Functions compiled into a program's table -*- C++ -*-===//
//
// Programs and libraries that `dlc compile` links find their compiled
// functions through a table (dlc/Compiler/ObjectFile.h,
// writeFunctionTable): FunctionTableBuilder lowers each function, writes
// its object into a temporary folder, and finally the table's object.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_LIB_FUNCTIONTABLE_H
#define DLC_API_LIB_FUNCTIONTABLE_H

#include "Linking.h"

#include "dlc/Compiler/ObjectFile.h"

#include <string>
#include <utility>
#include <vector>

namespace dlc {

class FunctionTableBuilder {
public:
  /// Objects go to `folder`; errors name `modelPath`.
  FunctionTableBuilder(const TemporaryFolder &folder,
                       llvm::TargetMachine &machine,
                       const std::string &modelPath);

  /// Compiles `entry` of `module` (its shapes static) as the table's row
  /// (`role`, `batch`). `batchFirst`: every tensor leads with the batch.
  Status add(mlir::ModuleOp module, const std::string &entry,
             const std::string &role, int64_t batch, bool batchFirst = false);

  /// Writes the table `tableName` with `blobs` (see writeFunctionTable)
  /// and the functions' weights: in the table's object, or with
  /// `weightsPath` in that file, which the binary finds beside it (or where
  /// it is told); returns every object to link.
  Result<std::vector<std::string>>
  finish(const std::string &tableName,
         const std::vector<std::pair<std::string, std::string>> &blobs = {},
         const std::string &weightsPath = "");

private:
  const TemporaryFolder &folder_;
  llvm::TargetMachine &machine_;
  std::string modelPath_;
  CpuPipelineOptions pipeline_;
  std::vector<TableEntry> entries_;
  std::vector<std::string> objects_;
  /// The functions' weights, each once.
  std::vector<SharedConstant> constants_;
};

} // namespace dlc

#endif // DLC_API_LIB_FUNCTIONTABLE_H
