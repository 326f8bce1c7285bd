//===- Npy.cpp - NumPy .npy reader and writer -----------------------------===//
//
// Implements readNpy and writeNpy: parses the Python-literal header of the
// .npy format and moves the raw data between files and Tensor buffers.
//
// The data is copied byte for byte, which is only right on a little-endian
// host; every platform dlc targets (x86-64, AArch64) is one.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Npy.h"

#include "dlc/Runtime/FileIO.h"

#include <cassert>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string_view>
#include <sys/stat.h>

using namespace dlc;

namespace {

/// The six bytes every .npy file starts with.
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
/// NumPy pads the header so that the data starts at a multiple of 64 bytes,
/// which keeps memory-mapped data aligned; we write files the same way.
constexpr size_t kHeaderAlignment = 64;
/// Format 1.0 stores the header length in 16 bits, 2.0 and 3.0 in 32 bits.
constexpr size_t kMaxHeaderLengthV1 = 0xFFFF;

std::string errnoMessage() { return std::strerror(errno); }

/// The entries of a .npy header dictionary.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// Parses a header such as
///   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
/// Headers are Python literals, but only the forms NumPy writes can occur,
/// so this accepts those rather than general Python syntax.
class HeaderParser {
public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  Status parse(NpyHeader &header);

private:
  Status fail(const std::string &what) const {
    return Status::error("malformed header: " + what + " at offset " +
                         std::to_string(pos_));
  }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool peek(char c) {
    skipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool consume(char c) {
    if (!peek(c))
      return false;
    ++pos_;
    return true;
  }
  Status expect(char c) {
    if (!consume(c))
      return fail(std::string("expected '") + c + "'");
    return Status::ok();
  }
  Status parseString(std::string &value);
  Status parseBool(bool &value);
  Status parseShape(std::vector<int64_t> &shape);
  Status parseDim(int64_t &dim);

  std::string_view text_;
  size_t pos_ = 0;
};

} // namespace

Status HeaderParser::parse(NpyHeader &header) {
  DLC_RETURN_IF_ERROR(expect('{'));
  bool sawDescr = false, sawFortranOrder = false, sawShape = false;
  while (!consume('}')) {
    std::string key;
    DLC_RETURN_IF_ERROR(parseString(key));
    DLC_RETURN_IF_ERROR(expect(':'));
    if (key == "descr") {
      // A list here describes a record type, e.g. [('x', '<f4'), ...].
      if (peek('['))
        return Status::error("structured dtypes are not supported");
      DLC_RETURN_IF_ERROR(parseString(header.descr));
      sawDescr = true;
    } else if (key == "fortran_order") {
      DLC_RETURN_IF_ERROR(parseBool(header.fortranOrder));
      sawFortranOrder = true;
    } else if (key == "shape") {
      DLC_RETURN_IF_ERROR(parseShape(header.shape));
      sawShape = true;
    } else {
      return Status::error("unexpected key '" + key + "' in header");
    }
    // NumPy puts a comma after every entry, but Python allows omitting the
    // last one.
    if (!consume(',')) {
      DLC_RETURN_IF_ERROR(expect('}'));
      break;
    }
  }
  skipSpace();
  if (pos_ != text_.size())
    return fail("unexpected text after the dictionary");
  if (!sawDescr)
    return Status::error("header has no 'descr' entry");
  if (!sawFortranOrder)
    return Status::error("header has no 'fortran_order' entry");
  if (!sawShape)
    return Status::error("header has no 'shape' entry");
  return Status::ok();
}

Status HeaderParser::parseString(std::string &value) {
  skipSpace();
  if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
    return fail("expected a string");
  char quote = text_[pos_];
  size_t end = text_.find(quote, pos_ + 1);
  if (end == std::string_view::npos)
    return fail("unterminated string");
  value = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
  pos_ = end + 1;
  return Status::ok();
}

Status HeaderParser::parseBool(bool &value) {
  skipSpace();
  for (bool candidate : {true, false}) {
    std::string_view word = candidate ? "True" : "False";
    if (text_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      value = candidate;
      return Status::ok();
    }
  }
  return fail("expected True or False");
}

Status HeaderParser::parseShape(std::vector<int64_t> &shape) {
  DLC_RETURN_IF_ERROR(expect('('));
  shape.clear();
  while (!consume(')')) {
    int64_t dim;
    DLC_RETURN_IF_ERROR(parseDim(dim));
    shape.push_back(dim);
    if (!consume(',')) {
      DLC_RETURN_IF_ERROR(expect(')'));
      break;
    }
  }
  return Status::ok();
}

Status HeaderParser::parseDim(int64_t &dim) {
  skipSpace();
  if (consume('-'))
    return Status::error("negative dimension in shape");
  size_t start = pos_;
  dim = 0;
  for (; pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9';
       ++pos_) {
    int digit = text_[pos_] - '0';
    if (dim > (std::numeric_limits<int64_t>::max() - digit) / 10)
      return Status::error("dimension in shape is too large");
    dim = dim * 10 + digit;
  }
  if (pos_ == start)
    return fail("expected a dimension");
  // Python 2 wrote long integers with an 'L' suffix, e.g. (3L, 4L).
  if (pos_ < text_.size() && text_[pos_] == 'L')
    ++pos_;
  return Status::ok();
}

/// Maps a NumPy type string such as "<f4" to the DType it denotes.
static Status parseDescr(const std::string &descr, DType &dtype) {
  static const struct {
    const char *code;
    DType dtype;
  } kCodes[] = {{"f4", DType::Float32}, {"f8", DType::Float64},
                {"f2", DType::Float16}, {"i1", DType::Int8},
                {"u1", DType::UInt8},   {"i2", DType::Int16},
                {"u2", DType::UInt16},  {"i4", DType::Int32},
                {"u4", DType::UInt32},  {"i8", DType::Int64},
                {"u8", DType::UInt64},  {"b1", DType::Bool}};
  std::string unsupported = "unsupported dtype '" + descr + "'";
  const char *supported = " (supported: float32, float64, float16, int8 "
                          "to int64, uint8 to uint64, bool)";
  if (descr.size() != 3 ||
      std::string_view("<>|=").find(descr[0]) == std::string_view::npos)
    return Status::error(unsupported + supported);
  for (const auto &entry : kCodes) {
    if (descr.compare(1, 2, entry.code) != 0)
      continue;
    // The byte order only matters for multi-byte types. '|' ("not
    // applicable") and '=' (native) both mean little-endian on our hosts.
    if (descr[0] == '>' && dtypeSize(entry.dtype) > 1)
      return Status::error(unsupported + " (only little-endian is supported)");
    dtype = entry.dtype;
    return Status::ok();
  }
  return Status::error(unsupported + supported);
}

/// The error for a read that returned fewer bytes than asked for.
static Status shortRead(std::FILE *file, const std::string &where) {
  if (std::ferror(file))
    return Status::error("cannot read file: " + errnoMessage());
  return Status::error("file is truncated: it ends inside the " + where);
}

/// Reads a .npy file from an open stream; errors do not name the file yet.
static Result<Tensor> readNpyFrom(std::FILE *file) {
  // The file size bounds every length read from the header, so a corrupt
  // header cannot make us allocate more memory than the file could fill.
  struct stat info;
  if (fstat(fileno(file), &info) != 0)
    return Status::error("cannot read file: " + errnoMessage());
  if (!S_ISREG(info.st_mode))
    return Status::error("not a regular file");
  uint64_t fileSize = static_cast<uint64_t>(info.st_size);

  unsigned char preamble[kMagicSize + 2];
  size_t got = std::fread(preamble, 1, sizeof(preamble), file);
  if (got < sizeof(preamble) && std::ferror(file))
    return Status::error("cannot read file: " + errnoMessage());
  if (got < kMagicSize || std::memcmp(preamble, kMagic, kMagicSize) != 0)
    return Status::error("not a .npy file (bad magic)");
  if (got < sizeof(preamble))
    return Status::error("file is truncated: it ends inside the preamble");
  unsigned major = preamble[kMagicSize], minor = preamble[kMagicSize + 1];
  if (major < 1 || major > 3 || minor != 0)
    return Status::error("unsupported .npy format version " +
                         std::to_string(major) + "." + std::to_string(minor) +
                         " (supported: 1.0, 2.0, 3.0)");

  size_t lengthSize = major == 1 ? 2 : 4;
  unsigned char lengthBytes[4];
  if (std::fread(lengthBytes, 1, lengthSize, file) != lengthSize)
    return shortRead(file, "header length");
  uint64_t headerLength = 0;
  for (size_t i = 0; i < lengthSize; ++i)
    headerLength |= static_cast<uint64_t>(lengthBytes[i]) << (8 * i);
  uint64_t headerStart = sizeof(preamble) + lengthSize;
  if (headerLength > fileSize - headerStart)
    return Status::error("file is truncated: header length is " +
                         std::to_string(headerLength) + " bytes but only " +
                         std::to_string(fileSize - headerStart) +
                         " bytes follow");
  std::string headerText(headerLength, '\0');
  if (std::fread(headerText.data(), 1, headerLength, file) != headerLength)
    return shortRead(file, "header");

  NpyHeader header;
  DLC_RETURN_IF_ERROR(HeaderParser(headerText).parse(header));
  if (header.fortranOrder)
    return Status::error("fortran_order arrays are not supported (save "
                         "np.ascontiguousarray(array) instead)");
  DType dtype;
  DLC_RETURN_IF_ERROR(parseDescr(header.descr, dtype));

  std::optional<int64_t> count = checkedElementCount(header.shape);
  uint64_t dataBytes;
  if (!count || __builtin_mul_overflow(static_cast<uint64_t>(*count),
                                       dtypeSize(dtype), &dataBytes))
    return Status::error("shape has too many elements");
  int64_t elements = *count;
  // Bytes after the data are ignored, as NumPy does: a stream may hold
  // several arrays back to back.
  uint64_t available = fileSize - headerStart - headerLength;
  if (dataBytes > available)
    return Status::error("file is truncated: header says " +
                         std::to_string(elements) + " elements (" +
                         std::to_string(dataBytes) + " bytes) but only " +
                         std::to_string(available) + " bytes follow");

  Tensor tensor(dtype, std::move(header.shape));
  if (std::fread(tensor.data(), 1, dataBytes, file) != dataBytes)
    return shortRead(file, "data");
  return tensor;
}

Result<Tensor> dlc::readNpy(const std::string &path) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return Status::error(path + ": cannot open file: " + errnoMessage());
  Result<Tensor> tensor = readNpyFrom(file);
  std::fclose(file);
  if (!tensor)
    return tensor.status().withContext(path);
  return tensor;
}

