/* lr-train.c: training configurations and the trainer (one training run)
 *
 * The LR range test is in lr-range-test.c, grid and random search in
 * lr-sweep.c; the three share the trainer through lr-train-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "lr-mlp-size.h"
#include "lr-preconditioned-sharpness.h"
#include "lr-random.h"
#include "lr-schedule.h"
#include "lr-train-private.h"

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

gboolean
lr_train_check_range (const char  *what,
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

gboolean
lr_train_check_lr (double   lr,
                   GError **error)
{
  if (!isfinite (lr) || lr <= 0 || lr > LR_OPTIMIZER_MAX_LR)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "the learning rate must be in (0, %g], not %g", LR_OPTIMIZER_MAX_LR, lr);
      return FALSE;
    }
  return TRUE;
}

gboolean
lr_train_parse_lr (const char  *text,
                   double      *lr,
                   GError     **error)
{
  char *end = NULL;
  double v;

  g_return_val_if_fail (text != NULL, FALSE);

  /* strtod's own reading, so that 1e-320 and 1e400 are told apart from
   * words: below and above the range rather than "not a number" */
  v = *text != '\0' && !g_ascii_isspace (*text) ? g_ascii_strtod (text, &end) : 0;
  if (end == NULL || end == text || *end != '\0' || isnan (v))
    g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                 "'%s' is not a number; valid learning rates: %g to %g", text, DBL_MIN, LR_OPTIMIZER_MAX_LR);
  else if (v <= 0)
    g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                 "'%s' is not a positive number; valid learning rates: %g to %g", text, DBL_MIN,
                 LR_OPTIMIZER_MAX_LR);
  else if (v < DBL_MIN)
    g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                 "'%s' is below the smallest learning rate; valid: %g to %g", text, DBL_MIN, LR_OPTIMIZER_MAX_LR);
  else if (v > LR_OPTIMIZER_MAX_LR)
    g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                 "'%s' is above the largest learning rate; valid: %g to %g", text, DBL_MIN, LR_OPTIMIZER_MAX_LR);
  else
    {
      *lr = v;
      return TRUE;
    }
  return FALSE;
}

guint64
lr_train_estimate_bytes (LrDataset            *dataset,
                         const LrTrainConfig  *config,
                         GError              **error)
{
  LrMlpConfig mlp;
  guint n_pixels, n_classes, n_images, batch;
  guint64 params, bytes;

  g_return_val_if_fail (dataset != NULL && config != NULL, 0);

  if (!lr_mlp_config_parse (config->model ? config->model : LR_MLP_DEFAULT_SPEC, &mlp, error))
    return 0;
  n_pixels = lr_dataset_get_n_pixels (dataset);
  n_classes = lr_dataset_get_n_classes (dataset);
  n_images = lr_dataset_get_train (dataset)->n;
  batch = MAX (MIN (config->batch_size, MAX (n_images, 1)), EVAL_CHUNK);
  params = lr_mlp_config_count_params (&mlp, n_pixels, n_classes);

  bytes = params * sizeof (float) * (2 + lr_optimizer_config_count_state (&config->optimizer));
  bytes += lr_mlp_config_scratch_bytes (&mlp, n_pixels, n_classes, batch);
  bytes += (guint64) batch * (n_pixels * sizeof (float) + 1);
  /* the split's positions, validation outputs and predictions */
  bytes += (guint64) n_images * (sizeof (guint32) * 2 + n_classes * sizeof (float) + 1);
  return bytes;
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

  if (!lr_train_check_range ("epochs", config->epochs, 1, LR_TRAIN_MAX_EPOCHS, error) ||
      (config->batch_size != LR_TRAIN_BATCH_FULL &&
       !lr_train_check_range ("batch size", config->batch_size, 1, LR_TRAIN_MAX_BATCH_SIZE, error)) ||
      !lr_train_check_lr (config->optimizer.lr, error) ||
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

  /* Everything whose size comes from the model or the data set is had
   * now, or refused with a clear error, rather than aborting later. */
  if (!lr_optimizer_reserve (t->opt, error) ||
      !lr_mlp_reserve (t->mlp, MAX (t->batch, EVAL_CHUNK), error) ||
      (config->sharpness_every > 0 && !lr_mlp_hvp_check_memory (t->mlp, error)))
    return NULL;
  t->x = g_try_malloc ((gsize) MAX (t->batch, EVAL_CHUNK) * t->n_pixels * sizeof (float));
  t->y = g_try_malloc (MAX (t->batch, EVAL_CHUNK));
  t->order = g_try_malloc (sizeof (guint32) * MAX (n_train, 1));
  t->val_probs = g_try_malloc ((gsize) MAX (t->split->val.n, 1) * t->n_classes * sizeof (float));
  t->val_pred = g_try_malloc (MAX (t->split->val.n, 1));
  t->confusion = g_try_malloc ((gsize) t->n_classes * t->n_classes * sizeof (guint));
  if (t->x == NULL || t->y == NULL || t->order == NULL || t->val_probs == NULL || t->val_pred == NULL ||
      t->confusion == NULL)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "not enough memory for batches of %u images and %u validation images",
                   t->batch, t->split->val.n);
      return NULL;
    }

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
  g_clear_pointer (&t->hvp, lr_mlp_hvp_free);
  g_clear_pointer (&t->records, g_array_unref);
  g_free (t->x);
  g_free (t->y);
  g_free (t->order);
  g_free (t->val_probs);
  g_free (t->val_pred);
  g_free (t->confusion);
  g_free (t);
}

