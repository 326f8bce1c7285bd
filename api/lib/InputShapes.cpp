//===- InputShapes.cpp - The shapes a model is compiled for ---------------===//
#include "InputShapes.h"

#include "dlc/Frontend/ModelImporter.h"

#include "llvm/ADT/STLExtras.h"

#include <set>

namespace dlc {

Result<std::map<std::string, std::vector<int64_t>>>
inputShapesOf(const proto::Model &model, const std::string &path,
              int64_t batch) {
  std::set<std::string> initializers;
  for (const proto::Tensor &tensor : model.graph().initializers())
    initializers.insert(tensor.name());
  std::vector<std::string> constantOperands = constantOperandInputs(model);
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const proto::ValueInfo &info : model.graph().inputs()) {
    if (initializers.count(info.name()))
      continue;
    if (llvm::is_contained(constantOperands, info.name()))
      return Status::error(path + ": input '" + info.name() +
                           "' is read as a constant (a shape or axes); "
                           "compiling it ahead of time needs its value");
    std::vector<int64_t> shape;
    for (int i = 0; i < info.shape_size(); ++i) {
      const proto::Dim &dim = info.shape(i);
      if (dim.value_case() == proto::Dim::kSize)
        shape.push_back(dim.size());
      else if (i == 0)
        shape.push_back(batch);
      else
        return Status::error(path + ": input '" + info.name() +
                             "': dimension " + std::to_string(i) +
                             " is dynamic; only the first (batch) may be");
    }
    shapes[info.name()] = shape;
  }
  return shapes;
}

} // namespace dlc
