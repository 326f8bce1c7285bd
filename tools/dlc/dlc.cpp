//===- dlc.cpp - The dlc command line -------------------------------------===//
//
//   dlc import MODEL                    print the model in the dlc dialect
//   dlc run MODEL [INPUT...] [--input NAME=FILE]... [--output-dir DIR]
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/InferenceSession.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/Npy.h"

#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>

namespace {

int usage() {
  std::cerr << "usage: dlc import MODEL\n"
               "       dlc run MODEL [INPUT...] [--input NAME=FILE]... "
               "[--output-dir DIR]\n"
               "MODEL is .pbtxt, .pb or .onnx; inputs are .npy or ONNX "
               "TensorProto .pb files.\n";
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

/// File names may not contain '/', which graph value names may.
std::string fileNameFor(const std::string &valueName) {
  std::string name = valueName;
  for (char &c : name)
    if (c == '/' || c == '\\')
      c = '_';
  return name + ".npy";
}

int runCommand(int argc, char **argv) {
  if (argc < 1)
    return usage();
  std::string modelPath = argv[0];
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;
  std::string outputDir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--input" || arg == "--output-dir") && i + 1 >= argc)
      return usage();
    if (arg == "--input") {
      std::string binding = argv[++i];
      size_t equals = binding.find('=');
      if (equals == std::string::npos)
        return fail(dlc::Status::error("--input expects NAME=FILE, got '" +
                                       binding + "'"));
      named[binding.substr(0, equals)] = binding.substr(equals + 1);
    } else if (arg == "--output-dir") {
      outputDir = argv[++i];
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
          (std::filesystem::path(outputDir) / fileNameFor(output.name)).string(),
          output.tensor);
      if (!written)
        return fail(written);
    }
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return usage();
  std::string command = argv[1];
  if (command == "import")
    return importCommand(argc - 2, argv + 2);
  if (command == "run")
    return runCommand(argc - 2, argv + 2);
  return usage();
}
