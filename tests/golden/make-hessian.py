#!/usr/bin/python3
# make-hessian.py: reference Hessian data for test-hessian.c, from PyTorch in float64
#
# Reads the weights in hessian/*.safetensors (written by `lrlab-cli train --save-weights`;
# the commands are listed in CASES) and the built-in digits (data/digits.idx.gz), and
# writes hessian/golden.json: for each weights file, the mean loss over all 1,797 digits,
# the Hessian-vector product with a fixed direction, and the top eigenvalues of the full
# Hessian (torch.linalg.eigvalsh), all in float64 with torch.autograd.
#
# The direction, in PyTorch's layout: fcL.weight[o][i] = sin(1 + L + 0.37·o + 0.11·i),
# fcL.bias[o] = cos(0.5 + L + 0.23·o).
#
# Needs Debian's python3-torch (1.13):  /usr/bin/python3 make-hessian.py
# The tests never need torch; re-running this must leave golden.json unchanged.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import json
import math
import pathlib
import struct

import torch

torch.set_default_dtype(torch.float64)

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# file: the lrlab-cli command that wrote it
CASES = {
    "tanh-mse-eos.safetensors":
        "lrlab-cli train --model mlp:hidden=64,act=tanh,loss=mse,init=torch "
        "--optimizer sgd:lr=0.1 --batch-size full --epochs 3000 --save-weights F",
    "relu-ce.safetensors":
        "lrlab-cli train --model mlp:hidden=32/16 --optimizer adam:lr=0.003 --epochs 3 --save-weights F",
    "tanh-ce.safetensors":
        "lrlab-cli train --model mlp:hidden=24/12,act=tanh --optimizer sgd:lr=0.05 --epochs 2 "
        "--save-weights F",
}
TOP = 3


def read_safetensors(path):
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__")
    base = 8 + n
    tensors = {}
    for name, t in header.items():
        assert t["dtype"] == "F32"
        begin, end = t["data_offsets"]
        count = (end - begin) // 4
        values = struct.unpack("<%df" % count, data[base + begin:base + end])
        tensors[name] = torch.tensor(values, dtype=torch.float64).reshape(t["shape"])
    return meta, tensors


def read_digits():
    with gzip.open(ROOT / "data" / "digits.idx.gz", "rb") as f:
        data = f.read()

    def idx(offset, rank):
        dims = struct.unpack(">" + "I" * rank, data[offset + 4:offset + 4 + 4 * rank])
        start = offset + 4 + 4 * rank
        count = math.prod(dims)
        return list(data[start:start + count]), dims, start + count

    pixels, dims, offset = idx(0, 3)
    labels, _, _ = idx(offset, 1)
    x = torch.tensor(pixels, dtype=torch.float64).reshape(dims[0], dims[1] * dims[2])
    return x, torch.tensor(labels)


def make_loss(meta, names, shapes, x, y):
    spec = meta["model"]
    act = torch.tanh if "act=tanh" in spec else torch.relu
    mse = "loss=mse" in spec
    x = x * float(meta["input_scale"])
    onehot = torch.nn.functional.one_hot(y, 10).double()

    def loss(flat):
        params, k = {}, 0
        for name, shape in zip(names, shapes):
            size = math.prod(shape)
            params[name] = flat[k:k + size].reshape(shape)
            k += size
        h = x
        layers = len(names) // 2
        for layer in range(layers):
            h = h @ params["fc%d.weight" % layer].T + params["fc%d.bias" % layer]
            if layer + 1 < layers:
                h = act(h)
        if mse:
            return 0.5 * ((h - onehot) ** 2).sum(dim=1).mean()
        return torch.nn.functional.cross_entropy(h, y)

    return loss


def direction(names, shapes):
    parts = []
    for name, shape in zip(names, shapes):
        layer = int(name[2:name.index(".")])
        if name.endswith(".weight"):
            o = torch.arange(shape[0]).double().reshape(-1, 1)
            i = torch.arange(shape[1]).double().reshape(1, -1)
            parts.append(torch.sin(1 + layer + 0.37 * o + 0.11 * i).reshape(-1))
        else:
            parts.append(torch.cos(0.5 + layer + 0.23 * torch.arange(shape[0]).double()))
    return torch.cat(parts)


def unflatten(flat, names, shapes):
    out, k = {}, 0
    for name, shape in zip(names, shapes):
        size = math.prod(shape)
        out[name] = flat[k:k + size].reshape(shape).tolist()
        k += size
    return out


def main():
    x, y = read_digits()
    golden = {}
    for file in CASES:
        meta, tensors = read_safetensors(HERE / "hessian" / file)
        layers = len(tensors) // 2
        names = [n for layer in range(layers) for n in ("fc%d.weight" % layer, "fc%d.bias" % layer)]
        shapes = [list(tensors[n].shape) for n in names]
        flat = torch.cat([tensors[n].reshape(-1) for n in names])
        loss = make_loss(meta, names, shapes, x, y)
        v = direction(names, shapes)
        _, hv = torch.autograd.functional.hvp(loss, flat, v)
        hessian = torch.autograd.functional.hessian(loss, flat)
        eig = torch.linalg.eigvalsh(hessian).flip(0)[:TOP]
        golden[file] = {
            "model": meta["model"],
            "loss": loss(flat).item(),
            "top": eig.tolist(),
            "hv": unflatten(hv, names, shapes),
        }
        print(file, meta["model"], "loss %.6f" % golden[file]["loss"], "top", eig.tolist())
    with open(HERE / "hessian" / "golden.json", "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
