//===- Linking.cpp - Link compiled objects with the runtime ---------------===//
#include "Linking.h"

#include "dlc/Runtime/FileIO.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <fstream>

namespace dlc {

namespace {

/// `relative` to the folder above the running program's: for an installed
/// dlc, PREFIX/bin/dlc finds PREFIX/lib and PREFIX/include.
std::string besideProgram(const std::string &relative) {
  static int anchor;
  llvm::SmallString<128> path(llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&anchor)));
  llvm::sys::path::remove_filename(path);
  llvm::sys::path::remove_filename(path);
  llvm::sys::path::append(path, relative);
  return path.str().str();
}

/// The folder holding the runtime archives a program links:
/// $DLC_RUNTIME_DIR if set, else the installed ones beside dlc, else the
/// build's.
std::string runtimeArchiveDir() {
  if (const char *dir = std::getenv("DLC_RUNTIME_DIR"))
    return dir;
  std::string installed = besideProgram("lib");
  if (llvm::sys::fs::exists(installed + "/libDlcRuntimeCore.a"))
    return installed;
  return DLC_RUNTIME_ARCHIVE_DIR;
}

/// A C++ compiler driver to link with: LLVM 22's clang++, else the system's.
Result<std::string> linkerDriver() {
  for (const char *name : {"clang++-22", "clang++", "c++", "g++"})
    if (llvm::ErrorOr<std::string> path = llvm::sys::findProgramByName(
            name, {"/usr/lib/llvm-22/bin", "/usr/bin", "/usr/local/bin"}))
      return *path;
  return Status::error("no C++ compiler (clang++ or c++) to link with");
}

} // namespace

/// The paths of the runtime archives libNAME.a, or an error naming one
/// that is missing.
Result<std::vector<std::string>>
runtimeArchives(const std::vector<std::string> &names) {
  std::vector<std::string> paths;
  for (const std::string &name : names) {
    std::string path = runtimeArchiveDir() + "/lib" + name + ".a";
    if (!llvm::sys::fs::exists(path))
      return Status::error(path + ": the runtime archive is missing (set "
                                  "DLC_RUNTIME_DIR to its folder)");
    paths.push_back(path);
  }
  return paths;
}

/// The runtime's C header `name`: installed beside dlc, else the source's.
std::string runtimeHeader(const std::string &name) {
  std::string installed = besideProgram("include/" + name);
  return llvm::sys::fs::exists(installed)
             ? installed
             : std::string(DLC_RUNTIME_INCLUDE_DIR) + "/" + name;
}

/// Runs the C++ compiler driver (LLVM 22's clang++, else the system's) with
/// `arguments` to write `outputPath`; an error carries its output.
Status runLinker(const std::vector<std::string> &arguments,
                 const std::string &outputPath) {
  Result<std::string> driver = linkerDriver();
  if (!driver)
    return driver.status();
  llvm::SmallString<128> log;
  llvm::sys::fs::createTemporaryFile("dlc-link", "log", log);
  std::vector<llvm::StringRef> argumentRefs = {*driver, "-o", outputPath};
  argumentRefs.insert(argumentRefs.end(), arguments.begin(), arguments.end());
  // A sanitized build's runtime archives need the sanitizers' runtimes.
  llvm::StringRef sanitizerFlags = DLC_SANITIZER_LINK_FLAGS;
  if (!sanitizerFlags.empty())
    argumentRefs.push_back(sanitizerFlags);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(),
                                                log.str()};
  std::string error;
  int result = llvm::sys::ExecuteAndWait(*driver, argumentRefs, std::nullopt,
                                         redirects, 0, 0, &error);
  std::ifstream logFile(log.c_str());
  std::string output((std::istreambuf_iterator<char>(logFile)),
                     std::istreambuf_iterator<char>());
  llvm::sys::fs::remove(log);
  if (result != 0)
    return Status::error(outputPath + ": linking with " + *driver +
                         " failed" + (error.empty() ? "" : ": " + error) +
                         (output.empty() ? "" : "\n" + output));
  return Status::ok();
}

const char *const kStaticZlib = DLC_STATIC_ZLIB;

Status linkProgram(const std::vector<std::string> &objects,
                   const std::vector<std::string> &archives,
                   const std::string &outputPath,
                   const std::vector<std::string> &libraries) {
  Result<std::vector<std::string>> paths = runtimeArchives(archives);
  if (!paths)
    return paths.status();
  std::vector<std::string> arguments = objects;
  arguments.insert(arguments.end(), paths->begin(), paths->end());
  arguments.insert(arguments.end(), libraries.begin(), libraries.end());
  arguments.push_back("-pthread");
  return runLinker(arguments, outputPath);
}

Status linkSharedLibrary(const std::vector<std::string> &objects,
                         const std::vector<std::string> &interfaceArchives,
                         const std::vector<std::string> &archives,
                         const std::string &exports,
                         const std::vector<std::string> &headers,
                         const std::string &outputPath) {
  Result<std::vector<std::string>> interface =
      runtimeArchives(interfaceArchives);
  Result<std::vector<std::string>> rest = runtimeArchives(archives);
  for (const auto *paths : {&interface, &rest})
    if (!*paths)
      return paths->status();
  Result<TemporaryFolder> folder = TemporaryFolder::create("dlc-link");
  if (!folder)
    return folder.status();
  std::string versionScript = folder->file("exports.map");
  std::ofstream(versionScript)
      << "{ global: " << exports
      << "; dlc_set_thread_count; dlc_status_*; local: *; };\n";
  std::vector<std::string> arguments = objects;
  arguments.insert(arguments.end(),
                   {"-shared", "-Wl,--version-script=" + versionScript,
                    "-Wl,--whole-archive"});
  arguments.insert(arguments.end(), interface->begin(), interface->end());
  arguments.push_back("-Wl,--no-whole-archive");
  arguments.insert(arguments.end(), rest->begin(), rest->end());
  arguments.push_back("-pthread");
  DLC_RETURN_IF_ERROR(runLinker(arguments, outputPath));
  llvm::SmallString<128> folderOfLibrary(outputPath);
  llvm::sys::path::remove_filename(folderOfLibrary);
  for (const std::string &name : headers) {
    Result<std::string> header = readFile(runtimeHeader(name));
    if (!header)
      return header.status();
    llvm::SmallString<128> path(folderOfLibrary);
    llvm::sys::path::append(path, name);
    DLC_RETURN_IF_ERROR(writeFileAtomically(path.str().str(), {*header}));
  }
  return Status::ok();
}

Result<TemporaryFolder> TemporaryFolder::create(const std::string &prefix) {
  llvm::SmallString<128> path;
  if (std::error_code error =
          llvm::sys::fs::createUniqueDirectory(prefix, path))
    return Status::error("cannot create a temporary folder: " +
                         error.message());
  return TemporaryFolder(path.str().str());
}

TemporaryFolder::TemporaryFolder(TemporaryFolder &&other) noexcept
    : path_(std::move(other.path_)) {
  other.path_.clear();
}

TemporaryFolder::~TemporaryFolder() {
  if (!path_.empty())
    llvm::sys::fs::remove_directories(path_);
}

std::string TemporaryFolder::file(const std::string &name) const {
  llvm::SmallString<128> path(path_);
  llvm::sys::path::append(path, name);
  return path.str().str();
}

} // namespace dlc
