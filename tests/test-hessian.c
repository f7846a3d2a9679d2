/* test-hessian.c: the MLP's squared-error loss, exact Hessian-vector
 * products (against central differences of gradients and PyTorch), Lanczos
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
#include "lr-random.h"
#include "lr-safetensors.h"

#include <json-glib/json-glib.h>

typedef struct {
  LrDataset *dataset;
  LrSplit   *split;
  LrMlp     *mlp;
  LrMlpHvp  *hvp;
  float      scale;
} Fixture;

static void
fixture_setup (Fixture    *f,
               const char *model,
               guint64     seed)
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
  lr_mlp_init_params (f->mlp, seed);
  f->scale = 1.f / lr_dataset_get_pixel_max (f->dataset);
  train = &f->split->train;
  f->hvp = lr_mlp_hvp_new (f->mlp, &train, 1, f->scale, 0);
}

static void
fixture_teardown (Fixture *f)
{
  lr_mlp_hvp_free (f->hvp);
  lr_mlp_free (f->mlp);
  lr_split_free (f->split);
  lr_dataset_unref (f->dataset);
}

/* The whole training set scaled, in order. */
static float *
gather_train (Fixture *f,
              guint8 **labels)
{
  const LrSubset *train = &f->split->train;
  guint n_pixels = lr_dataset_get_n_pixels (f->dataset);
  float *x = g_new (float, (gsize) train->n * n_pixels);

  *labels = g_new (guint8, train->n);
  for (guint i = 0; i < train->n; i++)
    {
      const guint8 *src = lr_subset_image (train, i, n_pixels);

      for (guint p = 0; p < n_pixels; p++)
        x[(gsize) i * n_pixels + p] = src[p] * f->scale;
      (*labels)[i] = (guint8) lr_subset_label (train, i);
    }
  return x;
}

/* ---- the squared-error loss --------------------------------------------- */

static void
test_mse_spec (void)
{
  LrMlpConfig config;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (lr_mlp_config_parse ("mlp:hidden=64,act=tanh,loss=mse", &config, &error));
  g_assert_cmpint (config.loss, ==, LR_LOSS_MSE);
  text = lr_mlp_config_to_spec (&config);
  g_assert_cmpstr (text, ==, "mlp:hidden=64,act=tanh,loss=mse");
  g_clear_pointer (&text, g_free);
  g_assert_true (lr_mlp_config_parse ("mlp:loss=cross_entropy", &config, &error));
  g_assert_cmpint (config.loss, ==, LR_LOSS_CROSS_ENTROPY);
  text = lr_mlp_config_to_spec (&config);
  g_assert_cmpstr (text, ==, "mlp:hidden=64");

  g_assert_false (lr_mlp_config_parse ("mlp:loss=hinge", &config, &error));
  g_assert_nonnull (strstr (error->message, "hinge"));
  g_assert_nonnull (strstr (error->message, "mse"));
}

/* The squared error by hand on a zero network: outputs are the last
 * biases, so the loss is ½‖b − onehot‖² averaged, and the gradient of the
 * biases is the mean of (b − onehot). */
static void
test_mse_loss_by_hand (void)
{
  Fixture f = { 0 };
  float *p;
  guint L, n_out;
  gsize b_off;
  g_autofree guint8 *labels = NULL;
  g_autofree float *x = NULL;
  double loss, expected = 0, counts[10] = { 0 };
  const float *grad;

  fixture_setup (&f, "mlp:hidden=8,act=tanh,loss=mse", 3);
  p = lr_mlp_get_params (f.mlp);
  memset (p, 0, lr_mlp_get_n_params (f.mlp) * sizeof (float));
  L = lr_mlp_get_n_layers (f.mlp);
  lr_mlp_get_layer (f.mlp, L - 1, NULL, &n_out, NULL, &b_off);
  for (guint c = 0; c < n_out; c++)
    p[b_off + c] = 0.1f * c;

  x = gather_train (&f, &labels);
  for (guint i = 0; i < f.split->train.n; i++)
    {
      counts[labels[i]]++;
      for (guint c = 0; c < n_out; c++)
        {
          double d = 0.1f * c - (c == labels[i]);
          expected += 0.5 * d * d;
        }
    }
  expected /= f.split->train.n;

  loss = lr_mlp_train_batch (f.mlp, x, labels, f.split->train.n, NULL);
  g_assert_cmpfloat_with_epsilon (loss, expected, 1e-6);
  g_assert_cmpfloat_with_epsilon (lr_mlp_hvp_loss (f.hvp, p, NULL), expected, 1e-9);
  grad = lr_mlp_get_grad (f.mlp);
  for (guint c = 0; c < n_out; c++)
    g_assert_cmpfloat_with_epsilon (grad[b_off + c],
                                    0.1f * c - counts[c] / f.split->train.n, 1e-5);
  fixture_teardown (&f);
}

