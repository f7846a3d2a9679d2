/* test-mlp.c: the MLP classifier: specs, matrix kernels, gradients, overfitting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-dataset.h"
#include "lr-kernels.h"
#include "lr-mlp.h"
#include "lr-optimizer.h"
#include "lr-random.h"

/* ---- specs -------------------------------------------------------------- */

static void
test_spec_parse (void)
{
  LrMlpConfig config;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (lr_mlp_config_parse ("mlp:hidden=256/128", &config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config.n_hidden, ==, 2);
  g_assert_cmpuint (config.hidden[0], ==, 256);
  g_assert_cmpuint (config.hidden[1], ==, 128);
  g_assert_cmpint (config.activation, ==, LR_ACTIVATION_RELU);
  text = lr_mlp_config_to_spec (&config);
  g_assert_cmpstr (text, ==, "mlp:hidden=256/128");
  g_clear_pointer (&text, g_free);

  g_assert_true (lr_mlp_config_parse ("mlp", &config, &error));
  g_assert_cmpuint (config.n_hidden, ==, 1);
  g_assert_cmpuint (config.hidden[0], ==, 64);
  g_assert_true (lr_mlp_config_parse (LR_MLP_DEFAULT_SPEC, &config, &error));
  g_assert_cmpuint (config.hidden[0], ==, 64);

  g_assert_true (lr_mlp_config_parse ("mlp:act=tanh,hidden=10/20/30", &config, &error));
  g_assert_cmpint (config.activation, ==, LR_ACTIVATION_TANH);
  g_assert_cmpuint (config.n_hidden, ==, 3);
  text = lr_mlp_config_to_spec (&config);
  g_assert_cmpstr (text, ==, "mlp:hidden=10/20/30,act=tanh");
}

static void
test_spec_errors (void)
{
  static const struct {
    const char *spec;
    const char *needle;
  } cases[] = {
    { "cnn:hidden=3", "cnn" },
    { "mlp:width=3", "width" },
    { "mlp:hidden=0", "hidden" },
    { "mlp:hidden=64/x", "x" },
    { "mlp:hidden=2.5", "2.5" },
    { "mlp:hidden=1/2/3/4/5/6/7/8/9", "hidden" },
    { "mlp:hidden=100000", "100000" },
    { "mlp:act=sigmoid", "sigmoid" },
    { "mlp:hidden", "hidden" },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrMlpConfig config;
      g_autoptr(GError) error = NULL;

      g_assert_false (lr_mlp_config_parse (cases[i].spec, &config, &error));
      g_assert_error (error, LR_ERROR, error->code);
      if (cases[i].needle != NULL && strstr (error->message, cases[i].needle) == NULL)
        g_error ("'%s': message '%s' does not name '%s'", cases[i].spec, error->message, cases[i].needle);
    }
}

static void
test_too_large (void)
{
  LrMlpConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrMlp) mlp = NULL;

  g_assert_true (lr_mlp_config_parse ("mlp:hidden=8192/8192/8192", &config, &error));
  mlp = lr_mlp_new (&config, 65536, 10, 1, &error);
  g_assert_null (mlp);
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "parameters"));
}

/* ---- kernels ------------------------------------------------------------ */

static void
fill_random (LrRandom *rng,
             float    *a,
             gsize     n,
             double    zero_fraction)
{
  for (gsize i = 0; i < n; i++)
    a[i] = lr_random_uniform (rng) < zero_fraction ? 0.f : (float) (2 * lr_random_uniform (rng) - 1);
}

/* @pad: how much each leading dimension exceeds its row (0: packed, as
 * the network's own matrices are). */
