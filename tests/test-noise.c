/* test-noise.c: gradient noise and the floor it sets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-expect.h"
#include "lr-noise.h"
#include "lr-rate-words.h"
#include "lr-spec.h"
#include "lr-trajectory.h"

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

/* The formula applies to plain SGD at a constant rate on a quadratic with a
 * known minimum, and nowhere else. */
static void
test_theory_floor (void)
{
  LrNoiseConfig cfg = { 2, 4, 0 }, quiet = { 0, 4, 0 };
  LrOptimizerConfig sgd, momentum, adam, decay;
  g_autoptr(LrSurface) bowl = lr_surface_new ("bowl:kappa=4,theta=30", NULL);
  g_autoptr(LrSurface) booth = lr_surface_new ("booth", NULL);
  g_autoptr(LrSurface) rosen = lr_surface_new ("rosenbrock", NULL);
  g_autoptr(LrSurface) saddle = lr_surface_new ("saddle", NULL);
  g_autoptr(LrSurface) expr = lr_surface_new ("expr:x^2 + y^2", NULL);
  double eig[2] = { 1, 4 }, booth_eig[2] = { 2, 18 };

  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.1", &sgd, NULL));
  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.1,momentum=0.9", &momentum, NULL));
  g_assert_true (lr_optimizer_config_parse ("adam:lr=0.1", &adam, NULL));
  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.1,weight_decay=0.01", &decay, NULL));

  g_assert_cmpfloat_with_epsilon (lr_noise_theory_floor (bowl, &sgd, NULL, &cfg),
                                  lr_noise_floor_sgd (&cfg, 0.1, eig), 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_noise_theory_floor (bowl, &sgd, "constant", &cfg),
                                  lr_noise_floor_sgd (&cfg, 0.1, eig), 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_noise_theory_floor (booth, &sgd, NULL, &cfg),
                                  lr_noise_floor_sgd (&cfg, 0.1, booth_eig), 1e-12);
  g_assert_true (isnan (lr_noise_theory_floor (bowl, &momentum, NULL, &cfg)));
  g_assert_true (isnan (lr_noise_theory_floor (bowl, &adam, NULL, &cfg)));
  g_assert_true (isnan (lr_noise_theory_floor (bowl, &decay, NULL, &cfg)));
  g_assert_true (isnan (lr_noise_theory_floor (bowl, &sgd, "cosine:T_max=10", &cfg)));
  g_assert_true (isnan (lr_noise_theory_floor (bowl, &sgd, NULL, &quiet)));
  {
    LrOptimizerConfig fast;

    /* λmax = 4: no floor from the critical rate 0.5 on */
    g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.5", &fast, NULL));
    g_assert_true (isnan (lr_noise_theory_floor (bowl, &fast, NULL, &cfg)));
    g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.49", &fast, NULL));
    g_assert_true (lr_noise_theory_floor (bowl, &fast, NULL, &cfg) > 0);
  }
  g_assert_true (isnan (lr_noise_theory_floor (rosen, &sgd, NULL, &cfg)));
  g_assert_true (isnan (lr_noise_theory_floor (saddle, &sgd, NULL, &cfg)));
  /* a quadratic formula: its minimum found by one Newton step */
  {
    double fstar = 0, two[2] = { 2, 2 };
    g_autoptr(LrSurface) shifted = lr_surface_new ("expr:(x - 1)^2 + (y + 2)^2 + 7", NULL);
    g_autoptr(LrSurface) quartic = lr_surface_new ("expr:x^4 + y^2", NULL);

    g_assert_cmpfloat_with_epsilon (lr_noise_theory_floor (expr, &sgd, NULL, &cfg),
                                    lr_noise_floor_sgd (&cfg, 0.1, two), 1e-12);
    g_assert_true (lr_noise_reference_minimum (shifted, &fstar));
    g_assert_cmpfloat_with_epsilon (fstar, 7, 1e-12);
    g_assert_false (lr_noise_reference_minimum (quartic, &fstar));
    g_assert_true (isnan (lr_noise_theory_floor (quartic, &sgd, NULL, &cfg)));
  }
}

/* A noisy run settles: its summary has the floor and the steps to it; the
 * same run without noise converges and has neither. */
