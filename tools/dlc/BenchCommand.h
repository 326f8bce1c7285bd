//===- BenchCommand.h - `dlc bench` -------------------------------*- C++ -*-===//
#ifndef DLC_TOOLS_BENCHCOMMAND_H
#define DLC_TOOLS_BENCHCOMMAND_H

/// `dlc bench MODEL [options]`; argv starts at MODEL.
int benchCommand(int argc, char **argv);

/// The usage lines of `dlc bench`.
const char *benchUsage();

#endif // DLC_TOOLS_BENCHCOMMAND_H
