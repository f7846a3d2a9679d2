/* lr-train.c: training, the LR range test, grid and random search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-random.h"
#include "lr-schedule.h"
#include "lr-train.h"

/* Validation is evaluated in chunks of this many images. */
#define EVAL_CHUNK 256

/* ---- configuration ------------------------------------------------------ */

void
lr_train_config_init (LrTrainConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->model = g_strdup (LR_MLP_DEFAULT_SPEC);
  lr_optimizer_config_init (&config->optimizer, "adam");
  config->schedule = NULL;
  config->epochs = LR_TRAIN_DEFAULT_EPOCHS;
  config->batch_size = LR_TRAIN_DEFAULT_BATCH_SIZE;
  config->seed = 0;
  config->n_threads = 0;
  config->report_every = 0;
}

void
lr_train_config_copy (LrTrainConfig       *dest,
                      const LrTrainConfig *src)
{
  g_return_if_fail (dest != NULL && src != NULL && dest != src);

  *dest = *src;
  dest->model = g_strdup (src->model);
  dest->schedule = g_strdup (src->schedule);
}

void
lr_train_config_clear (LrTrainConfig *config)
{
  if (config == NULL)
    return;

  g_clear_pointer (&config->model, g_free);
  g_clear_pointer (&config->schedule, g_free);
}

/* ---- the trainer -------------------------------------------------------- */

struct _LrTrainer
{
  LrTrainConfig  config;
  LrDataset     *dataset;
  LrSplit       *split;
  LrMlp         *mlp;
  LrOptimizer   *opt;
  LrSchedule    *sched;

  guint          n_pixels;
  guint          n_classes;
  float          scale;          /* 1 / pixel maximum */
  guint          batch;          /* effective batch size */
  guint          n_batches;      /* per epoch */
  guint64        n_steps;
  guint64        step;
  gboolean       ran;
  gboolean       diverged;
  double         first_loss;     /* the loss of the first batch */
  double         loss_ema;       /* EMA of the batch losses (not bias-corrected) */
  GArray        *records;        /* LrEpochRecord */

  float         *x;              /* MAX (batch, EVAL_CHUNK) × n_pixels */
  guint8        *y;
  guint32       *order;          /* positions into split->train */

  gboolean       evaluated;
  double         val_loss;
  double         val_acc;
  float         *val_probs;
  guint8        *val_pred;
  guint         *confusion;
};

static gboolean
check_range (const char  *what,
             guint        value,
             guint        min,
             guint        max,
             GError     **error)
{
  if (value < min || value > max)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "%s: %u is out of range; valid: %u to %u", what, value, min, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_lr (double   lr,
          GError **error)
{
  if (!isfinite (lr) || lr <= 0)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "the learning rate must be a positive finite number, not %g", lr);
      return FALSE;
    }
  return TRUE;
}

LrTrainer *
lr_trainer_new (LrDataset            *dataset,
                const LrTrainConfig  *config,
                GError              **error)
{
  g_autoptr(LrTrainer) t = NULL;
  LrMlpConfig mlp_config;
  guint n_train;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (!check_range ("epochs", config->epochs, 1, LR_TRAIN_MAX_EPOCHS, error) ||
      !check_range ("batch size", config->batch_size, 1, LR_TRAIN_MAX_BATCH_SIZE, error) ||
      !check_lr (config->optimizer.lr, error) ||
      !lr_mlp_config_parse (config->model ? config->model : LR_MLP_DEFAULT_SPEC, &mlp_config, error))
    return NULL;

  t = g_new0 (LrTrainer, 1);
  lr_train_config_copy (&t->config, config);
  if (t->config.model == NULL)
    t->config.model = g_strdup (LR_MLP_DEFAULT_SPEC);
  t->dataset = lr_dataset_ref (dataset);
  t->records = g_array_new (FALSE, FALSE, sizeof (LrEpochRecord));
  t->n_pixels = lr_dataset_get_n_pixels (dataset);
  t->n_classes = lr_dataset_get_n_classes (dataset);
  t->scale = 1.f / lr_dataset_get_pixel_max (dataset);

  t->mlp = lr_mlp_new (&mlp_config, t->n_pixels, t->n_classes, config->n_threads, error);
  if (t->mlp == NULL)
    return NULL;

  t->split = lr_split_new (dataset, config->seed);
  n_train = t->split->train.n;
  t->batch = MIN (config->batch_size, n_train);
  t->n_batches = (n_train + t->batch - 1) / t->batch;
  t->n_steps = (guint64) t->n_batches * config->epochs;

  t->sched = lr_schedule_new (config->schedule, config->optimizer.lr,
                              lr_optimizer_config_get_momentum (&config->optimizer),
                              (guint) MIN (t->n_steps, G_MAXUINT), error);
  if (t->sched == NULL)
    return NULL;

  lr_mlp_init_params (t->mlp, config->seed);
  t->opt = lr_optimizer_new (&config->optimizer, lr_mlp_get_n_params (t->mlp), LR_PRECISION_FLOAT);

  t->x = g_new (float, (gsize) MAX (t->batch, EVAL_CHUNK) * t->n_pixels);
  t->y = g_new (guint8, MAX (t->batch, EVAL_CHUNK));
  t->order = g_new (guint32, MAX (n_train, 1));

  return g_steal_pointer (&t);
}

