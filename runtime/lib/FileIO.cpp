//===- FileIO.cpp - Whole-file reads and atomic writes --------------------===//
//
// Implements readFile and writeFileAtomically, the temp-file-and-rename
// writer behind every file the runtime produces.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/FileIO.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlc;

static std::string errnoMessage() { return std::strerror(errno); }

/// Reads the raw bytes of an open file; errors do not name the file yet.
static Result<std::string> readAll(std::FILE *file) {
  struct stat info;
  if (fstat(fileno(file), &info) != 0)
    return Status::error("cannot read file: " + errnoMessage());
  if (!S_ISREG(info.st_mode))
    return Status::error("not a regular file");
  std::string bytes(static_cast<size_t>(info.st_size), '\0');
  if (std::fread(bytes.data(), 1, bytes.size(), file) != bytes.size())
    return Status::error(std::ferror(file)
                             ? "cannot read file: " + errnoMessage()
                             : "file shrank while it was being read");
  return bytes;
}

Result<std::string> dlc::readFile(const std::string &path) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Status::error(path + ": cannot open file: " + errnoMessage());
  Result<std::string> bytes = readAll(file);
  std::fclose(file);
  if (!bytes)
    return bytes.status().withContext(path);
  return bytes;
}

Status dlc::writeFileAtomically(const std::string &path,
                                const std::vector<std::string_view> &pieces) {
  // Unique per call, so that two threads saving the same path do not share
  // a temporary file.
  static std::atomic<unsigned> counter{0};
  std::string tempPath = path + ".tmp." + std::to_string(getpid()) + "." +
                         std::to_string(counter++);
  std::FILE *file = std::fopen(tempPath.c_str(), "wb");
  if (!file)
    return Status::error(path + ": cannot create file: " + errnoMessage());

  bool written = true;
  for (std::string_view piece : pieces)
    written = written &&
              std::fwrite(piece.data(), 1, piece.size(), file) == piece.size();
  // Synced before the rename: otherwise a crash of the machine can leave
  // the name on a file whose data never reached the disk.
  written = written && std::fflush(file) == 0 && ::fsync(fileno(file)) == 0;
  std::string writeError = written ? "" : errnoMessage();
  // fclose flushes the stdio buffer, so it can be the call that hits a full
  // disk.
  if (std::fclose(file) != 0 && written) {
    written = false;
    writeError = errnoMessage();
  }
  if (!written) {
    std::remove(tempPath.c_str());
    return Status::error(path + ": cannot write file: " + writeError);
  }
  if (std::rename(tempPath.c_str(), path.c_str()) != 0) {
    Status status =
        Status::error(path + ": cannot replace file: " + errnoMessage());
    std::remove(tempPath.c_str());
    return status;
  }
  return Status::ok();
}
