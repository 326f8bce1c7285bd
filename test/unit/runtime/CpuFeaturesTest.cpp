//===- CpuFeaturesTest.cpp - The instruction-set check of programs --------===//
#include "dlc/Runtime/CpuFeatures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace dlc {
namespace {

/// The flags the kernel reports for this processor, with LLVM's spelling
/// ("sse4_2" is "sse4.2", "avx512_fp16" is "avx512fp16", ...).
std::set<std::string> kernelFlags() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::set<std::string> flags;
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("flags", 0) != 0)
      continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    for (std::string flag; words >> flag;) {
      if (flag.rfind("sse4_", 0) == 0)
        std::replace(flag.begin(), flag.end(), '_', '.');
      else
        flag.erase(std::remove(flag.begin(), flag.end(), '_'), flag.end());
      flags.insert(flag);
    }
    break;
  }
  // The kernel's names for three of them.
  for (auto [kernel, llvm] : {std::pair{"pni", "sse3"}, {"abm", "lzcnt"},
                              {"bmi1", "bmi"}})
    if (flags.count(kernel))
      flags.insert(llvm);
  return flags;
}

TEST(CpuFeaturesTest, AcceptsWhatThisProcessorHas) {
  EXPECT_TRUE(checkCpuFeatures(""));
  std::set<std::string> flags = kernelFlags();
  std::string present;
  for (const std::string &feature : checkableCpuFeatures())
    if (flags.count(feature))
      present += (present.empty() ? "" : ",") + feature;
  ASSERT_FALSE(present.empty());
  Status status = checkCpuFeatures(present.c_str());
  EXPECT_TRUE(status) << present << ": " << status.message();
}

TEST(CpuFeaturesTest, NamesWhatThisProcessorLacks) {
  std::set<std::string> flags = kernelFlags();
  std::vector<std::string> lacking;
  // LZCNT is the one extension the kernel reports only inside a group (AMD's
  // "abm"), which some virtual machines leave out although CPUID has it.
  for (const std::string &feature : checkableCpuFeatures())
    if (!flags.count(feature) && feature != "lzcnt")
      lacking.push_back(feature);
  if (lacking.empty())
    GTEST_SKIP() << "this processor has every checkable extension";
  std::string required = "sse3," + lacking.front();
  Status status = checkCpuFeatures(required.c_str());
  ASSERT_FALSE(status);
  EXPECT_NE(status.message().find("this processor lacks " + lacking.front() +
                                  ", which the compiled code uses"),
            std::string::npos)
      << status.message();
}

} // namespace
} // namespace dlc
