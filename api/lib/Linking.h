//===- Linking.h - Link compiled objects with the runtime ---------*- C++ -*-===//
//
// `dlc compile` writes programs and shared libraries by running the
// system's C++ compiler driver over the compiled objects and the runtime's
// static archives: those in $DLC_RUNTIME_DIR, else those installed with dlc
// (PREFIX/lib beside PREFIX/bin/dlc), else the build's.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_LIB_LINKING_H
#define DLC_API_LIB_LINKING_H

#include "dlc/Runtime/Status.h"

#include <string>
#include <vector>

namespace dlc {

/// The path of the runtime archive libNAME.a, or an error if it is missing.
Result<std::string> runtimeArchive(const std::string &name);

/// The C header of compiled libraries (runtime/include/dlc_model.h).
std::string runtimeHeader();

/// Runs the C++ compiler driver (LLVM 22's clang++, else the system's) with
/// `arguments` to write `outputPath`; an error carries its output.
Status runLinker(const std::vector<std::string> &arguments,
                 const std::string &outputPath);

/// A folder of temporary files, removed with its contents on destruction.
class TemporaryFolder {
public:
  static Result<TemporaryFolder> create(const std::string &prefix);
  TemporaryFolder(TemporaryFolder &&other) noexcept;
  ~TemporaryFolder();
  /// The path of `name` inside the folder.
  std::string file(const std::string &name) const;

private:
  explicit TemporaryFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

} // namespace dlc

#endif // DLC_API_LIB_LINKING_H
