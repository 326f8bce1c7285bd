"""Training throughput of the chapter-2 MLP (784-512-10, RMSprop, batch 128)
on Fashion-MNIST: dlc (`dlc train`, the compiled step) against PyTorch 1.13
on the same CPU, in the same run. Prints samples/s of each and the ratio.

  /usr/bin/python3 bench/train_mlp_vs_torch.py [BUILD_DIR] [--epochs N]

Run it on an otherwise idle machine; the ratio, not the absolute numbers, is
what carries over between machines.
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(name):
    path = os.path.join(DATA, name)
    opener = gzip.open if path.endswith(".gz") else open
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path, opener = path + ".gz", gzip.open
    with opener(path, "rb") as file:
        data = file.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def dlc_samples_per_second(build_dir, epochs):
    model = os.path.join(ROOT, "examples/models/fashion_mnist_mlp.pbtxt")
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        output = subprocess.run(
            [os.path.join(build_dir, "tools/dlc/dlc"), "train", model,
             "--data", "fashion-mnist", "--epochs", str(epochs),
             "--history", os.path.join(work, "history.csv")],
            check=True, capture_output=True, text=True).stdout
        total = time.perf_counter() - start
    rates = [float(r) for r in re.findall(r"(\d+) samples/s", output)]
    # The first epoch includes JIT compilation; report the steady state.
    return rates[-1], total


def torch_samples_per_second(epochs, threads):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    images = torch.from_numpy(
        read_idx("train-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255)
    labels = torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(),
                                torch.nn.Linear(512, 10))
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    rate = 0.0
    for _ in range(epochs):
        order = torch.randperm(len(images))
        start = time.perf_counter()
        for begin in range(0, len(images), 128):
            batch = order[begin:begin + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(images[batch]), labels[batch])
            loss.backward()
            optimizer.step()
        rate = len(images) / (time.perf_counter() - start)
    return rate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    dlc_rate, dlc_total = dlc_samples_per_second(args.build_dir, args.epochs)
    # dlc's compiled step runs on one thread; PyTorch is measured both ways.
    torch_one = torch_samples_per_second(args.epochs, 1)
    torch_all = torch_samples_per_second(args.epochs, os.cpu_count())
    print(f"dlc:     {dlc_rate:10.0f} samples/s  ({dlc_total:.1f} s for {args.epochs} epochs, compile included)")
    print(f"pytorch: {torch_one:10.0f} samples/s  (1 thread)")
    print(f"pytorch: {torch_all:10.0f} samples/s  ({os.cpu_count()} threads)")
    print(f"dlc / pytorch: {dlc_rate / torch_one:.2f} (1 thread), "
          f"{dlc_rate / torch_all:.2f} ({os.cpu_count()} threads)")


if __name__ == "__main__":
    sys.exit(main())
