#!/usr/bin/python3
"""Exports one torchvision classification network to ONNX with a dynamic batch,
with PyTorch's outputs for two batches of different sizes, as the reference
data of the tests in test/models/.

    /usr/bin/python3 scripts/export_torchvision.py NETWORK OUTPUT_DIR

writes OUTPUT_DIR/NETWORK.onnx (input `images`, output `logits`, opset 13)
and, for each batch size B in BATCH_SIZES, NETWORK_input_bB.npy and
NETWORK_expected_bB.npy. Weights are torchvision's random initialization
under a fixed seed: nothing is downloaded. Images are smaller than ImageNet's
224x224 where the architecture allows it (its pooling is adaptive), so that
a test runs in seconds; the vision transformer, whose image size is part of
the architecture, uses a reduced configuration of torchvision's own class.

Needs Debian's python3-torch (1.13) and python3-torchvision (0.14).
"""

import os
import sys

import numpy as np
import torch
import torchvision
from torchvision.models.vision_transformer import VisionTransformer

OPSET = 13
BATCH_SIZES = [1, 3]


def small_vision_transformer():
    network = VisionTransformer(image_size=32, patch_size=8, num_layers=2,
                                num_heads=4, hidden_dim=64, mlp_dim=128,
                                num_classes=10)
    # torchvision zeroes the classifier head (for fine-tuning), which would
    # make every logit 0 whatever the rest computes.
    torch.nn.init.normal_(network.heads.head.weight, std=0.5)
    return network


# NETWORK: (constructor, image size); one per family of issue 13.
NETWORKS = {
    "resnet18": (lambda: torchvision.models.resnet18(), 64),
    "densenet121": (lambda: torchvision.models.densenet121(), 64),
    "googlenet": (lambda: torchvision.models.googlenet(
        aux_logits=False, init_weights=True), 64),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(), 64),
    "mobilenet_v3_small": (lambda: torchvision.models.mobilenet_v3_small(), 64),
    "efficientnet_b0": (lambda: torchvision.models.efficientnet_b0(), 64),
    "shufflenet_v2": (lambda: torchvision.models.shufflenet_v2_x0_5(), 64),
    "convnext_tiny": (lambda: torchvision.models.convnext_tiny(), 64),
    "vit": (small_vision_transformer, 32),
}


def calibrate_batch_norms(network, image_size):
    """Sets the running statistics of every batch normalization to those of
    random images. With the initial ones (mean 0, variance 1) the signal of a
    freshly initialized deep network fades layer by layer, and its logits are
    ~1e-10 whatever the input: outputs no comparison could tell apart."""
    for module in network.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.momentum = None  # a plain average over the batches below
    network.train()
    with torch.no_grad():
        for _ in range(4):
            network(torch.rand(8, 3, image_size, image_size))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in NETWORKS:
        sys.exit("usage: export_torchvision.py {%s} OUTPUT_DIR"
                 % "|".join(NETWORKS))
    name, output_dir = sys.argv[1], sys.argv[2]
    os.makedirs(output_dir, exist_ok=True)
    torch.manual_seed(0)
    build, image_size = NETWORKS[name]
    network = build()
    calibrate_batch_norms(network, image_size)
    network.eval()

    batches = [torch.rand(size, 3, image_size, image_size)
               for size in BATCH_SIZES]
    # Outside no_grad: there PyTorch's attention takes a fused fast path that
    # has no ONNX export.
    torch.onnx.export(
        network, batches[0], os.path.join(output_dir, name + ".onnx"),
        opset_version=OPSET, input_names=["images"], output_names=["logits"],
        dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}})
    with torch.no_grad():
        for size, images in zip(BATCH_SIZES, batches):
            prefix = os.path.join(output_dir, "%s_%%s_b%d.npy" % (name, size))
            np.save(prefix % "input", images.numpy())
            np.save(prefix % "expected", network(images).numpy())


if __name__ == "__main__":
    main()
