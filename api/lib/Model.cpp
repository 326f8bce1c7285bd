//===- Model.cpp - Keras's Model: compile, fit, evaluate, predict ---------===//
#include "dlc/Api/Model.h"

#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"

#include <algorithm>
#include <map>

namespace dlc {

namespace optimizers {

proto::Optimizer sgd(float learningRate, float momentum, bool nesterov) {
  proto::Optimizer optimizer;
  optimizer.set_name("sgd");
  optimizer.set_learning_rate(learningRate);
  optimizer.set_momentum(momentum);
  optimizer.set_nesterov(nesterov);
  return optimizer;
}

proto::Optimizer rmsprop(float learningRate, float rho) {
  proto::Optimizer optimizer;
  optimizer.set_name("rmsprop");
  optimizer.set_learning_rate(learningRate);
  optimizer.set_rho(rho);
  return optimizer;
}

proto::Optimizer adam(float learningRate, float beta1, float beta2) {
  proto::Optimizer optimizer;
  optimizer.set_name("adam");
  optimizer.set_learning_rate(learningRate);
  optimizer.set_beta_1(beta1);
  optimizer.set_beta_2(beta2);
  return optimizer;
}

} // namespace optimizers

Result<std::unique_ptr<Model>>
Model::fromNetwork(const nn::FunctionalModel &network, uint64_t seed) {
  Result<proto::Model> model = network.toProto(seed);
  if (!model)
    return model.status();
  return std::unique_ptr<Model>(new Model(std::move(*model), network.name()));
}

Result<std::unique_ptr<Model>> Model::load(const std::string &path) {
  Result<proto::Model> loaded = loadModelFile(path);
  if (!loaded)
    return loaded.status();
  std::unique_ptr<Model> model(new Model(std::move(*loaded), path));
  if (model->model_.has_training() &&
      !model->model_.training().loss().name().empty()) {
    Result<TrainingSpec> spec = trainingSpecFromProto(model->model_, path);
    if (!spec)
      return spec.status();
    Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(
        model->model_, path, *spec,
        learningRateFromProto(model->model_.training()));
    if (!session)
      return session.status();
    model->session_ = std::move(*session);
  }
  return model;
}

Status Model::setTrainable(const std::string &name, bool trainable) {
  std::vector<std::string> named;
  for (const std::string &weight : weightInitializers(model_))
    if (freezes(name, weight))
      named.push_back(weight);
  if (named.empty())
    return Status::error(name_ + ": setTrainable: '" + name +
                         "' names no weight or layer of the model");
  google::protobuf::RepeatedPtrField<std::string> &frozen =
      *model_.mutable_training()->mutable_frozen();
  // Entries within `name` (the layer itself, or weights of it) go either
  // way; freezing adds the name itself.
  frozen.erase(std::remove_if(frozen.begin(), frozen.end(),
                              [&](const std::string &entry) {
                                return freezes(name, entry);
                              }),
               frozen.end());
  if (!trainable) {
    *frozen.Add() = name;
    return Status::ok();
  }
  for (const std::string &weight : named)
    if (isFrozen(model_, weight))
      return Status::error(name_ + ": setTrainable: '" + weight +
                           "' stays frozen with its layer; unfreeze the "
                           "layer");
  return Status::ok();
}

Status Model::compile(const proto::Optimizer &optimizer,
                      const std::string &loss,
                      const std::vector<std::string> &metrics,
                      bool fromLogits) {
  return compile(optimizer, {OutputLoss{"", loss, 1.0f, metrics, fromLogits}});
}

Status Model::compile(const proto::Optimizer &optimizer,
                      const std::vector<OutputLoss> &losses) {
  if (losses.empty())
    return Status::error(name_ + ": compile() needs a loss");
  // Recompiling keeps what was trained (Keras's fine-tuning: train, freeze
  // a part, compile again, train on).
  DLC_RETURN_IF_ERROR(keepTrainedWeights());
  proto::Training &training = *model_.mutable_training();
  *training.mutable_optimizer() = optimizer;
  training.clear_metrics();
  training.clear_output_losses();
  for (const OutputLoss &loss : losses) {
    bool first = &loss == &losses.front();
    proto::Loss &entry =
        first ? *training.mutable_loss() : *training.add_output_losses();
    entry.Clear();
    entry.set_name(loss.loss);
    entry.set_from_logits(loss.fromLogits);
    entry.set_output(loss.output);
    if (loss.weight != 1.0f)
      entry.set_weight(loss.weight);
    for (const std::string &metric : loss.metrics)
      first ? training.add_metrics(metric) : entry.add_metrics(metric);
  }
  return createSession();
}

Status Model::keepTrainedWeights() {
  if (!session_)
    return Status::ok();
  Result<proto::Model> trained = session_->trainedModel();
  if (!trained)
    return trained.status();
  *model_.mutable_graph() = trained->graph();
  return Status::ok();
}

Status Model::createSession() {
  Result<TrainingSpec> spec = trainingSpecFromProto(model_, name_);
  if (!spec)
    return spec.status();
  Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(
      model_, name_, *spec, learningRateFromProto(model_.training()));
  if (!session)
    return session.status();
  session_ = std::move(*session);
  return Status::ok();
}

Result<int64_t> Model::loadWeights(const std::string &path) {
  Result<proto::Model> file = loadModelFile(path);
  if (!file)
    return file.status();
  std::map<std::string, const proto::Tensor *> stored;
  for (const proto::Tensor &tensor : file->graph().initializers())
    stored[tensor.name()] = &tensor;
  DLC_RETURN_IF_ERROR(keepTrainedWeights());
  int64_t loaded = 0;
  for (proto::Tensor &weight : *model_.mutable_graph()->mutable_initializers()) {
    auto found = stored.find(weight.name());
    if (found == stored.end())
      continue;
    const proto::Tensor &value = *found->second;
    if (value.dtype() != weight.dtype() ||
        !std::equal(value.shape().begin(), value.shape().end(),
                    weight.shape().begin(), weight.shape().end()))
      return Status::error(path + ": weight '" + weight.name() +
                           "' has another dtype or shape than in " + name_);
    weight = value;
    ++loaded;
  }
  if (loaded == 0)
    return Status::error(path + ": no weight of " + name_ +
                         " has a namesake there (weights load by name: "
                         "'<layer>/<weight>')");
  if (session_)
    DLC_RETURN_IF_ERROR(createSession());
  return loaded;
}

Result<std::vector<NamedTensor>> Model::weights() const {
  DLC_RETURN_IF_ERROR(requireCompiled());
  return session_->allWeights();
}

Result<int64_t> Model::setWeights(const std::vector<NamedTensor> &weights) {
  DLC_RETURN_IF_ERROR(requireCompiled());
  std::map<std::string, const Tensor *> byName;
  for (const NamedTensor &weight : weights)
    byName[weight.name] = &weight.tensor;
  int64_t set = 0;
  // The trained weights, then the frozen ones.
  auto setEach = [&](const std::vector<NamedTensor> &current,
                     auto setter) -> Status {
    for (size_t index = 0; index < current.size(); ++index) {
      auto found = byName.find(current[index].name);
      if (found == byName.end())
        continue;
      DLC_RETURN_IF_ERROR((session_.get()->*setter)(index, *found->second)
                              .withContext(name_ + ": setWeights"));
      ++set;
    }
    return Status::ok();
  };
  DLC_RETURN_IF_ERROR(
      setEach(session_->parameters(), &TrainingSession::setParameter));
  DLC_RETURN_IF_ERROR(
      setEach(session_->frozenWeights(), &TrainingSession::setFrozenWeight));
  if (set == 0)
    return Status::error(name_ + ": setWeights: no weight of the model has "
                                 "a namesake among the " +
                         std::to_string(weights.size()) + " given");
  return set;
}

Status Model::requireCompiled() const {
  if (!session_)
    return Status::error(name_ + ": call compile() before fit, evaluate or "
                                 "predict");
  return Status::ok();
}

Result<History> Model::fit(const Dataset &train, const FitOptions &options) {
  DLC_RETURN_IF_ERROR(requireCompiled());
  return dlc::fit(*session_, train, options);
}

Result<MetricValues> Model::evaluate(const Dataset &data, int64_t batchSize) {
  DLC_RETURN_IF_ERROR(requireCompiled());
  return dlc::evaluate(*session_, data, batchSize);
}

Result<Tensor> Model::predict(const Tensor &features, int64_t batchSize) {
  return predict(std::vector<Tensor>{features}, batchSize);
}

Result<Tensor> Model::predict(const std::vector<Tensor> &inputs,
                              int64_t batchSize) {
  DLC_RETURN_IF_ERROR(requireCompiled());
  return dlc::predict(*session_, inputs, batchSize);
}

Status Model::save(const std::string &path) const {
  if (!session_)
    return saveModelFile(model_, path);
  Result<proto::Model> trained = session_->trainedModel();
  if (!trained)
    return trained.status();
  return saveModelFile(*trained, path);
}

} // namespace dlc
