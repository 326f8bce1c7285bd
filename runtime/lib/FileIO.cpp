//===- FileIO.cpp - Whole-file reads and atomic writes --------------------===//
//
// Implements readFile, which inflates gzip data with zlib, and
// writeFileAtomically, the temp-file-and-rename writer behind every file the
// runtime produces.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/FileIO.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

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

/// Every gzip member starts with these two bytes (RFC 1952).
static bool isGzip(const std::string &bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

/// Inflates gzip data. Several members back to back (as `cat a.gz b.gz`
/// makes) decompress to the concatenation of their contents, as gunzip does.
static Result<std::string> gunzip(const std::string &compressed) {
  z_stream stream{};
  // 16 + MAX_WBITS selects the gzip wrapper instead of raw zlib data.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
    return Status::error("cannot initialize zlib");
  std::unique_ptr<z_stream, int (*)(z_stream *)> cleanup(&stream, inflateEnd);

  // zlib counts bytes in 32-bit uInts, so larger buffers go in slices.
  constexpr size_t kMaxSlice = UINT_MAX;
  const char *input = compressed.data();
  size_t inputLeft = compressed.size();
  // Compressed images and text usually grow 3-10x; doubling amortizes the
  // rest.
  std::string output;
  size_t outputSize = 0;
  for (;;) {
    if (stream.avail_in == 0 && inputLeft > 0) {
      size_t slice = std::min(inputLeft, kMaxSlice);
      stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input));
      stream.avail_in = static_cast<uInt>(slice);
      input += slice;
      inputLeft -= slice;
    }
    if (outputSize == output.size())
      output.resize(std::max(output.size() * 2, compressed.size() * 4 + 4096));
    size_t space = std::min(output.size() - outputSize, kMaxSlice);
    stream.next_out = reinterpret_cast<Bytef *>(&output[outputSize]);
    stream.avail_out = static_cast<uInt>(space);
    int result = inflate(&stream, Z_NO_FLUSH);
    outputSize += space - stream.avail_out;
    bool inputDone = stream.avail_in == 0 && inputLeft == 0;
    if (result == Z_STREAM_END) {
      if (inputDone)
        break;
      inflateReset(&stream);
      continue;
    }
    // Z_BUF_ERROR means no progress was possible: out of output space is
    // fixed by the next iteration, out of input means the stream was cut.
    if (result == Z_BUF_ERROR && inputDone)
      return Status::error("gzip data is truncated");
    if (result != Z_OK && result != Z_BUF_ERROR)
      return Status::error(std::string("corrupt gzip data: ") +
                           (stream.msg ? stream.msg : zError(result)));
  }
  output.resize(outputSize);
  return output;
}

Result<std::string> dlc::readFile(const std::string &path) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Status::error(path + ": cannot open file: " + errnoMessage());
  Result<std::string> bytes = readAll(file);
  std::fclose(file);
  if (bytes && isGzip(*bytes))
    bytes = gunzip(*bytes);
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
