//===- Augmentation.cpp - Random image transformations for training -------===//
#include "dlc/Runtime/Augmentation.h"

#include <cmath>

namespace dlc {
namespace {

/// A uniform double in [low, high].
double uniform(SplitMix64 &random, double low, double high) {
  double unit = static_cast<double>(random.next() >> 11) * 0x1p-53;
  return low + (high - low) * unit;
}

/// The inverse of one image's transformation: where output pixel (y, x)
/// reads the source, as source = center + inverse * (out - center - shift).
struct InverseMap {
  double yy, yx, xy, xx; // the inverse of rotation and zoom
  double shiftY, shiftX;
  bool flipY, flipX;
};

InverseMap drawMap(const ImageAugmentation &augmentation, int64_t height,
                   int64_t width, SplitMix64 &random) {
  InverseMap map;
  map.flipX = augmentation.horizontalFlip && (random.next() >> 63);
  map.flipY = augmentation.verticalFlip && (random.next() >> 63);
  double angle = 2 * M_PI *
                 uniform(random, -augmentation.rotation, augmentation.rotation);
  double scale =
      uniform(random, 1 - augmentation.zoom, 1 + augmentation.zoom);
  map.shiftY = height * uniform(random, -augmentation.translation,
                                augmentation.translation);
  map.shiftX = width * uniform(random, -augmentation.translation,
                               augmentation.translation);
  // Forward: out = R(angle) * scale * (in - c) + c + shift.
  double c = std::cos(angle) / scale, s = std::sin(angle) / scale;
  map.yy = c;
  map.yx = s;
  map.xy = -s;
  map.xx = c;
  return map;
}

/// One image (H, W, C) through `map` into `out`.
void transformImage(const float *in, float *out, int64_t height,
                    int64_t width, int64_t channels, const InverseMap &map) {
  double centerY = (height - 1) / 2.0, centerX = (width - 1) / 2.0;
  auto at = [&](int64_t y, int64_t x, int64_t c) -> double {
    if (y < 0 || y >= height || x < 0 || x >= width)
      return 0.0;
    if (map.flipY)
      y = height - 1 - y;
    if (map.flipX)
      x = width - 1 - x;
    return in[(y * width + x) * channels + c];
  };
  for (int64_t y = 0; y < height; ++y)
    for (int64_t x = 0; x < width; ++x) {
      double dy = y - centerY - map.shiftY, dx = x - centerX - map.shiftX;
      double sy = centerY + map.yy * dy + map.yx * dx;
      double sx = centerX + map.xy * dy + map.xx * dx;
      double fy = std::floor(sy), fx = std::floor(sx);
      double wy = sy - fy, wx = sx - fx;
      auto y0 = static_cast<int64_t>(fy), x0 = static_cast<int64_t>(fx);
      for (int64_t c = 0; c < channels; ++c)
        out[(y * width + x) * channels + c] = static_cast<float>(
            (1 - wy) * ((1 - wx) * at(y0, x0, c) + wx * at(y0, x0 + 1, c)) +
            wy * ((1 - wx) * at(y0 + 1, x0, c) + wx * at(y0 + 1, x0 + 1, c)));
    }
}

} // namespace

Result<Tensor> augmentImages(const Tensor &images,
                             const ImageAugmentation &augmentation,
                             SplitMix64 &random) {
  const std::vector<int64_t> &shape = images.shape();
  if (images.dtype() != DType::Float32 ||
      (shape.size() != 3 && shape.size() != 4))
    return Status::error("augmentImages: needs float32 images of shape "
                         "(N, H, W, C) or (N, H, W)");
  for (double range :
       {augmentation.translation, augmentation.rotation, augmentation.zoom})
    if (!(range >= 0 && range < 1))
      return Status::error("augmentImages: translation, rotation and zoom "
                           "must be in [0, 1), got " +
                           std::to_string(range));
  int64_t count = shape[0], height = shape[1], width = shape[2];
  int64_t channels = shape.size() == 4 ? shape[3] : 1;
  Tensor result(DType::Float32, shape);
  int64_t imageSize = height * width * channels;
  for (int64_t n = 0; n < count; ++n)
    transformImage(images.typed<float>() + n * imageSize,
                   result.typed<float>() + n * imageSize, height, width,
                   channels, drawMap(augmentation, height, width, random));
  return result;
}

} // namespace dlc
