//===- CompileCommand.cpp - `dlc compile` ---------------------------------===//
//
//   dlc compile MODEL -o OUT [--emit=exe|lib|obj|llvm|mlir] [--cpu=CPU]
//               [--batch N] [--symbol NAME] [--train] [--weights FILE]
//               [--check-bounds]
//
//===----------------------------------------------------------------------===//
#include "CompileCommand.h"
#include "dlc/Runtime/CommandFlags.h"
#include "dlc/Runtime/RuntimeChecks.h"

#include "dlc/Api/Compile.h"

#include <iostream>
#include <optional>
#include <string>

namespace {

/// "--name=value", or "--name" followed by the value in the next argument.
std::optional<std::string> flagValue(const std::string &name, int argc,
                                     char **argv, int &i) {
  std::string arg = argv[i];
  if (arg.rfind(name + "=", 0) == 0)
    return arg.substr(name.size() + 1);
  if (arg == name && i + 1 < argc)
    return std::string(argv[++i]);
  return std::nullopt;
}

bool isIdentifier(const std::string &text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0])))
    return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

int fail(const dlc::Status &status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

} // namespace

const char *compileUsage() {
  return "       dlc compile MODEL -o OUT [--emit=exe|lib|obj|llvm|mlir] "
         "[--cpu=CPU]\n"
         "                   [--batch N] [--symbol NAME] [--train] "
         "[--weights FILE]\n"
         "                   [--check-bounds]\n"
         "compile writes a program with run's interface (exe), a shared "
         "library with the\nC interface of dlc_model.h, written beside it "
         "(lib), an object file exporting\nNAME_run and NAME_signature "
         "(obj, the default; NAME dlc_model), LLVM IR or\nMLIR (the LLVM "
         "dialect); --cpu is native (default) or an LLVM CPU name such\nas "
         "x86-64-v3 or x86-64-v4; --batch sets a dynamic batch dimension "
         "(default 1).\n--train writes a program that trains the model "
         "with train's flags, on\nbatches of --batch samples (default: the "
         "training section's batch size).\n--weights FILE keeps a program's "
         "or library's weights in FILE, read from\nbeside it at start.\n"
         "--check-bounds (also on run, train and evaluate) compiles code "
         "that checks\nevery memory access and stops with an error naming "
         "the op and the model node\nat the first one out of bounds "
         "(DLC_CHECK_BOUNDS=1 does the same).\n";
}

int compileCommand(int argc, char **argv) {
  if (argc < 1) {
    std::cerr << "usage:" << compileUsage() + 10;
    return 2;
  }
  std::string modelPath = argv[0], outputPath;
  dlc::CompileOptions options;
  bool emitGiven = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (auto value = flagValue("-o", argc, argv, i)) {
      outputPath = *value;
    } else if (auto value = flagValue("--emit", argc, argv, i)) {
      options.emit = *value;
      emitGiven = true;
    } else if (auto value = flagValue("--cpu", argc, argv, i)) {
      options.cpu = *value;
    } else if (auto value = flagValue("--symbol", argc, argv, i)) {
      if (!isIdentifier(*value))
        return fail(dlc::Status::error(
            "--symbol=" + *value + ": not a C identifier"));
      options.symbol = *value;
    } else if (auto value = flagValue("--weights", argc, argv, i)) {
      options.weights = *value;
    } else if (arg == "--train") {
      options.train = true;
    } else if (arg == "--check-bounds") {
      dlc::setRuntimeChecks(true);
    } else if (auto value = flagValue("--batch", argc, argv, i)) {
      dlc::Result<int64_t> batch = dlc::parseCount("--batch", *value, 1, 1 << 20);
      if (!batch)
        return fail(batch.status());
      options.batch = *batch;
    } else {
      return fail(dlc::Status::error("compile: unknown argument '" + arg +
                                     "'"));
    }
  }
  if (outputPath.empty())
    return fail(dlc::Status::error("compile: -o OUT is required"));
  if (options.train && !emitGiven)
    options.emit = "exe";
  if (dlc::Status status =
          dlc::compileModelFile(modelPath, outputPath, options);
      !status)
    return fail(status);
  return 0;
}
