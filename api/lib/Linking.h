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

/// Links `objects` with the runtime archives libNAME.a of `archives` (in
/// order), then the `libraries` they need (paths), into the program
/// `outputPath`.
Status linkProgram(const std::vector<std::string> &objects,
                   const std::vector<std::string> &archives,
                   const std::string &outputPath,
                   const std::vector<std::string> &libraries = {});

/// Links `objects` with the runtime archives into the shared library
/// `outputPath`: all of `interfaceArchives` (whose C functions the library
/// exports), what it needs of `archives`. Only the functions matching the
/// glob `exports` (and those of dlc_common.h) are exported; the runtime
/// stays inside. Copies the runtime's C `headers` beside the library.
Status linkSharedLibrary(const std::vector<std::string> &objects,
                         const std::vector<std::string> &interfaceArchives,
                         const std::vector<std::string> &archives,
                         const std::string &exports,
                         const std::vector<std::string> &headers,
                         const std::string &outputPath);

/// A static library linked into programs so that they need no shared copy
/// of it (zlib for the data sets of trainers).
extern const char *const kStaticZlib;

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