/// The NumPy type string of `dtype`, with NumPy's own byte-order character;
/// null for bfloat16, which NumPy lacks.
static const char *descrOf(DType dtype) {
  switch (dtype) {
  case DType::Float32:
    return "<f4";
  case DType::Float64:
    return "<f8";
  case DType::Int8:
    return "|i1";
  case DType::UInt8:
    return "|u1";
  case DType::Int32:
    return "<i4";
  case DType::Int64:
    return "<i8";
  case DType::Bool:
    return "|b1";
  case DType::Float16:
    return "<f2";
  case DType::BFloat16:
    return nullptr;
  case DType::Int16:
    return "<i2";
  case DType::UInt16:
    return "<u2";
  case DType::UInt32:
    return "<u4";
  case DType::UInt64:
    return "<u8";
  }
  assert(false && "unknown DType");
  return "";
}

/// The preamble and padded header of a .npy file holding `tensor`.
static std::string buildPreamble(const Tensor &tensor) {
  // The shape is written as Python's repr of a tuple: (), (5,) or (2, 3).
  std::string shape = "(";
  for (size_t i = 0; i < tensor.shape().size(); ++i) {
    if (i != 0)
      shape += ", ";
    shape += std::to_string(tensor.shape()[i]);
  }
  if (tensor.rank() == 1)
    shape += ",";
  shape += ")";
  std::string dict = std::string("{'descr': '") + descrOf(tensor.dtype()) +
                     "', 'fortran_order': False, 'shape': " + shape + ", }";

  // The header is the dict, space padding and a final newline.
  auto paddedLength = [&](size_t lengthSize) {
    size_t headerStart = kMagicSize + 2 + lengthSize;
    size_t unpadded = headerStart + dict.size() + 1;
    size_t padded =
        (unpadded + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment;
    return padded - headerStart;
  };
  unsigned char major = 1;
  size_t lengthSize = 2;
  size_t headerLength = paddedLength(lengthSize);
  if (headerLength > kMaxHeaderLengthV1) {
    major = 2;
    lengthSize = 4;
    headerLength = paddedLength(lengthSize);
  }

  std::string bytes(kMagic, kMagicSize);
  bytes += static_cast<char>(major);
  bytes += '\0';
  for (size_t i = 0; i < lengthSize; ++i)
    bytes += static_cast<char>((headerLength >> (8 * i)) & 0xFF);
  bytes += dict;
  bytes.append(headerLength - dict.size() - 1, ' ');
  bytes += '\n';
  return bytes;
}

Status dlc::writeNpy(const std::string &path, const Tensor &tensor) {
  if (!descrOf(tensor.dtype()))
    return Status::error(path + ": NumPy has no " +
                         dtypeName(tensor.dtype()) + " dtype");
  std::string preamble = buildPreamble(tensor);
  std::string_view data(static_cast<const char *>(tensor.data()),
                        tensor.sizeInBytes());
  return writeFileAtomically(path, {preamble, data});
}

std::string dlc::npyFileNameFor(const std::string &valueName) {
  std::string name = valueName;
  for (char &c : name)
    if (c == '/' || c == '\\')
      c = '_';
  return name + ".npy";
}