/* ---- loss and gradient against the training pass ------------------------ */

static void
check_gradient_matches_training (const char *model)
{
  Fixture f = { 0 };
  g_autofree guint8 *labels = NULL;
  g_autofree float *x = NULL;
  g_autofree double *grad = NULL;
  const float *train_grad;
  gsize n;
  double loss, train_loss, max_abs = 0, max_diff = 0;

  fixture_setup (&f, model, 1);
  n = lr_mlp_get_n_params (f.mlp);
  x = gather_train (&f, &labels);
  grad = g_new (double, n);

  train_loss = lr_mlp_train_batch (f.mlp, x, labels, f.split->train.n, NULL);
  loss = lr_mlp_hvp_loss (f.hvp, lr_mlp_get_params (f.mlp), grad);
  train_grad = lr_mlp_get_grad (f.mlp);
  g_assert_cmpfloat (fabs (loss - train_loss), <, 1e-5 * fabs (loss));
  for (gsize i = 0; i < n; i++)
    {
      max_abs = MAX (max_abs, fabs (grad[i]));
      max_diff = MAX (max_diff, fabs (grad[i] - train_grad[i]));
    }
  g_assert_cmpfloat (max_diff, <, 1e-4 * max_abs);
  fixture_teardown (&f);
}

static void
test_gradient_matches_training (void)
{
  check_gradient_matches_training ("mlp:hidden=16,act=tanh,loss=mse");
  check_gradient_matches_training ("mlp:hidden=16/12,act=tanh");
  check_gradient_matches_training ("mlp:hidden=16/12,act=relu,loss=mse");
}

/* ---- Hessian-vector products against central differences ---------------- */

static void
random_unit (double  *v,
             gsize    n,
             guint64  seed)
{
  LrRandom rng;
  double norm = 0;

  lr_random_init (&rng, seed);
  for (gsize i = 0; i < n; i++)
    {
      v[i] = lr_random_normal (&rng);
      norm += v[i] * v[i];
    }
  for (gsize i = 0; i < n; i++)
    v[i] /= sqrt (norm);
}

/* (∇L(θ + εv) − ∇L(θ − εv)) / 2ε against H v, for float32 parameters: ε
 * large enough for float32 steps, third-order terms small against 0.1 %. */
static void
check_hvp_central_differences (const char *model)
{
  Fixture f = { 0 };
  gsize n;
  g_autofree double *v = NULL, *hv = NULL, *gp = NULL, *gm = NULL;
  g_autofree float *plus = NULL, *minus = NULL;
  const float *p;
  const double eps = 1e-2;
  double err = 0, norm = 0;

  fixture_setup (&f, model, 7);
  n = lr_mlp_get_n_params (f.mlp);
  p = lr_mlp_get_params (f.mlp);
  v = g_new (double, n);
  hv = g_new (double, n);
  gp = g_new (double, n);
  gm = g_new (double, n);
  plus = g_new (float, n);
  minus = g_new (float, n);
  random_unit (v, n, 11);

  /* The step actually taken in float32, per coordinate. */
  for (gsize i = 0; i < n; i++)
    {
      plus[i] = (float) (p[i] + eps * v[i]);
      minus[i] = (float) (p[i] - eps * v[i]);
      v[i] = ((double) plus[i] - (double) minus[i]) / (2 * eps);
    }
  lr_mlp_hvp_apply (f.hvp, p, v, hv);
  lr_mlp_hvp_loss (f.hvp, plus, gp);
  lr_mlp_hvp_loss (f.hvp, minus, gm);
  for (gsize i = 0; i < n; i++)
    {
      double fd = (gp[i] - gm[i]) / (2 * eps);

      err += (fd - hv[i]) * (fd - hv[i]);
      norm += hv[i] * hv[i];
    }
  g_test_message ("%s: |Hv| %g, |fd − Hv| / |Hv| %g", model, sqrt (norm), sqrt (err / norm));
  g_assert_cmpfloat (sqrt (norm), >, 1e-3);
  g_assert_cmpfloat (sqrt (err / norm), <, 1e-3);
  fixture_teardown (&f);
}

