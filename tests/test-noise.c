/* test-noise.c: gradient noise and the floor it sets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-noise.h"
#include "lr-spec.h"

static void
test_parse (void)
{
  static const char *bad[] = {
    "", "sigma", "sigma=-1", "sigma=nan", "sigma=inf", "sigma=1e999", "batch=0", "batch=1.5",
    "batch=-3", "seed=-1", "seed=0.5", "colour=1", "sigma=1,,batch=2", "sigma=0,5",
  };
  LrNoiseConfig c;
  g_autofree char *spec = NULL;

  g_assert_true (lr_noise_config_parse ("sigma=0.5,batch=8,seed=1", &c, NULL));
  g_assert_cmpfloat (c.sigma, ==, 0.5);
  g_assert_cmpuint (c.batch, ==, 8);
  g_assert_cmpuint (c.seed, ==, 1);
  g_assert_cmpfloat (lr_noise_config_scale (&c), ==, 0.5 / sqrt (8));
  spec = lr_noise_config_to_spec (&c);
  g_assert_cmpstr (spec, ==, "sigma=0.5,batch=8,seed=1");
  g_assert_true (lr_noise_config_parse ("sigma=2", &c, NULL));
  g_assert_cmpuint (c.batch, ==, 1);
  g_assert_cmpuint (c.seed, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (lr_noise_config_parse (bad[i], &c, &error))
        g_error ("'%s' was accepted", bad[i]);
      g_assert_true (g_str_has_prefix (error->message, "noise: "));
    }
}

/* Same seed, same numbers; another seed, other numbers. */
static void
test_determinism (void)
{
  LrNoiseConfig a = { 1, 1, 42 }, b = { 1, 1, 43 };
  LrNoise na, na2, nb;
  double ga[2] = { 0, 0 }, ga2[2] = { 0, 0 }, gb[2] = { 0, 0 };

  lr_noise_init (&na, &a);
  lr_noise_init (&na2, &a);
  lr_noise_init (&nb, &b);
  for (guint k = 0; k < 1000; k++)
    {
      lr_noise_add (&na, ga);
      lr_noise_add (&na2, ga2);
      lr_noise_add (&nb, gb);
    }
  g_assert_true (memcmp (ga, ga2, sizeof ga) == 0);
  g_assert_true (ga[0] != gb[0]);
}

/* Plain SGD on f = ½(λ₁x² + λ₂y²) with noise settles at the floor
 * Σ lr·s²/(2(2 − lr·λᵢ)).  The mean over N steps of a quantity with
 * integrated autocorrelation time τ has a relative standard error of about
 * sqrt(2τ/N) for the square of a Gaussian; the tolerance is five of those. */
static void
test_floor_formula (void)
{
  static const struct { double lr, l1, l2; guint batch; } cases[] = {
    { 0.01, 1, 10, 1 }, { 0.05, 1, 10, 1 }, { 0.15, 1, 10, 4 }, { 0.1, 2, 2, 16 },
    { 0.0019, 1, 1000, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrNoiseConfig cfg = { 0.7, cases[i].batch, 7 + i };
      double eig[2] = { cases[i].l1, cases[i].l2 };
      double lr = cases[i].lr, x = 0, y = 0, sum = 0, expected, tau, tol;
      double lmin = MIN (eig[0], eig[1]);
      guint burn, n = 400000;
      LrNoise noise;

      lr_noise_init (&noise, &cfg);
      expected = lr_noise_floor_sgd (&cfg, lr, eig);
      tau = 1.0 / (1.0 - (1 - lr * lmin) * (1 - lr * lmin));
      burn = (guint) (20 * tau);
      n = MAX (n, (guint) (4000 * tau));
      for (guint k = 0; k < burn + n; k++)
        {
          double g[2] = { eig[0] * x, eig[1] * y };

          lr_noise_add (&noise, g);
          x -= lr * g[0];
          y -= lr * g[1];
          if (k >= burn)
            sum += 0.5 * (eig[0] * x * x + eig[1] * y * y);
        }
      tol = 5 * sqrt (2 * tau / n);
      g_test_message ("lr %g λ %g/%g batch %u: %.6g against %.6g (tolerance %.3f)", lr,
                      eig[0], eig[1], cfg.batch, sum / n, expected, tol);
      g_assert_cmpfloat (fabs (sum / n / expected - 1), <, tol);
    }
  {
    LrNoiseConfig cfg = { 1, 1, 0 };
    double eig[2] = { 1, 10 };

    g_assert_true (isinf (lr_noise_floor_sgd (&cfg, 0.2, eig)));
    g_assert_cmpfloat (lr_noise_floor_sgd (&cfg, 0.1, eig), ==, 0.1 / (2 * 1.9) + 0.1 / (2 * 1.0));
  }
}

static void
test_measure_floor (void)
{
  double gap[100];
  double floor;
  int steps;

  /* 1 for the first 20 steps, then 0.01: the floor is 0.01, reached where a
   * window of 5 first averages below 0.02: from step 20 on. */
  for (guint k = 0; k < 100; k++)
    gap[k] = k < 20 ? 1.0 : 0.01;
  lr_noise_measure_floor (gap, 100, 5, &floor, &steps);
  g_assert_cmpfloat_with_epsilon (floor, 0.01, 1e-15);
  g_assert_cmpint (steps, ==, 20);

  /* Still falling at the end: never below twice the floor of its second half. */
  for (guint k = 0; k < 100; k++)
    gap[k] = 100.0 - k;
  lr_noise_measure_floor (gap, 100, 5, &floor, &steps);
  g_assert_cmpfloat (floor, ==, 25.5);
  g_assert_cmpint (steps, ==, 48);   /* (98 − k) < 51 from k = 48 */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/noise/parse", test_parse);
  g_test_add_func ("/noise/determinism", test_determinism);
  g_test_add_func ("/noise/floor-formula", test_floor_formula);
  g_test_add_func ("/noise/measure-floor", test_measure_floor);
  return g_test_run ();
}
