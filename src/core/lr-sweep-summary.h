/* lr-sweep-summary.h: what a learning-rate sweep's runs say — one row per
 * run from its epoch records, the epochs a run needs to reach an accuracy,
 * and the table in words (low, middle and high third of the range)
 *
 * (lr_sweep_row_from_records, in lr-train.h, makes the row of a run.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-train.h"

G_BEGIN_DECLS

/* Fractional epochs until the validation accuracy first reaches @target,
 * linear between the epoch before (epoch 0: accuracy 0) and the one that
 * reaches it; NaN when no epoch before a divergence does. */
double   lr_epochs_to_accuracy     (const LrEpochRecord  *records,
                                    guint                 n,
                                    double                target);

typedef enum {
  LR_SWEEP_THIRD_EMPTY,           /* no run in this third */
  LR_SWEEP_THIRD_DIVERGES,        /* every run diverged */
  LR_SWEEP_THIRD_UNSTABLE,        /* some diverged */
  LR_SWEEP_THIRD_CONVERGES_WELL,  /* within 1 point of the sweep's best */
  LR_SWEEP_THIRD_CONVERGES_WORSE,
} LrSweepVerdict;

typedef struct {
  const LrSweepRow    *row;
  const LrEpochRecord *records;
  guint                n_records;
} LrSweepRun;

typedef struct {
  double          lr_from;         /* the third's range, log-spaced thirds of the sweep's */
  double          lr_to;
  guint           n_runs;
  guint           n_diverged;
  double          best_acc;        /* best of the runs that did not diverge (0 if none) */
  double          target;          /* 0.9 × the best accuracy of the whole sweep */
  double          epochs_to_target;/* fastest run to reach @target, NaN: none */
  LrSweepVerdict  verdict;
} LrSweepThird;

/* The three thirds (low, middle, high rates) of a sweep from @from to @to
 * (0 < from < to) over @n runs; a run belongs to the third its rate falls
 * in (rates outside the range count to the nearest end). */
void     lr_sweep_thirds           (const LrSweepRun     *runs,
                                    guint                 n,
                                    double                from,
                                    double                to,
                                    LrSweepThird          thirds[3]);

G_END_DECLS