static void
test_hvp_central_differences (void)
{
  check_hvp_central_differences ("mlp:hidden=64,act=tanh,loss=mse");
  check_hvp_central_differences ("mlp:hidden=32/16,act=tanh,loss=mse");
  check_hvp_central_differences ("mlp:hidden=32/16,act=tanh");
  /* relu is left to the PyTorch comparison: its kinks lie within any
   * float32-sized step of some of the 1,437 images. */
}

/* uᵀHv = vᵀHu, and H(αv) = αHv. */
static void
test_hvp_symmetric_linear (void)
{
  Fixture f = { 0 };
  gsize n;
  g_autofree double *u = NULL, *v = NULL, *hu = NULL, *hv = NULL;
  const float *p;
  double uhv = 0, vhu = 0;

  fixture_setup (&f, "mlp:hidden=24/12,act=tanh", 5);
  n = lr_mlp_get_n_params (f.mlp);
  p = lr_mlp_get_params (f.mlp);
  u = g_new (double, n);
  v = g_new (double, n);
  hu = g_new (double, n);
  hv = g_new (double, n);
  random_unit (u, n, 1);
  random_unit (v, n, 2);
  lr_mlp_hvp_apply (f.hvp, p, u, hu);
  lr_mlp_hvp_apply (f.hvp, p, v, hv);
  for (gsize i = 0; i < n; i++)
    {
      uhv += u[i] * hv[i];
      vhu += v[i] * hu[i];
    }
  g_assert_cmpfloat (fabs (uhv - vhu), <, 1e-4 * (fabs (uhv) + 1e-3));
  fixture_teardown (&f);
}

/* ---- Lanczos ------------------------------------------------------------ */

typedef struct {
  const double *diag;
  const double *q;      /* an orthogonal matrix: A = Q diag Qᵀ */
  gsize         n;
} Dense;

static void
dense_apply (const double *v,
             double       *out,
             gpointer      data)
{
  const Dense *d = data;
  g_autofree double *t = g_new (double, d->n);

  for (gsize i = 0; i < d->n; i++)
    {
      t[i] = 0;
      for (gsize j = 0; j < d->n; j++)
        t[i] += d->q[j * d->n + i] * v[j];
      t[i] *= d->diag[i];
    }
  for (gsize j = 0; j < d->n; j++)
    {
      out[j] = 0;
      for (gsize i = 0; i < d->n; i++)
        out[j] += d->q[j * d->n + i] * t[i];
    }
}

static void
test_lanczos_known_spectrum (void)
{
  const gsize n = 120;
  g_autofree double *diag = g_new (double, n);
  g_autofree double *a = g_new (double, n * n);
  g_autofree double *q = g_new (double, n * n);
  g_autofree double *all = g_new (double, n);
  double top[5], again[5];
  Dense d = { diag, q, n };
  LrRandom rng;

  /* A random orthogonal Q from the eigenvectors of a random symmetric
   * matrix; eigenvalues 1, 2, …, with a cluster and negative ones. */
  lr_random_init (&rng, 3);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j <= i; j++)
      a[i * n + j] = a[j * n + i] = lr_random_normal (&rng);
  lr_eigen_symmetric (a, n, all, q);
  for (gsize i = 0; i < n; i++)
    diag[i] = (double) i - 40;
  diag[n - 2] = 30.5;     /* top: 79, 78, 77, …; and a near double 30, 30.5 */
  diag[0] = 100;

  g_assert_cmpuint (lr_lanczos_top (dense_apply, &d, n, 5, 9, top), ==, 5);
  g_assert_cmpfloat_with_epsilon (top[0], 100, 1e-8);
  g_assert_cmpfloat_with_epsilon (top[1], 79, 1e-6);
  g_assert_cmpfloat_with_epsilon (top[2], 77, 1e-6);
  g_assert_cmpfloat_with_epsilon (top[3], 76, 1e-6);
  g_assert_cmpfloat_with_epsilon (top[4], 75, 1e-6);

  /* Deterministic for a seed. */
  lr_lanczos_top (dense_apply, &d, n, 5, 9, again);
  g_assert_cmpmem (top, sizeof top, again, sizeof again);
}

