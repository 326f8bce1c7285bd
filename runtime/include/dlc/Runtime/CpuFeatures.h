//===- CpuFeatures.h - Instruction sets a compiled program needs --*- C++ -*-===//
//
// `dlc compile --cpu=...` picks the instruction set of the code it writes.
// The object lists the extensions the code may use (SYMBOL_cpu_features),
// and the program or library checks them when it starts, so that a binary
// built for AVX-512 says so on an AVX2 machine instead of dying of an
// illegal instruction.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_CPUFEATURES_H
#define DLC_RUNTIME_CPUFEATURES_H

#include "dlc/Runtime/Status.h"

#include <string>
#include <vector>

namespace dlc {

/// The x86 extensions a program can test for, by LLVM's names ("avx2",
/// "avx512f", ...).
const std::vector<std::string> &checkableCpuFeatures();

/// An error naming the extensions in `required` (comma-separated) that this
/// processor lacks, if any.
Status checkCpuFeatures(const char *required);

} // namespace dlc

#endif // DLC_RUNTIME_CPUFEATURES_H