void
lr_trainer_free (LrTrainer *t)
{
  if (t == NULL)
    return;

  lr_train_config_clear (&t->config);
  g_clear_pointer (&t->split, lr_split_free);
  g_clear_pointer (&t->dataset, lr_dataset_unref);
  g_clear_pointer (&t->mlp, lr_mlp_free);
  g_clear_pointer (&t->opt, lr_optimizer_free);
  g_clear_pointer (&t->sched, lr_schedule_free);
  g_clear_pointer (&t->records, g_array_unref);
  g_free (t->x);
  g_free (t->y);
  g_free (t->order);
  g_free (t->val_probs);
  g_free (t->val_pred);
  g_free (t->confusion);
  g_free (t);
}

/* Scales @count images into t->x and their labels into t->y; positions
 * are order[start …] (or start … when @order is NULL) of @subset. */
static void
gather (LrTrainer      *t,
        const LrSubset *subset,
        const guint32  *order,
        guint           start,
        guint           count)
{
  const guint n_pixels = t->n_pixels;
  const float scale = t->scale;

  for (guint j = 0; j < count; j++)
    {
      guint pos = order ? order[start + j] : start + j;
      const guint8 *src = lr_subset_image (subset, pos, n_pixels);
      float *dst = t->x + (gsize) j * n_pixels;

      for (guint p = 0; p < n_pixels; p++)
        dst[p] = src[p] * scale;
      t->y[j] = (guint8) lr_subset_label (subset, pos);
    }
}

static void
evaluate (LrTrainer *t)
{
  const LrSubset *val = &t->split->val;
  const guint C = t->n_classes;
  double loss = 0;
  guint correct = 0;

  if (t->val_probs == NULL)
    {
      t->val_probs = g_new (float, (gsize) MAX (val->n, 1) * C);
      t->val_pred = g_new (guint8, MAX (val->n, 1));
      t->confusion = g_new (guint, C * C);
    }
  memset (t->confusion, 0, C * C * sizeof (guint));

  for (guint start = 0; start < val->n; start += EVAL_CHUNK)
    {
      guint count = MIN (EVAL_CHUNK, val->n - start);
      guint c = 0;

      gather (t, val, NULL, start, count);
      loss += lr_mlp_evaluate (t->mlp, t->x, t->y, count, t->val_probs + (gsize) start * C,
                               t->val_pred + start, &c);
      correct += c;
      for (guint j = 0; j < count; j++)
        t->confusion[t->y[j] * C + t->val_pred[start + j]]++;
    }

  t->val_loss = val->n ? loss / val->n : NAN;
  t->val_acc = val->n ? (double) correct / val->n : NAN;
  t->evaluated = TRUE;
}

static void
shuffle_order (guint32  *order,
               guint     n,
               LrRandom *rng)
{
  for (guint i = 0; i < n; i++)
    order[i] = i;
  lr_random_shuffle (rng, order, n);
}

/* A loss that is not finite, or a smoothed loss (bias-corrected EMA, as in
 * the range test) above LR_TRAIN_DIVERGE_FACTOR × the first batch's: the
 * run has blown up. */
static gboolean
diverging (LrTrainer *t,
           double     loss)
{
  double smoothed;

  if (!isfinite (loss))
    return TRUE;

  if (t->step == 0)
    t->first_loss = loss;
  t->loss_ema = LR_LR_FIND_SMOOTHING * t->loss_ema + (1 - LR_LR_FIND_SMOOTHING) * loss;
  smoothed = t->loss_ema / (1 - pow (LR_LR_FIND_SMOOTHING, (double) t->step + 1));

  return smoothed > LR_TRAIN_DIVERGE_FACTOR * t->first_loss;
}

