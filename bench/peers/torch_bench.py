"""Times PyTorch (eager, CPU) on one of the benchmark's networks.

  /usr/bin/python3 bench/peers/torch_bench.py NETWORK --batch N --threads T --iterations I [--train]

NETWORK is mlp, convnet, lstm, resnet18 or mobilenetv2: the very modules that
bench/export_models.py exports (same code, same seeds).

Inference runs the network in eval mode under torch.inference_mode() on
random inputs (token ids in [0, 1000) for the LSTM). --train instead times
training steps (forward, loss, backward, optimizer update) of mlp or convnet:
RMSprop with lr 1e-3 and Keras's rho 0.9 and epsilon 1e-7, sparse categorical
crossentropy (PyTorch's CrossEntropyLoss on the logits, i.e. the network
without its final softmax), random images and labels.

After a few untimed warm-up calls, I calls are timed one by one. Prints one
JSON line:

  {"median_us":..,"p90_us":..,"samples_per_s":..,"cpu_s":..,"wall_s":..,"version":..}

cpu_s (time.process_time: every thread of the process) and wall_s cover all
timed calls together, so cpu_s / wall_s is the number of cores kept busy.
PyTorch's matrix products go through OpenBLAS, whose thread pool
torch.set_num_threads does not size: set OPENBLAS_NUM_THREADS=T (and
OMP_NUM_THREADS=T) in the environment, as bench/run.py does, or a
one-thread run may keep a second core busy.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from export_models import build_network  # noqa: E402  (needs the path above)

WARMUP_CALLS = 2


def inference_call(network, batch):
    """A function running one forward pass at `batch` on fixed random inputs."""
    module, _, example = build_network(network)
    shape = (batch,) + tuple(example.shape[1:])
    if example.dtype == torch.int64:
        inputs = torch.randint(0, 1000, shape)
    else:
        inputs = torch.rand(shape)

    def call():
        with torch.inference_mode():
            module(inputs)
    return call


def training_step(network, batch):
    """A function running one RMSprop training step at `batch`."""
    if network not in ("mlp", "convnet"):
        raise ValueError(f"training is benchmarked for mlp and convnet, not {network}")
    module, _, example = build_network(network)
    logits = module[:-1].train()  # the Sequential without its final Softmax
    images = torch.rand((batch,) + tuple(example.shape[1:]))
    labels = torch.randint(0, 10, (batch,))
    optimizer = torch.optim.RMSprop(logits.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(logits(images), labels).backward()
        optimizer.step()
    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("network")
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--iterations", type=int, required=True)
    parser.add_argument("--train", action="store_true", help="time training steps instead of inference")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    make = training_step if args.train else inference_call
    call = make(args.network, args.batch)
    for _ in range(WARMUP_CALLS):
        call()

    call_us = []
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for _ in range(args.iterations):
        start = time.perf_counter()
        call()
        call_us.append((time.perf_counter() - start) * 1e6)
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start

    call_us.sort()
    median = statistics.median(call_us)
    print(json.dumps({
        "median_us": round(median, 1),
        "p90_us": round(call_us[round(0.9 * (len(call_us) - 1))], 1),
        "samples_per_s": round(args.batch * 1e6 / median, 1),
        "cpu_s": round(cpu, 4),
        "wall_s": round(wall, 4),
        "version": f"PyTorch {torch.__version__}",
    }))


if __name__ == "__main__":
    main()
