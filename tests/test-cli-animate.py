#!/usr/bin/python3
# test-cli-animate.py: lrlab-cli animate as a user runs it.  The GIF is read
# back by an independent decoder (Pillow): frame count, size, delays, loop,
# and sampled frames against `lrlab-cli render --step` of the same step
# within the palette's error; the WebM by gst-discoverer-1.0 and a GStreamer
# decode: a VP8 stream of the expected duration and frame count; and the
# errors: status 2, one line, no file left behind.
# Skipped (77) without python3-pil; the WebM part without GStreamer's tools.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from PIL import Image
except ImportError:
    print("python3-pil or python3-numpy missing: skipped")
    sys.exit(77)

CLI = os.environ["LRLAB_CLI"]
RUNS = ["--surface", "rosenbrock", "--start", "-1.5,2", "--run", "sgd:lr=0.001",
        "--run", "adam:lr=0.05", "--run", "momentum:lr=0.001"]
failures = []


def check(cond, what):
    print(("ok: " if cond else "FAILED: ") + what)
    if not cond:
        failures.append(what)


def cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


def check_gif(tmp):
    gif = os.path.join(tmp, "a.gif")
    r = cli("animate", *RUNS, "--steps", "20:140", "--every", "8", "--fps", "12.5",
            "--size", "900x560", "--style", "dark", "-o", gif)
    check(r.returncode == 0 and r.stdout == "", "animate GIF exits 0 " + r.stderr)
    im = Image.open(gif)
    n = (140 - 20) // 8 + 1
    check(im.n_frames == n, "one frame per 8 steps: %d == %d" % (im.n_frames, n))
    check(im.size == (900, 560), "size %r" % (im.size,))
    check(im.info.get("loop") == 0, "loops for ever")
    delays = []
    for i in range(im.n_frames):
        im.seek(i)
        delays.append(im.info.get("duration"))
    # 12.5 fps: 80 ms a frame; the last held a second longer
    check(delays[:-1] == [80] * (n - 1) and delays[-1] == 1080, "delays %r" % delays)
    for i in (0, 1, 7, n - 1):
        step = 20 + 8 * i
        png = os.path.join(tmp, "s%d.png" % step)
        r = cli("render", *RUNS, "--steps", "140", "--step", str(step), "--size", "900x560",
                "--style", "dark", "-o", png)
        check(r.returncode == 0, "render --step %d" % step)
        im.seek(i)
        a = np.asarray(im.convert("RGB")).astype(int)
        b = np.asarray(Image.open(png).convert("RGB")).astype(int)
        err = np.abs(a - b).max(axis=2)
        check(err.mean() < 2 and np.percentile(err, 99.5) < 40,
              "frame %d is render --step %d within the palette's error (mean %.2f, 99.5%% %.0f)"
              % (i, step, err.mean(), np.percentile(err, 99.5)))
        if i > 0:
            other = np.asarray(Image.open(os.path.join(tmp, "s20.png")).convert("RGB")).astype(int)
            check(np.abs(a - other).max(axis=2).mean() > err.mean(),
                  "frame %d is closer to its own step than to the first" % i)


def check_webm(tmp):
    if shutil.which("gst-discoverer-1.0") is None or shutil.which("gst-launch-1.0") is None:
        print("skipped: the WebM checks need gst-discoverer-1.0 and gst-launch-1.0")
        return
    webm = os.path.join(tmp, "a.webm")
    r = cli("animate", *RUNS, "--steps", "120", "--every", "4", "--fps", "10", "--hold", "0.5",
            "--size", "640x400", "-o", webm)
    check(r.returncode == 0, "animate WebM exits 0 " + r.stderr)
    d = subprocess.run(["gst-discoverer-1.0", webm], capture_output=True, text=True).stdout
    check("WebM" in d and re.search(r"video #\d+: VP[89]", d) is not None, "a VP8/VP9 stream in WebM")
    m = re.search(r"Duration: (\d+):(\d+):([\d.]+)", d)
    seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)) if m else -1
    # 31 frames at 10 fps, the last held 0.5 s more
    check(abs(seconds - 3.6) < 0.01, "duration %.3f s == 3.6 s" % seconds)
    check("Width: 640" in d and "Height: 400" in d, "size 640x400")
    out = subprocess.run(["gst-launch-1.0", "-v", "filesrc", "location=" + webm, "!", "matroskademux",
                          "!", "vp8dec", "!", "fakesink", "silent=false"],
                         capture_output=True, text=True).stdout
    check(len(re.findall(r"chain .*fakesink", out)) == 31, "31 frames decode")


def check_errors(tmp):
    cases = [
        (["-o", os.path.join(tmp, "no", "such", "dir", "a.gif")], "does not exist"),
        (["-o", os.path.join(tmp, "a.mp4")], ".gif or .webm"),
        (["-o", os.path.join(tmp, "b.gif"), "--every", "0"], "--every"),
        (["-o", os.path.join(tmp, "b.gif"), "--fps", "100"], "--fps"),
        (["-o", os.path.join(tmp, "b.gif"), "--steps", "50:20"], "--steps"),
        (["-o", os.path.join(tmp, "b.gif"), "--layout", "spiral"], "--layout"),
        ([], "missing -o"),
    ]
    for args, words in cases:
        r = cli("animate", *RUNS, *args)
        lines = r.stderr.strip().split("\n")
        check(r.returncode == 2 and len(lines) == 1 and words in r.stderr and r.stdout == "",
              "animate %s: status 2, one line naming %r (%s)" % (" ".join(args[-2:]), words, r.stderr.strip()))
    # no GStreamer plugins at all: a clear message before any frame is drawn
    empty = os.path.join(tmp, "no-plugins")
    os.mkdir(empty)
    env = dict(os.environ, GST_PLUGIN_SYSTEM_PATH_1_0=empty, GST_PLUGIN_PATH_1_0=empty,
               GST_REGISTRY_1_0=os.path.join(empty, "registry.bin"))
    r = subprocess.run([CLI, "animate", *RUNS, "-o", os.path.join(tmp, "b.webm")],
                       capture_output=True, text=True, env=env)
    check(r.returncode == 2 and len(r.stderr.strip().split("\n")) == 1 and "WebM needs" in r.stderr,
          "missing encoder: " + r.stderr.strip())
    ro = os.path.join(tmp, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    if os.access(ro, os.W_OK):
        print("skipped: the read-only folder is writable (running as root)")
    else:
        r = cli("animate", *RUNS, "-o", os.path.join(ro, "a.gif"))
        check(r.returncode == 2 and "cannot write" in r.stderr, "unwritable folder: " + r.stderr.strip())
    check(sorted(os.listdir(ro)) == [], "nothing left in the read-only folder")
    left = [f for f in os.listdir(tmp) if f.startswith("b.") or f.endswith(".mp4") or f.startswith(".")]
    check(left == [], "no partial file: %r" % left)


with tempfile.TemporaryDirectory() as tmp:
    check_gif(tmp)
    check_webm(tmp)
    check_errors(tmp)
print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
