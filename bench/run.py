"""dlc against its peers, side by side, in one run.

  /usr/bin/python3 bench/run.py [--build build] [--quick] [--only REGEX]
                                [--threads 1,2] [--json FILE]

Runs every benchmark as its own process, one after the other, and prints a
markdown table with one line per (work, thread count, peer):

  sgemm / gemm_tA / gemm_tB  C = A.B (bench/models/*gemm_*.onnx)  dlc vs OpenBLAS
  infer NETWORK bBATCH       one inference call                   dlc vs ONNX Runtime, PyTorch
  compiled NETWORK bBATCH    one call of `dlc compile --emit=lib`'s
                             library from C (bench/aot_bench.py)  dlc vs ONNX Runtime
  train NETWORK bBATCH       one training step (RMSprop)          dlc vs PyTorch

Speeds come from each side's median call: GFLOP/s for matrix products,
samples/s otherwise. "dlc / peer" is dlc's speed over the peer's, so above 1
means dlc is faster. Beside each speed is cpu/wall: CPU time (all threads)
beside wall time of a call; their ratio is how many cores were really busy.
Every process runs with OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set to the
row's thread count, so no library sizes a pool of its own beyond it.

dlc runs as `BUILD/tools/dlc/dlc bench MODEL --batch N --threads T
--iterations I --json [--train]`, which prints one JSON object with
compile_ms, median_us, p90_us, samples_per_s and cpu_us (CPU time per call;
without it the table shows the whole process's, marked *). A row whose
command fails shows n/a and the error's first line; the table is printed
regardless.

The models are exported by bench/export_models.py into bench/models/ on the
first run (delete that folder to export them again). The peers live in
bench/peers/; see bench/README.md.
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = os.path.join(HERE, "peers")

# Seconds one benchmark process may take before its row shows n/a.
TIMEOUT_S = 300
# Seconds of timed calls each benchmark aims for; see iterations_for().
BUDGET_S = {"full": 2.0, "quick": 0.3}
MAX_ITERATIONS = {"full": 2000, "quick": 300}

# (network, batch, rough seconds per call on one core of a recent x86 CPU).
# The estimate only sizes the iteration count; it does not need to be exact.
INFERENCE = [
    ("mlp", 1, 3e-5), ("mlp", 128, 1e-3),
    ("convnet", 1, 5e-4), ("convnet", 128, 2e-2),
    ("lstm", 1, 2e-3), ("lstm", 128, 2e-2),
    ("resnet18", 1, 4e-2), ("resnet18", 8, 3e-1),
    ("mobilenetv2", 1, 1e-2), ("mobilenetv2", 8, 8e-2),
]
# (network, batch, dlc's model file, rough seconds per training step).
TRAINING = [
    ("mlp", 128, "examples/models/fashion_mnist_mlp.pbtxt", 3e-3),
    ("convnet", 64, "examples/models/fashion_mnist_convnet.pbtxt", 3e-2),
]
# The matrix-product models' file names, as bench/export_models.py writes them.
GEMM_FILE = re.compile(r"^(sgemm|gemm_tA|gemm_tB)_(\d+)x(\d+)x(\d+)\.onnx$")
# OpenBLAS reaches about this many FLOP/s per core (only sizes iterations).
GEMM_FLOPS_PER_S = 1e11


@dataclass
class Row:
    """One piece of work, timed by dlc and by each of its peers.

    A command is the argument list of a process that prints one JSON line, or
    a string saying why that side cannot run (shown as n/a).
    """
    work: str                 # e.g. "infer resnet18 b8"
    threads: int
    unit: str                 # "GFLOP/s" or "samples/s"
    per_call: float           # GFLOP or samples per call: speed = per_call / median
    iterations: int           # timed calls of each side
    dlc: object               # command (list) or reason (str)
    peers: list = field(default_factory=list)  # [(peer name, command or reason)]

    @property
    def name(self):
        """What --only searches, e.g. "infer resnet18 b8 t2"."""
        return f"{self.work} t{self.threads}"


def iterations_for(seconds_per_call, mode):
    """Enough calls to fill the time budget, at least 3."""
    return max(3, min(MAX_ITERATIONS[mode], round(BUDGET_S[mode] / seconds_per_call)))


def gemm_rows(models, threads, mode, dlc, openblas):
    """Rows for every *gemm_MxNxK.onnx in `models`. `openblas` is the peer's
    command (without its arguments) or the reason it cannot run."""
    shapes = []
    for file_name in os.listdir(models):
        match = GEMM_FILE.match(file_name)
        if match:
            kind, m, n, k = match.group(1), *map(int, match.groups()[1:])
            shapes.append((kind != "sgemm", kind, m * n * k, m, n, k, file_name))
    rows = []
    for _, kind, _, m, n, k, file_name in sorted(shapes):  # plain sgemm first, small to large
        flops = 2.0 * m * n * k
        iterations = iterations_for(flops / GEMM_FLOPS_PER_S, mode)
        trans = ["1" if kind == "gemm_tA" else "0", "1" if kind == "gemm_tB" else "0"]
        for t in threads:
            # The shapes are static: --batch is there for the command's
            # uniformity and has nothing to bind.
            dlc_command = [dlc, "bench", os.path.join(models, file_name), "--batch", "1",
                           "--threads", str(t), "--iterations", str(iterations), "--json"]
            peer = (openblas if isinstance(openblas, str)
                    else openblas + [str(m), str(n), str(k), *trans, str(t), str(iterations)])
            rows.append(Row(f"{kind} {m}x{n}x{k}", t, "GFLOP/s", flops / 1e9, iterations,
                            dlc_command, [("OpenBLAS", peer)]))
    return rows


def ort_command(model, batch, threads, iterations):
    """ONNX Runtime's side of an inference row (peers/ort_bench.js)."""
    return ["node", os.path.join(PEERS, "ort_bench.js"), model, str(batch), str(threads),
            str(iterations)]


