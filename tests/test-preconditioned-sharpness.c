/* test-preconditioned-sharpness.c: Adam's preconditioner against the
 * update it takes, the preconditioned sharpness by Lanczos against a dense
 * eigen-decomposition of P⁻¹H on a tiny network, the limits, and what
 * training reports for adam and sgd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-dataset.h"
#include "lr-lanczos.h"
#include "lr-mlp.h"
#include "lr-mlp-hvp.h"
#include "lr-preconditioned-sharpness.h"
#include "lr-sharpness.h"
#include "lr-train.h"

/* ---- the preconditioner -------------------------------------------------- */

/* Three updates with fixed gradients: P by hand from the running averages
 * (as Cohen et al. 2022 define it, P = (1 − β1^t)·(√v̂ + ε)), and the step
 * the optimizer took is −lr·P⁻¹m. */
static void
check_preconditioner (const char *spec,
                      gboolean    amsgrad)
{
  static const double grads[3][3] = { { 0.5, -2.0, 1e-3 }, { 0.1, -1.0, 4.0 }, { -0.3, 0.5, 2e-3 } };
  LrOptimizerConfig config;
  g_autoptr(LrOptimizer) opt = NULL;
  g_autoptr(GError) error = NULL;
  double theta[3] = { 1, -1, 0.5 }, before[3], m[3] = { 0 }, v[3] = { 0 }, vmax[3] = { 0 }, p[3];
  const double lr = 0.01;

  g_assert_true (lr_optimizer_config_parse (spec, &config, &error));
  g_assert_no_error (error);
  opt = lr_optimizer_new (&config, 3, LR_PRECISION_DOUBLE);
  g_assert_true (lr_optimizer_config_is_preconditioned (&config));
  g_assert_false (lr_optimizer_get_preconditioner (opt, p));   /* before the first update */

  for (guint t = 1; t <= 3; t++)
    {
      double bc1 = 1 - pow (config.beta1, t), bc2 = 1 - pow (config.beta2, t);

      memcpy (before, theta, sizeof theta);
      lr_optimizer_step (opt, theta, grads[t - 1], lr);
      g_assert_true (lr_optimizer_get_preconditioner (opt, p));
      for (guint i = 0; i < 3; i++)
        {
          double g = grads[t - 1][i], hand, step;

          m[i] = config.beta1 * m[i] + (1 - config.beta1) * g;
          v[i] = config.beta2 * v[i] + (1 - config.beta2) * g * g;
          vmax[i] = MAX (vmax[i], v[i]);
          hand = bc1 * (sqrt ((amsgrad ? vmax[i] : v[i]) / bc2) + config.eps);
          g_assert_cmpfloat (fabs (p[i] - hand), <=, 1e-12 * hand);
          /* weight_decay is 0: the step is exactly −lr·m/P. */
          step = theta[i] - before[i];
          g_assert_cmpfloat (fabs (step + lr * m[i] / p[i]), <=, 1e-12 * fabs (step));
        }
    }
}

static void
test_preconditioner (void)
{
  LrOptimizerConfig config;
  g_autoptr(LrOptimizer) sgd = NULL;
  double p[3] = { 0 }, theta[3] = { 0 }, g[3] = { 1, 2, 3 };

  check_preconditioner ("adam", FALSE);
  check_preconditioner ("adam:beta1=0.5,beta2=0.9,eps=0.01", FALSE);
  check_preconditioner ("adam:amsgrad=true", TRUE);
  check_preconditioner ("adamw:weight_decay=0", FALSE);

  /* Other rules have none. */
  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.1", &config, NULL));
  g_assert_false (lr_optimizer_config_is_preconditioned (&config));
  sgd = lr_optimizer_new (&config, 3, LR_PRECISION_DOUBLE);
  lr_optimizer_step (sgd, theta, g, 0.1);
  g_assert_false (lr_optimizer_get_preconditioner (sgd, p));
  g_assert_true (lr_optimizer_config_parse ("rmsprop", &config, NULL));
  g_assert_false (lr_optimizer_config_is_preconditioned (&config));
}

/* ---- the limits ------------------------------------------------------------ */

static double
limit (const char *spec,
       double      lr)
{
  LrOptimizerConfig config;

  g_assert_true (lr_optimizer_config_parse (spec, &config, NULL));
  return lr_train_sharpness_limit (&config, lr);
}