static void
check_gemm_case (LrTeam   *team,
                 guint     M,
                 guint     N,
                 guint     K,
                 gboolean  with_bias,
                 gboolean  zeros,
                 gboolean  a_trans,
                 gsize     pad)
{
  gsize lda = (a_trans ? M : K) + 3 * pad, ldb = N + pad, ldc = N + 5 * pad;
  gsize rs = a_trans ? 1 : lda, cs = a_trans ? lda : 1;
  g_autofree float *A = g_new (float, (a_trans ? MAX (K, 1) : M) * lda);
  g_autofree float *B = g_new (float, MAX (K, 1) * ldb);
  g_autofree float *bias = g_new (float, N);
  g_autofree float *C = g_new (float, M * ldc);
  g_autofree float *C1 = g_new (float, M * ldc);
  LrRandom rng;

  lr_random_init (&rng, M * 1000003 + N * 1009 + K);
  fill_random (&rng, A, (a_trans ? MAX (K, 1) : M) * lda, zeros ? 0.6 : 0);
  fill_random (&rng, B, MAX (K, 1) * ldb, 0);
  fill_random (&rng, bias, N, 0);
  for (gsize i = 0; i < M * ldc; i++)
    C[i] = C1[i] = 12345.f;   /* padding must stay untouched */

  lr_gemm (team, M, N, K, A, lda, a_trans, B, ldb, with_bias ? bias : NULL, C, ldc);
  lr_gemm (NULL, M, N, K, A, lda, a_trans, B, ldb, with_bias ? bias : NULL, C1, ldc);

  for (guint m = 0; m < M; m++)
    {
      for (guint n = 0; n < N; n++)
        {
          double ref = with_bias ? bias[n] : 0, mag = fabs (ref);

          for (guint k = 0; k < K; k++)
            {
              ref += (double) A[m * rs + k * cs] * B[k * ldb + n];
              mag += fabs ((double) A[m * rs + k * cs] * B[k * ldb + n]);
            }
          if (fabs (C[m * ldc + n] - ref) > 1e-6 * (mag + 1))
            g_error ("%s gemm %ux%ux%u%s: C[%u,%u] = %.9g, expected %.9g",
                     lr_gemm_backend_name (lr_gemm_get_backend ()), M, N, K, a_trans ? " (A transposed)" : "", m, n,
                     C[m * ldc + n], ref);
          /* The same bits whatever the number of threads. */
          g_assert_true (memcmp (&C[m * ldc + n], &C1[m * ldc + n], sizeof (float)) == 0);
        }
      for (gsize n = N; n < ldc; n++)
        g_assert_cmpfloat (C[m * ldc + n], ==, 12345.f);
    }
}

/* Every shape of @sizes (M, N, K) with and without bias, zeros and a
 * transposed A, on every backend, leading dimensions padded by @pad. */
static void
check_gemm_sizes (const guint (*sizes)[3],
                  guint         n_sizes,
                  gsize         pad)
{
  LrGemmBackend saved = lr_gemm_get_backend ();
  LrTeam *team = lr_team_new (3);

  for (LrGemmBackend b = LR_GEMM_PORTABLE; b <= LR_GEMM_BLAS; b++)
    {
      if (!lr_gemm_set_backend (b))
        {
          g_test_message ("backend %s not available", lr_gemm_backend_name (b));
          continue;
        }
      for (guint i = 0; i < n_sizes; i++)
        for (guint variant = 0; variant < 8; variant++)
          check_gemm_case (team, sizes[i][0], sizes[i][1], sizes[i][2], variant & 1, variant & 2, variant & 4, pad);
    }

  g_assert_true (lr_gemm_set_backend (saved));
  lr_team_free (team);
}

static void
test_gemm (void)
{
  static const guint sizes[][3] = {
    { 1, 1, 1 }, { 7, 5, 3 }, { 6, 16, 9 }, { 13, 33, 17 }, { 37, 53, 29 }, { 128, 256, 64 },
    { 100, 10, 64 }, { 64, 784, 32 }, { 784, 64, 32 }, { 5, 250, 120 }, { 250, 7, 300 }, { 3, 4, 0 },
    { 104, 200, 64 }, { 300, 100, 50 }, { 130, 130, 130 },
  };
  check_gemm_sizes (sizes, G_N_ELEMENTS (sizes), 1);
}

/* One row, one column, one inner element, with packed leading dimensions
 * (a transposed 1-wide A then has both strides 1): every backend against
 * the naive product.  A hidden layer of width 1 makes these shapes. */
static void
test_gemm_degenerate (void)
{
  static const guint sizes[][3] = {
    { 1, 1, 1 }, { 1, 1, 7 }, { 1, 9, 1 }, { 9, 1, 1 }, { 1, 64, 100 }, { 64, 1, 100 },
    { 100, 1, 64 }, { 100, 64, 1 }, { 1, 10, 32 }, { 32, 1, 10 }, { 200, 1, 1 }, { 1, 200, 1 },
    { 1, 1, 300 }, { 130, 1, 70 }, { 1, 130, 70 }, { 784, 1, 32 }, { 1, 784, 32 },
  };
  check_gemm_sizes (sizes, G_N_ELEMENTS (sizes), 0);
}

