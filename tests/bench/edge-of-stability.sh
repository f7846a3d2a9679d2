#!/bin/sh
# edge-of-stability.sh: the edge of stability (Cohen et al., ICLR 2021) on the digits.
# Full-batch gradient descent, MLP 64 tanh, squared-error loss, PyTorch's default
# initialisation, 3,000 epochs at lr 0.1 and 0.4; the sharpness (top Hessian eigenvalue of
# the mean training loss) must end within 20 % of 2/lr.  About 20 s per rate.
#
# Usage: edge-of-stability.sh [LRLAB_CLI]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cli=${1:-lrlab-cli}
status=0
for lr in 0.1 0.4; do
  last=$("$cli" train --model mlp:hidden=64,act=tanh,loss=mse,init=torch --optimizer sgd:lr=$lr \
           --batch-size full --epochs 3000 --sharpness-every 250 | tail -n 1)
  sharpness=${last##*,}
  verdict=$(awk -v s="$sharpness" -v lr="$lr" 'BEGIN { t = 2 / lr; d = (s - t) / t; if (d < 0) d = -d;
                                                     printf "%s %.1f %%", d <= 0.2 ? "ok" : "FAIL", 100 * d }')
  echo "lr $lr: sharpness $sharpness, 2/lr $(awk -v lr=$lr 'BEGIN { print 2 / lr }'), off by ${verdict#* } ${verdict%% *}"
  case $verdict in ok*) ;; *) status=1 ;; esac
done
exit $status