static void
test_limits (void)
{
  /* Cohen et al. 2022: 38/lr at β1 = 0.9. */
  g_assert_cmpfloat (fabs (limit ("adam", 0.01) - 3800), <, 1e-9);
  g_assert_cmpfloat (fabs (limit ("adamw", 1e-3) - 38000), <, 1e-7);
  g_assert_cmpfloat (fabs (limit ("adam:beta1=0.5", 0.1) - 60), <, 1e-12);   /* (2 + 1)/(0.5 · 0.1) */
  /* The same heavy-ball limit as SGD with momentum β1 and dampening β1. */
  g_assert_cmpfloat (fabs (limit ("adam:beta1=0.7", 0.02) - limit ("sgd:momentum=0.7,dampening=0.7", 0.02)),
                     <, 1e-9);
  /* SGD: lr_sharpness_limit's c/lr. */
  g_assert_cmpfloat (fabs (limit ("sgd", 0.1) - 20), <, 1e-12);
  g_assert_cmpfloat (fabs (limit ("sgd:momentum=0.9", 0.1) - 38), <, 1e-12);
  g_assert_true (isnan (limit ("rmsprop", 0.1)));
  g_assert_true (isnan (limit ("adam", 0)));
}

/* ---- Lanczos against the dense P⁻¹H on a tiny network --------------------- */

typedef struct {
  LrDataset *dataset;
  LrSplit   *split;
  LrMlp     *mlp;
  LrMlpHvp  *hvp;
} Fixture;

static void
fixture_setup (Fixture    *f,
               const char *model)
{
  g_autoptr(GError) error = NULL;
  LrMlpConfig config;
  const LrSubset *train;

  f->dataset = lr_dataset_load_digits (&error);
  g_assert_no_error (error);
  f->split = lr_split_new (f->dataset, 0);
  g_assert_true (lr_mlp_config_parse (model, &config, &error));
  f->mlp = lr_mlp_new (&config, lr_dataset_get_n_pixels (f->dataset),
                       lr_dataset_get_n_classes (f->dataset), 1, &error);
  g_assert_no_error (error);
  lr_mlp_init_params (f->mlp, 3);
  train = &f->split->train;
  f->hvp = lr_mlp_hvp_new (f->mlp, &train, 1, 1.f / lr_dataset_get_pixel_max (f->dataset), 0);
}

static void
fixture_teardown (Fixture *f)
{
  lr_mlp_hvp_free (f->hvp);
  lr_mlp_free (f->mlp);
  lr_split_free (f->split);
  lr_dataset_unref (f->dataset);
}

/* A tiny MLP (235 parameters) after 20 full-batch Adam updates: its whole
 * Hessian column by column, P from the optimizer, P^{-1/2} H P^{-1/2} by
 * Jacobi; the top eigenvalue must be Lanczos's, and its vector w = P^{-1/2}u
 * must satisfy P⁻¹H w = λ w. */
