#!/usr/bin/python3
"""Exports six PyTorch models to ONNX, with a fixed input batch and PyTorch's
outputs for it, as the reference data of the lit tests in test/e2e/torch/.

    /usr/bin/python3 scripts/export_torch_models.py [OUTPUT_DIR]

OUTPUT_DIR defaults to test/e2e/torch/. Each model has two outputs: its
probabilities and, second, the raw scores (logits) they are computed from,
which the tests compare tightly, as a softmax or sigmoid of an untrained
model's small scores hides their errors. For each model NAME it writes
NAME.onnx, NAME_input.npy, NAME_expected.npy (the probabilities) and
NAME_scores.npy; the MLP also gets a second batch of another size
(mlp_batch5_*.npy) to exercise its dynamic batch.

Needs PyTorch (Debian's python3-torch, 1.13) and NumPy, not the onnx module.
Weights and inputs come from fixed seeds, so a rerun rewrites the same files
on the same PyTorch build. PyTorch warns that an LSTM exported with a batch
size other than 1 may fail at other batch sizes; this graph takes the size
of its initial states from the input's batch dimension, so it does not.
See docs/frameworks.md.
"""

import os
import sys

import numpy as np
import torch
from torch import nn

OPSET = 13
SEED = 0


class Mlp(nn.Module):
    """Chapter 2 of Chollet's "Deep Learning with Python": 784-512 relu-10 softmax."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(28 * 28, 512)
        self.output = nn.Linear(512, 10)

    def forward(self, pixels):
        scores = self.output(torch.relu(self.hidden(pixels)))
        return torch.softmax(scores, dim=-1), scores


class ConvNet(nn.Module):
    """Chapter 5's convnet on 28x28x1 images (NCHW in PyTorch)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(64 * 3 * 3, 64), nn.ReLU(),
            nn.Linear(64, 10),
        )

    def forward(self, images):
        scores = self.classifier(self.features(images))
        return torch.softmax(scores, dim=-1), scores


class LstmClassifier(nn.Module):
    """Binary text classifier: token ids -> embedding -> LSTM -> last hidden
    state -> one sigmoid unit."""

    def __init__(self, vocabulary=1000, embedding=32, hidden=32):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, hidden, batch_first=True)
        self.output = nn.Linear(hidden, 1)

    def forward(self, tokens):
        _, (last_hidden, _) = self.lstm(self.embedding(tokens))
        scores = self.output(last_hidden[-1])
        return torch.sigmoid(scores), scores


class SequenceClassifier(nn.Module):
    """A recurrent layer (RNN, GRU or LSTM, possibly stacked) over float
    sequences [batch, 12, 8], its last output step -> one sigmoid unit."""

    def __init__(self, layer, layers=1, hidden=32):
        super().__init__()
        self.recurrent = layer(8, hidden, num_layers=layers, batch_first=True)
        self.output = nn.Linear(hidden, 1)

    def forward(self, sequences):
        outputs, _ = self.recurrent(sequences)
        scores = self.output(outputs[:, -1])
        return torch.sigmoid(scores), scores


def export(model, name, input_name, output_name, inputs, output_dir):
    """Writes NAME.onnx traced on inputs[0], then, for each (suffix, batch) in
    inputs, NAME{suffix}_input.npy and PyTorch's NAME{suffix}_expected.npy
    and NAME{suffix}_scores.npy."""
    model.eval()
    first_batch = inputs[0][1]
    torch.onnx.export(
        model, (first_batch,), os.path.join(output_dir, name + ".onnx"),
        opset_version=OPSET,
        input_names=[input_name], output_names=[output_name, "scores"],
        dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"},
                      "scores": {0: "batch"}})
    for suffix, batch in inputs:
        with torch.no_grad():
            expected, scores = model(batch)
        stem = os.path.join(output_dir, name + suffix)
        np.save(stem + "_input.npy", batch.numpy())
        np.save(stem + "_expected.npy", expected.numpy())
        np.save(stem + "_scores.npy", scores.numpy())
        print(f"{stem}: input {tuple(batch.shape)} {batch.dtype}, "
              f"output {tuple(expected.shape)} {expected.dtype}")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    output_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "test", "e2e", "torch")
    os.makedirs(output_dir, exist_ok=True)

    # One seed per model so that changing one model leaves the others' files
    # unchanged. Parameters are drawn first, then the inputs.
    torch.manual_seed(SEED)
    mlp = Mlp()
    export(mlp, "mlp", "pixels", "probabilities",
           [("", torch.rand(2, 28 * 28)), ("_batch5", torch.rand(5, 28 * 28))],
           output_dir)

    torch.manual_seed(SEED)
    convnet = ConvNet()
    export(convnet, "convnet", "images", "probabilities",
           [("", torch.rand(3, 1, 28, 28))], output_dir)

    torch.manual_seed(SEED)
    lstm = LstmClassifier()
    export(lstm, "lstm", "tokens", "probability",
           [("", torch.randint(0, 1000, (4, 20), dtype=torch.int64))],
           output_dir)

    # Recurrent layers on float sequences, trained by test/e2e/train-torch-
    # recurrent.test (their gradients loop over time steps).
    for name, layer, layers in [("rnn", nn.RNN, 1), ("gru", nn.GRU, 1),
                                ("lstm2", nn.LSTM, 2)]:
        torch.manual_seed(SEED)
        export(SequenceClassifier(layer, layers), name, "sequences",
               "probability", [("", torch.rand(3, 12, 8))], output_dir)


if __name__ == "__main__":
    main()