static void
test_transpose (void)
{
  float src[5 * 19], dst[19 * 7];

  for (guint i = 0; i < G_N_ELEMENTS (src); i++)
    src[i] = i;
  lr_transpose (5, 17, src, 19, dst, 7);
  for (guint r = 0; r < 5; r++)
    for (guint c = 0; c < 17; c++)
      g_assert_cmpfloat (dst[c * 7 + r], ==, src[r * 19 + c]);
}

/* ---- gradients ---------------------------------------------------------- */

/* An independent double-precision forward pass over the same parameter
 * layout: the mean softmax cross-entropy. */
static double
reference_loss (const LrMlp  *mlp,
                const double *params,
                const float  *x,
                const guint8 *labels,
                guint         batch)
{
  guint L = lr_mlp_get_n_layers (mlp);
  gboolean relu = lr_mlp_get_config (mlp)->activation == LR_ACTIVATION_RELU;
  double total = 0;

  for (guint b = 0; b < batch; b++)
    {
      guint n_in = lr_mlp_get_n_inputs (mlp);
      g_autofree double *a = g_new (double, n_in);
      double zmax = -INFINITY, sum = 0;

      for (guint i = 0; i < n_in; i++)
        a[i] = x[b * n_in + i];

      for (guint l = 0; l < L; l++)
        {
          guint in, out;
          gsize w, bo;
          double *z;

          lr_mlp_get_layer (mlp, l, &in, &out, &w, &bo);
          z = g_new (double, out);
          for (guint o = 0; o < out; o++)
            {
              z[o] = params[bo + o];
              for (guint i = 0; i < in; i++)
                z[o] += a[i] * params[w + (gsize) i * out + o];
              if (l + 1 < L)
                z[o] = relu ? MAX (z[o], 0.0) : tanh (z[o]);
            }
          g_free (a);
          a = z;
          n_in = out;
        }

      for (guint c = 0; c < n_in; c++)
        zmax = MAX (zmax, a[c]);
      for (guint c = 0; c < n_in; c++)
        sum += exp (a[c] - zmax);
      total += zmax + log (sum) - a[labels[b]];
    }

  return total / batch;
}

static void
check_gradient (const char *spec)
{
  LrMlpConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrMlp) mlp = NULL;
  const guint n_in = 13, n_classes = 4, batch = 6;
  float x[6 * 13];
  guint8 labels[6] = { 0, 3, 1, 2, 3, 1 };
  g_autofree double *p = NULL;
  g_autofree float *grad = NULL;
  float *params;
  gsize n;
  double loss, ref;
  LrRandom rng;
  guint n_checked = 0;

  g_assert_true (lr_mlp_config_parse (spec, &config, &error));
  mlp = lr_mlp_new (&config, n_in, n_classes, 1, &error);
  g_assert_no_error (error);
  lr_mlp_init_params (mlp, 7);
  n = lr_mlp_get_n_params (mlp);
  params = lr_mlp_get_params (mlp);

  /* Non-zero biases too, and inputs with exact zeros like pixels. */
  lr_random_init (&rng, 99);
  for (guint l = 0; l < lr_mlp_get_n_layers (mlp); l++)
    {
      guint out;
      gsize bo;

      lr_mlp_get_layer (mlp, l, NULL, &out, NULL, &bo);
      for (guint o = 0; o < out; o++)
        params[bo + o] = (float) (0.2 * lr_random_normal (&rng));
    }
  fill_random (&rng, x, G_N_ELEMENTS (x), 0.3);
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = fabsf (x[i]);

  loss = lr_mlp_train_batch (mlp, x, labels, batch, NULL);
  grad = g_memdup2 (lr_mlp_get_grad (mlp), n * sizeof (float));

  p = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    p[i] = params[i];
  ref = reference_loss (mlp, p, x, labels, batch);
  g_assert_cmpfloat_with_epsilon (loss, ref, 1e-5 * fabs (ref));

  /* Central differences in double: error O(h²) + rounding ~1e-16/h. */
  for (gsize i = 0; i < n; i++)
    {
      const double h = 1e-5;
      double saved = p[i], fp, fm, fd;

      p[i] = saved + h;
      fp = reference_loss (mlp, p, x, labels, batch);
      p[i] = saved - h;
      fm = reference_loss (mlp, p, x, labels, batch);
      p[i] = saved;
      fd = (fp - fm) / (2 * h);

      if (fabs (grad[i] - fd) > 1e-3 * fabs (fd) + 2e-6)
        g_error ("%s: d loss / d param[%" G_GSIZE_FORMAT "] = %.9g, finite difference %.9g",
                 spec, i, grad[i], fd);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, n);
}

