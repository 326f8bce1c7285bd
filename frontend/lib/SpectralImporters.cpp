//===- SpectralImporters.cpp - ONNX DFT as products with constant bases ---===//
//
// DFT (opset 17) of n points along an axis is two products with the
// constant n x m matrices C[j][k] = cos(2 pi j k / n) and
// S[j][k] = sin(2 pi j k / n) (m = n, or n / 2 + 1 one-sided):
//   forward  Re X = re C + im S,   Im X = im C - re S
//   inverse  Re X = (re C - im S) / n,   Im X = (im C + re S) / n
// The signal's last dimension holds its real part (size 1) or its real and
// imaginary parts (size 2); the result always has both. STFT is the DFT of
// the signal's windowed frames, gathered along a new axis.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"

#include <cmath>

using namespace mlir;

namespace dlc {
namespace {

/// The n x m matrix of cos (or sin) of 2 pi j k / n.
Value basis(DlcBuilder &b, Type type, int64_t n, int64_t m, bool sine) {
  SmallVector<double> values;
  for (int64_t j = 0; j < n; ++j)
    for (int64_t k = 0; k < m; ++k) {
      // j * k mod n keeps the angle small, so large n loses no accuracy;
      // quarter turns are exact (std::sin(M_PI) is not 0).
      int64_t turn = (j * k) % n;
      if ((4 * turn) % n == 0) {
        static constexpr double kCos[] = {1, 0, -1, 0}, kSin[] = {0, 1, 0, -1};
        values.push_back(sine ? kSin[4 * turn / n] : kCos[4 * turn / n]);
        continue;
      }
      double angle = 2 * M_PI * static_cast<double>(turn) / n;
      values.push_back(sine ? std::sin(angle) : std::cos(angle));
    }
  return b.constant(RankedTensorType::get({n, m}, type), values);
}

/// `part` [..., length along the last axis] padded with zeros or cut to
/// `length` along its last axis.
Value resize(DlcBuilder &b, Value part, int64_t length) {
  RankedTensorType type = tensorType(part);
  int64_t last = type.getRank() - 1, current = type.getDimSize(last);
  if (current >= length)
    return current == length ? part : b.slice(part, last, 0, length);
  SmallVector<int64_t> padShape(type.getShape());
  padShape[last] = length - current;
  Value zeros = b.splat(RankedTensorType::get(padShape, type.getElementType()),
                        0);
  return b.concat({part, zeros}, last);
}

/// The DFT of `x` (static, float, last dimension 1 or 2) along `axis` (not
/// the last), over `length` points (the axis padded with zeros or cut);
/// null, with the error at the node, when the operands do not allow it.
Value transform(NodeImporter &n, DlcBuilder &b, Value x, int64_t axis,
                int64_t length, bool inverse, bool onesided) {
  RankedTensorType type = tensorType(x);
  int64_t rank = type.getRank();
  bool complexInput = type.getShape().back() == 2;
  if (onesided && (inverse || complexInput)) {
    n.error() << "onesided needs a forward transform of a real signal";
    return {};
  }
  // Each part with the transformed axis last: [..., n].
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != axis)
      perm.push_back(d);
  perm.push_back(axis);
  auto part = [&](int64_t index) {
    Value slice = b.reshape(b.slice(x, rank - 1, index, index + 1),
                            type.getShape().drop_back());
    return resize(b, b.transpose(slice, perm), length);
  };
  Value re = part(0);
  int64_t outLength = onesided ? length / 2 + 1 : length;
  Type element = type.getElementType();
  Value cosine = basis(b, element, length, outLength, false);
  Value sine = basis(b, element, length, outLength, true);
  Value reCos = n.create<MatMulOp>(re, cosine);
  Value reSin = n.create<MatMulOp>(re, sine);
  if (!reCos || !reSin)
    return {};
  Value imCos = b.splat(tensorType(reCos), 0), imSin = imCos;
  if (complexInput) {
    Value im = part(1);
    imCos = n.create<MatMulOp>(im, cosine);
    imSin = n.create<MatMulOp>(im, sine);
  }
  Value realOut, imagOut;
  if (inverse) {
    Value scale = b.scalarLike(re, 1.0 / length);
    realOut = b.mul(b.sub(reCos, imSin), scale);
    imagOut = b.mul(b.add(imCos, reSin), scale);
  } else {
    realOut = b.add(reCos, imSin);
    imagOut = b.sub(imCos, reSin);
  }
  // Back to the input's layout, with the parts along a new last axis.
  SmallVector<int64_t> back(rank - 1);
  for (int64_t d = 0; d < rank - 1; ++d)
    back[perm[d]] = d;
  auto restore = [&](Value value) {
    return b.unsqueeze(b.transpose(value, back), {rank - 1});
  };
  return b.concat({restore(realOut), restore(imagOut)}, rank - 1);
}

/// Whether `x` is a static float signal whose last dimension (the real, or
/// the real and imaginary parts) has size 1 or 2; the error otherwise.
bool checkSignal(NodeImporter &n, Value x, int64_t minRank) {
  RankedTensorType type = tensorType(x);
  if (type.hasStaticShape() && type.getRank() >= minRank &&
      (type.getShape().back() == 1 || type.getShape().back() == 2) &&
      isa<FloatType>(type.getElementType()))
    return true;
  n.error() << "needs a static float signal of rank >= " << minRank
            << " whose last dimension (real, or real and imaginary parts) "
               "has size 1 or 2";
  return false;
}

/// A positive constant scalar input, if present.
std::optional<int64_t> positiveScalar(NodeImporter &n, int index,
                                      StringRef name) {
  std::optional<SmallVector<int64_t>> given = n.constantInts(index);
  if (!given)
    return std::nullopt;
  if (given->size() != 1 || given->front() < 1) {
    n.error() << name << " must be one positive number";
    return std::nullopt;
  }
  return given->front();
}

void importDFT(NodeImporter &n) {
  Value x = n.input(0);
  int64_t axis = n.intAttr("axis", 1);
  bool inverse = n.intAttr("inverse", 0), onesided = n.intAttr("onesided", 0);
  if (n.failed() || !checkSignal(n, x, 2))
    return;
  int64_t rank = tensorType(x).getRank();
  if (!n.normalizeAxis(axis, rank) || axis == rank - 1) {
    if (!n.failed())
      n.error() << "the axis must not be the last (complex) dimension";
    return;
  }
  int64_t length = tensorType(x).getDimSize(axis);
  if (n.hasInput(1)) {
    std::optional<int64_t> given = positiveScalar(n, 1, "dft_length");
    if (!given)
      return;
    length = *given;
  }
  DlcBuilder b(n.builder(), n.loc());
  if (Value y = transform(n, b, x, axis, length, inverse, onesided))
    (void)n.setOutputs(y);
}

/// STFT: the DFT of each frame of `frame_length` samples (the window's
/// length if not given), `frame_step` apart, times the window: a signal
/// [batch, length, 1 or 2] becomes [batch, frames, bins, 2].
void importSTFT(NodeImporter &n) {
  Value signal = n.input(0), window = n.optionalInput(2);
  bool onesided = n.intAttr("onesided", 1);
  std::optional<int64_t> step = positiveScalar(n, 1, "frame_step");
  if (!step || n.failed() || !checkSignal(n, signal, 3))
    return;
  std::optional<int64_t> frameLength;
  if (n.hasInput(3))
    frameLength = positiveScalar(n, 3, "frame_length");
  else if (window && tensorType(window).getRank() == 1)
    frameLength = tensorType(window).getDimSize(0);
  int64_t samples = tensorType(signal).getDimSize(1);
  if (n.failed() || !frameLength || *frameLength > samples ||
      (window && tensorType(window).getShape() !=
                     ArrayRef<int64_t>{*frameLength})) {
    if (!n.failed())
      n.error() << "needs a frame length (frame_length, or the window's) "
                   "of at most the signal's length, matching the window";
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  int64_t frames = (samples - *frameLength) / *step + 1;
  SmallVector<double> starts;
  for (int64_t f = 0; f < frames; ++f)
    for (int64_t t = 0; t < *frameLength; ++t)
      starts.push_back(f * *step + t);
  Value positions = b.constant(
      RankedTensorType::get({frames, *frameLength}, b.builder().getI64Type()),
      starts);
  // [batch, frames, frame_length, 1 or 2]
  Value framed = b.gather(signal, positions, 1);
  if (window)
    framed = b.mul(framed, b.reshape(b.cast(window, tensorType(signal)
                                                         .getElementType()),
                                     {1, 1, *frameLength, 1}));
  if (Value y = transform(n, b, framed, 2, *frameLength, /*inverse=*/false,
                          onesided))
    (void)n.setOutputs(y);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &spectralOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"DFT", importDFT},
      {"STFT", importSTFT},
  };
  return importers;
}

} // namespace dlc
