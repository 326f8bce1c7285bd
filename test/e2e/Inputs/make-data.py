"""Writes small data directories (x_train.npy, y_train.npy, x_test.npy,
y_test.npy) for the dlc train tests.

  make-data.py blobs DIR       3 Gaussian blobs in 4-D, 600 + 150 samples
  make-data.py bad-labels DIR  as blobs, with a class index of 12
  make-data.py infinite DIR    as blobs, with an infinite feature
  make-data.py idx DIR         as blobs, as IDX files: features quantized to
                               uint8 (gzip'd), labels uint8
  make-data.py tokens DIR      128 int64 token sequences [20] in [0, 1000),
                               binary float labels [1]: is token 0 below 500
  make-data.py sequences DIR   128 float sequences [12, 8] in [0, 1), binary
                               float labels [1]: is the mean above 0.5
  make-data.py two-heads DIR   blobs for blobs-two-heads.pbtxt: inputs
                               x_*.left/right (features 0-1, 2-3), labels
                               y_*.class and y_*.total (the features' sum)
"""
import gzip
import os
import sys

import numpy as np


def blobs(rng, count):
    centers = np.array([[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]], np.float32)
    labels = rng.integers(0, 3, count)
    features = centers[labels] + rng.normal(0, 0.5, (count, 4))
    return features.astype(np.float32), labels.astype(np.int64)


def idx_bytes(array):
    """The IDX format: 0, 0, type 0x08 (uint8), rank, big-endian dims, data."""
    header = bytes([0, 0, 0x08, array.ndim])
    for dim in array.shape:
        header += int(dim).to_bytes(4, "big")
    return header + array.astype(np.uint8).tobytes()


def write_idx_split(directory, split, features, labels):
    pixels = np.clip(np.round(features * 40 + 128), 0, 255)
    with gzip.open(os.path.join(directory, f"x_{split}.idx"), "wb") as file:
        file.write(idx_bytes(pixels))
    with open(os.path.join(directory, f"y_{split}.idx"), "wb") as file:
        file.write(idx_bytes(labels))


def save_train(directory, features, labels):
    np.save(os.path.join(directory, "x_train.npy"), features)
    np.save(os.path.join(directory, "y_train.npy"), labels)


def main():
    kind, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(0)
    x_train, y_train = blobs(rng, 600)
    x_test, y_test = blobs(rng, 150)
    if kind == "bad-labels":
        y_train[7] = 12
    elif kind == "infinite":
        x_train[:, 0] = np.inf
    elif kind == "idx":
        write_idx_split(directory, "train", x_train, y_train)
        write_idx_split(directory, "test", x_test, y_test)
        return
    elif kind == "tokens":
        tokens = rng.integers(0, 1000, (128, 20)).astype(np.int64)
        save_train(directory, tokens, (tokens[:, :1] < 500).astype(np.float32))
        return
    elif kind == "sequences":
        sequences = rng.random((128, 12, 8)).astype(np.float32)
        labels = sequences.mean(axis=(1, 2))[:, None] > 0.5
        save_train(directory, sequences, labels.astype(np.float32))
        return
    elif kind == "two-heads":
        for split, x, y in [("train", x_train, y_train),
                            ("test", x_test, y_test)]:
            arrays = {"x_%s.left": x[:, :2], "x_%s.right": x[:, 2:],
                      "y_%s.class": y, "y_%s.total": x.sum(1, keepdims=True)}
            for stem, array in arrays.items():
                np.save(os.path.join(directory, stem % split + ".npy"),
                        np.ascontiguousarray(array))
        return
    elif kind != "blobs":
        sys.exit("unknown kind " + kind)
    for name, array in [("x_train", x_train), ("y_train", y_train),
                        ("x_test", x_test), ("y_test", y_test)]:
        np.save(os.path.join(directory, name + ".npy"), array)


main()
