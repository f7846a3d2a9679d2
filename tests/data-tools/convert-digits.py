#!/usr/bin/env python3
# convert-digits.py: builds data/digits.idx.gz, Learning Rate Lab's built-in
# data set, from the copy of the UCI optical-recognition digits shipped with
# scikit-learn (Debian: python3-sklearn, sklearn/datasets/data/digits.csv.gz).
#
# The output is one gzip stream holding two IDX sections back to back, the
# same format as MNIST:
#   IDX3 images: 00 00 08 03, then 1797, 8, 8 (big-endian u32), then 1797*64
#                bytes, pixel values 0..16 as in the source;
#   IDX1 labels: 00 00 08 01, then 1797, then 1797 bytes 0..9.
# The gzip header carries no name and mtime 0, so the file is reproducible.
#
# Data: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten
# Digits", UCI Machine Learning Repository (1998), doi:10.24432/C50P49,
# licensed CC BY 4.0.
#
# Usage: tests/data-tools/convert-digits.py [SOURCE.csv.gz] [OUTPUT]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import io
import struct
import sys

DEFAULT_SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    output = sys.argv[2] if len(sys.argv) > 2 else "data/digits.idx.gz"

    images = bytearray()
    labels = bytearray()
    with gzip.open(source, "rt") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            values = [int(float(v)) for v in line.split(",")]
            if len(values) != 65:
                sys.exit(f"{source}:{lineno}: expected 65 values, got {len(values)}")
            pixels, label = values[:64], values[64]
            if not all(0 <= p <= 16 for p in pixels) or not 0 <= label <= 9:
                sys.exit(f"{source}:{lineno}: value out of range")
            images.extend(pixels)
            labels.append(label)

    n = len(labels)
    if n != 1797:
        sys.exit(f"{source}: expected 1797 images, found {n}")

    payload = io.BytesIO()
    payload.write(struct.pack(">BBBBIII", 0, 0, 8, 3, n, 8, 8))
    payload.write(images)
    payload.write(struct.pack(">BBBBI", 0, 0, 8, 1, n))
    payload.write(labels)

    with open(output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(payload.getvalue())

    counts = [labels.count(c) for c in range(10)]
    print(f"{output}: {n} images of 8x8, class counts {counts}")


if __name__ == "__main__":
    main()
