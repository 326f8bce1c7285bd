#!/usr/bin/python3
"""Checks an ONNX file with ONNX's own checker and prints what a reader sees.

    /usr/bin/python3 check-onnx.py MODEL.onnx

The checker (Debian's python3-onnx) is a consumer independent of dlc's reader:
it runs full_check, which also infers the type of every value. Exits non-zero
with the checker's message when the model is invalid.
"""
import sys

import onnx
import onnx.checker


def describe(value):
    tensor = value.type.tensor_type
    dims = [d.dim_param if d.HasField("dim_param")
            else str(d.dim_value) if d.HasField("dim_value") else "?"
            for d in tensor.shape.dim]
    return "%s %s [%s]" % (value.name,
                           onnx.TensorProto.DataType.Name(tensor.elem_type),
                           ", ".join(dims))


model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
opsets = ", ".join("%s %d" % (o.domain or "ai.onnx", o.version)
                   for o in model.opset_import)
print("valid: ir_version %d, opset %s, producer %s" %
      (model.ir_version, opsets, model.producer_name))
print("graph: %s, %d nodes, %d initializers" %
      (model.graph.name, len(model.graph.node), len(model.graph.initializer)))
for value in model.graph.input:
    print("input:", describe(value))
for value in model.graph.output:
    print("output:", describe(value))
for entry in model.metadata_props:
    # One line per entry: the text-format values span several.
    print("metadata %s: %s" % (entry.key, " ".join(entry.value.split())))
