/* lr-sweep-summary.c: what a learning-rate sweep's runs say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "lr-sweep-summary.h"

double
lr_epochs_to_accuracy (const LrEpochRecord *records,
                       guint                n,
                       double               target)
{
  double prev_acc = 0;

  g_return_val_if_fail (n == 0 || records != NULL, NAN);

  for (guint e = 0; e < n; e++)
    {
      double acc = records[e].val_acc;

      if (records[e].diverged)
        break;
      if (isfinite (acc) && acc >= target)
        {
          double f = acc > prev_acc ? (target - prev_acc) / (acc - prev_acc) : 1;

          return records[e].epoch - 1 + CLAMP (f, 0, 1);
        }
      if (isfinite (acc))
        prev_acc = acc;
    }
  return NAN;
}

static guint
third_of (double lr,
          double lo,
          double hi)
{
  double pos = (log10 (lr) - lo) / (hi - lo);

  return (guint) CLAMP (floor (pos * 3), 0, 2);
}

static LrSweepVerdict
verdict (const LrSweepThird *third,
         double              best_acc)
{
  if (third->n_runs == 0)
    return LR_SWEEP_THIRD_EMPTY;
  if (third->n_diverged == third->n_runs)
    return LR_SWEEP_THIRD_DIVERGES;
  if (third->n_diverged > 0)
    return LR_SWEEP_THIRD_UNSTABLE;
  if (third->best_acc >= best_acc - 0.01)
    return LR_SWEEP_THIRD_CONVERGES_WELL;
  return LR_SWEEP_THIRD_CONVERGES_WORSE;
}

void
lr_sweep_thirds (const LrSweepRun *runs,
                 guint             n,
                 double            from,
                 double            to,
                 LrSweepThird      thirds[3])
{
  double best_acc = 0;
  double lo = log10 (from), hi = log10 (to);

  g_return_if_fail (n == 0 || runs != NULL);
  g_return_if_fail (thirds != NULL);

  for (guint i = 0; i < n; i++)
    if (isfinite (runs[i].row->val_acc) && runs[i].row->val_acc > best_acc)
      best_acc = runs[i].row->val_acc;

  for (guint t = 0; t < 3; t++)
    {
      LrSweepThird *third = &thirds[t];

      memset (third, 0, sizeof *third);
      third->lr_from = pow (10, lo + (hi - lo) * t / 3.0);
      third->lr_to = pow (10, lo + (hi - lo) * (t + 1) / 3.0);
      third->target = 0.9 * best_acc;
      third->epochs_to_target = NAN;
      for (guint i = 0; i < n && hi > lo; i++)
        {
          const LrSweepRow *row = runs[i].row;
          double e;

          if (third_of (row->lr, lo, hi) != t)
            continue;
          third->n_runs++;
          if (row->diverged)
            third->n_diverged++;
          else if (row->val_acc > third->best_acc)
            third->best_acc = row->val_acc;
          e = lr_epochs_to_accuracy (runs[i].records, runs[i].n_records, third->target);
          if (isfinite (e) && !(e >= third->epochs_to_target))
            third->epochs_to_target = e;
        }
      third->verdict = verdict (third, best_acc);
    }
}