gboolean
lr_trainer_set_params (LrTrainer    *t,
                       const float  *params,
                       gsize         n,
                       GError      **error)
{
  g_return_val_if_fail (t != NULL && params != NULL, FALSE);
  g_return_val_if_fail (!t->ran, FALSE);

  if (n != lr_mlp_get_n_params (t->mlp))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "the weights have %" G_GSIZE_FORMAT " parameters; the model %s needs %" G_GSIZE_FORMAT,
                   n, t->config.model, lr_mlp_get_n_params (t->mlp));
      return FALSE;
    }
  memcpy (lr_mlp_get_params (t->mlp), params, n * sizeof (float));
  t->evaluated = FALSE;
  return TRUE;
}

double
lr_trainer_sharpness (LrTrainer *t)
{
  double top = NAN;

  if (t->hvp == NULL)
    {
      const LrSubset *train = &t->split->train;

      t->hvp = lr_mlp_hvp_new (t->mlp, &train, 1, t->scale, t->config.n_threads);
    }
  /* Adam and AdamW: λmax of P⁻¹H, P their preconditioner after the last update. */
  if (lr_optimizer_config_is_preconditioned (&t->config.optimizer))
    {
      g_autofree double *p = g_new (double, lr_mlp_get_n_params (t->mlp));

      if (!lr_optimizer_get_preconditioner (t->opt, p)
          || lr_mlp_hvp_top_preconditioned (t->hvp, lr_mlp_get_params (t->mlp), p, 1, t->config.seed, &top) == 0)
        return NAN;
      return top;
    }
  if (lr_mlp_hvp_top_eigenvalues (t->hvp, lr_mlp_get_params (t->mlp), 1, t->config.seed, &top) == 0)
    return NAN;
  return top;
}

void
lr_trainer_gather (LrTrainer      *t,
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

  memset (t->confusion, 0, C * C * sizeof (guint));

  for (guint start = 0; start < val->n; start += EVAL_CHUNK)
    {
      guint count = MIN (EVAL_CHUNK, val->n - start);
      guint c = 0;

      lr_trainer_gather (t, val, NULL, start, count);
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

void
lr_train_shuffle_order (guint32  *order,
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

      lr_train_shuffle_order (t->order, n_train, &rng);
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

          lr_trainer_gather (t, &t->split->train, t->order, start, count);
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
      record.sharpness = NAN;
      if (t->config.sharpness_every > 0 && epoch % t->config.sharpness_every == 0 && !t->diverged)
        record.sharpness = lr_trainer_sharpness (t);
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

