/* test-train.c: training the classifier, the LR range test and the sweep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-kernels.h"
#include "lr-schedule.h"
#include "lr-train.h"

static LrDataset *digits;

static void
config_for (LrTrainConfig *config,
            const char    *optimizer,
            guint          epochs)
{
  g_autoptr(GError) error = NULL;

  lr_train_config_init (config);
  g_assert_true (lr_optimizer_config_parse (optimizer, &config->optimizer, &error));
  g_assert_no_error (error);
  config->epochs = epochs;
}

static LrTrainer *
train (const LrTrainConfig *config)
{
  g_autoptr(GError) error = NULL;
  LrTrainer *t = lr_trainer_new (digits, config, &error);

  g_assert_no_error (error);
  g_assert_true (lr_trainer_run (t, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return t;
}

/* The default model with Adam learns the digits. */
static void
test_accuracy (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  const LrEpochRecord *r;
  guint n;

  config_for (&config, "adam", 20);
  t = train (&config);
  r = lr_trainer_get_records (t, &n);
  g_assert_cmpuint (n, ==, 20);
  g_test_message ("validation accuracy %.4f, loss %.4f", r[n - 1].val_acc, r[n - 1].val_loss);
  g_assert_cmpfloat (r[n - 1].val_acc, >=, 0.96);
  g_assert_cmpfloat (r[n - 1].val_loss, <, r[0].val_loss);
  g_assert_false (lr_trainer_get_diverged (t));
  lr_train_config_clear (&config);
}

