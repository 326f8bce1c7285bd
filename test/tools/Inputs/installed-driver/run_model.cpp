// Runs a model on one .npy input through the installed C++ API and prints
// each output.
#include "dlc/Api/InferenceSession.h"
#include "dlc/Runtime/Npy.h"

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: run_model MODEL INPUT.npy\n";
    return 2;
  }
  auto session = dlc::InferenceSession::load(argv[1]);
  if (!session) {
    std::cerr << "error: " << session.status().message() << "\n";
    return 1;
  }
  dlc::Result<dlc::Tensor> input = dlc::readNpy(argv[2]);
  if (!input) {
    std::cerr << "error: " << input.status().message() << "\n";
    return 1;
  }
  auto outputs = (*session)->run({*input});
  if (!outputs) {
    std::cerr << "error: " << outputs.status().message() << "\n";
    return 1;
  }
  for (const dlc::NamedTensor &output : *outputs)
    std::cout << output.name << ": " << output.tensor.shapeString() << " "
              << output.tensor.valuesPreview() << "\n";
  return 0;
}
