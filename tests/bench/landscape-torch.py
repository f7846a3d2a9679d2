#!/usr/bin/env python3
# landscape-torch.py: the straightforward PyTorch way to map a loss landscape
# and to take Hessian-vector products, timed for tests/bench-landscape.c.
#
# Landscape: one full-batch forward pass per grid point, as a plotting
# script does it (Li et al.'s loss-landscape code loops the same way):
# for every (a, b) of a G × G grid the weights θ0 + a·d1 + b·d2 are put
# into the model and the mean loss over the training images is computed.
# HVP: double backward (grad of grad·v), the usual way in PyTorch.
#
# The model and data match lrlab's: the digits (data/digits.idx.gz) scaled
# by 1/16, the first N images, an MLP of the given hidden width, relu with
# cross-entropy or tanh with half the squared error to one-hot targets.
# Values do not matter for the timing; the weights are seeded randomly.
# Prints one JSON object.
#
# Usage: landscape-torch.py --images N --hidden H --act relu|tanh --grid G
#                           --threads T [--hvp-calls K] [--digits FILE]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import gzip
import json
import os
import struct
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def load_digits(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    n, rows, cols = struct.unpack(">III", data[4:16])
    start = 16
    images = torch.frombuffer(bytearray(data[start:start + n * rows * cols]), dtype=torch.uint8)
    offset = start + n * rows * cols
    labels = torch.frombuffer(bytearray(data[offset + 8:offset + 8 + n]), dtype=torch.uint8)
    return images.reshape(n, rows * cols).float() / 16.0, labels.long()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, required=True)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--act", choices=["relu", "tanh"], default="relu")
    p.add_argument("--grid", type=int, default=41)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--hvp-calls", type=int, default=20)
    p.add_argument("--digits", default=os.path.join(HERE, "..", "..", "data", "digits.idx.gz"))
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x, y = load_digits(args.digits)
    x, y = x[:args.images], y[:args.images]
    act = torch.nn.ReLU() if args.act == "relu" else torch.nn.Tanh()
    model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], args.hidden), act, torch.nn.Linear(args.hidden, 10))
    onehot = torch.nn.functional.one_hot(y, 10).float()

    def loss_fn(out):
        if args.act == "relu":
            return torch.nn.functional.cross_entropy(out, y)
        return 0.5 * ((out - onehot) ** 2).sum(dim=1).mean()

    params = list(model.parameters())
    theta0 = torch.nn.utils.parameters_to_vector(params).detach().clone()
    d1 = torch.randn_like(theta0)
    d2 = torch.randn_like(theta0)
    coords = torch.linspace(-1, 1, args.grid)

    # The landscape: one forward pass per grid point.
    start = time.perf_counter()
    losses = torch.empty(args.grid, args.grid)
    with torch.no_grad():
        for j in range(args.grid):
            for i in range(args.grid):
                torch.nn.utils.vector_to_parameters(theta0 + coords[i] * d1 + coords[j] * d2, params)
                losses[j, i] = loss_fn(model(x))
    grid_seconds = time.perf_counter() - start

    # Hessian-vector products by double backward, at θ0.
    torch.nn.utils.vector_to_parameters(theta0, params)
    v = [torch.randn_like(q) for q in params]
    start = time.perf_counter()
    for _ in range(args.hvp_calls):
        g = torch.autograd.grad(loss_fn(model(x)), params, create_graph=True)
        dot = sum((gi * vi).sum() for gi, vi in zip(g, v))
        torch.autograd.grad(dot, params)
    hvp_ms = (time.perf_counter() - start) / args.hvp_calls * 1e3

    print(json.dumps({"grid_seconds": grid_seconds, "hvp_ms": hvp_ms,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "check": float(losses.sum())}))


if __name__ == "__main__":
    main()