def inference_rows(models, threads, mode, dlc):
    rows = []
    for network, batch, seconds in INFERENCE:
        model = os.path.join(models, network + ".onnx")
        iterations = iterations_for(seconds, mode)
        for t in threads:
            settings = ["--batch", str(batch), "--threads", str(t), "--iterations", str(iterations)]
            ort = ort_command(model, batch, t, iterations)
            torch = [sys.executable, os.path.join(PEERS, "torch_bench.py"), network, *settings]
            rows.append(Row(f"infer {network} b{batch}", t, "samples/s", batch, iterations,
                            [dlc, "bench", model, *settings, "--json"],
                            [("ONNX Runtime", ort), ("PyTorch", torch)]))
    return rows


# Batch-1 latency of models compiled ahead of time into libraries, called
# from C (bench/aot_bench.py), against ONNX Runtime in its own process.
COMPILED = [("mlp", 1, 3e-5), ("convnet", 1, 5e-4), ("lstm", 1, 2e-3)]


def compiled_rows(models, threads, mode, dlc):
    rows = []
    for network, batch, seconds in COMPILED:
        model = os.path.join(models, network + ".onnx")
        iterations = iterations_for(seconds, mode)
        for t in threads:
            compiled = [sys.executable, os.path.join(HERE, "aot_bench.py"), dlc, model,
                        str(batch), str(t), str(iterations)]
            rows.append(Row(f"compiled {network} b{batch}", t, "samples/s", batch, iterations,
                            compiled, [("ONNX Runtime", ort_command(model, batch, t, iterations))]))
    return rows


def training_rows(threads, mode, dlc):
    rows = []
    for network, batch, model, seconds in TRAINING:
        iterations = iterations_for(seconds, mode)
        for t in threads:
            settings = ["--batch", str(batch), "--threads", str(t), "--iterations", str(iterations)]
            if os.path.exists(os.path.join(ROOT, model)):
                dlc_command = [dlc, "bench", os.path.join(ROOT, model), "--train", *settings, "--json"]
            else:
                dlc_command = f"no {model}"
            torch = [sys.executable, os.path.join(PEERS, "torch_bench.py"), network, "--train", *settings]
            rows.append(Row(f"train {network} b{batch}", t, "samples/s", batch, iterations,
                            dlc_command, [("PyTorch", torch)]))
    return rows