static void
test_records_and_results (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  const LrEpochRecord *r;
  const LrSplit *split;
  const guint *confusion;
  const float *probs;
  const guint8 *pred;
  guint n, total = 0, trace = 0, n_wrong;
  guint wrong[400];
  double expected_lr;

  config_for (&config, "adam:lr=0.01", 3);
  t = train (&config);
  split = lr_trainer_get_split (t);
  r = lr_trainer_get_records (t, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (lr_trainer_get_n_batches (t), ==, (1437 + 31) / 32);

  expected_lr = 0.01;
  for (guint e = 0; e < n; e++)
    {
      g_assert_cmpuint (r[e].epoch, ==, e + 1);
      g_assert_cmpuint (r[e].step, ==, (e + 1) * 45);
      g_assert_cmpfloat (r[e].lr, ==, expected_lr);
      g_assert_cmpfloat (r[e].train_acc, >, 0.5);
      g_assert_cmpfloat (r[e].train_acc, <=, 1);
      g_assert_cmpfloat (r[e].val_acc, >, 0.8);
      g_assert_cmpfloat (r[e].seconds, >=, 0);
      g_assert_false (r[e].diverged);
    }

  /* The confusion matrix, probabilities and predictions of the last epoch. */
  confusion = lr_trainer_get_confusion (t);
  probs = lr_trainer_get_val_probs (t);
  pred = lr_trainer_get_val_predicted (t);
  for (guint a = 0; a < 10; a++)
    for (guint b = 0; b < 10; b++)
      {
        total += confusion[a * 10 + b];
        if (a == b)
          trace += confusion[a * 10 + b];
      }
  g_assert_cmpuint (total, ==, split->val.n);
  g_assert_cmpfloat_with_epsilon ((double) trace / total, r[n - 1].val_acc, 1e-12);

  for (guint i = 0; i < split->val.n; i++)
    {
      double sum = 0;
      guint arg = 0;

      for (guint c = 0; c < 10; c++)
        {
          sum += probs[i * 10 + c];
          if (probs[i * 10 + c] > probs[i * 10 + arg])
            arg = c;
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
      g_assert_cmpuint (pred[i], ==, arg);
    }

  n_wrong = lr_trainer_get_confidently_wrong (t, wrong, G_N_ELEMENTS (wrong));
  g_assert_cmpuint (n_wrong, ==, total - trace);
  for (guint k = 0; k < n_wrong; k++)
    {
      guint i = wrong[k];

      g_assert_cmpuint (pred[i], !=, lr_subset_label (&split->val, i));
      if (k > 0)
        g_assert_cmpfloat (probs[i * 10 + pred[i]], <=, probs[wrong[k - 1] * 10 + pred[wrong[k - 1]]]);
    }
  g_assert_cmpuint (lr_trainer_get_confidently_wrong (t, wrong, 2), ==, MIN (2, n_wrong));

  {
    float image[64];
    LrMlp *mlp = lr_trainer_get_model (t);
    gsize w;
    guint n_out;

    lr_mlp_get_layer (mlp, 0, NULL, &n_out, &w, NULL);
    lr_trainer_get_input_weights (t, 3, image);
    for (guint p = 0; p < 64; p++)
      g_assert_cmpfloat (image[p], ==, lr_mlp_get_params (mlp)[w + p * n_out + 3]);
  }
  lr_train_config_clear (&config);
}

static void
assert_same_records (LrTrainer *a,
                     LrTrainer *b)
{
  const LrEpochRecord *ra, *rb;
  guint na, nb;
  LrMlp *ma = lr_trainer_get_model (a), *mb = lr_trainer_get_model (b);

  ra = lr_trainer_get_records (a, &na);
  rb = lr_trainer_get_records (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint e = 0; e < na; e++)
    {
      /* Everything but the wall time, bit for bit. */
      g_assert_cmpmem (&ra[e].lr, sizeof (double), &rb[e].lr, sizeof (double));
      g_assert_cmpmem (&ra[e].train_loss, sizeof (double), &rb[e].train_loss, sizeof (double));
      g_assert_cmpmem (&ra[e].train_acc, sizeof (double), &rb[e].train_acc, sizeof (double));
      g_assert_cmpmem (&ra[e].val_loss, sizeof (double), &rb[e].val_loss, sizeof (double));
      g_assert_cmpmem (&ra[e].val_acc, sizeof (double), &rb[e].val_acc, sizeof (double));
    }
  g_assert_cmpmem (lr_mlp_get_params (ma), lr_mlp_get_n_params (ma) * sizeof (float),
                   lr_mlp_get_params (mb), lr_mlp_get_n_params (mb) * sizeof (float));
}

static void
test_determinism (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) a = NULL;
  g_autoptr(LrTrainer) b = NULL;
  g_autoptr(LrTrainer) c = NULL;
  g_autoptr(LrTrainer) d = NULL;
  const LrEpochRecord *ra, *rd;
  guint n;

  config_for (&config, "sgd:lr=0.1,momentum=0.9", 3);
  g_free (config.model);
  config.model = g_strdup ("mlp:hidden=200/100");   /* wide enough to use the threads */
  config.seed = 42;
  config.n_threads = 2;
  a = train (&config);
  b = train (&config);
  assert_same_records (a, b);

  config.n_threads = 1;
  c = train (&config);
  assert_same_records (a, c);

  config.seed = 43;
  d = train (&config);
  ra = lr_trainer_get_records (a, &n);
  rd = lr_trainer_get_records (d, &n);
  g_assert_cmpfloat (ra[n - 1].train_loss, !=, rd[n - 1].train_loss);
  lr_train_config_clear (&config);
}

/* A hidden layer of width 1 (alone, after or before a wide one) trains to
 * the same numbers on every matrix backend, up to their rounding. */
static void
test_width_one_every_backend (void)
{
  static const char *const models[] = { "mlp:hidden=1", "mlp:hidden=64/1", "mlp:hidden=1/64" };
  LrGemmBackend saved = lr_gemm_get_backend ();

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      double reference = NAN;

      for (LrGemmBackend b = LR_GEMM_PORTABLE; b <= LR_GEMM_BLAS; b++)
        {
          LrTrainConfig config;
          g_autoptr(LrTrainer) t = NULL;
          const LrEpochRecord *r;
          guint n;

          if (!lr_gemm_set_backend (b))
            continue;
          config_for (&config, "adam", 3);
          g_free (config.model);
          config.model = g_strdup (models[m]);
          config.n_threads = 1;
          t = train (&config);
          r = lr_trainer_get_records (t, &n);
          g_assert_cmpuint (n, ==, 3);
          g_test_message ("%s on %s: val_loss %.9g", models[m], lr_gemm_backend_name (b), r[2].val_loss);
          g_assert_true (isfinite (r[2].val_loss));
          if (b == LR_GEMM_PORTABLE)
            reference = r[2].val_loss;
          else
            g_assert_cmpfloat (fabs (r[2].val_loss - reference), <=, 1e-4 * fabs (reference));
          lr_train_config_clear (&config);
        }
    }
  g_assert_true (lr_gemm_set_backend (saved));
}

