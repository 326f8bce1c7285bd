//===- ExecutableMain.cpp - main() of a model compiled into a program -----===//
//
// `dlc compile --emit=exe` links this file's main with the model's object
// (dlc/Compiler/ObjectFile.h, symbol dlc_compiled) and the runtime core: a
// program with the interface of `dlc run`, needing no LLVM, MLIR or
// protobuf:
//
//   PROGRAM INPUT.npy... [--output-dir DIR] [--threads N]
//           [--expect NAME=FILE]... [--rtol R] [--atol A]
//
// It reads the model's signature to check each input file's dtype and shape,
// runs the model once, prints each output as `dlc run` does, writes it as
// DIR/NAME.npy and checks it against FILE (.npy) as `dlc run` does.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/CpuFeatures.h"
#include "dlc/Runtime/ExpectedOutputs.h"
#include "dlc/Runtime/ModelSignature.h"
#include "dlc/Runtime/Npy.h"
#include "dlc/Runtime/ThreadPool.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

extern "C" void dlc_compiled_run(void **buffers);
extern "C" const char dlc_compiled_signature[];
extern "C" const char dlc_compiled_cpu_features[];

namespace {

int fail(const std::string &message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

int usage(const char *program) {
  std::cerr << "usage: " << program
            << " INPUT.npy... [--output-dir DIR] [--threads N]\n"
               "       [--expect NAME=FILE]... [--rtol R] [--atol A]\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  if (dlc::Status status = dlc::checkCpuFeatures(dlc_compiled_cpu_features);
      !status)
    return fail(status.message());
  dlc::Result<std::vector<dlc::TensorSlot>> signature =
      dlc::parseModelSignature(dlc_compiled_signature);
  if (!signature)
    return fail(signature.status().message());
  const std::vector<dlc::TensorSlot> &slots = *signature;
  std::vector<std::string> inputFiles;
  std::string outputDir;
  std::vector<std::pair<std::string, std::string>> expected;
  // numpy.allclose's defaults, as `dlc run`.
  double rtol = 1e-5, atol = 1e-8;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool takesValue = arg == "--output-dir" || arg == "--threads" ||
                      arg == "--expect" || arg == "--rtol" || arg == "--atol";
    if (takesValue && i + 1 >= argc)
      return usage(argv[0]);
    if (arg == "--expect") {
      std::string value = argv[++i];
      auto binding = dlc::splitBinding(value);
      if (!binding)
        return fail("--expect expects NAME=FILE, got '" + value + "'");
      expected.push_back(*binding);
    } else if (arg == "--rtol" || arg == "--atol") {
      std::string value = argv[++i];
      std::optional<double> tolerance = dlc::parseTolerance(value);
      if (!tolerance)
        return fail(arg + " expects a number >= 0, got '" + value + "'");
      (arg == "--rtol" ? rtol : atol) = *tolerance;
    } else if (arg == "--output-dir") {
      outputDir = argv[++i];
    } else if (arg == "--threads") {
      std::string text = argv[++i];
      char *end = nullptr;
      long threads = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end || threads < 1 || threads > 1024)
        return fail("--threads expects an integer in [1, 1024], got '" +
                    text + "'");
      dlc::ThreadPool::global().setThreadCount(static_cast<int>(threads));
    } else if (arg.rfind("--", 0) == 0) {
      return usage(argv[0]);
    } else {
      inputFiles.push_back(arg);
    }
  }

  std::vector<dlc::Tensor> tensors;
  size_t inputCount = 0;
  for (const dlc::TensorSlot &slot : slots) {
    if (!slot.isInput) {
      tensors.emplace_back(slot.dtype, slot.shape);
      continue;
    }
    if (inputCount >= inputFiles.size())
      return fail("no file given for input '" + slot.name + "'");
    const std::string &file = inputFiles[inputCount++];
    dlc::Result<dlc::Tensor> tensor = dlc::readNpy(file);
    if (!tensor)
      return fail(tensor.status().message());
    if (tensor->dtype() != slot.dtype || tensor->shape() != slot.shape)
      return fail(file + ": input '" + slot.name + "' expects " +
                  dlc::dtypeName(slot.dtype) + " " +
                  dlc::formatShape(slot.shape) + ", got " +
                  dlc::dtypeName(tensor->dtype()) + " " +
                  tensor->shapeString());
    tensors.push_back(*tensor);
  }
  if (inputCount < inputFiles.size())
    return fail("the model has " + std::to_string(inputCount) +
                " inputs but " + std::to_string(inputFiles.size()) +
                " input files were given");

  std::vector<void *> buffers;
  for (dlc::Tensor &tensor : tensors)
    buffers.push_back(tensor.data());
  dlc_compiled_run(buffers.data());

  if (!outputDir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(outputDir, error);
    if (error)
      return fail(outputDir + ": " + error.message());
  }
  std::vector<dlc::NamedTensor> outputs;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].isInput)
      continue;
    const dlc::Tensor &output = tensors[i];
    outputs.push_back({slots[i].name, output});
    std::cout << slots[i].name << ": " << dlc::dtypeName(output.dtype())
              << " " << output.shapeString() << " "
              << output.valuesPreview() << "\n";
    if (outputDir.empty())
      continue;
    dlc::Status written = dlc::writeNpy(
        (std::filesystem::path(outputDir) / dlc::npyFileNameFor(slots[i].name))
            .string(),
        output);
    if (!written)
      return fail(written.message());
  }
  dlc::Status checked =
      dlc::checkExpectedOutputs(outputs, expected, rtol, atol, dlc::readNpy);
  if (!checked)
    return fail(checked.message());
  return 0;
}
