//===- TrainingOpImporters.cpp - ONNX's training operators ----------------===//
//
// The ai.onnx.preview.training domain. Adagrad, Adam and Momentum apply one
// update to any number of tensors, as formulas over dlc ops: their inputs
// are the learning rate R, the update count T (0 at the first update), then
// the lists X..., G... and the optimizer's state lists, n tensors each; the
// outputs are the new X... and the new state lists. dlc's own training step
// (passes/Training) generates these updates itself; these importers let an
// ONNX file apply them. Gradient asks dlc's autodiff for gradients.
//
//===----------------------------------------------------------------------===//
#include "NodeImporter.h"

#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Dialect/DlcBuilder.h"

using namespace mlir;

namespace dlc {
namespace {

/// The inputs of one optimizer node: R and T as scalars of the element type
/// of the updated tensors, and the `lists` lists of n tensors.
struct OptimizerInputs {
  Value rate, step;
  SmallVector<SmallVector<Value>> lists;
};

std::optional<OptimizerInputs> readOptimizerInputs(NodeImporter &n,
                                                   int lists) {
  int count = n.node().inputs_size() - 2;
  if (count <= 0 || count % lists != 0) {
    n.error() << "expects R, T and " << lists
              << " lists of tensors of one length, not "
              << n.node().inputs_size() << " inputs";
    return std::nullopt;
  }
  OptimizerInputs inputs;
  Value rate = n.input(0), step = n.input(1);
  int length = count / lists;
  for (int list = 0; list < lists; ++list) {
    inputs.lists.emplace_back();
    for (int i = 0; i < length; ++i)
      inputs.lists.back().push_back(n.input(2 + list * length + i));
  }
  if (n.failed())
    return std::nullopt;
  Type element = tensorType(inputs.lists[0][0]).getElementType();
  if (!isa<FloatType>(element)) {
    n.error() << "updates float tensors, not " << element;
    return std::nullopt;
  }
  DlcBuilder b(n.builder(), n.loc());
  inputs.rate = b.cast(rate, element);
  inputs.step = b.cast(step, element);
  return inputs;
}

/// The gradient with the L2 term's: norm_coefficient * x + g.
Value regularized(DlcBuilder &b, Value x, Value g, float normCoefficient) {
  return b.add(b.mul(b.scalarLike(x, normCoefficient), x), g);
}

/// Binds the outputs list after list.
void setOutputLists(NodeImporter &n, ArrayRef<SmallVector<Value>> lists) {
  SmallVector<Value> outputs;
  for (const SmallVector<Value> &list : lists)
    llvm::append_range(outputs, list);
  (void)n.setOutputs(outputs);
}

/// x - r / (1 + T * decay_factor) * g / (sqrt(h + g * g) + epsilon).
void importAdagrad(NodeImporter &n) {
  float decay = n.floatAttr("decay_factor", 0),
        epsilon = n.floatAttr("epsilon", 1e-6f),
        norm = n.floatAttr("norm_coefficient", 0);
  std::optional<OptimizerInputs> inputs = readOptimizerInputs(n, 3);
  if (!inputs)
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value one = b.scalarLike(inputs->rate, 1);
  Value rate = b.div(inputs->rate,
                     b.add(one, b.mul(inputs->step,
                                      b.scalarLike(inputs->step, decay))));
  SmallVector<Value> xs, hs;
  for (auto [x, g, h] : llvm::zip_equal(inputs->lists[0], inputs->lists[1],
                                        inputs->lists[2])) {
    Value gradient = regularized(b, x, g, norm);
    Value accumulated = b.add(h, b.mul(gradient, gradient));
    Value scale = b.add(b.sqrt(accumulated), b.scalarLike(x, epsilon));
    xs.push_back(b.sub(x, b.div(b.mul(rate, gradient), scale)));
    hs.push_back(accumulated);
  }
  setOutputLists(n, {xs, hs});
}

/// v = alpha * v + beta' * g (beta' = 1 at the first update); x - r * v,
/// or with mode "nesterov" x - r * (g + alpha * v).
void importMomentum(NodeImporter &n) {
  for (const char *required : {"alpha", "beta", "mode", "norm_coefficient"})
    if (!n.hasAttr(required))
      n.error() << "attribute '" << required << "' is required";
  float alpha = n.floatAttr("alpha", 0), beta = n.floatAttr("beta", 0),
        norm = n.floatAttr("norm_coefficient", 0);
  std::string mode = n.stringAttr("mode", "standard");
  std::optional<OptimizerInputs> inputs = readOptimizerInputs(n, 3);
  if (!inputs)
    return;
  if (mode != "standard" && mode != "nesterov") {
    n.rejectAttrValue("mode", "must be standard or nesterov");
    return;
  }
  DlcBuilder b(n.builder(), n.loc());
  Value step = inputs->step;
  Value betaNow = b.where(b.greater(step, b.scalarLike(step, 0)),
                          b.scalarLike(step, beta), b.scalarLike(step, 1));
  SmallVector<Value> xs, vs;
  for (auto [x, g, v] : llvm::zip_equal(inputs->lists[0], inputs->lists[1],
                                        inputs->lists[2])) {
    Value gradient = regularized(b, x, g, norm);
    Value a = b.scalarLike(x, alpha);
    Value velocity = b.add(b.mul(a, v), b.mul(betaNow, gradient));
    Value direction =
        mode == "standard" ? velocity : b.add(gradient, b.mul(a, velocity));
    xs.push_back(b.sub(x, b.mul(inputs->rate, direction)));
    vs.push_back(velocity);
  }
  setOutputLists(n, {xs, vs});
}

/// v = alpha * v + (1 - alpha) * g, h = beta * h + (1 - beta) * g * g,
/// x - r' * v / (sqrt(h) + epsilon) with the bias-corrected rate
/// r' = r * sqrt(1 - beta^T) / (1 - alpha^T) (r itself at T = 0), then
/// scaled by 1 - norm_coefficient_post.
void importAdam(NodeImporter &n) {
  float alpha = n.floatAttr("alpha", 0.9f), beta = n.floatAttr("beta", 0.999f),
        epsilon = n.floatAttr("epsilon", 1e-6f),
        norm = n.floatAttr("norm_coefficient", 0),
        normPost = n.floatAttr("norm_coefficient_post", 0);
  std::optional<OptimizerInputs> inputs = readOptimizerInputs(n, 4);
  if (!inputs)
    return;
  DlcBuilder b(n.builder(), n.loc());
  Value step = inputs->step, rate = inputs->rate;
  Value one = b.scalarLike(step, 1);
  Value corrected = b.div(
      b.mul(rate, b.sqrt(b.sub(one, b.pow(b.scalarLike(step, beta), step)))),
      b.sub(one, b.pow(b.scalarLike(step, alpha), step)));
  rate = b.where(b.greater(step, b.scalarLike(step, 0)), corrected, rate);
  SmallVector<Value> xs, vs, hs;
  for (auto [x, g, v, h] :
       llvm::zip_equal(inputs->lists[0], inputs->lists[1], inputs->lists[2],
                       inputs->lists[3])) {
    Value gradient = regularized(b, x, g, norm);
    Value first = b.add(b.mul(b.scalarLike(x, alpha), v),
                        b.mul(b.scalarLike(x, 1 - alpha), gradient));
    Value second =
        b.add(b.mul(b.scalarLike(x, beta), h),
              b.mul(b.scalarLike(x, 1 - beta), b.mul(gradient, gradient)));
    Value scale = b.add(b.sqrt(second), b.scalarLike(x, epsilon));
    Value updated = b.sub(x, b.mul(rate, b.div(first, scale)));
    xs.push_back(b.mul(b.scalarLike(x, 1 - normPost), updated));
    vs.push_back(first);
    hs.push_back(second);
  }
  setOutputLists(n, {xs, vs, hs});
}

/// Gradient: the gradient of the sum of the elements of `y` (a seed of
/// ones, as ONNX defines it) with respect to each of the tensors `xs`
/// names, by dlc's reverse-mode autodiff over the ops the graph built so
/// far.
void importGradient(NodeImporter &n) {
  SmallVector<std::string> xs = n.stringsAttr("xs");
  std::string yName = n.stringAttr("y", "");
  if (n.failed())
    return;
  if (xs.empty() || yName.empty()) {
    n.error() << "needs the attributes xs and y";
    return;
  }
  Value y = n.valueNamed(yName);
  SmallVector<Value> wrt;
  for (const std::string &name : xs)
    wrt.push_back(n.valueNamed(name));
  if (n.failed())
    return;
  if (!isa<FloatType>(tensorType(y).getElementType())) {
    n.error() << "y must be a float tensor";
    return;
  }
  DialectRegistry registry;
  registerGradientRules(registry);
  n.context()->appendDialectRegistry(registry);
  DlcBuilder b(n.builder(), n.loc());
  Value loss = b.reduceSum(
      y, llvm::to_vector(llvm::seq<int64_t>(0, tensorType(y).getRank())),
      /*keepdims=*/false);
  FailureOr<SmallVector<Value>> gradients =
      buildGradients(n.builder(), loss, wrt);
  if (failed(gradients)) {
    n.error() << "cannot differentiate y with respect to xs";
    return;
  }
  (void)n.setOutputs(*gradients);
}

} // namespace

const std::vector<std::pair<const char *, OpImporter>> &
trainingOpImporters() {
  static const std::vector<std::pair<const char *, OpImporter>> importers = {
      {"ai.onnx.preview.training.Adagrad", importAdagrad},
      {"ai.onnx.preview.training.Momentum", importMomentum},
      {"ai.onnx.preview.training.Adam", importAdam},
      {"ai.onnx.preview.training.Gradient", importGradient},
  };
  return importers;
}

} // namespace dlc
