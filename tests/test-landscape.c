/* test-landscape.c: the loss landscape's plane, projections and grid,
 * checked against losses computed independently by the MLP itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-landscape.h"
#include "lr-surface.h"
#include "lr-vmath.h"

static LrDataset *
digits (void)
{
  static LrDataset *dataset;

  if (dataset == NULL)
    {
      g_autoptr(GError) error = NULL;

      dataset = lr_dataset_load ("digits", NULL, &error);
      g_assert_no_error (error);
    }
  return dataset;
}

static void
make_config (LrTrainConfig *c,
             const char    *model,
             const char    *optimizer,
             guint          epochs,
             guint          batch)
{
  g_autoptr(GError) error = NULL;

  lr_train_config_init (c);
  g_assert_true (lr_optimizer_config_parse (optimizer, &c->optimizer, &error));
  g_assert_no_error (error);
  g_free (c->model);
  c->model = g_strdup (model);
  c->epochs = epochs;
  c->batch_size = batch;
}

static LrLandscape *
compute (const char       *model,
         const char *const *optimizers,
         guint             n_runs,
         guint             epochs,
         guint             batch,
         LrLandscapePlane  plane,
         guint             grid,
         guint             n_threads,
         GError          **error)
{
  LrTrainConfig configs[4];
  LrLandscapeConfig lc;
  LrLandscape *l;

  g_assert_cmpuint (n_runs, <=, G_N_ELEMENTS (configs));
  for (guint r = 0; r < n_runs; r++)
    make_config (&configs[r], model, optimizers[r], epochs, batch);
  lr_landscape_config_init (&lc);
  lc.plane = plane;
  lc.grid = grid;
  lc.n_threads = n_threads;
  l = lr_landscape_compute (digits (), configs, optimizers, n_runs, &lc, NULL, NULL, NULL, error);
  for (guint r = 0; r < n_runs; r++)
    lr_train_config_clear (&configs[r]);
  return l;
}

static void
assert_close (double a,
              double b,
              double rtol)
{
  if (!(fabs (a - b) <= rtol * MAX (fabs (a), fabs (b))))
    g_error ("%.17g and %.17g differ by more than %g relative", a, b, rtol);
}

/* The mean training loss of @params by the MLP's own forward pass. */
static double
mlp_mean_loss (const char  *model,
               const float *params,
               gsize        n_params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSplit) split = lr_split_new (digits (), 0);
  LrMlpConfig mc;
  g_autoptr(LrMlp) mlp = NULL;
  guint n_in = lr_dataset_get_n_pixels (digits ());
  float scale = 1.f / lr_dataset_get_pixel_max (digits ());
  g_autofree float *x = g_new (float, (gsize) split->train.n * n_in);
  g_autofree guint8 *y = g_new (guint8, split->train.n);

  g_assert_true (lr_mlp_config_parse (model, &mc, &error));
  mlp = lr_mlp_new (&mc, n_in, lr_dataset_get_n_classes (digits ()), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lr_mlp_get_n_params (mlp), ==, n_params);
  memcpy (lr_mlp_get_params (mlp), params, n_params * sizeof (float));
  for (guint i = 0; i < split->train.n; i++)
    {
      const guint8 *img = lr_subset_image (&split->train, i, n_in);

      for (guint k = 0; k < n_in; k++)
        x[(gsize) i * n_in + k] = img[k] * scale;
      y[i] = (guint8) lr_subset_label (&split->train, i);
    }
  return lr_mlp_evaluate (mlp, x, y, split->train.n, NULL, NULL, NULL) / split->train.n;
}

