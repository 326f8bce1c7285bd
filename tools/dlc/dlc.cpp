//===- dlc.cpp - The dlc command line -------------------------------------===//
//
//   dlc import MODEL                    print the model in the dlc dialect
//   dlc convert IN OUT                  convert between .pbtxt, .pb and .onnx
//   dlc run MODEL [INPUT...] [--input NAME=FILE]... [--output-dir DIR]
//           [--expect NAME=FILE]... [--rtol R] [--atol A]
//   dlc compile MODEL -o OUT [...]      compile ahead of time (CompileCommand)
//
//===----------------------------------------------------------------------===//
#include "BenchCommand.h"
#include "CompileCommand.h"
#include "dlc/Runtime/RuntimeChecks.h"
#include "dlc/Runtime/CommandFlags.h"
#include "TrainCommand.h"

#include "dlc/Api/InferenceSession.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Runtime/TensorFile.h"
#include "dlc/Runtime/ExpectedOutputs.h"
#include "dlc/Runtime/Npy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

namespace {

int usage() {
  std::cerr << "usage: dlc import MODEL\n"
               "       dlc convert MODEL OUTPUT_MODEL\n"
               "       dlc run MODEL [INPUT...] [--input NAME=FILE]... "
               "[--output-dir DIR]\n"
               "               [--expect NAME=FILE]... [--rtol R] [--atol A] "
               "[--threads N]\n"
               "               [--check-bounds]\n"
               "MODEL is .pbtxt, .pb or .onnx (convert picks each format by "
               "extension);\ninputs are .npy or ONNX TensorProto .pb files.\n"
               "--expect checks output NAME against the tensor in FILE: "
               "|actual - expected|\n"
               "must be <= atol + rtol * |expected| (numpy.allclose; "
               "defaults rtol 1e-5, atol 1e-8).\n"
            << dlc::kThreadsUsage << trainUsage() << benchUsage()
            << compileUsage();
  return 2;
}

int fail(const dlc::Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

int importCommand(int argc, char **argv) {
  if (argc != 1)
    return usage();
  auto session = dlc::InferenceSession::load(argv[0]);
  if (!session)
    return fail(session.status());
  dlc::Result<std::string> text = (*session)->mlirText();
  if (!text)
    return fail(text.status());
  std::cout << *text << "\n";
  return 0;
}

/// Loads (and so validates) a model and saves it in the format of the output
/// file's extension.
int convertCommand(int argc, char **argv) {
  if (argc != 2)
    return usage();
  dlc::Result<dlc::proto::Model> model = dlc::loadModelFile(argv[0]);
  if (!model)
    return fail(model.status());
  dlc::Status saved = dlc::saveModelFile(*model, argv[1]);
  if (!saved)
    return fail(saved);
  return 0;
}

int runCommand(int argc, char **argv) {
  if (argc < 1)
    return usage();
  std::string modelPath = argv[0];
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;
  std::vector<std::pair<std::string, std::string>> expected;
  std::string outputDir;
  // numpy.allclose's defaults.
  double rtol = 1e-5, atol = 1e-8;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool takesValue = arg == "--input" || arg == "--output-dir" ||
                      arg == "--expect" || arg == "--rtol" ||
                      arg == "--atol" || arg == "--threads";
    if (takesValue && i + 1 >= argc)
      return usage();
    if (arg == "--input" || arg == "--expect") {
      std::string value = argv[++i];
      auto binding = dlc::splitBinding(value);
      if (!binding)
        return fail(dlc::Status::error(arg + " expects NAME=FILE, got '" +
                                       value + "'"));
      if (arg == "--input")
        named[binding->first] = binding->second;
      else
        expected.push_back(*binding);
    } else if (arg == "--rtol" || arg == "--atol") {
      std::string value = argv[++i];
      std::optional<double> tolerance = dlc::parseTolerance(value);
      if (!tolerance)
        return fail(dlc::Status::error(arg + " expects a number >= 0, got '" +
                                       value + "'"));
      (arg == "--rtol" ? rtol : atol) = *tolerance;
    } else if (arg == "--output-dir") {
      outputDir = argv[++i];
    } else if (arg == "--threads") {
      if (dlc::Status status = dlc::applyThreadsFlag(argv[++i]); !status)
        return fail(status);
    } else if (arg == "--check-bounds") {
      dlc::setRuntimeChecks(true);
    } else if (arg.rfind("--", 0) == 0) {
      return usage();
    } else {
      positional.push_back(arg);
    }
  }

  auto session = dlc::InferenceSession::load(modelPath);
  if (!session)
    return fail(session.status());
  const auto &inputs = (*session)->inputs();
  if (positional.size() > inputs.size())
    return fail(dlc::Status::error(
        modelPath + ": the model has " + std::to_string(inputs.size()) +
        " inputs but " + std::to_string(positional.size()) +
        " input files were given"));
  std::vector<dlc::Tensor> tensors;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string &name = inputs[i]->name();
    std::string file;
    if (auto found = named.find(name); found != named.end()) {
      file = found->second;
      named.erase(found);
    } else if (i < positional.size()) {
      file = positional[i];
    } else {
      return fail(dlc::Status::error(modelPath + ": no file given for input '" +
                                     name + "'"));
    }
    dlc::Result<dlc::Tensor> tensor = dlc::readTensorFile(file);
    if (!tensor)
      return fail(tensor.status());
    tensors.push_back(*tensor);
  }
  if (!named.empty())
    return fail(dlc::Status::error(modelPath + ": the model has no input '" +
                                   named.begin()->first + "'"));

  auto outputs = (*session)->run(tensors);
  if (!outputs)
    return fail(outputs.status());
  if (!outputDir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(outputDir, error);
    if (error)
      return fail(dlc::Status::error(outputDir + ": " + error.message()));
  }
  for (const dlc::NamedTensor &output : *outputs) {
    std::cout << output.name << ": " << dlc::dtypeName(output.tensor.dtype())
              << " " << output.tensor.shapeString() << " "
              << output.tensor.valuesPreview() << "\n";
    if (!outputDir.empty()) {
      dlc::Status written = dlc::writeNpy(
          (std::filesystem::path(outputDir) / dlc::npyFileNameFor(output.name)).string(),
          output.tensor);
      if (!written)
        return fail(written);
    }
  }
  dlc::Status checked = dlc::checkExpectedOutputs(*outputs, expected, rtol,
                                                 atol, dlc::readTensorFile);
  if (!checked)
    return fail(checked);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return usage();
  std::string command = argv[1];
  if (command == "import")
    return importCommand(argc - 2, argv + 2);
  if (command == "convert")
    return convertCommand(argc - 2, argv + 2);
  if (command == "run")
    return runCommand(argc - 2, argv + 2);
  if (command == "train")
    return trainCommand(argc - 2, argv + 2);
  if (command == "evaluate")
    return evaluateCommand(argc - 2, argv + 2);
  if (command == "bench")
    return benchCommand(argc - 2, argv + 2);
  if (command == "compile")
    return compileCommand(argc - 2, argv + 2);
  return usage();
}
