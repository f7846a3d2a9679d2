/* lr-sweep.c: grid and random search, one training run per learning rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lr-memory.h"
#include "lr-parallel.h"
#include "lr-train-private.h"

/* ---- grid and random search --------------------------------------------- */

gboolean
lr_sweep_parse_range (const char  *text,
                      double      *a,
                      double      *b,
                      guint       *n,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  double vn;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 3)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                   "'%s' is not a range; write a:b:n, e.g. 1e-4:1:9", text);
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      GError *local = NULL;

      if (!lr_train_parse_lr (parts[i], i == 0 ? a : b, &local))
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE, "'%s': %s", text, local->message);
          g_error_free (local);
          return FALSE;
        }
    }
  if (!(*b > *a))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': the learning rates must satisfy a < b", text);
      return FALSE;
    }
  if (!lr_parse_double (parts[2], &vn) || vn != floor (vn) || vn < 1 || vn > LR_SWEEP_MAX_RUNS)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': the count '%s' is not a whole number from 1 to %d",
                   text, parts[2], LR_SWEEP_MAX_RUNS);
      return FALSE;
    }
  *n = (guint) vn;
  return TRUE;
}

double *
lr_sweep_grid (double a,
               double b,
               guint  n)
{
  double *lrs = g_new (double, MAX (n, 1));
  double la = log10 (a), lb = log10 (b);

  /* Powers of ten (numpy.logspace's way), so that 1e-4:1:5 gives exactly
   * 0.0001, 0.001, 0.01, 0.1, 1. */
  for (guint i = 0; i < n; i++)
    lrs[i] = pow (10, la + (lb - la) * i / MAX (n - 1, 1));
  /* The ends exactly as given. */
  if (n > 0)
    lrs[0] = a;
  if (n > 1)
    lrs[n - 1] = b;
  return lrs;
}

static int
compare_double (gconstpointer pa,
                gconstpointer pb)
{
  double x = *(const double *) pa, y = *(const double *) pb;

  return (x > y) - (x < y);
}

double *
lr_sweep_random (double  a,
                 double  b,
                 guint   n,
                 guint64 seed)
{
  double *lrs = g_new (double, MAX (n, 1));
  double la = log (a), lb = log (b);
  LrRandom rng;

  lr_random_init_stream (&rng, seed, LR_RANDOM_STREAM_SEARCH);
  for (guint i = 0; i < n; i++)
    lrs[i] = exp (la + (lb - la) * lr_random_uniform (&rng));
  qsort (lrs, n, sizeof (double), compare_double);
  return lrs;
}

void
lr_sweep_row_from_records (LrSweepRow          *row,
                           double               lr,
                           gboolean             diverged,
                           const LrEpochRecord *records,
                           guint                n_records)
{
  memset (row, 0, sizeof *row);
  row->lr = lr;
  row->diverged = diverged;
  row->epochs = n_records;
  if (n_records > 0)
    {
      const LrEpochRecord *last = &records[n_records - 1];

      row->train_loss = last->train_loss;
      row->train_acc = last->train_acc;
      row->val_loss = last->val_loss;
      row->val_acc = last->val_acc;
    }
  else
    row->train_loss = row->train_acc = row->val_loss = row->val_acc = NAN;
  for (guint e = 0; e < n_records; e++)
    row->seconds += records[e].seconds;
}

typedef struct {
  LrDataset           *dataset;
  const LrTrainConfig *config;
  const double        *lrs;        /* n_lrs rates */
  guint                n_lrs;
  const guint         *batches;    /* n / n_lrs batch sizes, or NULL */
  guint                n;          /* runs: run i is rate i % n_lrs at batch i / n_lrs */
  GMutex               mutex;
  guint                done;
  LrSweepRow          *rows;
  LrSweepProgressFunc  progress;
  gpointer             user_data;
  GCancellable        *cancellable;
  GCancellable        *stop;       /* set on the first error */
  GError              *error;
} SweepJob;

