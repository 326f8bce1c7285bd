//===- MpiPlugin.h - What dlc's MPI plugin exports -------------*- C++ -*-===//
//
// The runtime loads libdlc-mpi.so (runtime/lib/Mpi) with dlopen when an MPI
// launcher started the process, and finds this one function in it.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_MPIPLUGIN_H
#define DLC_RUNTIME_MPIPLUGIN_H

#include "dlc/Runtime/ProcessGroup.h"

#include <cstddef>

#define DLC_MPI_PLUGIN_ENTRY "dlc_create_mpi_process_group"

/// Initializes MPI and returns its world as a process group (owned by the
/// caller; deleting it finalizes MPI), or null with the reason written to
/// `error` (`errorSize` bytes, terminated). Collectives that wait longer
/// than `timeoutSeconds` fail.
extern "C" dlc::ProcessGroup *
dlc_create_mpi_process_group(double timeoutSeconds, char *error,
                             std::size_t errorSize);
using MpiPluginEntry = decltype(&dlc_create_mpi_process_group);

#endif // DLC_RUNTIME_MPIPLUGIN_H
