#!/usr/bin/env python3
# torch-reference.py: the classifier benchmarks of tests/bench-train.c, run in
# PyTorch (Debian: python3-torch) on the same data, model, optimizer, batch
# size and number of threads, for a side-by-side comparison.
#
#   digits   MLP 64 (ReLU), batch 32, Adam (lr 1e-3), the built-in digits
#            (data/digits.idx.gz), a seeded 80/20 split
#   fashion  MLP 256/128 (ReLU), batch 128, Adam (lr 1e-3), Fashion-MNIST
#            (/usr/share/datasets/fashion-mnist), tested on the t10k images
#
# As in lrlab: He-normal weights, zero biases, images kept as uint8 and
# scaled per batch, a fresh permutation per epoch, the last short batch kept.
# Throughput counts the training passes only (batch gathering included),
# not the evaluation.  Prints one JSON object.
#
# Usage: torch-reference.py --case digits|fashion [--epochs N] [--threads N]
#                           [--data-dir DIR] [--digits FILE]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(data, offset, rank):
    magic = data[offset:offset + 4]
    if magic[0] != 0 or magic[1] != 0 or magic[2] != 8 or magic[3] != rank:
        raise ValueError("not an IDX unsigned-byte file of rank %d" % rank)
    dims = struct.unpack(">" + "I" * rank, data[offset + 4:offset + 4 + 4 * rank])
    start = offset + 4 + 4 * rank
    count = 1
    for d in dims:
        count *= d
    array = torch.frombuffer(bytearray(data[start:start + count]), dtype=torch.uint8)
    return array.reshape(dims), start + count


def load_digits(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    images, offset = read_idx(data, 0, 3)
    labels, _ = read_idx(data, offset, 1)
    return images.reshape(images.shape[0], -1), labels.long(), 16.0


def load_idx_dir(directory):
    def read(name, rank):
        for candidate in (name, name + ".gz"):
            path = os.path.join(directory, candidate)
            if os.path.exists(path):
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rb") as f:
                    return read_idx(f.read(), 0, rank)[0]
        raise FileNotFoundError(os.path.join(directory, name))

    train_x = read("train-images-idx3-ubyte", 3)
    train_y = read("train-labels-idx1-ubyte", 1)
    test_x = read("t10k-images-idx3-ubyte", 3)
    test_y = read("t10k-labels-idx1-ubyte", 1)
    return (train_x.reshape(train_x.shape[0], -1), train_y.long(),
            test_x.reshape(test_x.shape[0], -1), test_y.long(), 255.0)


def make_model(n_in, hidden, n_out):
    layers = []
    sizes = [n_in] + hidden
    for a, b in zip(sizes, sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    layers.append(torch.nn.Linear(sizes[-1], n_out))
    model = torch.nn.Sequential(*layers)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=["digits", "fashion"], required=True)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--digits", default=os.path.join(HERE, "..", "..", "data", "digits.idx.gz"))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)

    if args.case == "digits":
        x, y, pixel_max = load_digits(args.digits)
        perm = torch.randperm(x.shape[0], generator=generator)
        n_val = (x.shape[0] + 4) // 5
        val_idx, train_idx = perm[:n_val].sort().values, perm[n_val:].sort().values
        train_x, train_y, test_x, test_y = x[train_idx], y[train_idx], x[val_idx], y[val_idx]
        hidden, batch, epochs = [64], 32, args.epochs or 30
    else:
        train_x, train_y, test_x, test_y, pixel_max = load_idx_dir(args.data_dir)
        hidden, batch, epochs = [256, 128], 128, args.epochs or 8

    scale = 1.0 / pixel_max
    model = make_model(train_x.shape[1], hidden, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = train_x.shape[0]

    seconds = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(n, generator=generator)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            xb = train_x[idx].float() * scale
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), train_y[idx])
            loss.backward()
            optimizer.step()
        seconds += time.perf_counter() - start

    with torch.no_grad():
        correct = 0
        for i in range(0, test_x.shape[0], 1024):
            logits = model(test_x[i:i + 1024].float() * scale)
            correct += (logits.argmax(1) == test_y[i:i + 1024]).sum().item()

    result = {
        "case": args.case,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "epochs": epochs,
        "samples_per_second": n * epochs / seconds,
        "seconds_per_epoch": seconds / epochs,
        "accuracy": correct / test_x.shape[0],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
