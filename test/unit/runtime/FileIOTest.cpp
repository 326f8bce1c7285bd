//===- FileIOTest.cpp - Unit tests of whole-file reads and atomic writes --===//
//
// Checks that readFile returns files as they are and readFileInflated
// plain and gzip'd files alike, that damaged gzip data is an error naming
// the file, and that writeFileAtomically replaces files without leaving
// temporaries behind.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/Gzip.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace dlc;
using namespace dlc::test;

namespace {

class FileIOTest : public ScratchDirTest {};

/// Bytes that compress well but are not trivial: every byte value, repeated.
std::string sampleBytes(size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<char>((i * 7 + i / 256) & 0xFF);
  return bytes;
}

//===----------------------------------------------------------------------===//
// readFile
//===----------------------------------------------------------------------===//

TEST_F(FileIOTest, ReadsPlainFiles) {
  std::string bytes = sampleBytes(100000);
  Result<std::string> read = readFile(write("plain.bin", bytes));
  ASSERT_TRUE(read.isOk()) << read.status().message();
  EXPECT_EQ(*read, bytes);

  Result<std::string> empty = readFile(write("empty.bin", ""));
  ASSERT_TRUE(empty.isOk()) << empty.status().message();
  EXPECT_EQ(*empty, "");
}

TEST_F(FileIOTest, DecompressesGzipByContentNotName) {
  // Large enough that the output buffer must grow several times.
  std::string bytes = sampleBytes(5000000);
  for (const char *name : {"data.gz", "data.bin"}) {
    Result<std::string> read = readFileInflated(write(name, gzip(bytes)));
    ASSERT_TRUE(read.isOk()) << read.status().message();
    EXPECT_TRUE(*read == bytes) << name;
  }
  // readFile itself leaves the bytes as they are.
  std::string compressed = gzip(bytes);
  Result<std::string> raw = readFile(write("raw.gz", compressed));
  ASSERT_TRUE(raw.isOk()) << raw.status().message();
  EXPECT_TRUE(*raw == compressed);
}

TEST_F(FileIOTest, ConcatenatedGzipMembersAreConcatenated) {
  Result<std::string> read =
      readFileInflated(write("two.gz", gzip("first,") + gzip("second")));
  ASSERT_TRUE(read.isOk()) << read.status().message();
  EXPECT_EQ(*read, "first,second");

  Result<std::string> emptyMember =
      readFileInflated(write("empty.gz", gzip("") + gzip("x")));
  ASSERT_TRUE(emptyMember.isOk()) << emptyMember.status().message();
  EXPECT_EQ(*emptyMember, "x");
}

TEST_F(FileIOTest, TruncatedGzip) {
  std::string compressed = gzip(sampleBytes(10000));
  std::string file =
      write("cut.gz", compressed.substr(0, compressed.size() / 2));
  expectError(readFileInflated(file).status(), file, "gzip data is truncated");
  // Without the 8-byte trailer (CRC and size) the data is complete but
  // unverified, which is still an error.
  file = write("trailer.gz", compressed.substr(0, compressed.size() - 4));
  expectError(readFileInflated(file).status(), file, "gzip data is truncated");
}

TEST_F(FileIOTest, CorruptGzip) {
  std::string compressed = gzip(sampleBytes(10000));
  // Flip bits in the CRC so that only the check can notice.
  compressed[compressed.size() - 6] ^= 0x55;
  std::string file = write("crc.gz", compressed);
  expectError(readFileInflated(file).status(), file,
              "corrupt gzip data: incorrect data check");

  file = write("garbage.gz", std::string("\x1f\x8b") + "not deflate at all");
  expectError(readFileInflated(file).status(), file, "corrupt gzip data");
}

TEST_F(FileIOTest, MissingFileAndDirectory) {
  std::string file = path("absent");
  expectError(readFile(file).status(), file,
              "cannot open file: No such file or directory");
  expectError(readFile(dir_.string()).status(), dir_.string(),
              "not a regular file");
}

//===----------------------------------------------------------------------===//
// writeFileAtomically
//===----------------------------------------------------------------------===//

TEST_F(FileIOTest, WritesPiecesInOrder) {
  std::string file = path("out.txt");
  ASSERT_TRUE(writeFileAtomically(file, {"ab", "", "cde"}).isOk());
  EXPECT_EQ(readBytes(file), "abcde");
  ASSERT_TRUE(writeFileAtomically(file, {}).isOk());
  EXPECT_EQ(readBytes(file), "");
}

TEST_F(FileIOTest, ReplacesWithoutLeftovers) {
  std::string file = path("out.txt");
  ASSERT_TRUE(writeFileAtomically(file, {"old contents"}).isOk());
  ASSERT_TRUE(writeFileAtomically(file, {"new"}).isOk());
  EXPECT_EQ(readBytes(file), "new");
  EXPECT_EQ(listDir(), std::vector<std::string>{"out.txt"});
}

TEST_F(FileIOTest, WriteIntoMissingDirectory) {
  std::string file = path("missing/out.txt");
  expectError(writeFileAtomically(file, {"x"}), file,
              "cannot create file: No such file or directory");
  EXPECT_EQ(listDir(), std::vector<std::string>{});
}

TEST_F(FileIOTest, WriteOverDirectoryFailsAndCleansUp) {
  std::filesystem::create_directory(path("taken"));
  std::string file = path("taken");
  expectError(writeFileAtomically(file, {"x"}), file, "cannot replace file");
  EXPECT_EQ(listDir(), std::vector<std::string>{"taken"});
}

} // namespace
