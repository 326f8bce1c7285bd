//===- OnnxConformance.cpp - Run ONNX's backend node tests through dlc ----===//
//
//   dlc-onnx-conformance DATA_DIR --expected FILE [--report FILE] [CASE...]
//
// Runs every case under DATA_DIR (ONNX's test/data/{node,simple,...} layout:
// model.onnx plus test_data_set_*/input_*.pb and output_*.pb; bfloat16 data
// that ONNX wrote as UINT16 is read as bfloat16), each in a child process
// with a time limit so a crash or hang is one failed case, and compares the
// outputs with ONNX's tolerances (rtol 1e-3, atol 1e-7). Exits non-zero when a
// case listed in the expected-pass file fails, or was not run at all (a
// typo, a stray character or a case the installed data lacks would
// otherwise go unchecked); passes not listed are reported so the list can
// grow.
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/InferenceSession.h"
#include "dlc/Runtime/TensorFile.h"
#include "dlc/Runtime/Compare.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

constexpr double kRelativeTolerance = 1e-3;
constexpr double kAbsoluteTolerance = 1e-7;
constexpr unsigned kCaseTimeLimitSeconds = 60;

std::vector<fs::path> sortedEntries(const fs::path &dir,
                                    const std::string &prefix) {
  std::vector<fs::path> entries;
  for (const fs::directory_entry &entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind(prefix, 0) == 0)
      entries.push_back(entry.path());
  // input_10 sorts after input_9.
  std::sort(entries.begin(), entries.end(), [](const fs::path &a, const fs::path &b) {
    std::string x = a.filename().string(), y = b.filename().string();
    return x.size() != y.size() ? x.size() < y.size() : x < y;
  });
  return entries;
}

/// ONNX's generator wrote the bfloat16 tensors of its test data as UINT16
/// (the same 16 bits): such a tensor is read as the bfloat16 it holds when
/// the other side of the comparison is bfloat16.
dlc::Tensor asBFloat16If(dlc::Tensor tensor, bool wanted) {
  if (!wanted || tensor.dtype() != dlc::DType::UInt16)
    return tensor;
  dlc::Tensor bfloat16(dlc::DType::BFloat16, tensor.shape());
  std::copy_n(tensor.typed<uint16_t>(), tensor.numElements(),
              bfloat16.typed<uint16_t>());
  return bfloat16;
}

dlc::Status runCase(const fs::path &caseDir) {
  auto session = dlc::InferenceSession::load((caseDir / "model.onnx").string());
  if (!session)
    return session.status();
  std::vector<fs::path> dataSets = sortedEntries(caseDir, "test_data_set_");
  if (dataSets.empty())
    return dlc::Status::error("no test data sets");
  for (const fs::path &dataSet : dataSets) {
    std::vector<dlc::Tensor> inputs;
    const auto &declared = (*session)->inputs();
    for (const fs::path &file : sortedEntries(dataSet, "input_")) {
      auto tensor = dlc::readOnnxTensorFile(file.string());
      if (!tensor)
        return tensor.status();
      size_t index = inputs.size();
      inputs.push_back(asBFloat16If(
          *tensor, index < declared.size() &&
                       declared[index]->dtype() == dlc::proto::BFLOAT16));
    }
    auto outputs = (*session)->run(inputs);
    if (!outputs)
      return outputs.status();
    std::vector<fs::path> expectedFiles = sortedEntries(dataSet, "output_");
    if (expectedFiles.size() != outputs->size())
      return dlc::Status::error("got " + std::to_string(outputs->size()) +
                                " outputs, expected " +
                                std::to_string(expectedFiles.size()));
    for (size_t i = 0; i < expectedFiles.size(); ++i) {
      auto expected = dlc::readOnnxTensorFile(expectedFiles[i].string());
      if (!expected)
        return expected.status();
      const dlc::Tensor &output = (*outputs)[i].tensor;
      auto compared = dlc::compareTensors(
          output,
          asBFloat16If(*expected, output.dtype() == dlc::DType::BFloat16),
          kRelativeTolerance, kAbsoluteTolerance);
      if (!compared)
        return compared.status().withContext("output '" +
                                             (*outputs)[i].name + "'");
    }
  }
  return dlc::Status::ok();
}

/// Runs one case in a child process; the message comes back through a pipe.
std::pair<bool, std::string> runIsolated(const fs::path &caseDir) {
  int fds[2];
  if (pipe(fds) != 0)
    return {false, "pipe failed"};
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    alarm(kCaseTimeLimitSeconds);
    dlc::Status status = runCase(caseDir);
    std::string message = status.isOk() ? "" : status.message();
    // Keep one line per case in the report.
    std::replace(message.begin(), message.end(), '\n', ' ');
    (void)!write(fds[1], message.data(), message.size());
    _exit(status.isOk() ? 0 : 1);
  }
  close(fds[1]);
  std::string message;
  char buffer[4096];
  ssize_t count;
  while ((count = read(fds[0], buffer, sizeof(buffer))) > 0)
    message.append(buffer, count);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status))
    return {false, WTERMSIG(status) == SIGALRM
                       ? "timed out"
                       : "crashed with signal " + std::to_string(WTERMSIG(status))};
  return {WIFEXITED(status) && WEXITSTATUS(status) == 0, message};
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: dlc-onnx-conformance DATA_DIR --expected FILE "
                 "[--report FILE] [CASE...]\n";
    return 2;
  }
  fs::path dataDir = argv[1];
  std::string expectedPath, reportPath;
  std::set<std::string> only;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--expected" && i + 1 < argc)
      expectedPath = argv[++i];
    else if (arg == "--report" && i + 1 < argc)
      reportPath = argv[++i];
    else
      only.insert(arg);
  }
  std::set<std::string> expected;
  if (!expectedPath.empty()) {
    std::ifstream file(expectedPath);
    if (!file) {
      std::cerr << "error: cannot read " << expectedPath << "\n";
      return 2;
    }
    for (std::string line; std::getline(file, line);)
      if (!line.empty() && line[0] != '#')
        expected.insert(line);
  }

  std::ofstream report;
  if (!reportPath.empty())
    report.open(reportPath);
  int passed = 0, total = 0;
  std::vector<std::string> regressions, newPasses;
  std::set<std::string> ran;
  for (const fs::path &caseDir : sortedEntries(dataDir, "test_")) {
    std::string name = caseDir.filename().string();
    if (!only.empty() && !only.count(name))
      continue;
    auto [ok, message] = runIsolated(caseDir);
    ran.insert(name);
    ++total;
    passed += ok;
    if (report.is_open())
      report << name << "\t" << (ok ? "PASS" : "FAIL\t" + message) << "\n";
    if (!ok && expected.count(name))
      regressions.push_back(name + ": " + message);
    if (ok && !expectedPath.empty() && !expected.count(name))
      newPasses.push_back(name);
  }
  std::cout << "ONNX conformance (" << dataDir.filename().string()
            << "): " << passed << " of " << total
            << " cases pass (" << expected.size() << " expected)\n";
  for (const std::string &name : newPasses)
    std::cout << "  passes but is not in the expected list: " << name << "\n";
  for (const std::string &regression : regressions)
    std::cout << "  REGRESSION " << regression << "\n";
  std::vector<std::string> missing;
  for (const std::string &name : expected)
    if (!ran.count(name) && (only.empty() || only.count(name)))
      missing.push_back(name);
  for (const std::string &name : missing)
    std::cout << "  LISTED BUT NOT RUN (no such case in " << dataDir.string()
              << "): '" << name << "'\n";
  return regressions.empty() && missing.empty() ? 0 : 1;
}