def build_openblas_peer(directory):
    """Compiles peers/sgemm_openblas.c; returns its command or why it failed."""
    binary = os.path.join(directory, "sgemm_openblas")
    compile_command = ["cc", "-O2", "-o", binary, os.path.join(PEERS, "sgemm_openblas.c"), "-lopenblas"]
    try:
        done = subprocess.run(compile_command, capture_output=True, text=True)
    except FileNotFoundError:
        return "no C compiler (cc)"
    if done.returncode != 0:
        return "cannot build sgemm_openblas.c: " + first_error_line(done.stderr)
    return [binary]


def first_error_line(text):
    """The line that says what went wrong: the first one, except for Python
    tracebacks, whose message is the last. A leading "error: " and the path
    of the model ("MODEL: ...") go: the table names the row already."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "no output"
    line = lines[-1] if lines[0].startswith("Traceback") else lines[0]
    line = line.removeprefix("error: ")
    path, separator, rest = line.partition(": ")
    return rest if separator and os.path.isfile(path) else line


def busy_cpu_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat:
    everything but idle and iowait; steal counts, as time taken from us)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def run_benchmark(command, threads):
    """Runs one benchmark process; returns (its JSON result, None) or (None, error)."""
    if isinstance(command, str):
        return None, command
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before = busy_cpu_seconds()
    start = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except FileNotFoundError:
        program = command[0]
        return None, f"no {os.path.relpath(program, ROOT) if os.path.isabs(program) else program}"
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT_S} s"
    wall = time.perf_counter() - start
    busy = busy_cpu_seconds() - busy_before
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        return None, first_error_line(done.stderr or done.stdout)
    result = None
    for line in done.stdout.splitlines():  # the last JSON object line wins
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict):
            result = parsed
    if result is None or not result.get("median_us"):
        return None, "no JSON line with median_us in the output"
    # The whole process's times, for commands that report no CPU time.
    result["process_cpu_s"] = (cpu_after.ru_utime - cpu_before.ru_utime
                               + cpu_after.ru_stime - cpu_before.ru_stime)
    result["process_wall_s"] = wall
    # Cores that other processes kept busy meanwhile: on a shared machine
    # this says which rows to distrust. /proc/stat counts in 10 ms ticks, too
    # coarse for a process shorter than a quarter second.
    if wall >= 0.25:
        result["other_cores"] = max(0.0, (busy - result["process_cpu_s"]) / wall)
    return result, None


def speed(row, result):
    return row.per_call / (result["median_us"] * 1e-6)


def format_speed(value):
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"


def format_cpu_wall(row, result):
    """CPU time (all threads) beside wall time of an average call, e.g.
    "2.01/1.00 ms". A result gives them as cpu_s and wall_s of all timed calls
    (the peers) or as cpu_us per call (dlc, whose median_us then stands for
    the wall time); else the whole process's times stand in, marked *."""
    marker = ""
    if "cpu_s" in result and "wall_s" in result:
        cpu_us, wall_us = (result[key] * 1e6 / row.iterations for key in ("cpu_s", "wall_s"))
    elif "cpu_us" in result:
        cpu_us, wall_us = result["cpu_us"], result.get("wall_us", result["median_us"])
    else:
        cpu_us, wall_us = (result[key] * 1e6 / row.iterations
                           for key in ("process_cpu_s", "process_wall_s"))
        marker = "*"
    larger = max(cpu_us, wall_us)
    scale, unit = (1e6, "s") if larger >= 1e6 else (1e3, "ms") if larger >= 1e3 else (1, "us")
    return f"{cpu_us / scale:.3g}/{wall_us / scale:.3g} {unit}{marker}"


def not_available(error):
    """A table cell for a failed side: n/a and the error, kept short."""
    error = error.replace("|", "/")
    return "n/a: " + (error if len(error) <= 70 else error[:67] + "...")


