//===- CompileTest.cpp - Models compiled ahead of time --------------------===//
//
// `dlc compile`'s object file, loaded as a linker would (LLVM's ORC links
// the object into this process against the runtime's symbols), computes
// what the JIT computes, bit for bit; its signature describes the tensors.
// A compiled shared library reports misuse of its C interface as statuses.
// And the errors of bad options and bad models.
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/Compile.h"
#include "dlc/Api/InferenceSession.h"
#include "dlc/Compiler/ObjectFile.h"
#include "dlc/Runtime/BufferPool.h"
#include "dlc/Runtime/ThreadPool.h"
#include "dlc_model.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace dlc {
namespace {

const std::string kMlp = DLC_EXAMPLES_DIR "/fashion_mnist_mlp.pbtxt";

std::string temporaryPath(const std::string &name) {
  return (std::filesystem::path(::testing::TempDir()) /
          (std::to_string(getpid()) + "-" + name))
      .string();
}

/// The object file at `path` linked into this process.
std::unique_ptr<llvm::orc::LLJIT> linkObject(const std::string &path) {
  auto jit = llvm::orc::LLJITBuilder().create();
  EXPECT_TRUE(bool(jit)) << llvm::toString(jit.takeError());
  auto object = llvm::MemoryBuffer::getFile(path);
  EXPECT_TRUE(bool(object));
  llvm::orc::JITDylib &library = (*jit)->getMainJITDylib();
  llvm::orc::MangleAndInterner intern((*jit)->getExecutionSession(),
                                      (*jit)->getDataLayout());
  llvm::orc::SymbolMap runtime;
  auto add = [&](const char *name, auto *function) {
    runtime[intern(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                             llvm::JITSymbolFlags::Exported};
  };
  add("dlc_parallel_for", &dlc_parallel_for);
  add("_mlir_memref_to_llvm_alloc", &_mlir_memref_to_llvm_alloc);
  add("_mlir_memref_to_llvm_aligned_alloc",
      &_mlir_memref_to_llvm_aligned_alloc);
  add("_mlir_memref_to_llvm_free", &_mlir_memref_to_llvm_free);
  llvm::cantFail(library.define(llvm::orc::absoluteSymbols(runtime)));
  // memset, memcpy and libm from the C library.
  library.addGenerator(llvm::cantFail(
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
          (*jit)->getDataLayout().getGlobalPrefix())));
  llvm::cantFail((*jit)->addObjectFile(std::move(*object)));
  return std::move(*jit);
}

TEST(CompileTest, ObjectFileComputesWhatTheJitComputes) {
  std::string object = temporaryPath("mlp.o");
  CompileOptions options;
  options.batch = 3;
  options.symbol = "mlp";
  Status compiled = compileModelFile(kMlp, object, options);
  ASSERT_TRUE(compiled.isOk()) << compiled.message();
  std::unique_ptr<llvm::orc::LLJIT> jit = linkObject(object);
  std::filesystem::remove(object);

  auto signature = jit->lookup("mlp_signature");
  ASSERT_TRUE(bool(signature)) << llvm::toString(signature.takeError());
  EXPECT_STREQ(signature->toPtr<const char *>(),
               "input images float32 3,784\n"
               "output probabilities float32 3,10\n");

  Tensor images(DType::Float32, {3, 784});
  for (int64_t i = 0; i < images.numElements(); ++i)
    images.typed<float>()[i] = float((i * 37) % 101) / 101.0f;
  Tensor probabilities(DType::Float32, {3, 10});
  auto run = jit->lookup("mlp_run");
  ASSERT_TRUE(bool(run)) << llvm::toString(run.takeError());
  void *buffers[] = {images.data(), probabilities.data()};
  run->toPtr<void (*)(void **)>()(buffers);

  auto session = InferenceSession::load(kMlp);
  ASSERT_TRUE(session) << session.status().message();
  auto expected = (*session)->run({images});
  ASSERT_TRUE(expected) << expected.status().message();
  const Tensor &jitted = (*expected)[0].tensor;
  ASSERT_EQ(jitted.shape(), probabilities.shape());
  EXPECT_EQ(std::memcmp(jitted.data(), probabilities.data(),
                        probabilities.sizeInBytes()),
            0);
}

TEST(CompileTest, LlvmIrIsForTheChosenCpu) {
  std::string ir = temporaryPath("mlp.ll");
  CompileOptions options;
  options.emit = "llvm";
  options.cpu = "x86-64-v3";
  Status compiled = compileModelFile(kMlp, ir, options);
  ASSERT_TRUE(compiled.isOk()) << compiled.message();
  std::ifstream file(ir);
  std::string text((std::istreambuf_iterator<char>(file)),
                   std::istreambuf_iterator<char>());
  std::filesystem::remove(ir);
  EXPECT_NE(text.find("define void @dlc_model_run(ptr"), std::string::npos);
  EXPECT_NE(text.find("@dlc_model_signature = "), std::string::npos);
  EXPECT_NE(text.find("\"target-cpu\"=\"x86-64-v3\""), std::string::npos);
  // The model's own functions are internal to the object.
  EXPECT_NE(text.find("define internal void @main_tasks"), std::string::npos);
}

TEST(CompileTest, VectorWidthFollowsTheCpu) {
  for (auto [cpu, lanes] : {std::pair<const char *, int64_t>{"x86-64", 4},
                            {"x86-64-v3", 8},
                            {"x86-64-v4", 16}}) {
    auto machine = createTargetMachine(cpu);
    ASSERT_TRUE(machine) << machine.status().message();
    EXPECT_EQ(vectorWidthOf(**machine), lanes) << cpu;
  }
}

/// A function of the C interface from the library `handle`.
template <typename Function>
Function *cFunction(void *handle, const char *name) {
  auto *function = reinterpret_cast<Function *>(dlsym(handle, name));
  EXPECT_NE(function, nullptr) << name;
  return function;
}

TEST(CompileTest, LibraryReportsMisuseAsStatuses) {
  std::string library = temporaryPath("libmlp.so");
  CompileOptions options;
  options.emit = "lib";
  options.batch = 2;
  Status compiled = compileModelFile(kMlp, library, options);
  ASSERT_TRUE(compiled.isOk()) << compiled.message();
  // RTLD_NODELETE: the runtime's pools inside the library are immortal, so
  // unmapping it would orphan them (a known gap, docs/hardening.md), which
  // LeakSanitizer rightly reports; these tests are about its interface.
  void *handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto create = cFunction<decltype(dlc_model_create)>(handle,
                                                      "dlc_model_create");
  auto destroy = cFunction<decltype(dlc_model_destroy)>(handle,
                                                        "dlc_model_destroy");
  auto inputInfo = cFunction<decltype(dlc_model_input_info)>(
      handle, "dlc_model_input_info");
  auto run = cFunction<decltype(dlc_model_run)>(handle, "dlc_model_run");
  auto runBatch = cFunction<decltype(dlc_model_run_batch)>(
      handle, "dlc_model_run_batch");
  auto threads = cFunction<decltype(dlc_set_thread_count)>(
      handle, "dlc_set_thread_count");
  auto message = cFunction<decltype(dlc_status_message)>(
      handle, "dlc_status_message");
  auto release = cFunction<decltype(dlc_status_free)>(handle,
                                                      "dlc_status_free");
  auto expectError = [&](dlc_status *status, const std::string &text) {
    ASSERT_NE(status, nullptr) << text;
    EXPECT_NE(std::string(message(status)).find(text), std::string::npos)
        << message(status);
    release(status);
  };

  dlc_model *model = nullptr;
  ASSERT_EQ(create(&model), nullptr);
  dlc_tensor_info info;
  ASSERT_EQ(inputInfo(model, 0, &info), nullptr);
  EXPECT_STREQ(info.name, "images");
  EXPECT_STREQ(info.dtype, "float32");
  ASSERT_EQ(info.rank, 2u);
  EXPECT_EQ(info.shape[0], 2);
  EXPECT_EQ(info.shape[1], 784);
  EXPECT_EQ(info.size_in_bytes, 2u * 784 * 4);
  EXPECT_EQ(info.batch_first, 1);
  expectError(inputInfo(model, 1, &info), "index 1 is past the model's 1");
  expectError(inputInfo(model, 0, nullptr), "info is NULL");
  std::vector<float> images(2 * 784), probabilities(2 * 10);
  const void *inputs[] = {images.data()};
  void *outputs[] = {probabilities.data()};
  expectError(run(model, nullptr, outputs), "input 'images' is NULL");
  void *noOutputs[] = {nullptr};
  expectError(run(model, inputs, noOutputs),
              "output 'probabilities' is NULL");
  EXPECT_EQ(run(model, inputs, outputs), nullptr);
  // Any number of samples, in pieces of the compiled sizes (2 and 1): the
  // first two samples of three come out as the batch of two gave them.
  std::vector<float> threeImages(3 * 784, 0.5f), threeProbabilities(3 * 10);
  std::copy(images.begin(), images.end(), threeImages.begin());
  const void *threeInputs[] = {threeImages.data()};
  void *threeOutputs[] = {threeProbabilities.data()};
  EXPECT_EQ(runBatch(model, 3, threeInputs, threeOutputs), nullptr);
  EXPECT_TRUE(std::equal(probabilities.begin(), probabilities.end(),
                         threeProbabilities.begin()));
  expectError(runBatch(model, 0, threeInputs, threeOutputs),
              "dlc_model_run_batch: a batch needs at least one sample, got 0");
  expectError(threads(0), "expected a count in [1, 1024], got 0");
  expectError(create(nullptr), "model is NULL");
  destroy(model);
  dlclose(handle);
  std::filesystem::remove(library);
}

TEST(CompileTest, BadOptionsAndModelsAreErrors) {
  std::string out = temporaryPath("never.o");
  CompileOptions cpu;
  cpu.cpu = "no-such-cpu";
  Status status = compileModelFile(kMlp, out, cpu);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("--cpu=no-such-cpu"), std::string::npos);

  CompileOptions emit;
  emit.emit = "exe2";
  status = compileModelFile(kMlp, out, emit);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("--emit=exe2"), std::string::npos);

  status = compileModelFile("/no/such/model.onnx", out, CompileOptions());
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("/no/such/model.onnx"), std::string::npos);

  status = compileModelFile(kMlp, "/no/such/dir/out.o", CompileOptions());
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("/no/such/dir/out.o"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out));
}

} // namespace
} // namespace dlc
