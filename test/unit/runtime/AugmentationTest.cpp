//===- AugmentationTest.cpp - Random image transformations ----------------===//
#include "dlc/Runtime/Augmentation.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;

namespace {

/// `count` images of 9 x 11 x 2 whose pixel (y, x, c) is y * 100 + x * 2 + c.
Tensor gradientImages(int64_t count) {
  Tensor images(DType::Float32, {count, 9, 11, 2});
  for (int64_t n = 0; n < count; ++n)
    for (int64_t y = 0; y < 9; ++y)
      for (int64_t x = 0; x < 11; ++x)
        for (int64_t c = 0; c < 2; ++c)
          images.typed<float>()[((n * 9 + y) * 11 + x) * 2 + c] =
              static_cast<float>(y * 100 + x * 2 + c);
  return images;
}

float pixel(const Tensor &images, int64_t n, int64_t y, int64_t x,
            int64_t c) {
  return images.typed<float>()[((n * 9 + y) * 11 + x) * 2 + c];
}

TEST(Augmentation, NothingDrawnIsTheIdentity) {
  Tensor images = gradientImages(2);
  SplitMix64 random(1);
  Result<Tensor> out = augmentImages(images, ImageAugmentation(), random);
  ASSERT_TRUE(static_cast<bool>(out));
  for (int64_t i = 0; i < images.numElements(); ++i)
    EXPECT_EQ(out->typed<float>()[i], images.typed<float>()[i]);
}

TEST(Augmentation, FlipsMirrorSomeImagesExactly) {
  Tensor images = gradientImages(32);
  ImageAugmentation flip;
  flip.horizontalFlip = true;
  SplitMix64 random(7);
  Tensor out = augmentImages(images, flip, random).value();
  int flipped = 0;
  for (int64_t n = 0; n < 32; ++n) {
    bool mirrored = pixel(out, n, 4, 0, 1) == pixel(images, n, 4, 10, 1);
    flipped += mirrored;
    for (int64_t y = 0; y < 9; ++y)
      for (int64_t x = 0; x < 11; ++x)
        EXPECT_EQ(pixel(out, n, y, x, 0),
                  pixel(images, n, y, mirrored ? 10 - x : x, 0));
  }
  EXPECT_GT(flipped, 4);
  EXPECT_LT(flipped, 28);
}

/// A bright square in the middle of a dark image stays centered under
/// rotation and zoom about the center: its center of mass moves by less
/// than half a pixel.
TEST(Augmentation, RotationAndZoomTurnAboutTheCenter) {
  Tensor images(DType::Float32, {16, 15, 15});
  for (int64_t n = 0; n < 16; ++n)
    for (int64_t y = 5; y < 10; ++y)
      for (int64_t x = 5; x < 10; ++x)
        images.typed<float>()[(n * 15 + y) * 15 + x] = 1;
  ImageAugmentation turn;
  turn.rotation = 0.5;
  turn.zoom = 0.3;
  SplitMix64 random(3);
  Tensor out = augmentImages(images, turn, random).value();
  int differing = 0;
  for (int64_t n = 0; n < 16; ++n) {
    double mass = 0, y = 0, x = 0;
    for (int64_t i = 0; i < 225; ++i) {
      double value = out.typed<float>()[n * 225 + i];
      mass += value;
      y += value * (i / 15);
      x += value * (i % 15);
      differing += value != images.typed<float>()[n * 225 + i];
    }
    ASSERT_GT(mass, 0);
    EXPECT_NEAR(y / mass, 7, 0.5) << "image " << n;
    EXPECT_NEAR(x / mass, 7, 0.5) << "image " << n;
  }
  EXPECT_GT(differing, 0);
}

TEST(Augmentation, SeedsRepeatAndDiffer) {
  Tensor images = gradientImages(4);
  ImageAugmentation all;
  all.horizontalFlip = true;
  all.translation = 0.2;
  all.rotation = 0.1;
  all.zoom = 0.2;
  SplitMix64 first(5), second(5), other(6);
  Tensor a = augmentImages(images, all, first).value();
  Tensor b = augmentImages(images, all, second).value();
  Tensor c = augmentImages(images, all, other).value();
  bool same = true, different = false;
  for (int64_t i = 0; i < a.numElements(); ++i) {
    same &= a.typed<float>()[i] == b.typed<float>()[i];
    different |= a.typed<float>()[i] != c.typed<float>()[i];
  }
  EXPECT_TRUE(same);
  EXPECT_TRUE(different);
}

TEST(Augmentation, RejectsWhatItCannotTransform) {
  SplitMix64 random(1);
  EXPECT_FALSE(static_cast<bool>(augmentImages(
      Tensor(DType::Float32, {4, 784}), ImageAugmentation(), random)));
  ImageAugmentation wide;
  wide.zoom = 1.5;
  EXPECT_EQ(augmentImages(gradientImages(1), wide, random).status().message(),
            "augmentImages: translation, rotation and zoom must be in [0, 1), "
            "got 1.500000");
}

} // namespace
