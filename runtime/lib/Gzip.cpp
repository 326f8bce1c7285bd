//===- Gzip.cpp - Files read whole, gzip data inflated --------------------===//
#include "dlc/Runtime/Gzip.h"

#include "dlc/Runtime/FileIO.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <zlib.h>

using namespace dlc;

namespace {

/// Every gzip member starts with these two bytes (RFC 1952).
bool isGzip(const std::string &bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

/// Inflates gzip data. Several members back to back (as `cat a.gz b.gz`
/// makes) decompress to the concatenation of their contents, as gunzip does.
Result<std::string> gunzip(const std::string &compressed) {
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

} // namespace

Result<std::string> dlc::readFileInflated(const std::string &path) {
  Result<std::string> bytes = readFile(path);
  if (!bytes || !isGzip(*bytes))
    return bytes;
  Result<std::string> inflated = gunzip(*bytes);
  if (!inflated)
    return inflated.status().withContext(path);
  return inflated;
}
