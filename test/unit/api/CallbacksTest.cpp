//===- CallbacksTest.cpp - EarlyStopping, ReduceLROnPlateau, checkpoints -===//
#include "dlc/Api/TrainingSession.h"
#include "dlc/Runtime/Callbacks.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace dlc {
namespace {

constexpr const char *kModel = R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs { name: "x" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 1 } }
    outputs { name: "y" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 1 } }
    initializers { name: "w" dtype: FLOAT32 shape: [ 1, 1 ] float_data: [ 1 ] }
    nodes { op: "MatMul" inputs: [ "x", "w" ] outputs: [ "y" ] }
  }
  training { loss { name: "mse" } optimizer { name: "sgd" learning_rate: 0.1 } }
)pb";

class CallbacksTest : public testing::Test {
protected:
  void SetUp() override {
    proto::Model model;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kModel, &model));
    Result<TrainingSpec> spec = trainingSpecFromProto(model, "m.pbtxt");
    ASSERT_TRUE(static_cast<bool>(spec));
    Result<std::unique_ptr<TrainingSession>> session =
        TrainingSession::create(model, "m.pbtxt", *spec, 0.1);
    ASSERT_TRUE(static_cast<bool>(session));
    session_ = std::move(*session);
  }

  /// Runs `callback` over epochs whose logs report `name` = each value;
  /// returns the epoch that asked to stop, or -1.
  int64_t replay(Callback &callback, const std::string &name,
                 const std::vector<double> &values) {
    for (size_t epoch = 0; epoch < values.size(); ++epoch) {
      MetricValues logs{{"loss", 1.0}, {name, values[epoch]}};
      EpochEnd state{static_cast<int64_t>(epoch), logs, *session_};
      EXPECT_TRUE(callback.onEpochEnd(state).isOk());
      if (state.stopTraining)
        return epoch;
    }
    return -1;
  }

  std::unique_ptr<TrainingSession> session_;
};

TEST_F(CallbacksTest, EarlyStoppingWaitsPatienceEpochsWithoutImprovement) {
  EarlyStopping stopping("val_loss", /*patience=*/2);
  EXPECT_EQ(replay(stopping, "val_loss", {1.0, 0.8, 0.9, 0.7, 0.75, 0.71, 0.6}),
            5);
  EXPECT_EQ(stopping.stoppedEpoch(), 5);
}

TEST_F(CallbacksTest, AccuraciesImproveUpwards) {
  EarlyStopping stopping("val_accuracy", /*patience=*/1);
  EXPECT_EQ(replay(stopping, "val_accuracy", {0.5, 0.6, 0.7, 0.65}), 3);
}

TEST_F(CallbacksTest, MinDeltaIgnoresTinyImprovements) {
  EarlyStopping stopping("val_loss", /*patience=*/1, /*minDelta=*/0.1);
  EXPECT_EQ(replay(stopping, "val_loss", {1.0, 0.95}), 1);
}

TEST_F(CallbacksTest, ReduceLROnPlateauScalesTheLearningRate) {
  ReduceLROnPlateau reduce("val_loss", /*factor=*/0.5, /*patience=*/2,
                           /*minLearningRate=*/0.02);
  replay(reduce, "val_loss", {1.0, 1.1, 1.2});
  EXPECT_DOUBLE_EQ(session_->learningRate(), 0.05);
  replay(reduce, "val_loss", {1.3, 1.4});
  EXPECT_DOUBLE_EQ(session_->learningRate(), 0.025);
  replay(reduce, "val_loss", {1.5, 1.6});
  EXPECT_DOUBLE_EQ(session_->learningRate(), 0.02) << "floored";
}

TEST_F(CallbacksTest, ModelCheckpointSavesTheBestEpochs) {
  std::filesystem::path directory =
      std::filesystem::temp_directory_path() / "dlc-callbacks-test";
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  ModelCheckpoint checkpoint((directory / "epoch-{epoch}.pb").string(),
                             "val_loss", /*saveBestOnly=*/true);
  replay(checkpoint, "val_loss", {1.0, 1.2, 0.9});
  EXPECT_TRUE(std::filesystem::exists(directory / "epoch-1.pb"));
  EXPECT_FALSE(std::filesystem::exists(directory / "epoch-2.pb"));
  EXPECT_TRUE(std::filesystem::exists(directory / "epoch-3.pb"));
  Result<std::map<std::string, std::string>> metadata =
      session_->loadCheckpoint((directory / "epoch-3.pb").string());
  ASSERT_TRUE(static_cast<bool>(metadata)) << metadata.status().message();
  EXPECT_EQ(metadata->at("dlc.checkpoint.epoch"), "3");
  std::filesystem::remove_all(directory);
}

TEST_F(CallbacksTest, AMonitoredMetricThatIsNotReportedIsAnError) {
  EarlyStopping stopping("val_accuracy");
  MetricValues logs{{"loss", 1.0}, {"val_loss", 1.0}};
  EpochEnd state{0, logs, *session_};
  Status status = stopping.onEpochEnd(state);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(), "callback monitors 'val_accuracy', which this "
                              "training does not report (it reports loss, "
                              "val_loss)");
}

/// y = 2x on 16 samples, for whole fits.
Dataset doublingData() {
  Tensor x(DType::Float32, {16, 1}), y(DType::Float32, {16, 1});
  for (int i = 0; i < 16; ++i) {
    x.typed<float>()[i] = 0.1f * i;
    y.typed<float>()[i] = 0.2f * i;
  }
  return Dataset::create(x, y).value();
}

TEST_F(CallbacksTest, SchedulerSetsTheRateBeforeEachEpochAndCsvLoggerKeepsUp) {
  std::filesystem::path csv =
      std::filesystem::temp_directory_path() / "dlc-callbacks-test.csv";
  std::filesystem::remove(csv);
  std::vector<double> seen;
  LearningRateScheduler scheduler([&](int64_t epoch, double rate) {
    seen.push_back(rate);
    return epoch == 0 ? rate : rate / 2;
  });
  CSVLogger logger(csv.string());
  FitOptions options;
  options.epochs = 3;
  options.batchSize = 8;
  options.progress = nullptr;
  options.callbacks = {&scheduler, &logger};
  ASSERT_TRUE(static_cast<bool>(fit(*session_, doublingData(), options)));
  EXPECT_EQ(seen, (std::vector<double>{0.1, 0.1, 0.05}));
  EXPECT_DOUBLE_EQ(session_->learningRate(), 0.025);

  std::ifstream file(csv);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "epoch,loss");
  EXPECT_EQ(lines[3].substr(0, 2), "3,");
  std::filesystem::remove(csv);
}

TEST_F(CallbacksTest, ASchedulerThatGivesNoRateStopsTraining) {
  LearningRateScheduler scheduler(
      [](int64_t epoch, double rate) { return epoch < 1 ? rate : 0.0; });
  FitOptions options;
  options.epochs = 2;
  options.progress = nullptr;
  options.callbacks = {&scheduler};
  Result<History> history = fit(*session_, doublingData(), options);
  ASSERT_FALSE(static_cast<bool>(history));
  EXPECT_EQ(history.status().message(),
            "LearningRateScheduler: the schedule gave 0.000000 for epoch 2; a "
            "learning rate must be positive and finite");
}

} // namespace
} // namespace dlc
