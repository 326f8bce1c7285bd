"""Export the benchmark's ONNX models (opset 13) into one directory.

  /usr/bin/python3 bench/export_models.py [--out bench/models]

Two kinds of model:

* Networks, built in PyTorch with random weights from a fixed seed, exported
  with a dynamic batch axis (axis 0 of every input and output is "batch"):
    mlp.onnx          chapter 2: 784-512 relu, 10 softmax       pixels [N,784]
    convnet.onnx      chapter 5: 3 convs, 2 max-pools, 2 dense  images [N,1,28,28]
    lstm.onnx         embedding + LSTM(32) + dense sigmoid      tokens int64 [N,200]
    resnet18.onnx     torchvision resnet18                      images [N,3,224,224]
    mobilenetv2.onnx  torchvision mobilenet_v2                  images [N,3,224,224]
  bench/peers/torch_bench.py imports `build_network` from here, so PyTorch
  runs exactly the networks that dlc and ONNX Runtime load from the files.

* Single matrix products with static shapes, written with onnx.helper. A and B
  are both graph inputs, so no compiler can constant-fold or pre-pack B:
    sgemm_MxNxK.onnx     MatMul   C[M,N] = A[M,K] . B[K,N]
    gemm_tA_MxNxK.onnx   Gemm transA=1, A stored as [K,M]
    gemm_tB_MxNxK.onnx   Gemm transB=1, B stored as [N,K]
  bench/run.py reads M, N, K and the transposition back from these file names.
"""
import argparse
import os
import warnings

import onnx
import onnx.helper
import onnx.numpy_helper
import torch
import torchvision

OPSET = 13
HERE = os.path.dirname(os.path.abspath(__file__))

# (M, N, K, transA, transB) of each matrix-product model. The last four are the
# chapter-2 MLP's products at batch 128: its two forward layers, then two of
# its backward pass: the first layer's weight gradient dW1 = X^T . dZ1 and the
# hidden layer's gradient dH = dZ2 . W2^T.
GEMMS = [
    (512, 512, 512, False, False),
    (1024, 1024, 1024, False, False),
    (2048, 2048, 2048, False, False),
    (1024, 1024, 1024, True, False),
    (1024, 1024, 1024, False, True),
    (128, 512, 784, False, False),
    (128, 10, 512, False, False),
    (784, 512, 128, True, False),
    (128, 512, 10, False, True),
]


class LstmClassifier(torch.nn.Module):
    """IMDB-style sentiment model: the LSTM's last hidden state -> P(positive)."""

    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(10000, 32)
        self.lstm = torch.nn.LSTM(32, 32, batch_first=True)
        self.dense = torch.nn.Linear(32, 1)

    def forward(self, tokens):
        _, (hidden, _) = self.lstm(self.embedding(tokens))
        return torch.sigmoid(self.dense(hidden[-1]))


def build_network(name):
    """Returns (module in eval mode, input name, example input at batch 2).

    Each network has its own seed, so its weights are the same in every run
    and do not depend on which other networks were built before it.
    """
    torch.manual_seed({"mlp": 1, "convnet": 2, "lstm": 3, "resnet18": 4, "mobilenetv2": 5}[name])
    nn = torch.nn
    if name == "mlp":
        module = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10), nn.Softmax(dim=1))
        return module.eval(), "pixels", torch.rand(2, 784)
    if name == "convnet":
        module = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))
        return module.eval(), "images", torch.rand(2, 1, 28, 28)
    if name == "lstm":
        return LstmClassifier().eval(), "tokens", torch.randint(0, 10000, (2, 200))
    if name == "resnet18":
        return torchvision.models.resnet18(weights=None).eval(), "images", torch.rand(2, 3, 224, 224)
    if name == "mobilenetv2":
        return torchvision.models.mobilenet_v2(weights=None).eval(), "images", torch.rand(2, 3, 224, 224)
    raise ValueError(f"unknown network {name!r}")


