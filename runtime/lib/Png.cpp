//===- Png.cpp - Writing grayscale images as PNG --------------------------===//
//
// A PNG file is the signature, then chunks of (length, type, data,
// CRC-32 of type and data): IHDR (size, 8-bit grayscale), IDAT (the
// zlib stream of the rows, each after a filter byte of 0) and IEND.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Png.h"

#include "dlc/Runtime/FileIO.h"

#include <algorithm>
#include <cmath>
#include <zlib.h>

namespace dlc {

namespace {

void appendBigEndian(std::string &out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((value >> shift) & 0xFF);
}

void appendChunk(std::string &out, const char *type, const std::string &data) {
  appendBigEndian(out, static_cast<uint32_t>(data.size()));
  std::string typed = std::string(type, 4) + data;
  out += typed;
  uLong crc = crc32(0L, reinterpret_cast<const Bytef *>(typed.data()),
                    static_cast<uInt>(typed.size()));
  appendBigEndian(out, static_cast<uint32_t>(crc));
}

} // namespace

Result<std::string> encodeGrayscalePng(const Tensor &image) {
  if (image.dtype() != DType::Float32 || image.rank() != 2 ||
      image.numElements() == 0)
    return Status::error("png: expected a non-empty float32 [height, width] "
                         "image, got " +
                         std::string(dtypeName(image.dtype())) + " " +
                         image.shapeString());
  int64_t height = image.shape()[0], width = image.shape()[1];
  std::string rows;
  rows.reserve(height * (width + 1));
  for (int64_t y = 0; y < height; ++y) {
    rows += '\0'; // filter: none
    for (int64_t x = 0; x < width; ++x) {
      float value = image.typed<float>()[y * width + x];
      float clipped = std::isnan(value) ? 0.0f
                                        : std::clamp(value, 0.0f, 1.0f);
      rows += static_cast<char>(std::lround(clipped * 255.0f));
    }
  }
  uLongf size = compressBound(rows.size());
  std::string compressed(size, '\0');
  if (compress2(reinterpret_cast<Bytef *>(compressed.data()), &size,
                reinterpret_cast<const Bytef *>(rows.data()), rows.size(),
                Z_BEST_COMPRESSION) != Z_OK)
    return Status::error("png: zlib could not compress the image");
  compressed.resize(size);

  std::string header;
  appendBigEndian(header, static_cast<uint32_t>(width));
  appendBigEndian(header, static_cast<uint32_t>(height));
  // Bit depth 8, color type 0 (grayscale), deflate, no filter, no interlace.
  header += std::string("\x08\x00\x00\x00\x00", 5);
  std::string png = "\x89PNG\r\n\x1a\n";
  appendChunk(png, "IHDR", header);
  appendChunk(png, "IDAT", compressed);
  appendChunk(png, "IEND", "");
  return png;
}

Status writeGrayscalePng(const std::string &path, const Tensor &image) {
  Result<std::string> png = encodeGrayscalePng(image);
  if (!png)
    return png.status().withContext(path);
  return writeFileAtomically(path, {*png});
}

Result<Tensor> tileImages(const Tensor &tiles, int64_t rows,
                          int64_t columns) {
  if (tiles.dtype() != DType::Float32 || tiles.rank() != 3 ||
      tiles.shape()[0] != rows * columns)
    return Status::error("tile images: expected float32 [" +
                         std::to_string(rows * columns) +
                         ", height, width], got " + tiles.shapeString());
  int64_t height = tiles.shape()[1], width = tiles.shape()[2];
  Tensor image(DType::Float32, {rows * height, columns * width});
  for (int64_t tile = 0; tile < rows * columns; ++tile)
    for (int64_t y = 0; y < height; ++y)
      std::copy_n(tiles.typed<float>() + (tile * height + y) * width, width,
                  image.typed<float>() +
                      ((tile / columns) * height + y) * columns * width +
                      (tile % columns) * width);
  return image;
}

} // namespace dlc
