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
    OMPI_MCA_oob_tcp_if_include=lo
    # Components stay loaded to the end, so that leak reports name them.
    OMPI_MCA_mca_base_component_disable_dlclose=1
    PMIX_MCA_mca_base_component_disable_dlclose=1)
  # Under AddressSanitizer, what MPI's libraries leak is not dlc's: it is
  # suppressed, found by the slow unwinder (they lack frame pointers).
  if(DLC_SANITIZERS MATCHES "address")
    list(APPEND DLC_MPI_ENVIRONMENT
      "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/MpiLeaks.supp:fast_unwind_on_malloc=0")
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
