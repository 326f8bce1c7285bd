//===- Augmentation.h - Random image transformations for training -*- C++ -*-===//
//
// Data augmentation as Keras's preprocessing layers do it (RandomFlip,
// RandomTranslation, RandomRotation, RandomZoom): each training image is
// transformed by its own random draw, so the model never sees exactly the
// same image twice. Draws come from a seeded SplitMix64, so runs repeat.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_AUGMENTATION_H
#define DLC_RUNTIME_AUGMENTATION_H

#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

namespace dlc {

/// The transformations and their ranges; all off by default.
struct ImageAugmentation {
  /// Mirror left-right (or top-bottom) with probability 1/2.
  bool horizontalFlip = false, verticalFlip = false;
  /// Shift by up to this fraction of the height and of the width, each
  /// drawn uniformly in [-f, f].
  double translation = 0;
  /// Rotate by up to this fraction of a full turn, uniformly in [-f, f]
  /// (Keras's RandomRotation factor: 0.1 is up to 36 degrees).
  double rotation = 0;
  /// Scale by a factor drawn uniformly in [1 - f, 1 + f].
  double zoom = 0;
};

/// `images` (float32, (N, H, W, C) or (N, H, W)) with each image moved by
/// its own draw from `random`: flips, then rotation and zoom about the
/// image center, then the shift. Output pixels are read from the source by
/// bilinear interpolation; those whose source lies outside the image are 0
/// (Keras's fill_mode "constant"). Fails for other dtypes, ranks, or ranges
/// outside [0, 1).
Result<Tensor> augmentImages(const Tensor &images,
                             const ImageAugmentation &augmentation,
                             SplitMix64 &random);

} // namespace dlc

#endif // DLC_RUNTIME_AUGMENTATION_H