static void
test_noisy_summary (void)
{
  LrNoiseConfig cfg = { 1, 4, 3 };
  LrOptimizerConfig sgd;
  g_autoptr(LrSurface) bowl = lr_surface_new ("bowl", NULL);
  g_autoptr(LrTrajectory) noisy = NULL;
  g_autoptr(LrTrajectory) plain = NULL;
  g_autoptr(LrTrajectory) again = NULL;
  LrSummary s;

  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.1", &sgd, NULL));
  noisy = lr_trajectory_compute_noisy (bowl, &sgd, NULL, &cfg, -4, 3, 2000, NULL);
  again = lr_trajectory_compute_noisy (bowl, &sgd, NULL, &cfg, -4, 3, 2000, NULL);
  plain = lr_trajectory_compute (bowl, &sgd, NULL, -4, 3, 2000, NULL);
  g_assert_true (noisy->noisy);
  g_assert_false (plain->noisy);
  g_assert_true (memcmp (noisy->points, again->points, sizeof (LrTrajPoint) * noisy->n_points) == 0);
  /* the rows keep the exact gradient at each point */
  g_assert_cmpfloat (noisy->points[10].gx, ==, noisy->points[10].x);
  g_assert_cmpfloat (noisy->points[10].gy, ==, 10 * noisy->points[10].y);

  lr_trajectory_summarize (noisy, bowl, NULL, G_MAXUINT, &s);
  g_assert_cmpint (s.verdict, ==, LR_VERDICT_SETTLED);
  g_assert_cmpstr (lr_verdict_to_string (s.verdict), ==, "settled");
  g_assert_cmpfloat (fabs (s.noise_floor / lr_noise_theory_floor (bowl, &sgd, NULL, &cfg) - 1), <, 0.25);
  g_assert_cmpint (s.steps_to_floor, >, 0);
  g_assert_cmpint (s.steps_to_floor, <, 100);

  /* too early to tell: not settled after a few steps */
  lr_trajectory_summarize (noisy, bowl, NULL, 8, &s);
  g_assert_cmpint (s.verdict, !=, LR_VERDICT_SETTLED);

  lr_trajectory_summarize (plain, bowl, NULL, G_MAXUINT, &s);
  g_assert_cmpint (s.verdict, ==, LR_VERDICT_CONVERGED);
  g_assert_true (isnan (s.noise_floor));
  g_assert_cmpint (s.steps_to_floor, ==, -1);
}

/* The table in words from the two numbers, and the claims on floors. */
static void
test_rate_words (void)
{
  LrSummary s[4] = { 0 };
  double lrs[4] = { 0.4, 0.1, 0.025, 0.5 };
  LrRateWords w[4];
  g_autofree char *text = NULL;
  LrExpectation below = { LR_EXPECT_FLOOR_BELOW, 2, 1, NULL, { 0, 0 } };
  LrExpectation before = { LR_EXPECT_SETTLES_BEFORE, 1, 2, NULL, { 0, 0 } };

  for (guint i = 0; i < 4; i++)
    s[i].verdict = LR_VERDICT_SETTLED;
  s[0].noise_floor = 0.6;   s[0].steps_to_floor = 3;
  s[1].noise_floor = 0.06;  s[1].steps_to_floor = 15;
  s[2].noise_floor = 0.014; s[2].steps_to_floor = 97;
  s[3].verdict = LR_VERDICT_DIVERGED;
  s[3].noise_floor = NAN;
  s[3].steps_to_floor = -1;

  g_assert_true (lr_rate_words_rank (s, lrs, 4, w));
  g_assert_cmpint (w[0].speed, ==, LR_RATE_SPEED_FAST);
  g_assert_cmpint (w[0].quality, ==, LR_RATE_QUALITY_POOR);
  g_assert_cmpint (w[1].speed, ==, LR_RATE_SPEED_MODERATE);
  g_assert_cmpint (w[1].quality, ==, LR_RATE_QUALITY_GOOD);
  g_assert_cmpint (w[2].speed, ==, LR_RATE_SPEED_SLOW);
  g_assert_cmpint (w[2].quality, ==, LR_RATE_QUALITY_EXCELLENT);
  g_assert_cmpint (w[2].level, ==, LR_RATE_LOW);
  g_assert_cmpint (w[3].level, ==, LR_RATE_HIGH);
  g_assert_cmpint (w[3].speed, ==, LR_RATE_SPEED_NONE);
  g_assert_true (lr_rate_words_contrast (&w[0]));
  g_assert_false (lr_rate_words_contrast (&w[1]));
  g_assert_true (lr_rate_words_contrast (&w[2]));
  g_assert_true (lr_rate_words_classic_order (s, lrs, 4));
  text = lr_rate_words_describe (s, lrs, 4);
  g_assert_nonnull (strstr (text, "high rate 0.5: never settles: it diverged"));
  g_assert_nonnull (strstr (text, "medium rate 0.4: fast (at its floor from step 3) but poor (floor 0.6)"));
  g_assert_nonnull (strstr (text, "as in the classic table"));

  g_assert_true (lr_expectation_holds (&below, s, 4, NULL));
  g_assert_true (lr_expectation_holds (&before, s, 4, NULL));

  /* a lower rate that settles sooner breaks the classic order */
  s[2].steps_to_floor = 2;
  g_assert_false (lr_rate_words_classic_order (s, lrs, 4));
  g_assert_false (lr_expectation_holds (&before, s, 4, NULL));
  g_clear_pointer (&text, g_free);
  text = lr_rate_words_describe (s, lrs, 4);
  g_assert_nonnull (strstr (text, "not the classic order"));

  /* one run at a floor is no table */
  g_assert_false (lr_rate_words_rank (s, lrs, 1, w));
  g_assert_null (lr_rate_words_describe (s, lrs, 1));
  /* a floor claim needs both runs settled */
  s[1].verdict = LR_VERDICT_SLOW;
  g_assert_false (lr_expectation_holds (&below, s, 4, NULL));
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
  g_test_add_func ("/noise/theory-floor", test_theory_floor);
  g_test_add_func ("/noise/noisy-summary", test_noisy_summary);
  g_test_add_func ("/noise/rate-words", test_rate_words);
  return g_test_run ();
}