static void
test_eigen_symmetric (void)
{
  double a[9] = { 2, 1, 0, 1, 2, 0, 0, 0, -1 };
  double values[3], vectors[9];

  lr_eigen_symmetric (a, 3, values, vectors);
  g_assert_cmpfloat_with_epsilon (values[0], 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (values[1], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (values[2], -1, 1e-12);
  g_assert_cmpfloat_with_epsilon (fabs (vectors[0 * 3 + 0]), M_SQRT1_2, 1e-12);
  g_assert_cmpfloat_with_epsilon (fabs (vectors[2 * 3 + 2]), 1, 1e-12);
}

/* The top eigenvalue by Lanczos against power iteration on the MLP. */
static void
test_top_eigenvalue_power_iteration (void)
{
  Fixture f = { 0 };
  gsize n;
  g_autofree double *v = NULL, *hv = NULL;
  const float *p;
  double top[3], again[3], lambda = 0;

  fixture_setup (&f, "mlp:hidden=64,act=tanh,loss=mse", 0);
  n = lr_mlp_get_n_params (f.mlp);
  p = lr_mlp_get_params (f.mlp);
  g_assert_cmpuint (lr_mlp_hvp_top_eigenvalues (f.hvp, p, 3, 1, top), ==, 3);
  g_assert_cmpfloat (top[0], >=, top[1]);
  g_assert_cmpfloat (top[1], >=, top[2]);
  lr_mlp_hvp_top_eigenvalues (f.hvp, p, 3, 1, again);
  g_assert_cmpmem (top, sizeof top, again, sizeof again);

  /* Power iteration (the top eigenvalue is the largest in size here: the
   * loss is near convex at the initialisation). */
  v = g_new (double, n);
  hv = g_new (double, n);
  random_unit (v, n, 4);
  for (guint it = 0; it < 300; it++)
    {
      double norm = 0;

      lr_mlp_hvp_apply (f.hvp, p, v, hv);
      lambda = 0;
      for (gsize i = 0; i < n; i++)
        {
          lambda += v[i] * hv[i];
          norm += hv[i] * hv[i];
        }
      for (gsize i = 0; i < n; i++)
        v[i] = hv[i] / sqrt (norm);
    }
  g_test_message ("top eigenvalues %g %g %g; power iteration %g", top[0], top[1], top[2], lambda);
  g_assert_cmpfloat (fabs (top[0] - lambda), <, 1e-3 * top[0]);
  fixture_teardown (&f);
}

/* Results do not depend on the number of threads. */
static void
test_hvp_threads (void)
{
  Fixture f = { 0 };
  const LrSubset *train;
  g_autoptr(LrMlpHvp) one = NULL;
  gsize n;
  g_autofree double *v = NULL, *a = NULL, *b = NULL;

  fixture_setup (&f, "mlp:hidden=32,act=tanh,loss=mse", 2);
  train = &f.split->train;
  one = lr_mlp_hvp_new (f.mlp, &train, 1, f.scale, 1);
  n = lr_mlp_get_n_params (f.mlp);
  v = g_new (double, n);
  a = g_new (double, n);
  b = g_new (double, n);
  random_unit (v, n, 8);
  lr_mlp_hvp_apply (f.hvp, lr_mlp_get_params (f.mlp), v, a);
  lr_mlp_hvp_apply (one, lr_mlp_get_params (f.mlp), v, b);
  g_assert_cmpmem (a, n * sizeof (double), b, n * sizeof (double));
  fixture_teardown (&f);
}

/* ---- against PyTorch (float64) on saved weights ------------------------ */

/* tests/golden/make-hessian.py's direction, in the MLP's layout. */
static void
golden_direction (LrMlp  *mlp,
                  double *v)
{
  for (guint l = 0; l < lr_mlp_get_n_layers (mlp); l++)
    {
      guint in, out;
      gsize w, b;

      lr_mlp_get_layer (mlp, l, &in, &out, &w, &b);
      for (guint i = 0; i < in; i++)
        for (guint o = 0; o < out; o++)
          v[w + (gsize) i * out + o] = sin (1 + l + 0.37 * o + 0.11 * i);
      for (guint o = 0; o < out; o++)
        v[b + o] = cos (0.5 + l + 0.23 * o);
    }
}

static void
check_golden_case (const char *file,
                   JsonObject *expect)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "hessian", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) dataset = lr_dataset_load_digits (&error);
  g_autoptr(LrSplit) split = lr_split_new (dataset, 0);
  g_auto(LrWeightsInfo) info = { 0 };
  g_autoptr(LrMlp) mlp = lr_weights_load (path, 1, &info, &error);
  g_autoptr(LrMlpHvp) hvp = NULL;
  const LrSubset *all[2] = { &split->train, &split->val };
  JsonArray *top = json_object_get_array_member (expect, "top");
  JsonObject *hv_expect = json_object_get_object_member (expect, "hv");
  g_autofree double *v = NULL, *hv = NULL;
  double values[3], err = 0, norm = 0;
  gsize n;

  g_assert_no_error (error);
  g_assert_cmpstr (info.model, ==, json_object_get_string_member (expect, "model"));
  g_assert_cmpstr (info.dataset, ==, "digits");
  g_assert_cmpfloat (info.input_scale, ==, 1.0 / 16);
  hvp = lr_mlp_hvp_new (mlp, all, 2, (float) info.input_scale, 0);
  g_assert_cmpuint (lr_mlp_hvp_get_n_images (hvp), ==, 1797);
  n = lr_mlp_get_n_params (mlp);

  g_assert_cmpfloat (fabs (lr_mlp_hvp_loss (hvp, lr_mlp_get_params (mlp), NULL) -
                           json_object_get_double_member (expect, "loss")), <,
                     1e-5 * json_object_get_double_member (expect, "loss"));

  v = g_new (double, n);
  hv = g_new (double, n);
  golden_direction (mlp, v);
  lr_mlp_hvp_apply (hvp, lr_mlp_get_params (mlp), v, hv);
  for (guint l = 0; l < lr_mlp_get_n_layers (mlp); l++)
    {
      g_autofree char *wname = g_strdup_printf ("fc%u.weight", l);
      g_autofree char *bname = g_strdup_printf ("fc%u.bias", l);
      JsonArray *rows = json_object_get_array_member (hv_expect, wname);
      JsonArray *bias = json_object_get_array_member (hv_expect, bname);
      guint in, out;
      gsize w, b;

      lr_mlp_get_layer (mlp, l, &in, &out, &w, &b);
      for (guint o = 0; o < out; o++)
        {
          JsonArray *row = json_array_get_array_element (rows, o);
          double eb = json_array_get_double_element (bias, o);

          for (guint i = 0; i < in; i++)
            {
              double e = json_array_get_double_element (row, i);
              double d = hv[w + (gsize) i * out + o] - e;

              err += d * d;
              norm += e * e;
            }
          err += (hv[b + o] - eb) * (hv[b + o] - eb);
          norm += eb * eb;
        }
    }
  g_test_message ("%s: |Hv − torch| / |torch| = %g", file, sqrt (err / norm));
  g_assert_cmpfloat (sqrt (err / norm), <, 1e-4);

  g_assert_cmpuint (lr_mlp_hvp_top_eigenvalues (hvp, lr_mlp_get_params (mlp), 3, 0, values), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      double e = json_array_get_double_element (top, i);

      g_test_message ("%s: eigenvalue %u: %.9g, torch %.9g", file, i + 1, values[i], e);
      g_assert_cmpfloat (fabs (values[i] - e), <, 1e-5 * fabs (e));
    }
}

static void
test_golden_torch (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "hessian", "golden.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  g_autoptr(GList) files = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  files = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (files), ==, 3);
  for (GList *f = files; f != NULL; f = f->next)
    check_golden_case (f->data, json_object_get_object_member (root, f->data));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hessian/mse/spec", test_mse_spec);
  g_test_add_func ("/hessian/mse/by-hand", test_mse_loss_by_hand);
  g_test_add_func ("/hessian/gradient/matches-training", test_gradient_matches_training);
  g_test_add_func ("/hessian/hvp/central-differences", test_hvp_central_differences);
  g_test_add_func ("/hessian/hvp/symmetric-linear", test_hvp_symmetric_linear);
  g_test_add_func ("/hessian/hvp/threads", test_hvp_threads);
  g_test_add_func ("/hessian/lanczos/known-spectrum", test_lanczos_known_spectrum);
  g_test_add_func ("/hessian/lanczos/eigen-symmetric", test_eigen_symmetric);
  g_test_add_func ("/hessian/lanczos/power-iteration", test_top_eigenvalue_power_iteration);
  g_test_add_func ("/hessian/golden/torch", test_golden_torch);

  return g_test_run ();
}