static void
test_dense (void)
{
  Fixture f = { 0 };
  LrOptimizerConfig config;
  g_autoptr(LrOptimizer) opt = NULL;
  gsize n;
  float *params;
  g_autofree double *grad = NULL, *p = NULL, *e = NULL, *h = NULL, *a = NULL;
  g_autofree double *values = NULL, *vectors = NULL, *w = NULL, *hw = NULL;
  g_autofree float *grad_f = NULL;
  double top = NAN, plain = NAN, residual = 0, norm = 0;

  fixture_setup (&f, "mlp:hidden=3,act=tanh,loss=mse,init=torch");
  n = lr_mlp_get_n_params (f.mlp);
  g_assert_cmpuint (n, ==, 64 * 3 + 3 + 3 * 10 + 10);
  params = lr_mlp_get_params (f.mlp);

  g_assert_true (lr_optimizer_config_parse ("adam:lr=0.01", &config, NULL));
  opt = lr_optimizer_new (&config, n, LR_PRECISION_FLOAT);
  grad = g_new (double, n);
  grad_f = g_new (float, n);
  for (guint t = 0; t < 20; t++)
    {
      lr_mlp_hvp_loss (f.hvp, params, grad);
      for (gsize i = 0; i < n; i++)
        grad_f[i] = (float) grad[i];
      lr_optimizer_step_float (opt, params, grad_f, 0.01);
    }
  p = g_new (double, n);
  g_assert_true (lr_optimizer_get_preconditioner (opt, p));

  /* H e_j, symmetrised (it is symmetric up to float32 rounding). */
  e = g_new0 (double, n);
  h = g_new (double, n * n);
  for (gsize j = 0; j < n; j++)
    {
      e[j] = 1;
      lr_mlp_hvp_apply (f.hvp, params, e, h + j * n);
      e[j] = 0;
    }
  a = g_new (double, n * n);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      a[i * n + j] = 0.5 * (h[i * n + j] + h[j * n + i]) / sqrt (p[i] * p[j]);

  values = g_new (double, n);
  vectors = g_new (double, n * n);
  lr_eigen_symmetric (a, (guint) n, values, vectors);

  g_assert_cmpuint (lr_mlp_hvp_top_preconditioned (f.hvp, params, p, 1, 0, &top), ==, 1);
  g_assert_cmpuint (lr_mlp_hvp_top_eigenvalues (f.hvp, params, 1, 0, &plain), ==, 1);
  g_test_message ("λmax(P⁻¹H): Lanczos %.10g, dense %.10g (second %.6g); λmax(H) %.6g",
                  top, values[0], values[1], plain);
  g_assert_cmpfloat (values[0], >, 0);
  g_assert_cmpfloat (fabs (top - values[0]), <, 1e-6 * values[0]);
  /* Preconditioning matters here: P is far from a multiple of 1. */
  g_assert_cmpfloat (fabs (top - plain / p[0]), >, 0.01 * top);

  /* The eigenvector of the symmetric form is one of P⁻¹H. */
  w = g_new (double, n);
  hw = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    w[i] = vectors[i * n + 0] / sqrt (p[i]);
  for (gsize i = 0; i < n; i++)
    {
      double s = 0;

      for (gsize j = 0; j < n; j++)
        s += h[i * n + j] * w[j];
      hw[i] = s / p[i];
    }
  for (gsize i = 0; i < n; i++)
    {
      residual += (hw[i] - values[0] * w[i]) * (hw[i] - values[0] * w[i]);
      norm += values[0] * w[i] * values[0] * w[i];
    }
  g_assert_cmpfloat (sqrt (residual / norm), <, 1e-5);
  fixture_teardown (&f);
}

/* ---- what training reports --------------------------------------------- */

static double
trained_sharpness (const char *optimizer,
                   guint       epochs)
{
  g_autoptr(LrDataset) dataset = lr_dataset_load_digits (NULL);
  g_autoptr(LrTrainer) trainer = NULL;
  g_autoptr(GError) error = NULL;
  LrTrainConfig config;
  const LrEpochRecord *records;
  guint n;

  lr_train_config_init (&config);
  g_free (config.model);
  config.model = g_strdup ("mlp:hidden=8,act=tanh,loss=mse,init=torch");
  g_assert_true (lr_optimizer_config_parse (optimizer, &config.optimizer, NULL));
  config.batch_size = LR_TRAIN_BATCH_FULL;
  config.epochs = epochs;
  config.n_threads = 1;
  config.sharpness_every = epochs;
  trainer = lr_trainer_new (dataset, &config, &error);
  g_assert_no_error (error);
  lr_train_config_clear (&config);
  g_assert_true (lr_trainer_run (trainer, NULL, NULL, NULL, &error));
  records = lr_trainer_get_records (trainer, &n);
  g_assert_cmpuint (n, ==, epochs);
  g_assert_true (isnan (records[0].sharpness) || epochs == 1);
  return records[n - 1].sharpness;
}

/* For adam the column holds λmax(P⁻¹H), for sgd λmax(H): at the same
 * weights (no update yet changes them: lr is tiny) the two differ by the
 * preconditioner's scale, orders of magnitude. */
static void
test_training_column (void)
{
  double adam = trained_sharpness ("adam:lr=1e-9", 2);
  double sgd = trained_sharpness ("sgd:lr=1e-9", 2);

  g_test_message ("after 2 epochs at lr 1e-9: adam %g, sgd %g", adam, sgd);
  g_assert_true (isfinite (adam) && isfinite (sgd));
  g_assert_cmpfloat (sgd, >, 0);
  g_assert_cmpfloat (adam, >, 100 * sgd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preconditioned/preconditioner", test_preconditioner);
  g_test_add_func ("/preconditioned/limits", test_limits);
  g_test_add_func ("/preconditioned/dense", test_dense);
  g_test_add_func ("/preconditioned/training-column", test_training_column);

  return g_test_run ();
}
