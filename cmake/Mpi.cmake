# MPI, for data-parallel training (runtime/include/dlc/Runtime/ProcessGroup.h):
# optional. Where it is found, the runtime builds its MPI plugin and the
# tests run pairs of processes with DLC_MPIRUN under DLC_MPI_ENVIRONMENT.
find_package(MPI COMPONENTS C QUIET)
if(MPI_C_FOUND)
  set(DLC_HAVE_MPI ON)
  set(DLC_MPIRUN ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2)
  # Open MPI's settings (other MPIs ignore them): two processes on one core
  # are allowed, as is root in a container, and they talk over the
  # loopback interface only.
  set(DLC_MPI_ENVIRONMENT
    OMPI_MCA_rmaps_base_oversubscribe=1
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=lo
    OMPI_MCA_oob_tcp_if_include=lo)
  # Under AddressSanitizer, processes that start MPI do not check for leaks:
  # Open MPI leaves memory behind at exit, and its libraries lack the frame
  # pointers that would let suppressions name them (the slow unwinder,
  # which could, deadlocks against the JIT's registered frames). dlc's own
  # leaks are checked by every other test.
  if(DLC_SANITIZERS MATCHES "address")
    list(APPEND DLC_MPI_ENVIRONMENT ASAN_OPTIONS=detect_leaks=0:halt_on_error=1)
  endif()
  # The launcher for lit tests, on one line (test/lit.cfg.py's %mpiexec).
  if(MPIEXEC_EXECUTABLE)
    string(JOIN " " DLC_MPIEXEC_COMMAND env ${DLC_MPI_ENVIRONMENT}
      ${MPIEXEC_EXECUTABLE})
  endif()
else()
  set(DLC_HAVE_MPI OFF)
  message(STATUS "MPI not found: dlc trains in one process only")
endif()