typedef struct {
  GCancellable *cancellable;
  guint         batches;
  guint         epochs;
  guint64       last_step;
} Watch;

static void
watch_progress (const LrTrainProgress *p,
                gpointer               user_data)
{
  Watch *w = user_data;

  g_assert_cmpuint (p->step, >=, w->last_step);
  w->last_step = p->step;
  if (p->kind == LR_TRAIN_PROGRESS_BATCH)
    {
      g_assert_null (p->record);
      g_assert_cmpuint (p->batch % 5 == 0 || p->batch == p->n_batches, ==, TRUE);
      g_assert_true (isfinite (p->loss));
      w->batches++;
      if (w->cancellable != NULL && w->batches == 3)
        g_cancellable_cancel (w->cancellable);
    }
  else
    {
      g_assert_nonnull (p->record);
      g_assert_cmpuint (p->record->epoch, ==, p->epoch);
      w->epochs++;
    }
}

static void
test_progress (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  g_autoptr(GError) error = NULL;
  Watch w = { 0 };

  config_for (&config, "adam", 2);
  config.report_every = 5;
  t = lr_trainer_new (digits, &config, &error);
  g_assert_true (lr_trainer_run (t, watch_progress, &w, NULL, &error));
  g_assert_cmpuint (w.epochs, ==, 2);
  g_assert_cmpuint (w.batches, ==, 2 * (45 / 5));
  lr_train_config_clear (&config);
}

