#!/usr/bin/python3
# animate-matplotlib.py: the animation of `lrlab-cli animate` (six Rosenbrock
# panels with heatmap, contours, minimum and the growing trajectory, 61
# frames at 1280x800) made with matplotlib's FuncAnimation and PillowWriter,
# as people write it today: the reference of the animation benchmark.  The
# trajectories are read from `lrlab-cli trajectory` CSV files so that both
# programs draw the same data.
#
# usage: animate-matplotlib.py OUT.gif EVERY FRAMES RUN.csv...
# SPDX-License-Identifier: GPL-3.0-or-later
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.colors import LogNorm

out, every, frames = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
csvs = sys.argv[4:]

x = np.linspace(-2, 2, 400)
y = np.linspace(-1, 3, 400)
X, Y = np.meshgrid(x, y)
Z = (1 - X) ** 2 + 100 * (Y - X ** 2) ** 2 + 1e-3

fig, axes = plt.subplots(2, 3, figsize=(12.8, 8.0), dpi=100)
artists = []
for ax, path in zip(axes.flat, csvs):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    ax.imshow(Z, extent=(-2, 2, -1, 3), origin="lower", norm=LogNorm(), cmap="viridis", aspect="auto")
    ax.contour(X, Y, Z, levels=np.logspace(-2, 3, 12), colors="white", linewidths=0.6, alpha=0.5)
    ax.plot([1], [1], "*", color="white", mec="black", ms=12)
    trail, = ax.plot([], [], color="#ef5a3a", lw=2)
    head, = ax.plot([], [], "o", color="#ef5a3a", mec="white", ms=8)
    title = ax.set_title("", fontsize=9)
    ax.set_xlim(-2, 2)
    ax.set_ylim(-1, 3)
    artists.append((data, trail, head, title, path.rsplit("/", 1)[-1]))
fig.tight_layout()


def update(i):
    step = i * every
    for data, trail, head, title, name in artists:
        n = min(step + 1, len(data))
        trail.set_data(data[:n, 2], data[:n, 3])
        head.set_data(data[n - 1:n, 2], data[n - 1:n, 3])
        title.set_text("%s  step %d" % (name, step))
    return []


FuncAnimation(fig, update, frames=frames).save(out, writer=PillowWriter(fps=20))
