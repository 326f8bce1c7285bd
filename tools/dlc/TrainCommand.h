//===- TrainCommand.h - `dlc train` and `dlc evaluate` ------------*- C++ -*-===//
#ifndef DLC_TOOLS_TRAINCOMMAND_H
#define DLC_TOOLS_TRAINCOMMAND_H

#include <string>

/// `dlc train MODEL --data DATA [options]`; argv starts at MODEL.
int trainCommand(int argc, char **argv);
/// `dlc evaluate MODEL --data DATA [options]`; argv starts at MODEL.
int evaluateCommand(int argc, char **argv);
/// The usage lines of both commands.
std::string trainUsage();

#endif // DLC_TOOLS_TRAINCOMMAND_H
