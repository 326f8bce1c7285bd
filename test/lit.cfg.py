# -*- Python -*-
# Main lit configuration of the dlc FileCheck tests (passes, lowerings, tools).
# The build writes lit.site.cfg.py (from lit.site.cfg.py.in), which sets the
# build paths and loads this file.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")

# Not lit tests: the GoogleTest suites and the build glue.
config.excludes = ["unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs"]
# The torchvision networks (test/models) take minutes; they run as a ctest of
# their own (label `models`), with `lit --param models=1 build/test/models`.
if not lit_config.params.get("models"):
    config.excludes.append("models")

llvm_config.with_system_environment(
    ["HOME", "DLC_DATA_HOME", "INCLUDE", "LIB", "TMP", "TEMP",
     "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"])
# FileCheck, not, count, split-file, %python...
llvm_config.use_default_substitutions()

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(
    ("%onnx_data", "/usr/share/libonnx-testdata/data/node"))
config.substitutions.append(
    ("%examples", os.path.join(config.dlc_src_root, "examples")))
config.substitutions.append(("%dlc_build", config.dlc_obj_root))
# C programs built by tests against dlc's libraries (scripts/sanitize.sh).
config.substitutions.append(("%sanitizer_flags", config.sanitizer_link_flags))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))
# Data-parallel tests run processes under MPI's launcher: %mpirun starts
# two of one program, %mpiexec takes the launcher's own arguments. Without
# MPI the tests are unsupported.
if config.mpiexec:
    config.available_features.add("mpi")
    config.substitutions.append(
        ("%mpirun", config.mpiexec + " " + config.mpiexec_count_flag + " 2"))
    config.substitutions.append(("%mpiexec", config.mpiexec))
    config.substitutions.append(("%mpi_count", config.mpiexec_count_flag))

tool_dirs = [
    os.path.join(config.dlc_obj_root, "tools", "dlc-opt"),
    os.path.join(config.dlc_obj_root, "tools", "dlc"),
    os.path.join(config.dlc_obj_root, "examples"),
    config.llvm_tools_dir,
]
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["dlc-opt", "dlc", "fashion_mnist_mlp", "boston_housing_kfold",
     "fashion_mnist_regularized", "fashion_mnist_convnet",
     "fashion_mnist_residual", "fashion_mnist_ensemble",
     "fashion_mnist_augmentation", "spam_classifiers", "text_generation",
     "fashion_mnist_multi_output", "mnist_transfer",
     "timeseries_forecasting", "fashion_mnist_vae", "fashion_mnist_gan"],
    tool_dirs)

# Data sets fetched through npm by scripts/fetch_datasets.sh (dataHome() of
# dlc/Runtime/TextDatasets.h); tests that need one say REQUIRES.
data_home = os.environ.get("DLC_DATA_HOME") or os.path.join(
    os.path.expanduser("~"), ".cache", "dlc")
if os.path.isdir(os.path.join(data_home, "spam-assassin")):
    config.available_features.add("spam-assassin")
if shutil.which("dot"):
    config.available_features.add("graphviz")
if os.path.isdir(os.path.join(data_home, "mnist-digits")):
    config.available_features.add("mnist-digits")
if os.path.isfile(os.path.join(data_home, "bible-kjv.txt")):
    config.available_features.add("bible-kjv")
