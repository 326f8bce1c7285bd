"""Writes 7-sample inputs for the PyTorch models of test/e2e/torch.

usage: seven-samples.py TORCH_DIR OUT_DIR
OUT_DIR/NAME.npy repeats the rows of TORCH_DIR/NAME_input.npy to 7.
"""
import os
import sys

import numpy

source, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
for name in ("mlp", "convnet", "lstm"):
    rows = numpy.load(os.path.join(source, f"{name}_input.npy"))
    numpy.save(os.path.join(out, f"{name}.npy"),
               rows[numpy.arange(7) % rows.shape[0]])