gboolean
lr_trainer_run (LrTrainer            *t,
                LrTrainProgressFunc   progress,
                gpointer              user_data,
                GCancellable         *cancellable,
                GError              **error)
{
  const guint n_train = t->split->train.n;
  float *params;
  LrRandom rng;
  double lr = lr_schedule_get_lr (t->sched);

  g_return_val_if_fail (t != NULL, FALSE);
  g_return_val_if_fail (!t->ran, FALSE);

  t->ran = TRUE;
  params = lr_mlp_get_params (t->mlp);
  lr_random_init_stream (&rng, t->config.seed, LR_RANDOM_STREAM_SHUFFLE);

  for (guint epoch = 1; epoch <= t->config.epochs && !t->diverged; epoch++)
    {
      double loss_sum = 0, window_loss = 0;
      guint64 correct = 0, seen = 0;
      guint window_batches = 0, window_correct = 0, window_seen = 0;
      gint64 t0;
      LrEpochRecord record;

      shuffle_order (t->order, n_train, &rng);
      t0 = g_get_monotonic_time ();
      /* Schedule-Free trains at y and is evaluated (and saved) at the average x. */
      lr_optimizer_train_float (t->opt, params);

      for (guint b = 0; b < t->n_batches; b++)
        {
          guint start = b * t->batch;
          guint count = MIN (t->batch, n_train - start);
          guint c = 0;
          double momentum, loss;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;

          lr = lr_schedule_get_lr (t->sched);
          if (lr_schedule_get_momentum (t->sched, &momentum))
            lr_optimizer_set_momentum (t->opt, momentum);

          gather (t, &t->split->train, t->order, start, count);
          loss = lr_mlp_train_batch (t->mlp, t->x, t->y, count, &c);
          loss_sum += loss * count;
          correct += c;
          seen += count;

          if (diverging (t, loss))
            {
              t->diverged = TRUE;
              break;
            }

          lr_optimizer_step_float (t->opt, params, lr_mlp_get_grad (t->mlp), lr);
          lr_schedule_step (t->sched);
          t->step++;

          window_loss += loss * count;
          window_correct += c;
          window_seen += count;
          if (progress != NULL && t->config.report_every > 0 &&
              ++window_batches == t->config.report_every)
            {
              LrTrainProgress p = {
                LR_TRAIN_PROGRESS_BATCH, epoch, b + 1, t->n_batches, t->step, t->n_steps, lr,
                window_loss / window_seen, (double) window_correct / window_seen, NULL,
              };

              progress (&p, user_data);
              window_loss = 0;
              window_batches = window_correct = window_seen = 0;
            }
        }

      record.seconds = (g_get_monotonic_time () - t0) / 1e6;
      lr_optimizer_eval_float (t->opt, params);
      evaluate (t);
      if (!t->diverged)
        lr_schedule_observe (t->sched, t->val_loss);

      record.epoch = epoch;
      record.step = t->step;
      record.lr = lr;
      record.train_loss = seen ? loss_sum / seen : NAN;
      record.train_acc = seen ? (double) correct / seen : NAN;
      record.val_loss = t->val_loss;
      record.val_acc = t->val_acc;
      record.diverged = t->diverged;
      record.effective_lr = lr_optimizer_get_effective_lr (t->opt);
      g_array_append_val (t->records, record);

      if (progress != NULL)
        {
          LrTrainProgress p = {
            LR_TRAIN_PROGRESS_EPOCH, epoch, t->n_batches, t->n_batches, t->step, t->n_steps, lr,
            record.train_loss, record.train_acc,
            &g_array_index (t->records, LrEpochRecord, t->records->len - 1),
          };

          progress (&p, user_data);
        }
    }

  return TRUE;
}

const LrTrainConfig *
lr_trainer_get_config (const LrTrainer *t)
{
  return &t->config;
}

const LrSplit *
lr_trainer_get_split (const LrTrainer *t)
{
  return t->split;
}

LrMlp *
lr_trainer_get_model (LrTrainer *t)
{
  return t->mlp;
}

guint
lr_trainer_get_n_batches (const LrTrainer *t)
{
  return t->n_batches;
}

const LrEpochRecord *
lr_trainer_get_records (const LrTrainer *t,
                        guint           *n_records)
{
  if (n_records)
    *n_records = t->records->len;
  return t->records->len > 0 ? &g_array_index (t->records, LrEpochRecord, 0) : NULL;
}

gboolean
lr_trainer_get_diverged (const LrTrainer *t)
{
  return t->diverged;
}

static void
ensure_evaluated (LrTrainer *t)
{
  if (!t->evaluated)
    evaluate (t);
}

const guint *
lr_trainer_get_confusion (LrTrainer *t)
{
  ensure_evaluated (t);
  return t->confusion;
}

const float *
lr_trainer_get_val_probs (LrTrainer *t)
{
  ensure_evaluated (t);
  return t->val_probs;
}

const guint8 *
lr_trainer_get_val_predicted (LrTrainer *t)
{
  ensure_evaluated (t);
  return t->val_pred;
}

typedef struct {
  guint  pos;
  float  confidence;
} Wrong;

