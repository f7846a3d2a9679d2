#!/bin/bash
# bench-animate.sh: `lrlab-cli animate` of six Rosenbrock panels, 61 frames
# at 1280x800, as GIF and WebM, against matplotlib's FuncAnimation with
# PillowWriter drawing the same panels, as whole processes.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cli="$1"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

runs=(sgd:lr=0.0001 sgd:lr=0.001 momentum:lr=0.001 nesterov:lr=0.001 adam:lr=0.05 rmsprop:lr=0.005)
args=()
for r in "${runs[@]}"; do args+=(--run "$r"); done
common=(--surface rosenbrock --start -1.5,2 --steps 300 --every 5 --fps 20 --size 1280x800
        --layout grid --no-plots -q "${args[@]}")

seconds () {  # best of N wall times
  local n=$1; shift
  local best=999 t0 t1
  for _ in $(seq "$n"); do
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  echo "$best"
}
size () { stat -c %s "$1"; }

gif=$(seconds 3 "$cli" animate "${common[@]}" -o "$tmp/lrlab.gif")
printf 'lrlab-cli animate GIF,  61 frames 1280x800: %6.2f s  (%.3f s/frame)  %8d bytes\n' \
  "$gif" "$(echo "$gif / 61" | bc -l)" "$(size "$tmp/lrlab.gif")"
if "$cli" animate "${common[@]}" -o "$tmp/probe.webm" 2>/dev/null; then
  webm=$(seconds 3 "$cli" animate "${common[@]}" -o "$tmp/lrlab.webm")
  printf 'lrlab-cli animate WebM, 61 frames 1280x800: %6.2f s  (%.3f s/frame)  %8d bytes\n' \
    "$webm" "$(echo "$webm / 61" | bc -l)" "$(size "$tmp/lrlab.webm")"
else
  echo "WebM: no GStreamer encoder here"
fi

if /usr/bin/python3 -c 'import matplotlib, PIL' 2>/dev/null; then
  i=0
  for r in "${runs[@]}"; do
    "$cli" trajectory --surface rosenbrock --start -1.5,2 --steps 300 --optimizer "$r" > "$tmp/run$i.csv"
    i=$((i + 1))
  done
  ref=$(seconds 1 /usr/bin/python3 "$here/animate-matplotlib.py" "$tmp/mpl.gif" 5 61 "$tmp"/run*.csv)
  printf 'matplotlib FuncAnimation + PillowWriter:  %6.2f s  (%.3f s/frame)  %8d bytes\n' \
    "$ref" "$(echo "$ref / 61" | bc -l)" "$(size "$tmp/mpl.gif")"
  printf 'ratio (matplotlib / lrlab-cli GIF):        %6.1fx\n' "$(echo "$ref / $gif" | bc -l)"
else
  echo "matplotlib or Pillow not installed: no reference"
fi
