/* lr-range-test.c: the LR range test (learning-rate finder) on a trainer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-train-private.h"

/* ---- LR range test ------------------------------------------------------ */

void
lr_lr_find_result_free (LrLrFindResult *result)
{
  if (result == NULL)
    return;

  g_free (result->lr);
  g_free (result->loss);
  g_free (result->smoothed);
  g_free (result);
}

gboolean
lr_lr_find_plot_range (const LrLrFindResult *r,
                       double              *ymin,
                       double              *ymax)
{
  double start = NAN, lowest = INFINITY;

  g_return_val_if_fail (r != NULL && ymin != NULL && ymax != NULL, FALSE);

  for (guint i = 0; i < r->n; i++)
    if (isfinite (r->smoothed[i]))
      {
        if (isnan (start))
          start = r->smoothed[i];
        lowest = MIN (lowest, r->smoothed[i]);
      }
  if (isnan (start))
    return FALSE;
  *ymax = LR_LR_FIND_PLOT_TOP * start;
  /* a tenth of the descent below the minimum, never below zero (a loss) */
  *ymin = MAX (0, lowest - 0.1 * (start - lowest));
  if (!(*ymax > *ymin))
    *ymax = *ymin + MAX (fabs (*ymin), 1);
  return TRUE;
}

/* The steepest descent of the smoothed loss against log lr, with numpy's
 * gradient rule: central differences inside, one-sided at the ends.  Only
 * the descent towards the minimum counts: past it the loss is unstable. */
static double
steepest_slope_lr (const LrLrFindResult *r,
                   guint                 min_i)
{
  guint s0 = 0, s1 = r->n;
  guint best = 0;
  double best_slope = INFINITY;

  if (r->n >= LR_LR_FIND_SKIP_START + LR_LR_FIND_SKIP_END + 3)
    {
      s0 = LR_LR_FIND_SKIP_START;
      s1 = r->n - LR_LR_FIND_SKIP_END;
    }
  s1 = MIN (s1, min_i + 1);
  if (s1 < s0 + 3)
    return NAN;

  for (guint j = s0; j < s1; j++)
    {
      guint lo = j > s0 ? j - 1 : j;
      guint hi = j + 1 < s1 ? j + 1 : j;
      double slope = (r->smoothed[hi] - r->smoothed[lo]) / (log (r->lr[hi]) - log (r->lr[lo]));

      if (slope < best_slope)
        {
          best_slope = slope;
          best = j;
        }
    }

  return isfinite (best_slope) ? r->lr[best] : NAN;
}

/* The suggestions from the points, @best_i the lowest smoothed loss. */
static void
suggest (LrLrFindResult *r,
         guint           best_i)
{
  if (r->n > 0)
    {
      r->min_lr = r->lr[best_i];
      r->min_div10_lr = r->min_lr / 10;
    }
  else
    r->min_lr = r->min_div10_lr = NAN;
  r->steepest_lr = r->n > 0 ? steepest_slope_lr (r, best_i) : NAN;
  /* The more careful of the two rules: a short test overrates high rates. */
  if (isfinite (r->steepest_lr) && isfinite (r->min_div10_lr))
    r->suggested_lr = MIN (r->steepest_lr, r->min_div10_lr);
  else
    r->suggested_lr = isfinite (r->steepest_lr) ? r->steepest_lr : r->min_div10_lr;
}

LrLrFindResult *
lr_trainer_lr_find (LrTrainer            *t,
                    double                start_lr,
                    double                end_lr,
                    guint                 iters,
                    LrTrainProgressFunc   progress,
                    gpointer              user_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(LrLrFindResult) r = NULL;
  g_autoptr(LrOptimizer) opt = NULL;
  g_autofree float *saved = NULL;
  const guint n_train = t->split->train.n;
  gsize n_params;
  float *params;
  guint pos = G_MAXUINT;
  double avg = 0, best = INFINITY;
  guint best_i = 0;
  LrRandom rng;

  g_return_val_if_fail (t != NULL, NULL);

  if (!isfinite (start_lr) || !isfinite (end_lr) || start_lr <= 0 || end_lr <= start_lr)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "the range test needs 0 < start lr < end lr (got %g and %g)", start_lr, end_lr);
      return NULL;
    }
  if (!lr_train_check_range ("iterations", iters, 2, 100000, error))
    return NULL;

  n_params = lr_mlp_get_n_params (t->mlp);
  params = lr_mlp_get_params (t->mlp);
  saved = g_try_malloc (n_params * sizeof (float));
  opt = lr_optimizer_new (&t->config.optimizer, n_params, LR_PRECISION_FLOAT);
  if (saved == NULL)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE, "not enough memory for a copy of the model's weights");
      return NULL;
    }
  if (!lr_optimizer_reserve (opt, error))
    return NULL;
  memcpy (saved, params, n_params * sizeof (float));
  lr_random_init_stream (&rng, t->config.seed, LR_RANDOM_STREAM_LR_FIND);

  r = g_new0 (LrLrFindResult, 1);
  r->lr = g_new (double, iters);
  r->loss = g_new (double, iters);
  r->smoothed = g_new (double, iters);

  for (guint i = 0; i < iters; i++)
    {
      double lr = start_lr * pow (end_lr / start_lr, (double) i / (iters - 1));
      double loss, smoothed;
      guint count = t->batch;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          memcpy (params, saved, n_params * sizeof (float));
          return NULL;
        }

      /* Whole batches only: a short last batch would only add noise. */
      if (pos > n_train - count)
        {
          lr_train_shuffle_order (t->order, n_train, &rng);
          pos = 0;
        }
      lr_trainer_gather (t, &t->split->train, t->order, pos, count);
      pos += count;
      loss = lr_mlp_train_batch (t->mlp, t->x, t->y, count, NULL);
      if (!isfinite (loss))
        {
          r->stopped_early = TRUE;
          break;
        }

      avg = LR_LR_FIND_SMOOTHING * avg + (1 - LR_LR_FIND_SMOOTHING) * loss;
      smoothed = avg / (1 - pow (LR_LR_FIND_SMOOTHING, i + 1));
      r->lr[r->n] = lr;
      r->loss[r->n] = loss;
      r->smoothed[r->n] = smoothed;
      r->n++;
      if (smoothed < best)
        {
          best = smoothed;
          best_i = r->n - 1;
        }

      if (progress != NULL)
        {
          LrTrainProgress p = {
            LR_TRAIN_PROGRESS_BATCH, 1, i + 1, iters, i + 1, iters, lr, loss, NAN, NULL,
          };
          progress (&p, user_data);
        }

      if (smoothed > LR_LR_FIND_DIVERGE * best)
        {
          r->stopped_early = TRUE;
          break;
        }

      lr_optimizer_step_float (opt, params, lr_mlp_get_grad (t->mlp), lr);
    }

  memcpy (params, saved, n_params * sizeof (float));
  suggest (r, best_i);
  return g_steal_pointer (&r);
}

