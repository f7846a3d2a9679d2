#!/usr/bin/python3
# render-matplotlib.py: the figure of `lrlab-cli render` (six Rosenbrock
# panels with heatmap, contours, minimum and trajectory, 1280x800 PNG) drawn
# with matplotlib, as the reference for the render benchmark.  The
# trajectories are read from `lrlab-cli trajectory` CSV files so that both
# programs draw the same data.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

out = sys.argv[1]
csvs = sys.argv[2:]

x = np.linspace(-2, 2, 400)
y = np.linspace(-1, 3, 400)
X, Y = np.meshgrid(x, y)
Z = (1 - X) ** 2 + 100 * (Y - X ** 2) ** 2 + 1e-3

fig, axes = plt.subplots(2, 3, figsize=(12.8, 8.0), dpi=100)
for ax, path in zip(axes.flat, csvs):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    ax.imshow(Z, extent=(-2, 2, -1, 3), origin="lower", norm=LogNorm(), cmap="viridis", aspect="auto")
    ax.contour(X, Y, Z, levels=np.logspace(-2, 3, 12), colors="white", linewidths=0.6, alpha=0.5)
    ax.plot(data[:, 2], data[:, 3], color="#ef5a3a", lw=2)
    ax.plot(data[-1, 2], data[-1, 3], "o", color="#ef5a3a", mec="white", ms=8)
    ax.plot([1], [1], "*", color="white", mec="black", ms=12)
    ax.set_xlim(-2, 2)
    ax.set_ylim(-1, 3)
    ax.set_title(path.rsplit("/", 1)[-1], fontsize=9)
fig.tight_layout()
fig.savefig(out)
