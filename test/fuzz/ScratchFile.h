//===- ScratchFile.h - A fuzz input as a file dlc's readers open -*- C++ -*-===//
//
// The fuzz targets feed dlc's readers through the paths users give them (the
// extension picks the format, gzip is detected from the bytes), so each
// input is first written to a file. It lives in /dev/shm where there is one,
// so a run costs no disk writes, and is removed when the fuzzer exits.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_FUZZ_SCRATCHFILE_H
#define DLC_TEST_FUZZ_SCRATCHFILE_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace dlc::fuzz {

class ScratchFile {
public:
  /// A file named dlc-fuzz-<pid><extension> (one per fuzzing process).
  explicit ScratchFile(const std::string &extension) {
    std::string folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    path_ = folder + "/dlc-fuzz-" + std::to_string(getpid()) + extension;
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile &) = delete;
  ScratchFile &operator=(const ScratchFile &) = delete;

  const std::string &path() const { return path_; }

  /// Replaces the file's contents with `size` bytes at `data`; returns its
  /// path.
  const std::string &write(const uint8_t *data, size_t size) {
    std::FILE *file = std::fopen(path_.c_str(), "wb");
    bool written = file && (size == 0 || std::fwrite(data, 1, size, file) ==
                                             size);
    if (!file || std::fclose(file) != 0 || !written) {
      std::perror(path_.c_str());
      std::abort();
    }
    return path_;
  }

private:
  std::string path_;
};

} // namespace dlc::fuzz

#endif // DLC_TEST_FUZZ_SCRATCHFILE_H
