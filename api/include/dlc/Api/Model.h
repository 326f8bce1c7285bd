//===- Model.h - Keras's Model: compile, fit, evaluate, predict --*- C++ -*-===//
//
// What a driver program uses to train, with Keras's shape:
//
//   using namespace dlc::nn;
//   auto model = dlc::Model::fromNetwork(Sequential({
//       Input({784}), Dense(512, "relu"), Dense(10, "softmax")}));
//   model->compile(dlc::optimizers::rmsprop(1e-3),
//                  "sparse_categorical_crossentropy", {"accuracy"});
//   dlc::FitOptions options;
//   options.epochs = 5;
//   options.batchSize = 128;
//   auto history = model->fit(train, options);
//   auto metrics = model->evaluate(test);
//
// compile() builds the training section of the model; the compiler then
// generates the training step from it (see TrainingSession).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_MODEL_H
#define DLC_API_MODEL_H

#include "dlc/Api/TrainingSession.h"
#include "dlc/Runtime/Fit.h"
#include "dlc/Frontend/FunctionalModel.h"

namespace dlc {

/// Optimizers with Keras's names and defaults.
namespace optimizers {
proto::Optimizer sgd(float learningRate = 0.01f, float momentum = 0.0f,
                     bool nesterov = false);
proto::Optimizer rmsprop(float learningRate = 0.001f, float rho = 0.9f);
proto::Optimizer adam(float learningRate = 0.001f, float beta1 = 0.9f,
                      float beta2 = 0.999f);
} // namespace optimizers

/// The loss of one output of a model trained on several (Keras's
/// loss={output: ...}, loss_weights={output: ...} and
/// metrics={output: [...]}).
struct OutputLoss {
  /// The graph output: the name of the layer that produces it.
  std::string output;
  std::string loss;
  /// Its weight in the total loss.
  float weight = 1.0f;
  std::vector<std::string> metrics = {};
  bool fromLogits = false;
};

class Model {
public:
  /// A network built with dlc::nn, its weights drawn from `seed`.
  static Result<std::unique_ptr<Model>>
  fromNetwork(const nn::FunctionalModel &network, uint64_t seed = 0);
  /// A model file (.pbtxt, .pb, .onnx); a training section in it counts as
  /// compiled.
  static Result<std::unique_ptr<Model>> load(const std::string &path);

  /// Freezes (`trainable` false) or unfreezes the layer or the single
  /// weight called `name`, as Keras's `layer.trainable = False`: the
  /// training step computes no gradient for a frozen weight and keeps no
  /// optimizer slots for it. Like Keras, takes effect at the next
  /// compile(). An error when no weight has that name, or when unfreezing
  /// a weight that a frozen layer keeps frozen.
  Status setTrainable(const std::string &name, bool trainable);

  /// Sets the optimizer, loss and metrics (Keras's names), keeping the
  /// regularizers the network declared and the weights trained so far.
  /// Creates the training session.
  Status compile(const proto::Optimizer &optimizer, const std::string &loss,
                 const std::vector<std::string> &metrics = {},
                 bool fromLogits = false);
  /// For a model with several outputs: a loss for each output trained
  /// (outputs without one are only predicted). fit and evaluate then take
  /// a Dataset with a labels tensor per loss, in this order, and report
  /// "loss" (the weighted sum), "<output>_loss" and "<output>_<metric>".
  Status compile(const proto::Optimizer &optimizer,
                 const std::vector<OutputLoss> &losses);

  Result<History> fit(const Dataset &train, const FitOptions &options);
  Result<MetricValues> evaluate(const Dataset &data, int64_t batchSize = 32);
  Result<Tensor> predict(const Tensor &features, int64_t batchSize = 32);
  /// For a model with several inputs: one tensor per input.
  Result<Tensor> predict(const std::vector<Tensor> &inputs,
                         int64_t batchSize = 32);

  /// Keras's load_weights(by_name=True): every weight of this model whose
  /// name ("<layer>/<weight>") a weight of the model file `path` has takes
  /// that weight's value, as a pretrained base for a new head. Returns how
  /// many were loaded; fails when none matches, or when a namesake has
  /// another dtype or shape. A compiled model is compiled again (its
  /// optimizer slots start anew).
  Result<int64_t> loadWeights(const std::string &path);

  /// Keras's get_weights/set_weights, by name, in memory: every weight of
  /// a compiled model, trained or frozen (the steps read the frozen ones
  /// as arguments, so setting them takes effect at the next step), and
  /// setting every one of them whose name `weights` has. setWeights fails
  /// when none matches or a namesake has another dtype or shape; it
  /// returns how many were set. Models that share layers by name (a GAN's
  /// generator, discriminator and combined model, whose discriminator is
  /// frozen) keep them in step this way.
  Result<std::vector<NamedTensor>> weights() const;
  Result<int64_t> setWeights(const std::vector<NamedTensor> &weights);

  /// Writes the model with its trained weights (.pbtxt, .pb or .onnx),
  /// atomically.
  Status save(const std::string &path) const;

  const proto::Model &proto() const { return model_; }
  /// The session behind fit/evaluate/predict (learning rate, checkpoints);
  /// null before compile().
  TrainingSession *session() { return session_.get(); }

private:
  Model(proto::Model model, std::string name)
      : model_(std::move(model)), name_(std::move(name)) {}
  Status requireCompiled() const;
  /// Copies the session's trained weights into model_, if compiled.
  Status keepTrainedWeights();
  /// A training session for model_ and its training section.
  Status createSession();

  proto::Model model_;
  /// Where the model came from, for error messages.
  std::string name_;
  std::unique_ptr<TrainingSession> session_;
};

} // namespace dlc

#endif // DLC_API_MODEL_H
