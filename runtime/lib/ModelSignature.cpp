//===- ModelSignature.cpp - The tensors of a compiled model ---------------===//
#include "dlc/Runtime/ModelSignature.h"

#include <sstream>

dlc::Result<std::vector<dlc::TensorSlot>>
dlc::parseModelSignature(const char *signature) {
  std::vector<TensorSlot> slots;
  std::istringstream lines(signature);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string role, name, dtypeText, dims, batch;
    fields >> role >> name >> dtypeText >> dims >> batch;
    std::optional<DType> dtype = dtypeFromName(dtypeText);
    if ((role != "input" && role != "output") || name.empty() || !dtype ||
        (!batch.empty() && batch != "batch"))
      return Status::error("malformed model signature line '" + line + "'");
    TensorSlot slot{role == "input", name, *dtype, {}, batch == "batch"};
    // A scalar has no dimensions: the line ends after the dtype.
    std::istringstream sizes(dims);
    for (std::string size; std::getline(sizes, size, ',');)
      slot.shape.push_back(std::stoll(size));
    slots.push_back(std::move(slot));
  }
  return slots;
}