/* θ0 and the final weights of a standalone training. */
static float *
train_alone (const char *model,
             const char *optimizer,
             guint       epochs,
             guint       batch,
             float     **theta0,
             gsize      *n_params,
             GArray    **records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrTrainer) trainer = NULL;
  LrTrainConfig c;
  const LrEpochRecord *r;
  guint n;
  LrMlp *mlp;

  make_config (&c, model, optimizer, epochs, batch);
  trainer = lr_trainer_new (digits (), &c, &error);
  lr_train_config_clear (&c);
  g_assert_no_error (error);
  mlp = lr_trainer_get_model (trainer);
  *n_params = lr_mlp_get_n_params (mlp);
  if (theta0)
    *theta0 = g_memdup2 (lr_mlp_get_params (mlp), *n_params * sizeof (float));
  g_assert_true (lr_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  r = lr_trainer_get_records (trainer, &n);
  if (records)
    {
      *records = g_array_new (FALSE, FALSE, sizeof (LrEpochRecord));
      g_array_append_vals (*records, r, n);
    }
  return g_memdup2 (lr_mlp_get_params (mlp), *n_params * sizeof (float));
}

#define TANH_MSE "mlp:hidden=16,act=tanh,loss=mse"

/* Endpoints: both final weights lie in the plane at (1, 0) and (0, 1), the
 * grid's evaluator gives their loss there, and with full-batch training
 * each epoch's train_loss (measured before that epoch's update) is the
 * loss of the previous epoch's point. */
static void
test_endpoints (void)
{
  const char *runs[] = { "sgd:lr=0.1", "adam:lr=0.01" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LrLandscape) l = compute (TANH_MSE, runs, 2, 6, LR_TRAIN_BATCH_FULL,
                                      LR_LANDSCAPE_PLANE_ENDPOINTS, 5, 0, &error);

  g_assert_no_error (error);
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(GArray) records = NULL;
      g_autofree float *final = NULL;
      gsize n_params;
      guint n;
      const LrLandscapePoint *p = lr_landscape_get_points (l, r, &n);
      const LrLandscapePoint *last = &p[n - 1];

      g_assert_cmpuint (n, ==, 7);
      g_assert_cmpfloat (fabs (last->a - (r == 0 ? 1 : 0)), <, 1e-9);
      g_assert_cmpfloat (fabs (last->b - (r == 0 ? 0 : 1)), <, 1e-9);
      assert_close (lr_landscape_loss_at (l, last->a, last->b), last->loss, 1e-5);

      final = train_alone (TANH_MSE, runs[r], 6, LR_TRAIN_BATCH_FULL, NULL, &n_params, &records);
      assert_close (last->loss, mlp_mean_loss (TANH_MSE, final, n_params), 1e-5);
      g_assert_cmpuint (records->len, ==, 6);
      for (guint e = 0; e < records->len; e++)
        assert_close (g_array_index (records, LrEpochRecord, e).train_loss, p[e].loss, 1e-5);
    }
}

/* A grid node's loss is the loss of θ0 + a·(θA − θ0) + b·(θB − θ0) as the
 * MLP computes it; the middle node is θ0 itself. */
static void
test_grid_against_mlp (void)
{
  const char *runs[] = { "sgd:lr=0.1,momentum=0.9", "adam:lr=0.003" };
  const char *model = "mlp:hidden=24/12";
  g_autoptr(GError) error = NULL;
  g_autoptr(LrLandscape) l = compute (model, runs, 2, 3, 64, LR_LANDSCAPE_PLANE_ENDPOINTS, 7, 0, &error);
  g_autofree float *theta0 = NULL, *fa = NULL, *fb = NULL, *w = NULL;
  gsize P;
  guint G, n;
  const double *a, *b, *loss;
  const LrLandscapePoint *p;

  g_assert_no_error (error);
  fa = train_alone (model, runs[0], 3, 64, &theta0, &P, NULL);
  fb = train_alone (model, runs[1], 3, 64, NULL, &P, NULL);
  w = g_new (float, P);
  G = lr_landscape_get_grid_size (l);
  a = lr_landscape_get_a (l);
  b = lr_landscape_get_b (l);
  loss = lr_landscape_get_loss (l);
  g_assert_cmpuint (G, ==, 7);
  g_assert_cmpfloat (a[3], ==, 0);
  g_assert_cmpfloat (b[3], ==, 0);

  p = lr_landscape_get_points (l, 0, &n);
  g_assert_cmpfloat (p[0].a, ==, 0);
  g_assert_cmpfloat (p[0].b, ==, 0);
  assert_close (loss[3 * G + 3], p[0].loss, 1e-5);
  assert_close (p[0].loss, mlp_mean_loss (model, theta0, P), 1e-6);

  for (guint j = 0; j < G; j += 2)
    for (guint i = 1; i < G; i += 3)
      {
        for (gsize k = 0; k < P; k++)
          w[k] = (float) (theta0[k] + a[i] * ((double) fa[k] - theta0[k]) + b[j] * ((double) fb[k] - theta0[k]));
        assert_close (loss[(gsize) j * G + i], mlp_mean_loss (model, w, P), 1e-4);
      }
  g_assert_cmpfloat (lr_landscape_get_span (l), >, 1);
}

