//===- EinsumImporter.cpp - ONNX Einsum as transposes, products and sums --===//
//
// The equation names each operand dimension with a label ("bij,bjk->bik";
// "..." stands for broadcast dimensions). After a label repeated within one
// operand is reduced to its diagonal and a label no one else needs is summed
// away, two float operands contract with one batched dlc.matmul (batch,
// free and contracted labels each folded into one dimension); otherwise the
// operands are laid out on the common labels, multiplied with broadcasting,
// and the labels missing from the output are summed.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Dialect/DlcBuilder.h"
#include "llvm/ADT/STLExtras.h"

#include <map>

using namespace mlir;

namespace dlc {
namespace {

/// Letters are labels by their character code; the broadcast dimensions of
/// "..." get labels from kEllipsisLabel on, aligned on the right as numpy
/// broadcasts them.
constexpr int kEllipsisLabel = 256;

using Labels = SmallVector<int>;

bool isLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// One operand on its way: its value and the label of each dimension.
struct Term {
  Value value;
  Labels labels;
};

/// The labels of one side of the equation for a tensor of `rank` whose
/// "..." covers the last `ellipsisRank` of `totalEllipsis` broadcast
/// dimensions; null on a malformed term.
std::optional<Labels> parseTerm(StringRef term, int64_t ellipsisRank,
                                int64_t totalEllipsis) {
  Labels labels;
  bool seenEllipsis = false;
  for (size_t i = 0; i < term.size(); ++i) {
    if (term.substr(i).starts_with("...")) {
      if (seenEllipsis)
        return std::nullopt;
      seenEllipsis = true;
      for (int64_t d = totalEllipsis - ellipsisRank; d < totalEllipsis; ++d)
        labels.push_back(kEllipsisLabel + d);
      i += 2;
    } else if (isLetter(term[i])) {
      labels.push_back(term[i]);
    } else {
      return std::nullopt;
    }
  }
  return labels;
}

int64_t letterCount(StringRef term) {
  return llvm::count_if(term, [](char c) { return isLetter(c); });
}

/// The implicit output of an equation without "->": the broadcast
/// dimensions, then the letters used once, in alphabetical order.
Labels implicitOutput(ArrayRef<Term> terms, int64_t totalEllipsis) {
  Labels output;
  for (int64_t d = 0; d < totalEllipsis; ++d)
    output.push_back(kEllipsisLabel + d);
  std::map<int, int> uses;
  for (const Term &term : terms)
    for (int label : term.labels)
      if (label < kEllipsisLabel)
        ++uses[label];
  for (auto [label, count] : uses)
    if (count == 1)
      output.push_back(label);
  return output;
}

/// `term` with the dimensions of a repeated label reduced to their
/// diagonal: x[.., i, .., i, ..] kept where the two positions agree, then
/// summed over the second.
void takeDiagonals(DlcBuilder &b, Term &term) {
  for (size_t first = 0; first < term.labels.size(); ++first)
    for (size_t second = first + 1; second < term.labels.size();) {
      if (term.labels[second] != term.labels[first]) {
        ++second;
        continue;
      }
      RankedTensorType type = tensorType(term.value);
      int64_t rank = type.getRank(), size = type.getDimSize(first);
      Type i64 = b.builder().getI64Type();
      Value onDiagonal = b.equal(b.positions(i64, rank, first, size),
                                 b.positions(i64, rank, second, size));
      term.value = b.reduceSum(
          b.where(onDiagonal, term.value, b.scalarLike(term.value, 0)),
          {static_cast<int64_t>(second)}, /*keepdims=*/false);
      term.labels.erase(term.labels.begin() + second);
    }
}

/// Sums away the labels of `term` that neither the output nor another
/// operand has.
void sumUnshared(DlcBuilder &b, Term &term, ArrayRef<Term> terms,
                 size_t self, const Labels &output) {
  SmallVector<int64_t> axes;
  Labels kept;
  for (auto [axis, label] : llvm::enumerate(term.labels)) {
    bool needed = llvm::is_contained(output, label);
    for (size_t other = 0; other < terms.size() && !needed; ++other)
      needed = other != self && llvm::is_contained(terms[other].labels, label);
    if (needed)
      kept.push_back(label);
    else
      axes.push_back(axis);
  }
  if (axes.empty())
    return;
  term.value = b.reduceSum(term.value, axes, /*keepdims=*/false);
  term.labels = kept;
}

/// `term` transposed so that its labels follow `order` (which holds them
/// all).
Value transposeTo(DlcBuilder &b, const Term &term, const Labels &order) {
  SmallVector<int64_t> perm;
  for (int label : order)
    if (const auto *found = llvm::find(term.labels, label);
        found != term.labels.end())
      perm.push_back(found - term.labels.begin());
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return term.value;
  return b.transpose(term.value, perm);
}

/// The size of each of `labels` in `term`.
SmallVector<int64_t> sizesOf(const Term &term, const Labels &labels) {
  SmallVector<int64_t> sizes;
  for (int label : labels)
    sizes.push_back(tensorType(term.value)
                        .getDimSize(llvm::find(term.labels, label) -
                                    term.labels.begin()));
  return sizes;
}

/// Two float operands whose shared labels have one size in both: one
/// batched matmul [batch, M, K] x [batch, K, N]. Null when they do not fit.
Value contractByMatmul(NodeImporter &n, DlcBuilder &b, const Term &lhs,
                       const Term &rhs, const Labels &output) {
  if (!isa<FloatType>(tensorType(lhs.value).getElementType()))
    return {};
  Labels batch, contracted, lhsFree, rhsFree;
  for (int label : lhs.labels) {
    bool shared = llvm::is_contained(rhs.labels, label);
    bool kept = llvm::is_contained(output, label);
    (shared ? (kept ? batch : contracted) : lhsFree).push_back(label);
  }
  for (int label : rhs.labels)
    if (!llvm::is_contained(lhs.labels, label))
      rhsFree.push_back(label);
  if (sizesOf(lhs, batch) != sizesOf(rhs, batch) ||
      sizesOf(lhs, contracted) != sizesOf(rhs, contracted))
    return {};
  auto concat = [](std::initializer_list<const Labels *> parts) {
    Labels all;
    for (const Labels *part : parts)
      llvm::append_range(all, *part);
    return all;
  };
  SmallVector<int64_t> batchSizes = sizesOf(lhs, batch);
  int64_t batchCount = ShapedType::getNumElements(batchSizes);
  Value left = b.reshape(
      transposeTo(b, lhs, concat({&batch, &lhsFree, &contracted})),
      {batchCount, ShapedType::getNumElements(sizesOf(lhs, lhsFree)),
       ShapedType::getNumElements(sizesOf(lhs, contracted))});
  Value right = b.reshape(
      transposeTo(b, rhs, concat({&batch, &contracted, &rhsFree})),
      {batchCount, ShapedType::getNumElements(sizesOf(lhs, contracted)),
       ShapedType::getNumElements(sizesOf(rhs, rhsFree))});
  Value result = n.create<MatMulOp>(left, right);
  if (!result)
    return {};
  SmallVector<int64_t> shape = batchSizes;
  llvm::append_range(shape, sizesOf(lhs, lhsFree));
  llvm::append_range(shape, sizesOf(rhs, rhsFree));
  Term term{b.reshape(result, shape), concat({&batch, &lhsFree, &rhsFree})};
  return transposeTo(b, term, output);
}

/// Any number of operands: each laid out on the output labels then the
/// contracted ones (size 1 where it lacks a label), multiplied, and summed
/// over the contracted labels.
Value contractByBroadcast(DlcBuilder &b, ArrayRef<Term> terms,
                          const Labels &output) {
  Labels order = output;
  for (const Term &term : terms)
    for (int label : term.labels)
      if (!llvm::is_contained(order, label))
        order.push_back(label);
  Value result;
  for (const Term &term : terms) {
    SmallVector<int64_t> shape;
    for (int label : order) {
      const auto *found = llvm::find(term.labels, label);
      shape.push_back(found == term.labels.end()
                          ? 1
                          : tensorType(term.value).getDimSize(
                                found - term.labels.begin()));
    }
    Value laidOut = b.reshape(transposeTo(b, term, order), shape);
    result = result ? b.mul(result, laidOut) : laidOut;
  }
  SmallVector<int64_t> contracted = llvm::to_vector(
      llvm::seq<int64_t>(output.size(), order.size()));
  if (contracted.empty())
    return result;
  return b.reduceSum(result, contracted, /*keepdims=*/false);
}

void importEinsum(NodeImporter &n) {
  std::string equation = n.stringAttr("equation", "");
  SmallVector<Value> inputs;
  for (int i = 0; i < n.node().inputs_size(); ++i)
    inputs.push_back(n.input(i));
  if (n.failed())
    return;
  equation.erase(llvm::remove_if(equation, [](char c) { return c == ' '; }),
                 equation.end());
  auto [lhs, rhs] = StringRef(equation).split("->");
  bool explicitOutput = StringRef(equation).contains("->");
  SmallVector<StringRef> operandTerms;
  lhs.split(operandTerms, ',');
  if (operandTerms.size() != inputs.size()) {
    n.rejectAttrValue("equation", "names " +
                                      std::to_string(operandTerms.size()) +
                                      " operands for " +
                                      std::to_string(inputs.size()) +
                                      " inputs");
    return;
  }
  int64_t totalEllipsis = 0;
  SmallVector<int64_t> ellipsisRanks;
  for (auto [term, input] : llvm::zip(operandTerms, inputs)) {
    int64_t rank = tensorType(input).getRank();
    int64_t ellipsis =
        term.contains("...") ? rank - letterCount(term) : 0;
    if (!tensorType(input).hasStaticShape() || ellipsis < 0 ||
        (!term.contains("...") && letterCount(term) != rank)) {
      n.rejectAttrValue("equation", "term '" + term.str() +
                                        "' does not match an input of rank " +
                                        std::to_string(rank) +
                                        " (static shapes needed)");
      return;
    }
    ellipsisRanks.push_back(ellipsis);
    totalEllipsis = std::max(totalEllipsis, ellipsis);
  }
  SmallVector<Term> terms;
  for (auto [term, input, ellipsis] :
       llvm::zip(operandTerms, inputs, ellipsisRanks)) {
    std::optional<Labels> labels = parseTerm(term, ellipsis, totalEllipsis);
    if (!labels) {
      n.rejectAttrValue("equation", "term '" + term.str() + "' is malformed");
      return;
    }
    terms.push_back({input, *labels});
  }
  // A letter names one size wherever it appears, within a term too (a
  // diagonal of a non-square matrix has none; found by dlc-fuzz-model-pbtxt).
  // Broadcast dimensions (the ellipsis) may differ where one of them is 1.
  std::map<int, int64_t> letterSizes;
  for (const Term &term : terms)
    for (auto [axis, label] : llvm::enumerate(term.labels)) {
      if (label >= kEllipsisLabel)
        continue;
      int64_t size = tensorType(term.value).getDimSize(axis);
      auto [known, inserted] = letterSizes.try_emplace(label, size);
      if (!inserted && known->second != size) {
        n.rejectAttrValue("equation",
                          std::string("label '") + static_cast<char>(label) +
                              "' is " + std::to_string(known->second) +
                              " long in one place and " +
                              std::to_string(size) + " in another");
        return;
      }
    }
  Labels output;
  if (explicitOutput) {
    std::optional<Labels> parsed =
        parseTerm(rhs, rhs.contains("...") ? totalEllipsis : 0, totalEllipsis);
    if (!parsed) {
      n.rejectAttrValue("equation", "output '" + rhs.str() + "' is malformed");
      return;
    }
    output = *parsed;
  } else {
    output = implicitOutput(terms, totalEllipsis);
  }
  DlcBuilder b(n.builder(), n.loc());
  for (Term &term : terms)
    takeDiagonals(b, term);
  for (size_t i = 0; i < terms.size(); ++i)
    sumUnshared(b, terms[i], terms, i, output);
  for (int label : output)
    if (llvm::none_of(terms, [&](const Term &term) {
          return llvm::is_contained(term.labels, label);
        })) {
      n.rejectAttrValue("equation", "the output names a label no input has");
      return;
    }
  Value result;
  if (terms.size() == 2)
    result = contractByMatmul(n, b, terms[0], terms[1], output);
  if (!result && !n.failed())
    result = contractByBroadcast(b, terms, output);
  if (result)
    (void)n.setOutputs(result);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &einsumOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"Einsum", importEinsum},
  };
  return importers;
}

} // namespace dlc