static void
test_gradient_relu (void)
{
  LrGemmBackend saved = lr_gemm_get_backend ();

  for (LrGemmBackend b = LR_GEMM_PORTABLE; b <= LR_GEMM_BLAS; b++)
    if (lr_gemm_set_backend (b))
      {
        check_gradient ("mlp:hidden=7/5");
        check_gradient ("mlp:hidden=20");
        check_gradient ("mlp:hidden=1");
        check_gradient ("mlp:hidden=6/1");
        check_gradient ("mlp:hidden=1/6");
      }
  lr_gemm_set_backend (saved);
}

static void
test_gradient_tanh (void)
{
  check_gradient ("mlp:hidden=7/5,act=tanh");
  check_gradient ("mlp:hidden=3/9/4,act=tanh");
}

/* The gradient and the loss are the same bits with 1 and 2 threads. */
static void
test_threads_identical (void)
{
  LrMlpConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrMlp) one = NULL;
  g_autoptr(LrMlp) two = NULL;
  const guint n_in = 784, batch = 100;
  g_autofree float *x = g_new (float, batch * n_in);
  guint8 labels[100];
  LrRandom rng;
  double l1, l2;
  guint c1, c2;
  g_autofree float *p1 = NULL, *p2 = NULL;

  g_assert_true (lr_mlp_config_parse ("mlp:hidden=256/128", &config, &error));
  one = lr_mlp_new (&config, n_in, 10, 1, &error);
  two = lr_mlp_new (&config, n_in, 10, 2, &error);
  g_assert_no_error (error);
  lr_mlp_init_params (one, 3);
  lr_mlp_init_params (two, 3);
  g_assert_cmpmem (lr_mlp_get_params (one), lr_mlp_get_n_params (one) * sizeof (float),
                   lr_mlp_get_params (two), lr_mlp_get_n_params (two) * sizeof (float));

  lr_random_init (&rng, 5);
  fill_random (&rng, x, batch * n_in, 0.5);
  for (guint i = 0; i < batch * n_in; i++)
    x[i] = fabsf (x[i]);
  for (guint i = 0; i < batch; i++)
    labels[i] = lr_random_below (&rng, 10);

  l1 = lr_mlp_train_batch (one, x, labels, batch, &c1);
  l2 = lr_mlp_train_batch (two, x, labels, batch, &c2);
  g_assert_cmpmem (&l1, sizeof l1, &l2, sizeof l2);
  g_assert_cmpuint (c1, ==, c2);
  g_assert_cmpmem (lr_mlp_get_grad (one), lr_mlp_get_n_params (one) * sizeof (float),
                   lr_mlp_get_grad (two), lr_mlp_get_n_params (two) * sizeof (float));

  p1 = g_new (float, batch * 10);
  p2 = g_new (float, batch * 10);
  lr_mlp_evaluate (one, x, labels, batch, p1, NULL, NULL);
  lr_mlp_evaluate (two, x, labels, batch, p2, NULL, NULL);
  g_assert_cmpmem (p1, batch * 10 * sizeof (float), p2, batch * 10 * sizeof (float));
}

static void
test_init (void)
{
  LrMlpConfig config;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrMlp) mlp = NULL;
  g_autoptr(LrMlp) other = NULL;
  gsize w;
  guint in, out;
  double sum = 0, sum2 = 0;
  const float *p;

  g_assert_true (lr_mlp_config_parse ("mlp:hidden=256", &config, &error));
  mlp = lr_mlp_new (&config, 784, 10, 1, &error);
  other = lr_mlp_new (&config, 784, 10, 1, &error);
  lr_mlp_init_params (mlp, 1);
  lr_mlp_init_params (other, 2);
  g_assert_true (memcmp (lr_mlp_get_params (mlp), lr_mlp_get_params (other), 64) != 0);

  /* He: mean 0, variance 2 / fan-in. */
  lr_mlp_get_layer (mlp, 0, &in, &out, &w, NULL);
  p = lr_mlp_get_params (mlp) + w;
  for (gsize i = 0; i < (gsize) in * out; i++)
    {
      sum += p[i];
      sum2 += (double) p[i] * p[i];
    }
  g_assert_cmpfloat (fabs (sum / (in * out)), <, 0.002);
  g_assert_cmpfloat_with_epsilon (sum2 / (in * out), 2.0 / in, 0.02 * 2.0 / in);

  {
    g_autofree float *image = g_new (float, 784);

    lr_mlp_get_input_weights (mlp, 5, image);
    g_assert_cmpfloat (image[0], ==, p[5]);
    g_assert_cmpfloat (image[783], ==, p[783 * 256 + 5]);
  }
}