static void
test_pca (void)
{
  const char *runs[] = { "sgd:lr=0.05", "adam:lr=0.001", "sgd:lr=0.01,momentum=0.9" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LrLandscape) l = compute (LR_MLP_DEFAULT_SPEC, runs, 3, 4, 128, LR_LANDSCAPE_PLANE_PCA, 9, 0, &error);
  double explained[2];
  guint G;

  g_assert_no_error (error);
  lr_landscape_get_explained (l, explained);
  g_assert_cmpfloat (explained[0], >=, 0);
  g_assert_cmpfloat (explained[1], >=, 0);
  g_assert_cmpfloat (explained[0], >=, explained[1]);
  g_assert_cmpfloat (explained[0] + explained[1], <=, 1 + 1e-12);
  /* Two directions of a few iterates hold most of their variance. */
  g_assert_cmpfloat (explained[0] + explained[1], >, 0.5);
  for (guint r = 0; r < 3; r++)
    {
      guint n;
      const LrLandscapePoint *p = lr_landscape_get_points (l, r, &n);
      double own = lr_landscape_get_run_explained (l, r);

      g_assert_cmpfloat (own, >=, 0);
      g_assert_cmpfloat (own, <=, 1 + 1e-12);
      g_assert_cmpuint (n, ==, 5);
      g_assert_cmpfloat (p[0].a, ==, 0);
      g_assert_cmpfloat (p[0].b, ==, 0);
      /* Training lowers the loss. */
      g_assert_cmpfloat (p[n - 1].loss, <, p[0].loss);
      /* Every point lies inside the automatic grid. */
      for (guint k = 0; k < n; k++)
        {
          g_assert_cmpfloat (fabs (p[k].a), <, lr_landscape_get_span (l));
          g_assert_cmpfloat (fabs (p[k].b), <, lr_landscape_get_span (l));
        }
    }
  G = lr_landscape_get_grid_size (l);
  assert_close (lr_landscape_get_loss (l)[(G / 2) * G + G / 2],
                lr_landscape_get_points (l, 0, NULL)[0].loss, 1e-5);
}

/* One step: all the variance lies along θ1 − θ0, so the first principal
 * direction is that step, it holds all of it, and θ1 projects to
 * (‖θ1 − θ0‖, 0). */
