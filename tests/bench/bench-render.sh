#!/bin/bash
# bench-render.sh: `lrlab-cli render` of six Rosenbrock panels at 1280x800
# against the same figure drawn by matplotlib, as whole processes.
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

best () {  # best of N wall times in seconds
  local n=$1; shift
  local best=999
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  echo "$best"
}

ours=$(best 5 "$cli" render --surface rosenbrock --start -1.5,2 --steps 500 --size 1280x800 \
       --layout grid --no-plots "${args[@]}" -o "$tmp/lrlab.png")
echo "lrlab-cli render, 6 panels, 1280x800: ${ours} s"

if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  i=0
  for r in "${runs[@]}"; do
    "$cli" trajectory --surface rosenbrock --start -1.5,2 --steps 500 --optimizer "$r" > "$tmp/run$i.csv"
    i=$((i + 1))
  done
  ref=$(best 3 /usr/bin/python3 "$here/render-matplotlib.py" "$tmp/mpl.png" "$tmp"/run*.csv)
  echo "matplotlib, same figure:              ${ref} s"
  echo "ratio (matplotlib / lrlab-cli):       $(echo "$ref / $ours" | bc -l | xargs printf '%.1f')x"
else
  echo "matplotlib not installed: no reference"
fi
