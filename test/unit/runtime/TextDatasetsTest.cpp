//===- TextDatasetsTest.cpp - Labelled texts from directories -------------===//
#include "dlc/Runtime/TextDatasets.h"

#include "TestUtil.h"

#include <cstdlib>

using namespace dlc;
using namespace dlc::test;

namespace fs = std::filesystem;

class TextDatasetsTest : public ScratchDirTest {
protected:
  void writeText(const std::string &relative, const std::string &text) {
    fs::create_directories(fs::path(path(relative)).parent_path());
    write(relative, text);
  }
};

TEST_F(TextDatasetsTest, ClassFoldersInSortedOrder) {
  writeText("pos/b.txt", "great film");
  writeText("pos/a.txt", "loved it");
  writeText("neg/z.txt", "dull");
  writeText("neg/notes.md", "not a text of the data set");
  EXPECT_TRUE(isTextDirectory(dir_.string()));
  Result<TextSamples> samples = readTextClasses(dir_.string());
  ASSERT_TRUE(samples.isOk()) << samples.status().message();
  EXPECT_EQ(samples->classNames, (std::vector<std::string>{"neg", "pos"}));
  EXPECT_EQ(samples->texts,
            (std::vector<std::string>{"dull", "loved it", "great film"}));
  EXPECT_EQ(samples->labels, (std::vector<int64_t>{0, 1, 1}));

  Result<TextTrainTest> data = loadTextDirectory(dir_.string());
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_FALSE(data->test.has_value());
}

TEST_F(TextDatasetsTest, TrainAndTestFolders) {
  for (const char *split : {"train", "test"}) {
    writeText(std::string(split) + "/neg/1.txt", "bad");
    writeText(std::string(split) + "/pos/1.txt", "good");
  }
  Result<TextTrainTest> data = loadTextDirectory(dir_.string());
  ASSERT_TRUE(data.isOk()) << data.status().message();
  ASSERT_TRUE(data->test.has_value());
  EXPECT_EQ(data->test->labels, (std::vector<int64_t>{0, 1}));

  fs::rename(path("test/pos"), path("test/positive"));
  expectError(loadTextDirectory(dir_.string()).status(), dir_.string(),
              "train/ and test/ have different class folders");
}

TEST_F(TextDatasetsTest, VectorizedDataset) {
  TextSamples samples{{"good good", "bad"}, {1, 0}, {"neg", "pos"}};
  TextVectorizationOptions options;
  options.outputMode = TextOutputMode::Count;
  Result<TextVectorization> vectorize =
      TextVectorization::adapt(samples.texts, options);
  ASSERT_TRUE(vectorize.isOk());
  Result<Dataset> data = vectorizedDataset(samples, *vectorize);
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(data->features().valuesPreview(6), "[0, 2, 0, 0, 0, 1]");
  EXPECT_EQ(data->labels().valuesPreview(), "[1, 0]");
}

TEST_F(TextDatasetsTest, Errors) {
  writeText("pos/a.txt", "fine");
  expectError(readTextClasses(dir_.string()).status(), dir_.string(),
              "1 class folder(s); texts for classification need one folder "
              "per class, two at least");

  writeText("neg/empty.txt", "");
  expectError(readTextClasses(dir_.string()).status(), path("neg/empty.txt"),
              "empty text file");

  fs::remove(path("neg/empty.txt"));
  expectError(readTextClasses(dir_.string()).status(), path("neg"),
              "class folder without .txt files");

  writeText("neg/b.txt", "bad");
  writeText("stray.txt", "where does it go");
  expectError(readTextClasses(dir_.string()).status(), path("stray.txt"),
              "a text outside every class folder has no label");
}

TEST_F(TextDatasetsTest, SpamAssassinNamesTheFetchScriptWhenMissing) {
  expectError(loadSpamAssassin(dir_.string()).status(), path("easy-ham-1"),
              "not found; fetch the corpus with scripts/fetch_datasets.sh");
  fs::create_directories(path("easy-ham-1"));
  writeText("easy-ham-1/00001.txt", "Subject: hi\n\nbody");
  expectError(loadSpamAssassin(dir_.string()).status(), path("easy-ham-1"),
              "1 messages, the corpus has 2500");
}

/// The real corpus, where scripts/fetch_datasets.sh has put it.
TEST(SpamAssassinTest, SplitAndLabels) {
  std::string directory = dataHome() + "/spam-assassin";
  if (!fs::is_directory(directory))
    GTEST_SKIP() << directory << " is absent: run scripts/fetch_datasets.sh";
  Result<TextTrainTest> data = loadSpamAssassin();
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(data->train.texts.size(), 4837u);
  ASSERT_TRUE(data->test.has_value());
  EXPECT_EQ(data->test->texts.size(), 1209u);
  int64_t spam = 0;
  for (const TextSamples *split : {&data->train, &*data->test})
    for (int64_t label : split->labels)
      spam += label;
  EXPECT_EQ(spam, 1896);
  // Bodies only: the first message's starts after its headers' blank line.
  EXPECT_EQ(data->train.texts[0].rfind(
                "    Date:        Wed, 21 Aug 2002 10:54:46 -0500\n", 0),
            0u)
      << data->train.texts[0].substr(0, 200);
}