/* ---- learning ----------------------------------------------------------- */

/* 32 digits, Adam: the network must learn them all. */
static void
test_overfit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) digits = lr_dataset_load_digits (&error);
  const LrImageSet *train;
  LrMlpConfig config;
  g_autoptr(LrMlp) mlp = NULL;
  g_autoptr(LrOptimizer) opt = NULL;
  LrOptimizerConfig adam;
  float x[32 * 64];
  guint correct = 0;
  double loss = 0;

  g_assert_no_error (error);
  train = lr_dataset_get_train (digits);
  for (guint i = 0; i < 32 * 64; i++)
    x[i] = train->pixels[i] / 16.f;

  g_assert_true (lr_mlp_config_parse (LR_MLP_DEFAULT_SPEC, &config, &error));
  mlp = lr_mlp_new (&config, 64, 10, 1, &error);
  lr_mlp_init_params (mlp, 0);
  g_assert_true (lr_optimizer_config_parse ("adam:lr=0.01", &adam, &error));
  opt = lr_optimizer_new (&adam, lr_mlp_get_n_params (mlp), LR_PRECISION_FLOAT);

  for (guint step = 0; step < 300 && correct < 32; step++)
    {
      loss = lr_mlp_train_batch (mlp, x, train->labels, 32, &correct);
      lr_optimizer_step_float (opt, lr_mlp_get_params (mlp), lr_mlp_get_grad (mlp), adam.lr);
    }
  lr_mlp_evaluate (mlp, x, train->labels, 32, NULL, NULL, &correct);
  g_test_message ("last training loss %g", loss);
  g_assert_cmpuint (correct, ==, 32);
}

typedef struct {
  guint *seen;
  gint   calls;
} CountTasks;

static void
count_task (guint    task,
            gpointer data)
{
  CountTasks *c = data;

  c->seen[task] += task + 1;
  g_atomic_int_inc (&c->calls);
}

/* Every task runs exactly once, with or without a persistent team. */
static void
test_parallel_for (void)
{
  guint n = 1000;
  g_autofree guint *seen = g_new0 (guint, n);
  CountTasks c = { seen, 0 };
  LrTeam *team = lr_team_new (3);

  lr_parallel_for (n, 3, count_task, &c);
  lr_parallel_for (n, 0, count_task, &c);
  lr_parallel_for (n, 1, count_task, &c);
  lr_parallel_for (0, 4, count_task, &c);
  for (guint round = 0; round < 50; round++)
    lr_team_for (team, n, count_task, &c);
  lr_team_for (NULL, n, count_task, &c);
  lr_team_free (team);

  g_assert_cmpint (c.calls, ==, 54 * n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seen[i], ==, 54 * (i + 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallel/for", test_parallel_for);
  g_test_add_func ("/mlp/spec/parse", test_spec_parse);
  g_test_add_func ("/mlp/spec/errors", test_spec_errors);
  g_test_add_func ("/mlp/too-large", test_too_large);
  g_test_add_func ("/mlp/kernels/gemm", test_gemm);
  g_test_add_func ("/mlp/kernels/gemm-degenerate", test_gemm_degenerate);
  g_test_add_func ("/mlp/kernels/transpose", test_transpose);
  g_test_add_func ("/mlp/init", test_init);
  g_test_add_func ("/mlp/gradient/relu", test_gradient_relu);
  g_test_add_func ("/mlp/gradient/tanh", test_gradient_tanh);
  g_test_add_func ("/mlp/threads-identical", test_threads_identical);
  g_test_add_func ("/mlp/overfit-32", test_overfit);

  return g_test_run ();
}
