//===- ExpectedOutputs.cpp - Outputs checked against reference files ------===//
#include "dlc/Runtime/ExpectedOutputs.h"

#include "dlc/Runtime/Compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

std::optional<std::pair<std::string, std::string>>
dlc::splitBinding(const std::string &binding) {
  size_t equals = binding.find('=');
  if (equals == std::string::npos)
    return std::nullopt;
  return std::make_pair(binding.substr(0, equals), binding.substr(equals + 1));
}

std::optional<double> dlc::parseTolerance(const std::string &text) {
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value < 0)
    return std::nullopt;
  return value;
}

static std::string formatError(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3g", value);
  return text;
}

dlc::Status dlc::checkExpectedOutputs(
    const std::vector<NamedTensor> &outputs,
    const std::vector<std::pair<std::string, std::string>> &expected,
    double rtol, double atol,
    const std::function<Result<Tensor>(const std::string &)> &readReference) {
  int mismatched = 0;
  for (const auto &[outputName, file] : expected) {
    const std::string &name = outputName;
    auto output = std::find_if(
        outputs.begin(), outputs.end(),
        [&](const dlc::NamedTensor &output) { return output.name == name; });
    if (output == outputs.end()) {
      std::string names;
      for (const dlc::NamedTensor &each : outputs)
        names += (names.empty() ? "'" : ", '") + each.name + "'";
      return dlc::Status::error("--expect: the model has no output '" + name +
                                "' (its outputs: " + names + ")");
    }
    dlc::Result<dlc::Tensor> reference = readReference(file);
    if (!reference)
      return reference.status();
    dlc::Result<dlc::TensorErrors> errors =
        dlc::compareTensors(output->tensor, *reference, rtol, atol);
    if (!errors) {
      std::cerr << "error: output '" << name << "' does not match " << file
                << " (rtol " << formatError(rtol) << ", atol "
                << formatError(atol) << "): " << errors.status().message()
                << "\n";
      ++mismatched;
      continue;
    }
    std::cout << name << ": matches " << file << " (max abs error "
              << formatError(errors->maxAbsolute) << ", max rel error "
              << formatError(errors->maxRelative) << ")\n";
  }
  if (mismatched)
    return dlc::Status::error(std::to_string(mismatched) + " of " +
                              std::to_string(expected.size()) +
                              " expected outputs do not match");
  return dlc::Status::ok();
}