static void
test_cancel (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watch w = { cancellable, 0, 0, 0 };
  guint n;

  config_for (&config, "adam", 5);
  config.report_every = 5;
  t = lr_trainer_new (digits, &config, &error);
  g_assert_false (lr_trainer_run (t, watch_progress, &w, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Checked before every batch: it stopped right after the 15th. */
  g_assert_cmpuint (w.last_step, ==, 15);
  lr_trainer_get_records (t, &n);
  g_assert_cmpuint (n, ==, 0);
  lr_train_config_clear (&config);
}

static void
test_diverge (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  const LrEpochRecord *r;
  guint n;

  config_for (&config, "adam:lr=10", 5);
  t = train (&config);
  r = lr_trainer_get_records (t, &n);
  g_assert_true (lr_trainer_get_diverged (t));
  g_assert_cmpuint (n, <, 5);
  g_assert_true (r[n - 1].diverged);
  g_assert_cmpfloat (r[n - 1].train_loss, >, 4 * log (10));
  for (guint e = 0; e + 1 < n; e++)
    g_assert_false (r[e].diverged);
  lr_train_config_clear (&config);
  lr_trainer_free (g_steal_pointer (&t));

  /* Blown up by the first update. */
  config_for (&config, "sgd:lr=1e12", 3);
  t = train (&config);
  r = lr_trainer_get_records (t, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (r[0].diverged);
  g_assert_cmpuint (r[0].step, ==, 1);
  lr_trainer_free (g_steal_pointer (&t));

  /* A loss that is not finite stops the run before any update. */
  {
    g_autoptr(GError) error = NULL;

    LrMlp *mlp;
    gsize b;

    t = lr_trainer_new (digits, &config, &error);
    mlp = lr_trainer_get_model (t);
    lr_mlp_get_layer (mlp, lr_mlp_get_n_layers (mlp) - 1, NULL, NULL, NULL, &b);
    lr_mlp_get_params (mlp)[b + 3] = NAN;
    g_assert_true (lr_trainer_run (t, NULL, NULL, NULL, &error));
    r = lr_trainer_get_records (t, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_true (r[0].diverged);
    g_assert_cmpuint (r[0].step, ==, 0);
    g_assert_true (isnan (r[0].train_loss));
  }
  lr_train_config_clear (&config);
}

/* The schedule is stepped once per update. */
static void
test_schedule_per_update (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  const LrEpochRecord *r;
  guint n;

  config_for (&config, "sgd:lr=0.1", 4);
  config.schedule = g_strdup ("step:step_size=20,gamma=0.5");
  t = train (&config);
  r = lr_trainer_get_records (t, &n);
  for (guint e = 0; e < n; e++)
    {
      /* The epoch's last update is update number step - 1 (from 0). */
      double expected = 0.1 * pow (0.5, (double) ((r[e].step - 1) / 20));
      g_assert_cmpfloat_with_epsilon (r[e].lr, expected, 1e-15);
    }
  g_assert_cmpfloat (r[n - 1].lr, <, r[0].lr);
  lr_train_config_clear (&config);
}

/* plateau sees the validation loss once per epoch. */
static void
test_plateau (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  g_autoptr(LrSchedule) replay = NULL;
  g_autoptr(GError) error = NULL;
  const LrEpochRecord *r;
  const char *spec = "plateau:patience=0,factor=0.5,threshold=0.1";
  guint n, reductions = 0;

  config_for (&config, "adam:lr=0.05", 8);
  config.schedule = g_strdup (spec);
  t = train (&config);
  r = lr_trainer_get_records (t, &n);

  replay = lr_schedule_new (spec, 0.05, lr_optimizer_config_get_momentum (&config.optimizer),
                            8 * 45, &error);
  g_assert_no_error (error);
  for (guint e = 0; e < n; e++)
    {
      g_assert_cmpfloat (r[e].lr, ==, lr_schedule_get_lr (replay));
      for (guint b = 0; b < 45; b++)
        lr_schedule_step (replay);
      lr_schedule_observe (replay, r[e].val_loss);
      if (e > 0 && r[e].lr < r[e - 1].lr)
        reductions++;
    }
  g_assert_cmpuint (reductions, >, 0);
  lr_train_config_clear (&config);
}

static void
test_config_errors (void)
{
  static const struct {
    const char *model;
    const char *schedule;
    guint       epochs;
    guint       batch;
    double      lr;
    const char *needle;
  } cases[] = {
    { "mlp:hidden=0", NULL, 1, 32, 0.1, "hidden" },
    { "rnn", NULL, 1, 32, 0.1, "rnn" },
    { NULL, "cosine:T_max=-3", 1, 32, 0.1, "T_max" },
    { NULL, "warp", 1, 32, 0.1, "warp" },
    { NULL, NULL, 0, 32, 0.1, "epochs" },
    { NULL, NULL, 1, 0, 0.1, "batch size" },
    { NULL, NULL, 1, 32, NAN, "learning rate" },
    { NULL, NULL, 1, 32, -1, "learning rate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrTrainConfig config;
      g_autoptr(GError) error = NULL;
      LrTrainer *t;

      config_for (&config, "sgd", 1);
      if (cases[i].model)
        {
          g_free (config.model);
          config.model = g_strdup (cases[i].model);
        }
      config.schedule = g_strdup (cases[i].schedule);
      config.epochs = cases[i].epochs;
      config.batch_size = cases[i].batch;
      config.optimizer.lr = cases[i].lr;
      t = lr_trainer_new (digits, &config, &error);
      g_assert_null (t);
      g_assert_error (error, LR_ERROR, error->code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: '%s' does not name '%s'", i, error->message, cases[i].needle);
      lr_train_config_clear (&config);
    }
}

/* ---- LR range test ------------------------------------------------------ */

static void
test_lr_find (void)
{
  LrTrainConfig config;
  g_autoptr(LrTrainer) t = NULL;
  g_autoptr(LrTrainer) check = NULL;
  g_autoptr(LrLrFindResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *before = NULL;
  const LrEpochRecord *rec;
  LrMlp *mlp;
  double avg = 0, best = INFINITY;
  guint n;

  config_for (&config, "adam", 10);
  t = lr_trainer_new (digits, &config, &error);
  mlp = lr_trainer_get_model (t);
  before = g_memdup2 (lr_mlp_get_params (mlp), lr_mlp_get_n_params (mlp) * sizeof (float));

  r = lr_trainer_lr_find (t, 1e-7, 10, 100, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n, >, 50);
  g_assert_cmpuint (r->n, <=, 100);

  /* The model is restored. */
  g_assert_cmpmem (before, lr_mlp_get_n_params (mlp) * sizeof (float),
                   lr_mlp_get_params (mlp), lr_mlp_get_n_params (mlp) * sizeof (float));

  /* Exponential rates; the bias-corrected EMA; the 4 × minimum stop. */
  g_assert_cmpfloat (r->lr[0], ==, 1e-7);
  for (guint i = 0; i < r->n; i++)
    {
      double expected = 1e-7 * pow (1e8, i / 99.0);

      g_assert_cmpfloat_with_epsilon (r->lr[i], expected, 1e-12 * expected);
      avg = 0.98 * avg + 0.02 * r->loss[i];
      g_assert_cmpfloat_with_epsilon (r->smoothed[i], avg / (1 - pow (0.98, i + 1)), 1e-12);
      if (i + 1 < r->n)
        g_assert_cmpfloat (r->smoothed[i], <=, 4 * MIN (best, r->smoothed[i]));
      best = MIN (best, r->smoothed[i]);
    }
  if (r->n < 100)
    {
      g_assert_true (r->stopped_early);
      g_assert_cmpfloat (r->smoothed[r->n - 1], >, 4 * best);
    }

  g_assert_true (isfinite (r->suggested_lr));
  g_assert_cmpfloat_with_epsilon (r->min_div10_lr, r->min_lr / 10, 1e-18);
  g_assert_cmpfloat (r->suggested_lr, ==, MIN (r->steepest_lr, r->min_div10_lr));
  g_test_message ("suggested %g (steepest %g, min/10 %g)", r->suggested_lr, r->steepest_lr, r->min_div10_lr);

  /* ... and the suggestion trains well. */
  config.optimizer.lr = r->suggested_lr;
  check = train (&config);
  rec = lr_trainer_get_records (check, &n);
  g_test_message ("trained with it: validation accuracy %.4f", rec[n - 1].val_acc);
  g_assert_cmpfloat (rec[n - 1].val_acc, >=, 0.95);

  /* Bad ranges. */
  g_clear_pointer (&r, lr_lr_find_result_free);
  r = lr_trainer_lr_find (t, 1, 0.1, 100, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  g_clear_error (&error);
  r = lr_trainer_lr_find (t, 1e-5, 1, 1, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  lr_train_config_clear (&config);
}

/* ---- grid and random search --------------------------------------------- */

static void
test_sweep_ranges (void)
{
  g_autofree double *grid = lr_sweep_grid (1e-4, 1, 5);
  g_autofree double *one = lr_sweep_grid (0.5, 2, 1);
  g_autofree double *rnd = lr_sweep_random (1e-4, 1, 50, 7);
  g_autofree double *rnd2 = lr_sweep_random (1e-4, 1, 50, 7);
  double a, b;
  guint n;

  g_assert_cmpfloat (grid[0], ==, 1e-4);
  g_assert_cmpfloat_with_epsilon (grid[1], 1e-3, 1e-15);
  g_assert_cmpfloat_with_epsilon (grid[2], 1e-2, 1e-15);
  g_assert_cmpfloat_with_epsilon (grid[3], 1e-1, 1e-15);
  g_assert_cmpfloat (grid[4], ==, 1);
  g_assert_cmpfloat (one[0], ==, 0.5);

  g_assert_cmpmem (rnd, 50 * sizeof (double), rnd2, 50 * sizeof (double));
  for (guint i = 0; i < 50; i++)
    {
      g_assert_cmpfloat (rnd[i], >=, 1e-4);
      g_assert_cmpfloat (rnd[i], <=, 1);
      if (i > 0)
        g_assert_cmpfloat (rnd[i - 1], <=, rnd[i]);
    }
  /* log-uniform: about half below 1e-2 */
  {
    guint below = 0;
    for (guint i = 0; i < 50; i++)
      below += rnd[i] < 1e-2;
    g_assert_cmpuint (below, >, 12);
    g_assert_cmpuint (below, <, 38);
  }

  g_assert_true (lr_sweep_parse_range ("1e-4:1:7", &a, &b, &n, NULL));
  g_assert_cmpfloat (a, ==, 1e-4);
  g_assert_cmpfloat (b, ==, 1);
  g_assert_cmpuint (n, ==, 7);
  {
    static const char *bad[] = { "1:2", "0:1:3", "1:0.5:3", "1e-3:1:0", "1e-3:1:2.5", "a:1:3",
                                 "1e-3:1:100000", "1e-3:inf:3", "1:2:3:4", "" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (lr_sweep_parse_range (bad[i], &a, &b, &n, &error));
        g_assert_error (error, LR_ERROR, error->code);
      }
  }
}

typedef struct {
  guint calls;
  guint last_done;
} SweepWatch;

static void
sweep_progress (const LrSweepRow *row,
                guint             done,
                guint             total,
                gpointer          user_data)
{
  SweepWatch *w = user_data;

  w->calls++;
  g_assert_cmpuint (done, ==, w->last_done + 1);
  g_assert_cmpuint (total, ==, 6);
  w->last_done = done;
}

/* The learning-rate table on a real network: slow low rates, a good
 * middle, high rates that diverge. */
static void
test_sweep_table (void)
{
  LrTrainConfig config;
  g_autoptr(GError) error = NULL;
  g_autofree double *lrs = lr_sweep_grid (1e-5, 1, 6);
  g_autofree LrSweepRow *rows = NULL;
  SweepWatch w = { 0 };
  guint best = 0;

  config_for (&config, "adam", 5);
  rows = lr_sweep_run (digits, &config, lrs, 6, 0, sweep_progress, &w, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (w.calls, ==, 6);

  for (guint i = 0; i < 6; i++)
    {
      g_test_message ("lr %g: train loss %.4f, val loss %.4f, val acc %.4f%s", rows[i].lr,
                      rows[i].train_loss, rows[i].val_loss, rows[i].val_acc,
                      rows[i].diverged ? ", diverged" : "");
      g_assert_cmpfloat (rows[i].lr, ==, lrs[i]);
      if (rows[i].val_acc > rows[best].val_acc)
        best = i;
    }
  g_assert_cmpuint (best, >, 0);
  g_assert_cmpuint (best, <, 5);
  g_assert_cmpfloat (rows[best].val_acc, >=, 0.95);
  g_assert_cmpfloat (rows[0].val_acc, <, rows[best].val_acc - 0.3);   /* undertrained */
  g_assert_false (rows[0].diverged);
  g_assert_true (rows[5].diverged);                                  /* diverged */
  g_assert_false (rows[best].diverged);

  /* Each row is exactly the run lr_trainer_run() makes at that rate. */
  {
    g_autoptr(LrTrainer) t = NULL;
    const LrEpochRecord *r;
    guint n;

    config.optimizer.lr = lrs[best];
    t = train (&config);
    r = lr_trainer_get_records (t, &n);
    g_assert_cmpmem (&r[n - 1].val_loss, sizeof (double), &rows[best].val_loss, sizeof (double));
    g_assert_cmpmem (&r[n - 1].train_loss, sizeof (double), &rows[best].train_loss, sizeof (double));
  }
  lr_train_config_clear (&config);
}

static void
test_sweep_cancel (void)
{
  LrTrainConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double lrs[3] = { 0.1, 0.01, 0.001 };
  LrSweepRow *rows;

  config_for (&config, "adam", 3);
  g_cancellable_cancel (cancellable);
  rows = lr_sweep_run (digits, &config, lrs, 3, 2, NULL, NULL, cancellable, &error);
  g_assert_null (rows);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_free (config.schedule);
  config.schedule = g_strdup ("nonsense");
  rows = lr_sweep_run (digits, &config, lrs, 3, 2, NULL, NULL, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, LR_ERROR, error->code);
  lr_train_config_clear (&config);
}

/* A sweep row is the last epoch's numbers and the sum of the seconds;
 * no epochs give zeros. */
static void
test_sweep_row_from_records (void)
{
  const LrEpochRecord records[] = {
    { 1, 10, 0.1, 2.0, 0.3, 1.9, 0.35, 0.25, FALSE },
    { 2, 20, 0.1, 1.5, 0.6, 1.4, 0.65, 0.5, TRUE },
  };
  LrSweepRow row;

  lr_sweep_row_from_records (&row, 0.1, TRUE, records, G_N_ELEMENTS (records));
  g_assert_cmpfloat (row.lr, ==, 0.1);
  g_assert_true (row.diverged);
  g_assert_cmpuint (row.epochs, ==, 2);
  g_assert_cmpfloat (row.train_loss, ==, 1.5);
  g_assert_cmpfloat (row.train_acc, ==, 0.6);
  g_assert_cmpfloat (row.val_loss, ==, 1.4);
  g_assert_cmpfloat (row.val_acc, ==, 0.65);
  g_assert_cmpfloat (row.seconds, ==, 0.75);

  lr_sweep_row_from_records (&row, 0.2, FALSE, NULL, 0);
  g_assert_cmpfloat (row.lr, ==, 0.2);
  g_assert_cmpuint (row.epochs, ==, 0);
  g_assert_true (isnan (row.val_loss));   /* no epoch: no loss */
}

/* The range test's plot range, by hand: 0.5 lowest, 2 at the start:
 * 0.5 − 0.15 … 3 × 2; a loss at zero keeps the bottom at zero. */
static void
test_lr_find_plot_range (void)
{
  double smoothed[] = { NAN, 2.0, 1.5, 1.0, 0.5, 3.0, 9.0 };
  LrLrFindResult r = { .n = G_N_ELEMENTS (smoothed), .smoothed = smoothed };
  double ymin, ymax;

  g_assert_true (lr_lr_find_plot_range (&r, &ymin, &ymax));
  g_assert_cmpfloat_with_epsilon (ymin, 0.35, 1e-12);
  g_assert_cmpfloat_with_epsilon (ymax, 6.0, 1e-12);
  smoothed[4] = 0.01;
  g_assert_true (lr_lr_find_plot_range (&r, &ymin, &ymax));
  g_assert_cmpfloat (ymin, ==, 0);
  r.n = 1;
  g_assert_false (lr_lr_find_plot_range (&r, &ymin, &ymax));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  digits = lr_dataset_load_digits (&error);
  g_assert_no_error (error);

  g_test_add_func ("/sweep/row-from-records", test_sweep_row_from_records);
  g_test_add_func ("/train/accuracy", test_accuracy);
  g_test_add_func ("/train/records", test_records_and_results);
  g_test_add_func ("/train/determinism", test_determinism);
  g_test_add_func ("/train/width-one-every-backend", test_width_one_every_backend);
  g_test_add_func ("/train/progress", test_progress);
  g_test_add_func ("/train/cancel", test_cancel);
  g_test_add_func ("/train/diverge", test_diverge);
  g_test_add_func ("/train/schedule-per-update", test_schedule_per_update);
  g_test_add_func ("/train/plateau", test_plateau);
  g_test_add_func ("/train/config-errors", test_config_errors);
  g_test_add_func ("/train/lr-find", test_lr_find);
  g_test_add_func ("/train/sweep/ranges", test_sweep_ranges);
  g_test_add_func ("/train/sweep/table", test_sweep_table);
  g_test_add_func ("/train/sweep/cancel", test_sweep_cancel);
  g_test_add_func ("/train/lr-find-plot-range", test_lr_find_plot_range);

  status = g_test_run ();
  lr_dataset_unref (digits);
  return status;
}
