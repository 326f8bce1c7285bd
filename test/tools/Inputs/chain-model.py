"""Writes a model of N Relu nodes in a chain, and its input [1, -1].

usage: chain-model.py N MODEL.pbtxt INPUT.npy
"""
import sys

import numpy as np

count, model, data = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lines = ["format_version: 1", "opset_version: 13", "graph {",
         '  inputs { name: "v0" dtype: FLOAT32 shape { size: 2 } }',
         f'  outputs {{ name: "v{count}" dtype: FLOAT32 shape {{ size: 2 }} }}']
lines += [f'  nodes {{ op: "Relu" inputs: "v{i}" outputs: "v{i + 1}" }}'
          for i in range(count)]
lines.append("}")
with open(model, "w") as file:
    file.write("\n".join(lines) + "\n")
np.save(data, np.array([1, -1], np.float32))
