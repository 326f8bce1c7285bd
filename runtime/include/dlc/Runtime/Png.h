//===- Png.h - Writing grayscale images as PNG -------------------*- C++ -*-===//
//
// Generated images (a VAE's decoded latent grid, a GAN's samples) saved as
// PNG files any viewer opens: 8-bit grayscale, zlib-compressed through the
// zlib the runtime links already.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_PNG_H
#define DLC_RUNTIME_PNG_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <string>

namespace dlc {

/// The PNG file of a float32 [height, width] image whose values in [0, 1]
/// map to 0..255 (values outside are clipped, NaN is black).
Result<std::string> encodeGrayscalePng(const Tensor &image);

/// Writes encodeGrayscalePng(image) to `path`, atomically.
Status writeGrayscalePng(const std::string &path, const Tensor &image);

/// One image of `rows` x `columns` tiles from float32 `tiles` [count,
/// height, width] (count = rows * columns), in row-major order.
Result<Tensor> tileImages(const Tensor &tiles, int64_t rows, int64_t columns);

} // namespace dlc

#endif // DLC_RUNTIME_PNG_H
