//===- ModelMutation.cpp - Hostile variants of real models must not crash -===//
//
//   dlc-model-mutation DATA_DIR [--per-model N] [--compile] [CASE...]
//
// Takes every model of ONNX's backend test data (DATA_DIR/test_*/model.onnx)
// and makes variants of it a careless or hostile writer could produce: the
// file truncated or with bytes flipped, and, in dlc's form of the model,
// attributes set to 0, -1, huge or empty values, inputs dropped or added,
// graph inputs of another rank or element type. Each variant is loaded and
// imported (with --compile: run on the case's inputs, compiling it) in a
// child process. It may be accepted or rejected, but a rejection must come
// with a message, and nothing may crash, hang or fail silently. Exits
// non-zero, listing them, when a variant does.
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/InferenceSession.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/TensorFile.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using dlc::proto::Attribute;
using dlc::proto::Model;

namespace {

constexpr unsigned kVariantTimeLimitSeconds = 60;

/// One variant: what was changed, and how to make it from the model (in
/// dlc's form) or from the file's bytes.
struct Variant {
  std::string description;
  std::function<void(Model &)> editModel;
  std::function<std::string(const std::string &)> editBytes;
};

/// Values an attribute of each kind is replaced by.
std::vector<std::pair<std::string, std::function<void(Attribute &)>>>
attributeEdits(const Attribute &attribute) {
  constexpr int64_t huge = int64_t{1} << 40;
  switch (attribute.value_case()) {
  case Attribute::kI:
    return {{"0", [](Attribute &a) { a.set_i(0); }},
            {"-1", [](Attribute &a) { a.set_i(-1); }},
            {"2^40", [](Attribute &a) { a.set_i(huge); }}};
  case Attribute::kInts:
    return {{"[]", [](Attribute &a) { a.mutable_ints()->clear_values(); }},
            {"all -1",
             [](Attribute &a) {
               for (int64_t &v : *a.mutable_ints()->mutable_values())
                 v = -1;
             }},
            {"all 2^40",
             [](Attribute &a) {
               for (int64_t &v : *a.mutable_ints()->mutable_values())
                 v = huge;
             }},
            {"twice as long",
             [](Attribute &a) {
               auto values = a.ints().values();
               a.mutable_ints()->mutable_values()->MergeFrom(values);
             }}};
  case Attribute::kF:
    return {{"NaN",
             [](Attribute &a) {
               a.set_f(std::numeric_limits<float>::quiet_NaN());
             }},
            {"-inf", [](Attribute &a) {
               a.set_f(-std::numeric_limits<float>::infinity());
             }}};
  case Attribute::kFloats:
    return {{"[]", [](Attribute &a) { a.mutable_floats()->clear_values(); }}};
  case Attribute::kS:
    return {{"\"\"", [](Attribute &a) { a.set_s(""); }},
            {"\"bogus\"", [](Attribute &a) { a.set_s("bogus"); }}};
  case Attribute::kTensor:
    return {{"an empty tensor", [](Attribute &a) {
               a.mutable_tensor()->clear_shape();
               a.mutable_tensor()->add_shape(0);
               a.mutable_tensor()->clear_raw_data();
               a.mutable_tensor()->clear_float_data();
               a.mutable_tensor()->clear_int_data();
               a.mutable_tensor()->clear_double_data();
             }}};
  case Attribute::kGraph:
    return {{"a subgraph without nodes",
             [](Attribute &a) { a.mutable_graph()->clear_nodes(); }},
            {"a subgraph without inputs",
             [](Attribute &a) { a.mutable_graph()->clear_inputs(); }},
            {"a subgraph with an extra output", [](Attribute &a) {
               dlc::proto::Graph &graph = *a.mutable_graph();
               *graph.add_outputs() = graph.outputs_size()
                                          ? graph.outputs(0)
                                          : dlc::proto::ValueInfo();
             }}};
  default:
    return {};
  }
}

/// Every variant of `model` (and of its file's `bytes`) this tool knows.
std::vector<Variant> variantsOf(const Model &model, size_t fileSize) {
  std::vector<Variant> variants;
  for (size_t cut : {fileSize / 7, fileSize / 2, fileSize - 1})
    variants.push_back({"truncated to " + std::to_string(cut) + " bytes",
                        nullptr, [cut](const std::string &bytes) {
                          return bytes.substr(0, cut);
                        }});
  for (size_t step : {3, 11})
    variants.push_back(
        {"every " + std::to_string(step * 7) + "th byte flipped", nullptr,
         [step](const std::string &bytes) {
           std::string flipped = bytes;
           for (size_t i = step; i < flipped.size(); i += step * 7)
             flipped[i] = static_cast<char>(~flipped[i]);
           return flipped;
         }});
  const auto &nodes = model.graph().nodes();
  for (int n = 0; n < nodes.size(); ++n) {
    const std::string where = "node " + std::to_string(n) + " (" +
                              nodes[n].op() + ")";
    for (int a = 0; a < nodes[n].attributes_size(); ++a)
      for (auto &[what, edit] : attributeEdits(nodes[n].attributes(a)))
        variants.push_back(
            {where + ": attribute '" + nodes[n].attributes(a).name() +
                 "' = " + what,
             [n, a, edit = edit](Model &m) {
               edit(*m.mutable_graph()->mutable_nodes(n)->mutable_attributes(
                   a));
             },
             nullptr});
    for (int i = 0; i < nodes[n].inputs_size(); ++i)
      variants.push_back({where + ": input " + std::to_string(i) + " dropped",
                          [n, i](Model &m) {
                            m.mutable_graph()->mutable_nodes(n)->set_inputs(
                                i, "");
                          },
                          nullptr});
    variants.push_back({where + ": an extra input", [n](Model &m) {
                          auto *node = m.mutable_graph()->mutable_nodes(n);
                          node->add_inputs(node->inputs_size()
                                               ? node->inputs(0)
                                               : std::string("x"));
                        },
                        nullptr});
  }
  for (int i = 0; i < model.graph().inputs_size(); ++i) {
    const std::string where = "graph input " + std::to_string(i);
    variants.push_back({where + ": one more dimension", [i](Model &m) {
                          m.mutable_graph()->mutable_inputs(i)->add_shape()
                              ->set_size(1);
                        },
                        nullptr});
    variants.push_back({where + ": no dimensions", [i](Model &m) {
                          m.mutable_graph()->mutable_inputs(i)->clear_shape();
                        },
                        nullptr});
    for (dlc::proto::DataType dtype :
         {dlc::proto::INT8, dlc::proto::BOOL, dlc::proto::FLOAT16,
          dlc::proto::UINT64})
      variants.push_back(
          {where + ": dtype " + dlc::proto::DataType_Name(dtype),
           [i, dtype](Model &m) {
             m.mutable_graph()->mutable_inputs(i)->set_dtype(dtype);
           },
           nullptr});
  }
  return variants;
}

/// The case's first input set, if it has one.
std::vector<dlc::Tensor> readInputs(const fs::path &caseDir) {
  std::vector<dlc::Tensor> inputs;
  for (int i = 0;; ++i) {
    fs::path file = caseDir / "test_data_set_0" /
                    ("input_" + std::to_string(i) + ".pb");
    if (!fs::exists(file))
      return inputs;
    dlc::Result<dlc::Tensor> tensor = dlc::readOnnxTensorFile(file.string());
    if (!tensor)
      return {};
    inputs.push_back(*tensor);
  }
}

/// Loads the variant at `path` and imports it (`compile`: runs it on
/// `inputs`): the status of the first step that rejected it, or ok.
dlc::Status tryVariant(const std::string &path,
                       const std::vector<dlc::Tensor> &inputs, bool compile) {
  auto session = dlc::InferenceSession::load(path);
  if (!session)
    return session.status();
  if (!compile)
    return (*session)->mlirText().status();
  return (*session)->run(inputs).status();
}

/// Runs `attempt` in a child process: "" when it returned normally,
/// accepting the variant or rejecting it with a message, else what went
/// wrong.
std::string isolated(const std::function<dlc::Status()> &attempt) {
  pid_t child = fork();
  if (child == 0) {
    alarm(kVariantTimeLimitSeconds);
    dlc::Status status = attempt();
    bool silent = !status.isOk() && status.message().find_first_not_of(
                                        " \n") == std::string::npos;
    _exit(silent ? 3 : 0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status))
    return WTERMSIG(status) == SIGALRM
               ? "timed out"
               : "crashed with signal " + std::to_string(WTERMSIG(status));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "failed without a message";
  return "";
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: dlc-model-mutation DATA_DIR [--per-model N] "
                 "[--compile] [CASE...]\n";
    return 2;
  }
  fs::path dataDir = argv[1];
  size_t perModel = 8;
  bool compile = false;
  std::set<std::string> only;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--per-model" && i + 1 < argc)
      perModel = std::stoul(argv[++i]);
    else if (arg == "--compile")
      compile = true;
    else
      only.insert(arg);
  }
  std::vector<fs::path> cases;
  for (const fs::directory_entry &entry : fs::directory_iterator(dataDir))
    if (fs::exists(entry.path() / "model.onnx") &&
        (only.empty() || only.count(entry.path().filename().string())))
      cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());

  fs::path scratch = fs::temp_directory_path() /
                     ("dlc-model-mutation-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  size_t tried = 0;
  std::vector<std::string> failures;
  for (const fs::path &caseDir : cases) {
    std::string name = caseDir.filename().string();
    std::ifstream file(caseDir / "model.onnx", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)),
                      std::istreambuf_iterator<char>());
    dlc::Result<Model> model =
        dlc::loadModelFile((caseDir / "model.onnx").string());
    if (!model)
      continue; // The original is rejected already; nothing to vary.
    std::vector<dlc::Tensor> inputs = readInputs(caseDir);
    std::vector<Variant> variants = variantsOf(*model, bytes.size());
    // A fixed choice per model (seeded by its name) keeps runs comparable.
    dlc::SplitMix64 random(std::hash<std::string>{}(name));
    for (size_t i = variants.size(); i > 1; --i)
      std::swap(variants[i - 1], variants[random.below(i)]);
    variants.resize(std::min(variants.size(), perModel));
    for (const Variant &variant : variants) {
      fs::path path = scratch / (variant.editBytes ? "variant.onnx"
                                                   : "variant.pb");
      if (variant.editBytes) {
        std::ofstream(path, std::ios::binary) << variant.editBytes(bytes);
      } else {
        Model edited = *model;
        variant.editModel(edited);
        std::ofstream out(path, std::ios::binary);
        edited.SerializeToOstream(&out);
      }
      ++tried;
      std::string problem =
          isolated([&] { return tryVariant(path.string(), inputs, compile); });
      if (!problem.empty())
        failures.push_back(name + ", " + variant.description + ": " + problem);
    }
  }
  fs::remove_all(scratch);
  std::cout << "model mutation: " << tried << " variants of " << cases.size()
            << " models, " << failures.size() << " crashed, hung or failed "
            << "silently\n";
  for (const std::string &failure : failures)
    std::cout << "  " << failure << "\n";
  return failures.empty() ? 0 : 1;
}
