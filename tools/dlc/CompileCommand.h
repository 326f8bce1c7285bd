//===- CompileCommand.h - `dlc compile` ---------------------------*- C++ -*-===//
#ifndef DLC_TOOLS_COMPILECOMMAND_H
#define DLC_TOOLS_COMPILECOMMAND_H

/// `dlc compile MODEL -o OUT [options]`; argv starts at MODEL.
int compileCommand(int argc, char **argv);

/// The usage lines of `dlc compile`.
const char *compileUsage();

#endif // DLC_TOOLS_COMPILECOMMAND_H