static void
test_pca_one_step (void)
{
  const char *runs[] = { "sgd:lr=0.1" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LrLandscape) l = compute (LR_MLP_DEFAULT_SPEC, runs, 1, 1, LR_TRAIN_BATCH_FULL,
                                      LR_LANDSCAPE_PLANE_PCA, 5, 0, &error);
  g_autofree float *theta0 = NULL, *theta1 = NULL;
  double explained[2], norm = 0;
  const LrLandscapePoint *p;
  gsize P;
  guint n;

  g_assert_no_error (error);
  theta1 = train_alone (LR_MLP_DEFAULT_SPEC, runs[0], 1, LR_TRAIN_BATCH_FULL, &theta0, &P, NULL);
  for (gsize i = 0; i < P; i++)
    norm += ((double) theta1[i] - theta0[i]) * ((double) theta1[i] - theta0[i]);
  norm = sqrt (norm);

  lr_landscape_get_explained (l, explained);
  g_assert_cmpfloat (fabs (explained[0] - 1), <, 1e-9);
  g_assert_cmpfloat (explained[1], <, 1e-9);
  p = lr_landscape_get_points (l, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  assert_close (p[1].a, norm, 1e-9);
  g_assert_cmpfloat (fabs (p[1].b), <, 1e-9 * norm);
  assert_close (lr_landscape_get_span (l), LR_LANDSCAPE_AUTO_MARGIN * norm, 1e-9);
}

/* Results do not depend on the number of threads; a random plane depends
 * only on its seed. */
static void
test_threads_and_seed (void)
{
  const char *runs[] = { "adam:lr=0.002" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LrLandscape) one = compute ("mlp:hidden=32,act=tanh", runs, 1, 2, 64, LR_LANDSCAPE_PLANE_RANDOM, 11, 1, &error);
  g_autoptr(LrLandscape) two = compute ("mlp:hidden=32,act=tanh", runs, 1, 2, 64, LR_LANDSCAPE_PLANE_RANDOM, 11, 2, &error);
  LrTrainConfig c;
  LrLandscapeConfig lc;
  g_autoptr(LrLandscape) other = NULL;
  gsize n = 11 * 11;

  g_assert_no_error (error);
  g_assert_cmpmem (lr_landscape_get_loss (one), n * sizeof (double), lr_landscape_get_loss (two), n * sizeof (double));

  make_config (&c, "mlp:hidden=32,act=tanh", runs[0], 2, 64);
  lr_landscape_config_init (&lc);
  lc.plane = LR_LANDSCAPE_PLANE_RANDOM;
  lc.grid = 11;
  lc.seed = 7;
  other = lr_landscape_compute (digits (), &c, runs, 1, &lc, NULL, NULL, NULL, &error);
  lr_train_config_clear (&c);
  g_assert_no_error (error);
  g_assert_true (memcmp (lr_landscape_get_loss (one), lr_landscape_get_loss (other), n * sizeof (double)) != 0);
  /* The middle is θ0 in every plane. */
  assert_close (lr_landscape_get_loss (one)[5 * 11 + 5], lr_landscape_get_loss (other)[5 * 11 + 5], 1e-12);
}

static void
test_refused (void)
{
  const char *runs[] = { "sgd:lr=0.1", "adam" };
  g_autoptr(GError) error = NULL;
  LrTrainConfig c[2];
  LrLandscapeConfig lc;
  LrLandscape *l;
  LrLandscapePlane plane;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  l = compute (LR_MLP_DEFAULT_SPEC, runs, 1, 1, 32, LR_LANDSCAPE_PLANE_ENDPOINTS, 5, 0, &error);
  g_assert_null (l);
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);

  l = compute (LR_MLP_DEFAULT_SPEC, runs, 2, 1, 32, LR_LANDSCAPE_PLANE_PCA, 2, 0, &error);
  g_assert_null (l);
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  g_clear_error (&error);

  /* Different seeds: different starting weights. */
  make_config (&c[0], LR_MLP_DEFAULT_SPEC, runs[0], 1, 32);
  make_config (&c[1], LR_MLP_DEFAULT_SPEC, runs[1], 1, 32);
  c[1].seed = 3;
  lr_landscape_config_init (&lc);
  l = lr_landscape_compute (digits (), c, runs, 2, &lc, NULL, NULL, NULL, &error);
  g_assert_null (l);
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);

  c[1].seed = 0;
  g_cancellable_cancel (cancellable);
  l = lr_landscape_compute (digits (), c, runs, 2, &lc, NULL, NULL, cancellable, &error);
  g_assert_null (l);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  lr_train_config_clear (&c[0]);
  lr_train_config_clear (&c[1]);

  g_assert_false (lr_landscape_plane_parse ("diagonal", &plane, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_true (lr_landscape_plane_parse ("random", &plane, NULL));
  g_assert_cmpint (plane, ==, LR_LANDSCAPE_PLANE_RANDOM);
}

/* The grid's tanh against libm's in double, everywhere and at the edges. */
static void
test_vtanhf (void)
{
  guint n = 200001;
  g_autofree float *v = g_new (float, n);
  float special[] = { NAN, INFINITY, -INFINITY, 0.f, -0.f, 1e-30f, 3e-4f, 5e-4f, 7.9f, 8.f, -20.f };
  float given[G_N_ELEMENTS (special)];

  for (guint i = 0; i < n; i++)
    v[i] = -10.f + 20.f * i / (n - 1);
  lr_vtanhf (v, n);
  for (guint i = 0; i < n; i++)
    {
      double x = -10.f + 20.f * i / (n - 1);
      double t = tanh ((double) (float) x);

      if (fabs (v[i] - t) > 4e-7 * fabs (t) + 1e-30)
        g_error ("tanh(%g): %.9g, expected %.9g", x, v[i], t);
    }
  memcpy (given, special, sizeof special);
  lr_vtanhf (special, G_N_ELEMENTS (special));
  g_assert_true (isnan (special[0]));
  g_assert_cmpfloat (special[1], ==, 1);
  g_assert_cmpfloat (special[2], ==, -1);
  g_assert_cmpfloat (special[3], ==, 0);
  g_assert_true (signbit (special[4]));
  g_assert_cmpfloat (special[5], ==, 1e-30f);
  for (guint k = 6; k < G_N_ELEMENTS (special); k++)
    g_assert_cmpfloat (fabs (special[k] - tanh (given[k])), <=, 4e-7 * fabs (tanh (given[k])));
}

/* The grid as a surface: the nodes' values exactly, and a gradient that
 * matches central differences of the interpolant. */
static void
test_table_surface (void)
{
  const guint nx = 21, ny = 17;
  LrBox box = { -1, 2, -3, 1 };
  double values[21 * 17];
  g_autoptr(LrSurface) s = NULL;
  g_autoptr(LrSurface) copy = NULL;

  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        double x = box.xmin + (box.xmax - box.xmin) * i / (nx - 1);
        double y = box.ymin + (box.ymax - box.ymin) * j / (ny - 1);

        values[j * nx + i] = 1 + x * x + 0.5 * y * y + 0.3 * x * y;
      }
  s = lr_surface_new_table (&box, nx, ny, values);
  g_assert_cmpstr (lr_surface_get_name (s), ==, "table");
  g_assert_cmpint (lr_surface_get_color_scale (s), ==, LR_COLOR_SCALE_LOG);
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        double x = box.xmin + (box.xmax - box.xmin) * i / (nx - 1);
        double y = box.ymin + (box.ymax - box.ymin) * j / (ny - 1);

        assert_close (lr_surface_value (s, x, y), values[j * nx + i], 1e-12);
      }
  copy = lr_surface_copy (s);
  for (double x = -0.9; x < 1.9; x += 0.37)
    for (double y = -2.8; y < 0.9; y += 0.41)
      {
        double g[2], hs[3], h = 1e-6;
        double f = lr_surface_eval (copy, x, y, g, hs);
        double fx = (lr_surface_value (s, x + h, y) - lr_surface_value (s, x - h, y)) / (2 * h);
        double fy = (lr_surface_value (s, x, y + h) - lr_surface_value (s, x, y - h)) / (2 * h);

        g_assert_cmpfloat (f, >, 0);
        g_assert_cmpfloat (fabs (g[0] - fx), <, 1e-6 * MAX (1, fabs (fx)));
        g_assert_cmpfloat (fabs (g[1] - fy), <, 1e-6 * MAX (1, fabs (fy)));
        /* Smooth and close to the sampled function between the nodes. */
        assert_close (f, 1 + x * x + 0.5 * y * y + 0.3 * x * y, 0.05);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/landscape/endpoints", test_endpoints);
  g_test_add_func ("/landscape/grid-against-mlp", test_grid_against_mlp);
  g_test_add_func ("/landscape/pca", test_pca);
  g_test_add_func ("/landscape/pca-one-step", test_pca_one_step);
  g_test_add_func ("/landscape/threads-and-seed", test_threads_and_seed);
  g_test_add_func ("/landscape/refused", test_refused);
  g_test_add_func ("/landscape/vtanhf", test_vtanhf);
  g_test_add_func ("/landscape/table-surface", test_table_surface);

  return g_test_run ();
}