static gboolean
sweep_one (SweepJob    *job,
           guint        i,
           LrSweepRow  *row,
           GError     **error)
{
  g_autoptr(LrTrainer) trainer = NULL;
  LrTrainConfig config;
  const LrEpochRecord *records;
  guint n_records;
  gboolean ok;

  lr_train_config_copy (&config, job->config);
  config.optimizer.lr = job->lrs[i % job->n_lrs];
  if (job->batches != NULL)
    config.batch_size = job->batches[i / job->n_lrs];
  config.n_threads = 1;
  config.report_every = 0;
  trainer = lr_trainer_new (job->dataset, &config, error);
  lr_train_config_clear (&config);
  if (trainer == NULL)
    return FALSE;

  ok = lr_trainer_run (trainer, NULL, NULL, job->stop, error);
  if (!ok)
    return FALSE;

  records = lr_trainer_get_records (trainer, &n_records);
  lr_sweep_row_from_records (row, job->lrs[i % job->n_lrs], lr_trainer_get_diverged (trainer), records, n_records);
  row->batch_size = job->batches != NULL ? job->batches[i / job->n_lrs] : job->config->batch_size;
  return TRUE;
}

/* Run @i of the sweep (a task of lr_parallel_for): its row goes to
 * rows[i], whichever thread runs it. */
static void
sweep_task (guint    i,
            gpointer data)
{
  SweepJob *job = data;
  LrSweepRow row;
  GError *local = NULL;

  if (g_cancellable_is_cancelled (job->stop))
    return;

  if (!sweep_one (job, i, &row, &local))
    {
      g_mutex_lock (&job->mutex);
      if (job->error == NULL)
        job->error = local;
      else
        g_error_free (local);
      g_mutex_unlock (&job->mutex);
      g_cancellable_cancel (job->stop);
      return;
    }

  g_mutex_lock (&job->mutex);
  job->rows[i] = row;
  job->done++;
  if (job->progress != NULL)
    job->progress (&row, job->done, job->n, job->user_data);
  g_mutex_unlock (&job->mutex);
}

static void
forward_cancel (GCancellable *cancellable,
                GCancellable *stop)
{
  g_cancellable_cancel (stop);
}

static int
compare_rows (gconstpointer pa,
              gconstpointer pb)
{
  const LrSweepRow *x = pa, *y = pb;

  if (x->batch_size != y->batch_size)
    return (x->batch_size > y->batch_size) - (x->batch_size < y->batch_size);
  return (x->lr > y->lr) - (x->lr < y->lr);
}

guint
lr_sweep_fit_parallel (LrDataset           *dataset,
                       const LrTrainConfig *config,
                       guint                n_runs,
                       guint                requested,
                       guint64             *run_bytes,
                       guint64             *available)
{
  gboolean address_space = FALSE;
  guint64 per_run, left, fit;
  guint wanted;

  g_return_val_if_fail (dataset != NULL && config != NULL, 1);

  wanted = MAX (MIN (requested ? requested : g_get_num_processors (), MAX (n_runs, 1)), 1);
  per_run = lr_train_estimate_bytes (dataset, config, NULL);
  left = lr_memory_available (&address_space);
  /* a thread's stack and its malloc arena are address space too */
  if (address_space)
    per_run += 72 << 20;
  if (run_bytes != NULL)
    *run_bytes = per_run;
  if (available != NULL)
    *available = left;
  if (per_run == 0 || left == G_MAXUINT64)
    return wanted;
  /* a tenth kept back for what the estimate leaves out */
  fit = (left - left / 10) / per_run;
  return (guint) CLAMP (fit, 1, wanted);
}

LrSweepRow *
lr_sweep_run (LrDataset            *dataset,
              const LrTrainConfig  *config,
              const double         *lrs,
              guint                 n,
              guint                 n_parallel,
              LrSweepProgressFunc   progress,
              gpointer              user_data,
              GCancellable         *cancellable,
              GError              **error)
{
  return lr_sweep_run_batches (dataset, config, lrs, n, NULL, 1, n_parallel, progress, user_data,
                               cancellable, error);
}

