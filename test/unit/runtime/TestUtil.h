//===- TestUtil.h - Scratch directories and checks for runtime tests ------===//
//
// The runtime's file readers and writers are tested on files made in a
// directory of each test's own; these helpers make and check such files.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_UNIT_RUNTIME_TESTUTIL_H
#define DLC_TEST_UNIT_RUNTIME_TESTUTIL_H

#include "dlc/Runtime/Status.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace dlc::test {

inline std::string readBytes(const std::string &path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), {});
}

inline void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream stream(path, std::ios::binary);
  stream << bytes;
}

/// `bytes` compressed as one gzip member, as gzip(1) writes it.
inline std::string gzip(const std::string &bytes) {
  z_stream stream{};
  // 16 + MAX_WBITS selects the gzip wrapper.
  int initialized = deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED,
                                 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  EXPECT_EQ(initialized, Z_OK);
  std::string compressed(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef *>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  return compressed;
}

/// `value`'s low `size` bytes, most significant first.
inline std::string bigEndian(uint64_t value, size_t size) {
  std::string bytes;
  for (size_t i = size; i > 0; --i)
    bytes += static_cast<char>((value >> (8 * (i - 1))) & 0xFF);
  return bytes;
}

/// An IDX header: the magic for element type `code`, then the dimensions.
inline std::string idxHeader(unsigned char code,
                             const std::vector<uint32_t> &dims) {
  std::string bytes = {'\0', '\0', static_cast<char>(code),
                       static_cast<char>(dims.size())};
  for (uint32_t dim : dims)
    bytes += bigEndian(dim, 4);
  return bytes;
}

/// Expects `status` to be an error whose message names `path` and contains
/// `expected`.
inline void expectError(const Status &status, const std::string &path,
                        const std::string &expected) {
  ASSERT_FALSE(status.isOk()) << "expected an error containing: " << expected;
  EXPECT_NE(status.message().find(path), std::string::npos)
      << "message does not name the file: " << status.message();
  EXPECT_NE(status.message().find(expected), std::string::npos)
      << "message: " << status.message() << "\nexpected: " << expected;
}

/// A fixture that gives each test a scratch directory of its own.
class ScratchDirTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("dlc-" + std::string(info->test_suite_name()) + "-" + info->name() +
            "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string &name) const { return dir_ / name; }

  /// Writes `bytes` to the scratch file `name` and returns its path.
  std::string write(const std::string &name, const std::string &bytes) const {
    writeBytes(path(name), bytes);
    return path(name);
  }

  /// The names of the files in the scratch directory, sorted.
  std::vector<std::string> listDir() const {
    std::vector<std::string> names;
    for (const auto &entry : std::filesystem::directory_iterator(dir_))
      names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::filesystem::path dir_;
};

} // namespace dlc::test

#endif // DLC_TEST_UNIT_RUNTIME_TESTUTIL_H
