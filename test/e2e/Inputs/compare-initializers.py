"""Compares the initializers of two ONNX models bit for bit.

usage: compare-initializers.py A.onnx B.onnx
Prints "N initializers identical" and exits 0, or names each initializer
that is missing from one model or differs, and exits 1.
"""
import sys

import onnx
from onnx import numpy_helper


def initializers(path):
    model = onnx.load(path)
    return {tensor.name: numpy_helper.to_array(tensor)
            for tensor in model.graph.initializer}


first, second = (initializers(path) for path in sys.argv[1:3])
problems = []
for name in sorted(set(first) | set(second)):
    if name not in first or name not in second:
        problems.append(f"{name}: only in one model")
    elif (first[name].dtype != second[name].dtype
          or first[name].shape != second[name].shape
          or first[name].tobytes() != second[name].tobytes()):
        problems.append(f"{name}: differs")
for problem in problems:
    print(problem)
if problems:
    sys.exit(1)
print(f"{len(first)} initializers identical")
