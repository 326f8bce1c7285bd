//===- PngTest.cpp - Grayscale PNG files ----------------------------------===//
#include "dlc/Runtime/Png.h"

#include <gtest/gtest.h>

#include <cmath>
#include <zlib.h>

using namespace dlc;

namespace {

uint32_t bigEndian(const std::string &bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

} // namespace

TEST(PngTest, EncodesRowsOfGrayBytes) {
  Tensor image = Tensor::fromFloats({2, 3}, {0, 0.5f, 1, -1, 2, NAN});
  Result<std::string> png = encodeGrayscalePng(image);
  ASSERT_TRUE(png.isOk()) << png.status().message();
  ASSERT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n"));
  // IHDR: 13 bytes, width 3, height 2, 8-bit grayscale.
  EXPECT_EQ(bigEndian(*png, 8), 13u);
  EXPECT_EQ(png->substr(12, 4), "IHDR");
  EXPECT_EQ(bigEndian(*png, 16), 3u);
  EXPECT_EQ(bigEndian(*png, 20), 2u);
  EXPECT_EQ((*png)[24], 8);
  EXPECT_EQ((*png)[25], 0);
  // The CRC covers the type and the data.
  uLong crc = crc32(0L, reinterpret_cast<const Bytef *>(png->data() + 12), 17);
  EXPECT_EQ(bigEndian(*png, 29), static_cast<uint32_t>(crc));

  size_t idat = 33;
  ASSERT_EQ(png->substr(idat + 4, 4), "IDAT");
  uint32_t length = bigEndian(*png, idat);
  std::string rows(8, '\xff');
  uLongf size = rows.size();
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef *>(rows.data()), &size,
                       reinterpret_cast<const Bytef *>(png->data() + idat + 8),
                       length),
            Z_OK);
  // Each row: filter 0, then the clipped values times 255.
  EXPECT_EQ(rows, std::string("\x00\x00\x80\xff\x00\x00\xff\x00", 8));
  EXPECT_EQ(png->substr(png->size() - 8, 4), "IEND");
}

TEST(PngTest, TilesImagesRowByRow) {
  std::vector<float> values;
  for (int tile = 0; tile < 4; ++tile)
    for (int pixel = 0; pixel < 2; ++pixel)
      values.push_back(static_cast<float>(10 * tile + pixel));
  // Four 1x2 tiles in 2 rows of 2: [[0 1 10 11], [20 21 30 31]].
  Result<Tensor> image = tileImages(Tensor::fromFloats({4, 1, 2}, values), 2, 2);
  ASSERT_TRUE(image.isOk()) << image.status().message();
  EXPECT_EQ(image->shape(), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(image->valuesPreview(8), "[0, 1, 10, 11, 20, 21, 30, 31]");
}

TEST(PngTest, Errors) {
  EXPECT_NE(encodeGrayscalePng(Tensor(DType::Float32, {2, 2, 2}))
                .status()
                .message()
                .find("expected a non-empty float32 [height, width] image"),
            std::string::npos);
  EXPECT_NE(tileImages(Tensor(DType::Float32, {3, 2, 2}), 2, 2)
                .status()
                .message()
                .find("expected float32 [4, height, width]"),
            std::string::npos);
}
