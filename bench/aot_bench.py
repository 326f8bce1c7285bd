"""One benchmark of a model compiled ahead of time, for bench/run.py.

  /usr/bin/python3 bench/aot_bench.py DLC MODEL BATCH THREADS ITERATIONS

Compiles MODEL into a shared library (`dlc compile --emit=lib`), builds
bench/aot/latency.c against it with the C compiler, and runs it: the model
called through its C interface, in a process with no LLVM. Prints one JSON
line: compile_ms (the `dlc compile` process, linking included), median_us,
p90_us, cpu_us and samples_per_s.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    dlc, model, batch, threads, iterations = sys.argv[1:]
    with tempfile.TemporaryDirectory() as directory:
        library = os.path.join(directory, "libmodel.so")
        start = time.monotonic()
        subprocess.run([dlc, "compile", model, "--emit=lib", "--batch", batch,
                        "-o", library], check=True)
        compile_ms = (time.monotonic() - start) * 1e3
        program = os.path.join(directory, "latency")
        compiler = os.environ.get("CC", "clang-22")
        subprocess.run([compiler, "-O2", "-o", program,
                        os.path.join(HERE, "aot", "latency.c"), f"-I{directory}",
                        f"-L{directory}", "-lmodel"], check=True)
        environment = dict(os.environ, LD_LIBRARY_PATH=directory)
        done = subprocess.run([program, threads, iterations], check=True,
                              capture_output=True, text=True, env=environment)
    result = json.loads(done.stdout)
    result["compile_ms"] = compile_ms
    print(json.dumps(result))


if __name__ == "__main__":
    main()
