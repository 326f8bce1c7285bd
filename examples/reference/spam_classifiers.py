"""PyTorch 1.13 runs of examples/spam_classifiers.cpp's three recipes.

The same corpus, split, vectorization (written again here, independently:
Keras's lower_and_strip_punctuation on bytes, the 10,000 most frequent words
with ties in byte order), layers, Keras's initializers and RMSprop (rho 0.9,
epsilon 1e-7), batch sizes, epochs and validation split, so that accuracy and
samples/s compare with dlc's:

    /usr/bin/python3 examples/reference/spam_classifiers.py [--model NAME]
        [--threads N]
"""
import argparse
import collections
import os
import string
import time

import numpy as np
import torch
from torch import nn

GROUPS = [("easy-ham-1", 0), ("easy-ham-2", 0), ("hard-ham-1", 0),
          ("spam-1", 1), ("spam-2", 1)]
VOCABULARY = 10000
PUNCTUATION = set(string.punctuation.encode())


def corpus():
    home = os.environ.get("DLC_DATA_HOME") or os.path.expanduser("~/.cache/dlc")
    train, test, index = [], [], 0
    for group, label in GROUPS:
        folder = os.path.join(home, "spam-assassin", group)
        for name in sorted(f for f in os.listdir(folder) if f.endswith(".txt")):
            with open(os.path.join(folder, name), "rb") as file:
                message = file.read()
            for separator in (b"\n\n", b"\r\n\r\n"):
                at = message.find(separator)
                if at >= 0:
                    message = message[at + len(separator):]
                    break
            index += 1
            (test if index % 5 == 0 else train).append((message, label))
    return train, test


def tokens(text):
    kept = bytes(c for c in text.lower() if c not in PUNCTUATION)
    return kept.split()


def vocabulary(texts, reserved):
    counts = collections.Counter(t for text in texts for t in tokens(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    words = [word for word, _ in ranked[:VOCABULARY - reserved]]
    return {word: reserved + i for i, word in enumerate(words)}


def multi_hot(texts, index):
    out = np.zeros((len(texts), VOCABULARY), np.float32)
    for row, text in enumerate(texts):
        for token in tokens(text):
            out[row, index.get(token, 0)] = 1.0
    return out


def sequences(texts, index, length):
    """Indices padded and cut at the front, as pad_sequences's defaults."""
    out = np.zeros((len(texts), length), np.int64)
    for row, text in enumerate(texts):
        ids = [index.get(token, 1) for token in tokens(text)][-length:]
        if ids:
            out[row, length - len(ids):] = ids
    return out


def keras_init(module):
    for sub in module.modules():
        if isinstance(sub, (nn.Linear, nn.Conv1d)):
            nn.init.xavier_uniform_(sub.weight)
            nn.init.zeros_(sub.bias)
        elif isinstance(sub, nn.Embedding):
            nn.init.uniform_(sub.weight, -0.05, 0.05)
        elif isinstance(sub, nn.LSTM):
            nn.init.xavier_uniform_(sub.weight_ih_l0)
            nn.init.orthogonal_(sub.weight_hh_l0)
            nn.init.zeros_(sub.bias_ih_l0)
            nn.init.zeros_(sub.bias_hh_l0)
            with torch.no_grad():  # Keras's unit_forget_bias
                sub.bias_ih_l0[sub.hidden_size:2 * sub.hidden_size] = 1.0


class LastStep(nn.Module):
    def forward(self, x):
        return x[0][:, -1, :]


class GlobalMax(nn.Module):
    def forward(self, x):
        return x.amax(dim=2)


class ChannelsFirst(nn.Module):
    def forward(self, x):
        return x.transpose(1, 2)


def recipes():
    return {
        "mlp": (lambda texts, index: multi_hot(texts, index), 1,
                lambda: nn.Sequential(nn.Linear(VOCABULARY, 16), nn.ReLU(),
                                      nn.Linear(16, 16), nn.ReLU(),
                                      nn.Linear(16, 1)),
                1e-3, 512, 4, 0.0),
        "lstm": (lambda texts, index: sequences(texts, index, 200), 2,
                 lambda: nn.Sequential(nn.Embedding(VOCABULARY, 32),
                                       nn.LSTM(32, 32, batch_first=True),
                                       LastStep(), nn.Linear(32, 1)),
                 1e-3, 128, 10, 0.2),
        "conv1d": (lambda texts, index: sequences(texts, index, 500), 2,
                   lambda: nn.Sequential(
                       nn.Embedding(VOCABULARY, 128), ChannelsFirst(),
                       nn.Conv1d(128, 32, 7), nn.ReLU(), nn.MaxPool1d(5),
                       nn.Conv1d(32, 32, 7), nn.ReLU(), GlobalMax(),
                       nn.Linear(32, 1)),
                   1e-3, 128, 10, 0.2),
    }


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(x[i:i + 256]) for i in range(0, len(x), 256)])
    model.train()
    return ((logits[:, 0] > 0).float() == y).float().mean().item()


def run(name, recipe, train, test):
    vectorize, reserved, build, rate, batch, epochs, split = recipe
    index = vocabulary([text for text, _ in train], reserved)
    x = torch.from_numpy(vectorize([text for text, _ in train], index))
    y = torch.tensor([label for _, label in train], dtype=torch.float32)
    x_test = torch.from_numpy(vectorize([text for text, _ in test], index))
    y_test = torch.tensor([label for _, label in test], dtype=torch.float32)
    order = torch.from_numpy(np.random.default_rng(7).permutation(len(x)))
    x, y = x[order], y[order]
    kept = int(len(x) * (1 - split))
    x_val, y_val, x, y = x[kept:], y[kept:], x[:kept], y[:kept]

    torch.manual_seed(1)
    model = build()
    keras_init(model)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=rate, alpha=0.9,
                                    eps=1e-7)
    loss_fn = nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        permutation = torch.randperm(len(x))
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(x), batch):
            rows = permutation[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[rows])[:, 0], y[rows])
            loss.backward()
            optimizer.step()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
        validation = (f" val_accuracy {accuracy(model, x_val, y_val):.4f}"
                      if len(x_val) else "")
        print(f"{name} epoch {epoch + 1}: loss {loss.item():.4f}{validation}"
              f" {len(x) / wall:.0f} samples/s (CPU {cpu / wall:.2f} cores)")
    print(f"{name} test accuracy: {accuracy(model, x_test, y_test):.4f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["mlp", "lstm", "conv1d"])
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    train, test = corpus()
    print(f"{len(train)} training and {len(test)} test e-mails")
    for name, recipe in recipes().items():
        if arguments.model in (None, name):
            run(name, recipe, train, test)


if __name__ == "__main__":
    main()
