# Builds of dlc for finding memory errors and for fuzzing (scripts/sanitize.sh,
# scripts/fuzz.sh). Both instrument dlc's own code only: LLVM, MLIR and
# protobuf are Debian's uninstrumented libraries, which AddressSanitizer and
# UndefinedBehaviorSanitizer allow.
#
#   -DDLC_SANITIZERS=address,undefined   instrument every dlc target
#   -DDLC_BUILD_FUZZERS=ON               add libFuzzer's coverage and build
#                                        the targets of test/fuzz
set(DLC_SANITIZERS "" CACHE STRING
    "Comma-separated -fsanitize= list for dlc's code (e.g. address,undefined)")
option(DLC_BUILD_FUZZERS "Build the libFuzzer targets of test/fuzz" OFF)

# What programs and libraries linked with the runtime archives (dlc compile)
# must add, since those archives are instrumented too.
set(DLC_SANITIZER_LINK_FLAGS "")
if(DLC_SANITIZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DLC_SANITIZERS needs clang (clang++-22)")
  endif()
  set(DLC_SANITIZER_LINK_FLAGS "-fsanitize=${DLC_SANITIZERS}")
  # A report stops the program (a test fails) instead of scrolling past;
  # frame pointers give complete stacks at little cost.
  add_compile_options(-fsanitize=${DLC_SANITIZERS}
                      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${DLC_SANITIZERS})
endif()
if(DLC_BUILD_FUZZERS)
  # The coverage callbacks come with the sanitizers' runtimes, which every
  # program of the build then links.
  if(NOT DLC_SANITIZERS)
    message(FATAL_ERROR "DLC_BUILD_FUZZERS needs DLC_SANITIZERS "
                        "(e.g. address,undefined)")
  endif()
  # Coverage feedback in every dlc library; only the targets link libFuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