NETWORKS = ["mlp", "convnet", "lstm", "resnet18", "mobilenetv2"]


def drop_zero_lstm_state(graph):
    """Leaves out LSTM initial states that are all zeros; returns whether any was.

    The exporter builds the LSTM's zero initial state from the input's shape
    (Shape -> Gather -> Concat -> ConstantOfShape), because the batch is
    dynamic. ONNX's LSTM starts from zeros when initial_h and initial_c are
    left out, so the model stays the same without that shape arithmetic.
    """
    producers = {output: node for node in graph.node for output in node.output}
    changed = False
    for node in graph.node:
        if node.op_type != "LSTM":
            continue
        for index in (5, 6):  # initial_h, initial_c
            producer = producers.get(node.input[index]) if index < len(node.input) else None
            if producer is None or producer.op_type != "ConstantOfShape":
                continue
            values = [onnx.numpy_helper.to_array(a.t) for a in producer.attribute if a.name == "value"]
            if all((v == 0).all() for v in values):  # no value attribute: zeros too
                node.input[index] = ""
                changed = True
        while node.input and node.input[-1] == "":
            node.input.pop()
    # Delete the nodes whose outputs nothing uses any more, until none is left.
    while True:
        used = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
        dead = [node for node in graph.node if not any(output in used for output in node.output)]
        if not dead:
            return changed
        for node in dead:
            graph.node.remove(node)


def export_network(name, path):
    module, input_name, example = build_network(name)
    torch.onnx.export(
        module, (example,), path, opset_version=OPSET,
        input_names=[input_name], output_names=["output"],
        dynamic_axes={input_name: {0: "batch"}, "output": {0: "batch"}})
    model = onnx.load(path)
    if drop_zero_lstm_state(model.graph):
        onnx.checker.check_model(model)
        onnx.save(model, path)


def gemm_file_name(m, n, k, trans_a, trans_b):
    prefix = "gemm_tA" if trans_a else "gemm_tB" if trans_b else "sgemm"
    return f"{prefix}_{m}x{n}x{k}.onnx"


def gemm_model(m, n, k, trans_a, trans_b):
    """C = op(A) . op(B) with A and B as (static-shape) graph inputs."""
    a_shape = [k, m] if trans_a else [m, k]
    b_shape = [n, k] if trans_b else [k, n]
    if trans_a or trans_b:
        node = onnx.helper.make_node("Gemm", ["A", "B"], ["C"], transA=int(trans_a), transB=int(trans_b))
    else:
        node = onnx.helper.make_node("MatMul", ["A", "B"], ["C"])
    graph = onnx.helper.make_graph(
        [node], f"gemm_{m}x{n}x{k}",
        inputs=[onnx.helper.make_tensor_value_info("A", onnx.TensorProto.FLOAT, a_shape),
                onnx.helper.make_tensor_value_info("B", onnx.TensorProto.FLOAT, b_shape)],
        outputs=[onnx.helper.make_tensor_value_info("C", onnx.TensorProto.FLOAT, [m, n])])
    model = onnx.helper.make_model(graph, producer_name="dlc-bench",
                                   opset_imports=[onnx.helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "models"), help="output directory")
    args = parser.parse_args()
    # The exporter warns about LSTM batch sizes and constant shape inference;
    # neither applies here: the LSTM's initial state is zeros whatever the
    # batch (see drop_zero_lstm_state), and the benchmark runs other batches.
    warnings.filterwarnings("ignore", category=UserWarning)
    os.makedirs(args.out, exist_ok=True)
    for name in NETWORKS:
        path = os.path.join(args.out, name + ".onnx")
        export_network(name, path)
        print("wrote", path)
    for shape in GEMMS:
        path = os.path.join(args.out, gemm_file_name(*shape))
        onnx.save(gemm_model(*shape), path)
        print("wrote", path)


if __name__ == "__main__":
    main()