def table_lines(row, dlc, peers):
    """Markdown lines of one row: one per peer. dlc and each peer are
    (result, error) pairs as run_benchmark returns them."""
    dlc_result, dlc_error = dlc
    if dlc_result:
        dlc_cells = [format_speed(speed(row, dlc_result)), format_cpu_wall(row, dlc_result),
                     f"{dlc_result['compile_ms']:.0f}" if "compile_ms" in dlc_result else ""]
    else:
        dlc_cells = [not_available(dlc_error), "", ""]
    lines = []
    for peer_name, (result, error) in peers:
        if result:
            peer_cells = [format_speed(speed(row, result)), format_cpu_wall(row, result)]
            ratio = f"{speed(row, dlc_result) / speed(row, result):.3g}" if dlc_result else "n/a"
        else:
            peer_cells, ratio = [not_available(error), ""], "n/a"
        other = [r["other_cores"] for r in (dlc_result, result) if r and "other_cores" in r]
        cells = [row.work, str(row.threads), row.unit, dlc_cells[0], peer_name, peer_cells[0],
                 ratio, dlc_cells[1], peer_cells[1], dlc_cells[2],
                 f"{max(other):.2f}" if other else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def cpu_description():
    model = "unknown CPU"
    flags = []
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            key, _, value = line.partition(":")
            if key.strip() == "model name" and model == "unknown CPU":
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = [f for f in ("avx2", "fma", "avx512f", "avx512_bf16", "amx_tile")
                         if f in value.split()]
    return f"{model}, {os.cpu_count()} logical CPUs ({' '.join(flags) or 'no AVX2'})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"), help="dlc's build directory")
    parser.add_argument("--quick", action="store_true", help="fewer iterations (about 0.3 s of calls each)")
    parser.add_argument("--only", metavar="REGEX",
                        help='rows whose "WORK tTHREADS" matches, e.g. "sgemm|infer mlp"')
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    parser.add_argument("--models", default=os.path.join(HERE, "models"), help="where the ONNX models are")
    parser.add_argument("--json", metavar="FILE", help="also write every raw result to FILE")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    threads = [int(t) for t in args.threads.split(",")]
    dlc = os.path.join(os.path.abspath(args.build), "tools", "dlc", "dlc")
    models = os.path.abspath(args.models)
    load_before = os.getloadavg()[0]  # a busy machine skews every number
    if load_before > 0.5:
        print(f"warning: load average {load_before:.2f}: other processes will skew the numbers",
              file=sys.stderr)

    if not all(os.path.exists(os.path.join(models, n + ".onnx")) for n, _, _ in INFERENCE):
        print(f"exporting the models into {models} ...", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "export_models.py"), "--out", models],
                       check=True, stdout=sys.stderr)

    with tempfile.TemporaryDirectory() as scratch:
        rows = (gemm_rows(models, threads, mode, dlc, build_openblas_peer(scratch))
                + inference_rows(models, threads, mode, dlc)
                + compiled_rows(models, threads, mode, dlc)
                + training_rows(threads, mode, dlc))
        if args.only:
            rows = [row for row in rows if re.search(args.only, row.name)]

        lines, raw, versions = [], [], {}
        for number, row in enumerate(rows, 1):
            dlc_outcome = run_benchmark(row.dlc, row.threads)
            peers = [(name, run_benchmark(command, row.threads)) for name, command in row.peers]
            for name, (result, _) in peers:
                if result and "version" in result:
                    versions[name] = result["version"]
            lines += table_lines(row, dlc_outcome, peers)
            raw.append({"work": row.work, "threads": row.threads, "unit": row.unit,
                        "dlc": dlc_outcome[0] or {"error": dlc_outcome[1]},
                        "peers": {name: result or {"error": error} for name, (result, error) in peers}})
            print(f"[{number}/{len(rows)}] {row.name}", file=sys.stderr)

    print(f"CPU: {cpu_description()}; load average before the run {load_before:.2f}")
    print(f"threads: {', '.join(map(str, threads))} (each row: dlc --threads, OpenBLAS threads, "
          "ONNX Runtime intra-op threads, torch.set_num_threads; OMP_NUM_THREADS and "
          "OPENBLAS_NUM_THREADS set to match)")
    print(f"peers: {'; '.join(versions.values()) or 'none ran'}")
    print(f"dlc: {dlc}; iterations: {mode}\n")
    print("| work | threads | unit | dlc | peer | peer speed | dlc / peer "
          "| dlc cpu/wall per call | peer cpu/wall per call | dlc compile ms | other load |")
    print("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(lines))
    print("\ncpu/wall: CPU time of all threads beside wall time, per timed call "
          "(* = the whole process's over the calls, compile and warm-up included).\n"
          "other load: cores that other processes kept busy during the row's runs "
          "(the larger of dlc's and the peer's); above ~0.1 the row is skewed.")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"cpu": cpu_description(), "mode": mode, "rows": raw}, out, indent=1)


if __name__ == "__main__":
    main()
