"""Data-parallel training against one process, on the same cores, in one run.

  /usr/bin/python3 bench/data_parallel.py [--build build] [--epochs N]
                                          [--cores C] [--models mlp,convnet]

For each of the book's ch-2 MLP and ch-5 convnet on Fashion-MNIST, trains
with `dlc train` twice on the same C cores: one process with C threads, then
`mpirun -np C` processes of one thread each (docs/data-parallel.md). Prints
a markdown table: wall time, the last epoch's samples/s, CPU seconds (all
processes), test accuracy, and the data-parallel run's speed over the single
process's. The all-reduce moves the bytes docs/data-parallel.md lists per
step; on one machine it goes over the loopback interface.
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

MODELS = {
    "mlp": "examples/models/fashion_mnist_mlp.pbtxt",
    "convnet": "examples/models/fashion_mnist_convnet.pbtxt",
}

# Open MPI's settings of cmake/Mpi.cmake: loopback only, root allowed.
MPI_ENVIRONMENT = {
    "OMPI_MCA_rmaps_base_oversubscribe": "1",
    "OMPI_ALLOW_RUN_AS_ROOT": "1",
    "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    "OMPI_MCA_btl": "self,tcp",
    "OMPI_MCA_btl_tcp_if_include": "lo",
    "OMPI_MCA_oob_tcp_if_include": "lo",
}


def train(command, environment):
    """Runs one training; returns (wall s, CPU s, samples/s, accuracy)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(command, env=environment, capture_output=True,
                            text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                before.ru_stime)
    speeds = re.findall(r"(\d+) samples/s", result.stdout)
    accuracy = re.search(r"test accuracy: ([0-9.]+)", result.stdout)
    return wall, cpu, int(speeds[-1]), float(accuracy.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--models", default="mlp,convnet")
    args = parser.parse_args()
    dlc = os.path.join(args.build, "tools", "dlc", "dlc")
    environment = dict(os.environ, **MPI_ENVIRONMENT)
    # Histories go to a scratch folder (written atomically, by rename).
    scratch = tempfile.mkdtemp(prefix="dlc-data-parallel-")
    print(f"{args.cores} cores, {args.epochs} epochs each\n")
    print("| model | run | wall s | samples/s (last epoch) | CPU s | "
          "test accuracy | speed over one process |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in args.models.split(","):
        common = [dlc, "train", MODELS[name], "--data", "fashion-mnist",
                  "--epochs", str(args.epochs), "--seed", "1",
                  "--history", os.path.join(scratch, "history.csv")]
        one = train(common + ["--threads", str(args.cores)], environment)
        many = train(["mpiexec", "-n", str(args.cores)] + common +
                     ["--threads", "1"], environment)
        for label, run in [(f"1 process x {args.cores} threads", one),
                           (f"{args.cores} processes x 1 thread", many)]:
            wall, cpu, speed, accuracy = run
            print(f"| {name} | {label} | {wall:.1f} | {speed} | {cpu:.1f} | "
                  f"{accuracy:.4f} | {speed / one[2]:.2f} |")


if __name__ == "__main__":
    main()
