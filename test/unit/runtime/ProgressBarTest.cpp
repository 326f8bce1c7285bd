//===- ProgressBarTest.cpp - Unit tests of the Keras-style progress bar ---===//
//
// Drives the bar with a fake clock into a temporary file and compares the
// exact bytes, '\r' redraws included.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/ProgressBar.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

using namespace dlc;

namespace {

class ProgressBarTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_NE(file_, nullptr); }

  /// Everything written to the file so far.
  std::string output() {
    std::fflush(file_.get());
    std::rewind(file_.get());
    std::string text;
    for (int c; (c = std::fgetc(file_.get())) != EOF;)
      text += static_cast<char>(c);
    return text;
  }

  /// A bar on the file whose clock reads `now_`.
  ProgressBar makeBar(int64_t epoch, int64_t epochs, int64_t steps,
                      bool interactive) {
    return ProgressBar(epoch, epochs, steps, file_.get(), interactive,
                       [this] { return now_; });
  }

  std::unique_ptr<std::FILE, int (*)(std::FILE *)> file_{std::tmpfile(),
                                                         std::fclose};
  double now_ = 1000;
};

TEST_F(ProgressBarTest, NotInteractivePrintsOnlyTheFinalLine) {
  ProgressBar bar = makeBar(3, 5, 469, /*interactive=*/false);
  for (int64_t step = 1; step <= 469; ++step) {
    now_ += 0.004;
    bar.update(step, {{"loss", 0.5}});
  }
  now_ = 1002.1;
  bar.finish(60000, {{"loss", 0.34123}, {"accuracy", 0.87612}});
  EXPECT_EQ(output(), "Epoch 3/5\n"
                      "469/469 [==============================] - 2s 4ms/step"
                      " - loss: 0.3412 - accuracy: 0.8761 - 28571 samples/s\n");
}

TEST_F(ProgressBarTest, InteractiveRedrawsInPlace) {
  ProgressBar bar = makeBar(1, 2, 10, /*interactive=*/true);
  now_ += 1;
  bar.update(1, {{"loss", 2.5}});
  now_ += 4;
  bar.update(5, {{"loss", 1.25}});
  now_ += 5;
  bar.update(10, {{"loss", 1}});
  bar.finish(100, {{"loss", 1}, {"val_loss", 1.5}});
  EXPECT_EQ(output(),
            "Epoch 1/2\n"
            "\r 1/10 [==>...........................] - ETA: 9s - loss: 2.5000"
            "\r 5/10 [==============>...............] - ETA: 5s - loss: 1.2500"
            "\r10/10 [==============================] - loss: 1.0000"
            "          " // Blanks the 10 characters left of the last line.
            "\r10/10 [==============================] - 10s 1s/step"
            " - loss: 1.0000 - val_loss: 1.5000 - 10 samples/s\n");
}

TEST_F(ProgressBarTest, RedrawsAtMostEvery50Milliseconds) {
  ProgressBar bar = makeBar(1, 1, 1000, /*interactive=*/true);
  for (int64_t step = 1; step <= 1000; ++step) {
    now_ += 0.001;
    bar.update(step, {});
  }
  std::string text = output();
  size_t redraws = 0;
  for (char c : text)
    redraws += c == '\r';
  // The first update draws, then one every 50 steps of 1 ms.
  EXPECT_GE(redraws, 19u);
  EXPECT_LE(redraws, 21u);
}

TEST_F(ProgressBarTest, EtaAndStepTimeUnits) {
  ProgressBar bar = makeBar(1, 1, 10000, /*interactive=*/true);
  now_ += 0.75;
  bar.update(1, {});
  now_ += 0.1;
  bar.update(2, {});
  now_ += 100;
  bar.update(100, {});
  now_ += 100;
  bar.update(5000, {});
  EXPECT_EQ(output(),
            "Epoch 1/1\n"
            "\r    1/10000 [..............................] - ETA: 2:04:59"
            "\r    2/10000 [..............................] - ETA: 1:10:49"
            "\r  100/10000 [..............................] - ETA: 2:46:24"
            "\r 5000/10000 [==============>...............] - ETA: 3:20   ");
}

TEST_F(ProgressBarTest, FinalLineTimeUnits) {
  {
    ProgressBar bar = makeBar(1, 1, 1000, /*interactive=*/false);
    now_ += 0.5;
    bar.finish(1000, {});
  }
  {
    ProgressBar bar = makeBar(1, 1, 2, /*interactive=*/false);
    now_ += 130;
    bar.finish(64, {});
  }
  EXPECT_EQ(output(), "Epoch 1/1\n"
                      "1000/1000 [==============================] - 0s "
                      "500us/step - 2000 samples/s\n"
                      "Epoch 1/1\n"
                      "2/2 [==============================] - 130s 65s/step - "
                      "0 samples/s\n");
}

TEST_F(ProgressBarTest, SmallMetricsUseScientificNotation) {
  ProgressBar bar = makeBar(1, 1, 1, /*interactive=*/false);
  now_ += 1;
  bar.finish(10, {{"loss", 0.0001234}, {"mae", 0}, {"big", -12345.678}});
  EXPECT_EQ(output(), "Epoch 1/1\n"
                      "1/1 [==============================] - 1s 1s/step"
                      " - loss: 1.2340e-04 - mae: 0.0000e+00"
                      " - big: -12345.6780 - 10 samples/s\n");
}

} // namespace
