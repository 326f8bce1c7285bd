//===- ExecutableMain.cpp - main() of a model compiled into a program -----===//
//
// `dlc compile --emit=exe` links this file's main with the model's objects
// and their function table (dlc_compiled_functions, role "run": one row per
// compiled batch size, BatchedFunction.h) and the runtime core: a program
// with the interface of `dlc run`, needing no LLVM, MLIR or protobuf:
//
//   PROGRAM INPUT... [--output-dir DIR] [--threads N]
//           [--expect NAME=FILE]... [--rtol R] [--atol A]
//
// It reads the model's signature to check each input file's dtype and shape
// (any number of samples when the model has a batch dimension), runs the
// model once, prints each output as `dlc run` does, writes it as
// DIR/NAME.npy and checks it against FILE as `dlc run` does. Inputs and
// expected outputs are .npy or ONNX .pb files (TensorFile.h).
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/BatchedFunction.h"
#include "dlc/Runtime/CommandFlags.h"
#include "dlc/Runtime/ExpectedOutputs.h"
#include "dlc/Runtime/Npy.h"
#include "dlc/Runtime/TensorFile.h"
#include "dlc/Runtime/WeightsFile.h"

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

extern "C" {
extern const dlc::LinkedFunction dlc_compiled_functions[];
extern const dlc::LinkedWeight dlc_compiled_functions_weights[];
extern const char dlc_compiled_functions_weights_file[];
extern const uint64_t dlc_compiled_functions_weights_digest;
}

namespace {

int fail(const std::string &message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

int usage(const char *program) {
  std::cerr << "usage: " << program
            << " INPUT... [--output-dir DIR] [--threads N]\n"
               "       [--expect NAME=FILE]... [--rtol R] [--atol A]\n"
               "       [--weights FILE]\n";
  return 2;
}

/// "[N, 784]" for a batched tensor, else its shape.
std::string expectedShape(const dlc::BatchedFunction &model,
                          const dlc::TensorSlot &slot) {
  std::string shape = dlc::formatShape(slot.shape);
  if (model.batched() && !slot.shape.empty())
    shape = "[N" + shape.substr(shape.find_first_of(",]"));
  return shape;
}

/// Whether `tensor` fits `slot`: its dtype and shape, any number of samples
/// for a batched model.
bool fits(const dlc::BatchedFunction &model, const dlc::TensorSlot &slot,
          const dlc::Tensor &tensor) {
  if (tensor.dtype() != slot.dtype ||
      tensor.rank() != static_cast<int64_t>(slot.shape.size()))
    return false;
  for (size_t d = model.batched() ? 1 : 0; d < slot.shape.size(); ++d)
    if (tensor.shape()[d] != slot.shape[d])
      return false;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  dlc::Result<dlc::BatchedFunction> model =
      dlc::BatchedFunction::create(dlc_compiled_functions, "run");
  if (!model)
    return fail(model.status().message());
  const std::vector<dlc::TensorSlot> &slots = model->slots();
  std::vector<std::string> inputFiles;
  std::string outputDir, weightsPath;
  std::vector<std::pair<std::string, std::string>> expected;
  // numpy.allclose's defaults, as `dlc run`.
  double rtol = 1e-5, atol = 1e-8;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool takesValue = arg == "--output-dir" || arg == "--threads" ||
                      arg == "--expect" || arg == "--rtol" ||
                      arg == "--atol" || arg == "--weights";
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
    } else if (arg == "--weights") {
      weightsPath = argv[++i];
    } else if (arg == "--threads") {
      if (dlc::Status status = dlc::applyThreadsFlag(argv[++i]); !status)
        return fail(status.message());
    } else if (arg.rfind("--", 0) == 0) {
      return usage(argv[0]);
    } else {
      inputFiles.push_back(arg);
    }
  }

  // The weights sit beside the program when it was compiled with --weights.
  if (dlc::Status status = dlc::loadBinaryWeights(
          dlc_compiled_functions_weights,
          dlc_compiled_functions_weights_file,
          dlc_compiled_functions_weights_digest, weightsPath,
          reinterpret_cast<const void *>(&usage));
      !status)
    return fail(status.message());

  std::vector<dlc::Tensor> tensors;
  size_t inputCount = 0;
  // The samples of the first input; the others and the outputs follow it.
  int64_t samples = model->largestBatch();
  for (const dlc::TensorSlot &slot : slots) {
    if (!slot.isInput)
      break;
    if (inputCount >= inputFiles.size())
      return fail("no file given for input '" + slot.name + "'");
    const std::string &file = inputFiles[inputCount++];
    dlc::Result<dlc::Tensor> tensor = dlc::readTensorFile(file);
    if (!tensor)
      return fail(tensor.status().message());
    if (inputCount == 1 && model->batched() && tensor->rank() > 0)
      samples = tensor->shape()[0];
    if (!fits(*model, slot, *tensor) ||
        (model->batched() && tensor->shape()[0] != samples))
      return fail(file + ": input '" + slot.name + "' expects " +
                  dlc::dtypeName(slot.dtype) + " " +
                  expectedShape(*model, slot) +
                  (model->batched() && inputCount > 1
                       ? " with the first input's " + std::to_string(samples) +
                             " samples"
                       : "") +
                  ", got " + dlc::dtypeName(tensor->dtype()) + " " +
                  tensor->shapeString());
    tensors.push_back(*tensor);
  }
  if (inputCount < inputFiles.size())
    return fail("the model has " + std::to_string(inputCount) +
                " inputs but " + std::to_string(inputFiles.size()) +
                " input files were given");
  for (const dlc::TensorSlot &slot : slots)
    if (!slot.isInput)
      tensors.emplace_back(slot.dtype, model->shapeFor(slot, samples));

  std::vector<void *> buffers;
  for (dlc::Tensor &tensor : tensors)
    buffers.push_back(tensor.data());
  if (dlc::Status status = model->run(samples, buffers.data()); !status)
    return fail(status.message());

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
      dlc::checkExpectedOutputs(outputs, expected, rtol, atol,
                                 dlc::readTensorFile);
  if (!checked)
    return fail(checked.message());
  return 0;
}