static int
compare_wrong (gconstpointer a,
               gconstpointer b)
{
  const Wrong *x = a, *y = b;

  if (x->confidence != y->confidence)
    return x->confidence > y->confidence ? -1 : 1;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

guint
lr_trainer_get_confidently_wrong (LrTrainer *t,
                                  guint     *positions,
                                  guint      max)
{
  const LrSubset *val = &t->split->val;
  g_autoptr(GArray) wrong = g_array_new (FALSE, FALSE, sizeof (Wrong));
  guint n;

  ensure_evaluated (t);
  for (guint i = 0; i < val->n; i++)
    {
      guint pred = t->val_pred[i];

      if (pred != lr_subset_label (val, i))
        {
          Wrong w = { i, t->val_probs[(gsize) i * t->n_classes + pred] };

          /* A NaN confidence sorts last. */
          if (isnan (w.confidence))
            w.confidence = -1.f;
          g_array_append_val (wrong, w);
        }
    }
  g_array_sort (wrong, compare_wrong);

  n = MIN (max, wrong->len);
  for (guint i = 0; i < n; i++)
    positions[i] = g_array_index (wrong, Wrong, i).pos;
  return n;
}

void
lr_trainer_get_input_weights (LrTrainer *t,
                              guint      unit,
                              float     *out)
{
  lr_mlp_get_input_weights (t->mlp, unit, out);
}

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
  if (!check_range ("iterations", iters, 2, 100000, error))
    return NULL;

  n_params = lr_mlp_get_n_params (t->mlp);
  params = lr_mlp_get_params (t->mlp);
  saved = g_memdup2 (params, n_params * sizeof (float));
  opt = lr_optimizer_new (&t->config.optimizer, n_params, LR_PRECISION_FLOAT);
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
          shuffle_order (t->order, n_train, &rng);
          pos = 0;
        }
      gather (t, &t->split->train, t->order, pos, count);
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

  return g_steal_pointer (&r);
}

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
  if (!lr_parse_double (parts[0], a) || !lr_parse_double (parts[1], b))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': '%s' is not a finite number", text,
                   lr_parse_double (parts[0], a) ? parts[1] : parts[0]);
      return FALSE;
    }
  if (!(*a > 0) || !(*b > *a))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': the learning rates must satisfy 0 < a < b", text);
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

typedef struct {
  LrDataset           *dataset;
  const LrTrainConfig *config;
  const double        *lrs;
  guint                n;
  gint                 next;       /* atomic */
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
  config.optimizer.lr = job->lrs[i];
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
  memset (row, 0, sizeof *row);
  row->lr = job->lrs[i];
  row->diverged = lr_trainer_get_diverged (trainer);
  row->epochs = n_records;
  if (n_records > 0)
    {
      const LrEpochRecord *last = &records[n_records - 1];

      row->train_loss = last->train_loss;
      row->train_acc = last->train_acc;
      row->val_loss = last->val_loss;
      row->val_acc = last->val_acc;
    }
  for (guint e = 0; e < n_records; e++)
    row->seconds += records[e].seconds;

  return TRUE;
}

static gpointer
sweep_worker (gpointer data)
{
  SweepJob *job = data;

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&job->next, 1);
      LrSweepRow row;
      GError *local = NULL;

      if (i >= job->n || g_cancellable_is_cancelled (job->stop))
        break;

      if (!sweep_one (job, i, &row, &local))
        {
          g_mutex_lock (&job->mutex);
          if (job->error == NULL)
            job->error = local;
          else
            g_error_free (local);
          g_mutex_unlock (&job->mutex);
          g_cancellable_cancel (job->stop);
          break;
        }

      g_mutex_lock (&job->mutex);
      job->rows[i] = row;
      job->done++;
      if (job->progress != NULL)
        job->progress (&row, job->done, job->n, job->user_data);
      g_mutex_unlock (&job->mutex);
    }

  return NULL;
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

  return (x->lr > y->lr) - (x->lr < y->lr);
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
  SweepJob job = { 0 };
  GThread *threads[64];
  guint n_threads;
  gulong handler = 0;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (lrs != NULL || n == 0, NULL);

  if (!check_range ("runs", n, 1, LR_SWEEP_MAX_RUNS, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    if (!check_lr (lrs[i], error))
      return NULL;

  job.dataset = dataset;
  job.config = config;
  job.lrs = lrs;
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

  if (n_parallel == 0)
    n_parallel = g_get_num_processors ();
  n_threads = CLAMP (MIN (n_parallel, n), 1, G_N_ELEMENTS (threads));
  for (guint i = 0; i < n_threads; i++)
    threads[i] = g_thread_new ("lr-sweep", sweep_worker, &job);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);

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
