//===- WeightsFile.cpp - A compiled model's weights beside it -------------===//
#include "dlc/Runtime/WeightsFile.h"

#include "dlc/Runtime/FileIO.h"

#include <cerrno>
#include <cstdio>
#include <dlfcn.h>
#include <cstring>
#include <memory>

namespace dlc {
namespace {

constexpr char kMagic[8] = {'D', 'L', 'C', 'W', 'G', 'T', '1', '\0'};

/// The header: magic, digest, data size (little-endian, as x86-64 stores).
struct Header {
  char magic[8];
  uint64_t digest;
  int64_t dataSize;
};

} // namespace

Status writeWeightsFile(
    const std::string &path, uint64_t digest,
    const std::vector<std::pair<int64_t, std::string_view>> &data) {
  int64_t dataSize = 0;
  for (const auto &[offset, bytes] : data)
    dataSize = std::max<int64_t>(dataSize, offset + bytes.size());
  std::string contents(kWeightsDataOffset + dataSize, '\0');
  Header header;
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.digest = digest;
  header.dataSize = dataSize;
  std::memcpy(contents.data(), &header, sizeof(header));
  for (const auto &[offset, bytes] : data)
    std::memcpy(contents.data() + kWeightsDataOffset + offset, bytes.data(),
                bytes.size());
  return writeFileAtomically(path, {contents});
}

Status loadWeightsFile(const LinkedWeight *table, uint64_t digest,
                       const std::string &path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(
      std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file)
    return Status::error(path + ": cannot open the weights file (" +
                         std::strerror(errno) +
                         "); give its path with --weights FILE");
  Header header;
  if (std::fread(&header, sizeof(header), 1, file.get()) != 1 ||
      std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0)
    return Status::error(path + ": not a dlc weights file");
  if (header.digest != digest)
    return Status::error(path + ": these weights belong to another "
                                "compilation of the model (digest " +
                         std::to_string(header.digest) + ", expected " +
                         std::to_string(digest) + ")");
  for (const LinkedWeight *row = table; row->data; ++row) {
    if (row->offset + row->size > header.dataSize ||
        std::fseek(file.get(), kWeightsDataOffset + row->offset, SEEK_SET) !=
            0 ||
        std::fread(row->data, 1, row->size, file.get()) !=
            static_cast<size_t>(row->size))
      return Status::error(path + ": the weights file is truncated");
  }
  return Status::ok();
}

Status loadBinaryWeights(const LinkedWeight *table, const char *fileName,
                         uint64_t digest, const std::string &path,
                         const void *anchor) {
  if (!*fileName)
    return Status::ok();
  if (!path.empty())
    return loadWeightsFile(table, digest, path);
  Dl_info binary;
  if (!dladdr(anchor, &binary) || !binary.dli_fname)
    return Status::error(std::string("cannot find the folder of this "
                                     "binary to read ") +
                         fileName + " from; give its path with --weights");
  std::string folder = binary.dli_fname;
  size_t slash = folder.find_last_of('/');
  folder = slash == std::string::npos ? "." : folder.substr(0, slash);
  return loadWeightsFile(table, digest, folder + "/" + fileName);
}

} // namespace dlc