LrSweepRow *
lr_sweep_run_batches (LrDataset            *dataset,
                      const LrTrainConfig  *config,
                      const double         *lrs,
                      guint                 n_lrs,
                      const guint          *batches,
                      guint                 n_batches,
                      guint                 n_parallel,
                      LrSweepProgressFunc   progress,
                      gpointer              user_data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  SweepJob job = { 0 };
  gulong handler = 0;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (lrs != NULL || n_lrs == 0, NULL);
  g_return_val_if_fail (batches != NULL || n_batches == 1, NULL);

  if (!lr_train_check_range ("rates", n_lrs, 1, LR_SWEEP_MAX_RUNS, error) ||
      !lr_train_check_range ("batch sizes", n_batches, 1, LR_SWEEP_MAX_BATCHES, error) ||
      !lr_train_check_range ("runs", n_lrs * n_batches, 1, LR_SWEEP_MAX_RUNS, error))
    return NULL;
  n = n_lrs * n_batches;
  for (guint i = 0; i < n_lrs; i++)
    if (!lr_train_check_lr (lrs[i], error))
      return NULL;
  for (guint i = 0; batches != NULL && i < n_batches; i++)
    if (!lr_train_check_range ("batch size", batches[i], 1, LR_TRAIN_MAX_BATCH_SIZE, error))
      return NULL;

  job.dataset = dataset;
  job.config = config;
  job.lrs = lrs;
  job.n_lrs = n_lrs;
  job.batches = batches;
  job.n = n;
  job.rows = g_new0 (LrSweepRow, n);
  job.progress = progress;
  job.user_data = user_data;
  job.cancellable = cancellable;
  job.stop = g_cancellable_new ();
  g_mutex_init (&job.mutex);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                     g_object_ref (job.stop), g_object_unref);

  lr_parallel_for (n, n_parallel, sweep_task, &job);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  g_object_unref (job.stop);
  g_mutex_clear (&job.mutex);

  /* Cancelled before some run could start: no error from the runs. */
  if (job.error == NULL && job.done < n)
    g_set_error_literal (&job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      g_free (job.rows);
      return NULL;
    }

  qsort (job.rows, n, sizeof (LrSweepRow), compare_rows);
  return job.rows;
}

/* ---- batch sizes ----------------------------------------------------------- */

guint *
lr_sweep_batch_grid (guint  a,
                     guint  b,
                     guint  n,
                     guint *n_batches)
{
  guint *sizes = g_new (guint, MAX (n, 1));
  double la = log (a), lb = log (b);
  guint k = 0;

  for (guint i = 0; i < n; i++)
    {
      guint v = i == 0 ? a : i == n - 1 ? b : (guint) lround (exp (la + (lb - la) * i / (n - 1)));

      /* rounding can give a size twice (1:4:5 gives 1, 1, 2, 3, 4) */
      if (k == 0 || v > sizes[k - 1])
        sizes[k++] = v;
    }
  *n_batches = k;
  return sizes;
}

guint *
lr_sweep_parse_batch_grid (const char  *text,
                           guint       *n_batches,
                           GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 v[3];
  static const guint64 hi[3] = { LR_TRAIN_MAX_BATCH_SIZE, LR_TRAIN_MAX_BATCH_SIZE, LR_SWEEP_MAX_BATCHES };

  g_return_val_if_fail (text != NULL && n_batches != NULL, NULL);

  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 3)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                   "'%s' is not a range of batch sizes; write a:b:n, e.g. 16:512:6", text);
      return NULL;
    }
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, i == 2 ? 2 : 1, hi[i], &v[i], NULL))
      {
        if (i < 2)
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "'%s': the batch size '%s' is not a whole number from 1 to %d",
                       text, parts[i], LR_TRAIN_MAX_BATCH_SIZE);
        else
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "'%s': the count '%s' is not a whole number from 2 to %d",
                       text, parts[i], LR_SWEEP_MAX_BATCHES);
        return NULL;
      }
  if (v[1] <= v[0])
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': the batch sizes must satisfy a < b", text);
      return NULL;
    }
  return lr_sweep_batch_grid ((guint) v[0], (guint) v[1], (guint) v[2], n_batches);
}

const LrSweepRow *
lr_sweep_best_for_batch (const LrSweepRow *rows,
                         guint             n,
                         guint             batch_size)
{
  const LrSweepRow *best = NULL;

  for (guint i = 0; i < n; i++)
    {
      const LrSweepRow *r = &rows[i];

      if (r->batch_size != batch_size || r->diverged || !isfinite (r->val_acc))
        continue;
      if (best == NULL || r->val_acc > best->val_acc || (r->val_acc == best->val_acc && r->lr < best->lr))
        best = r;
    }
  return best;
}

double
lr_sweep_linear_scaling (double lr0,
                         guint  b0,
                         guint  b)
{
  g_return_val_if_fail (b0 > 0, NAN);
  return lr0 * b / b0;
}
