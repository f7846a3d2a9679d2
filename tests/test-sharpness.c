/* test-sharpness.c: the top Hessian eigenvalue along runs, its stability
 * limit, and the catapult scene's numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-experiment.h"
#include "lr-sharpness.h"
#include "lr-trajectory.h"

static LrOptimizerConfig
parse (const char *spec)
{
  LrOptimizerConfig config;
  g_autoptr(GError) error = NULL;

  g_assert_true (lr_optimizer_config_parse (spec, &config, &error));
  g_assert_no_error (error);
  return config;
}

static void
test_factor (void)
{
  LrOptimizerConfig sgd = parse ("sgd:lr=0.1");
  LrOptimizerConfig heavy = parse ("sgd:lr=0.1,momentum=0.9");
  LrOptimizerConfig damped = parse ("sgd:lr=0.1,momentum=0.9,dampening=0.5");
  LrOptimizerConfig nesterov = parse ("sgd:lr=0.1,momentum=0.9,nesterov=true");
  LrOptimizerConfig decayed = parse ("sgd:lr=0.1,weight_decay=0.5");
  LrOptimizerConfig adam = parse ("adam:lr=0.1");

  g_assert_cmpfloat (lr_stability_factor (&sgd), ==, 2.0);
  g_assert_cmpfloat_with_epsilon (lr_stability_factor (&heavy), 3.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_stability_factor (&damped), 7.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_stability_factor (&nesterov), 3.8 / 2.8, 1e-12);
  g_assert_true (isnan (lr_stability_factor (&adam)));

  /* the limit is 2/lr for plain SGD, less the weight decay's curvature */
  g_assert_cmpfloat_with_epsilon (lr_sharpness_limit (&sgd, 0.1), 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_sharpness_limit (&decayed, 0.1), 19.5, 1e-12);
  g_assert_true (isnan (lr_sharpness_limit (&sgd, 0)));
  g_assert_true (isnan (lr_sharpness_limit (&adam, 0.1)));
}

/* On a quadratic the limit is where the critical rate sits: a rate equal to
 * the critical one has limit λmax, for every SGD form. */
static void
test_limit_matches_critical_rate (void)
{
  const char *specs[] = { "sgd:lr=0.01", "sgd:lr=0.01,momentum=0.9",
                          "sgd:lr=0.01,momentum=0.5,nesterov=true",
                          "sgd:lr=0.01,momentum=0.8,dampening=0.3" };
  g_autoptr(GError) error = NULL;
  LrSurface *surface = lr_surface_new ("bowl:kappa=10,theta=30", &error);
  double eig[2];

  g_assert_no_error (error);
  lr_hessian_eigenvalues (surface, 0, 0, eig);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      LrOptimizerConfig config = parse (specs[i]);
      double critical = lr_critical_lr (surface, &config, 1, 1);

      g_assert_cmpfloat_with_epsilon (lr_sharpness_limit (&config, critical), eig[1], 1e-9 * eig[1]);
    }
  lr_surface_free (surface);
}

/* λmax along a run: constant on a quadratic; x² + y² on the catapult's valley xy = 1,
 * and the closed form of the 2×2 Hessian [[y², 2xy − 1], [2xy − 1, x²]] elsewhere. */
static void
test_along_runs (void)
{
  g_autoptr(GError) error = NULL;
  LrSurface *bowl = lr_surface_new ("bowl:kappa=10,theta=30", &error);
  LrSurface *catapult = lr_surface_new ("catapult", &error);
  LrOptimizerConfig sgd = parse ("sgd:lr=0.05");
  LrOptimizerConfig fast = parse ("sgd:lr=0.3");
  g_autoptr(LrTrajectory) t1 = lr_trajectory_compute (bowl, &sgd, NULL, -4, 3, 50, &error);
  g_autoptr(LrTrajectory) t2 = lr_trajectory_compute (catapult, &fast, NULL, 0.25, 3, 40, &error);
  g_autofree double *s1 = lr_trajectory_sharpness (bowl, t1);
  g_autofree double *s2 = lr_trajectory_sharpness (catapult, t2);
  double eig[2];

  g_assert_no_error (error);
  lr_hessian_eigenvalues (bowl, 0, 0, eig);
  for (guint i = 0; i < t1->n_points; i++)
    g_assert_cmpfloat_with_epsilon (s1[i], eig[1], 1e-9 * eig[1]);
  for (guint i = 0; i < t2->n_points; i++)
    {
      double x = t2->points[i].x, y = t2->points[i].y;
      double a = y * y, b = 2 * x * y - 1, c = x * x;
      double expected = 0.5 * (a + c) + sqrt (0.25 * (a - c) * (a - c) + b * b);

      g_assert_cmpfloat_with_epsilon (s2[i], expected, 1e-9 * fabs (expected) + 1e-12);
    }
  /* converged onto the valley: λmax = x² + y² there */
  {
    const LrTrajPoint *last = &t2->points[t2->n_points - 1];

    g_assert_cmpfloat_with_epsilon (s2[t2->n_points - 1], last->x * last->x + last->y * last->y, 1e-6);
  }
  lr_surface_free (bowl);
  lr_surface_free (catapult);
}

static double
round_to (double v,
          int    digits)
{
  double scale = pow (10, digits - 1 - floor (log10 (fabs (v))));

  return round (v * scale) / scale;
}

/* What the catapult scene says in words is what its runs do. */
static void
test_catapult_scene (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = lr_experiment_load_scene ("catapult", &error);
  LrSurface *surface;
  LrTrajectory *runs[3];
  LrSummary summary[3];
  double eig[2], lambda0, peak = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (e->plot, ==, "sharpness");
  g_assert_cmpuint (e->runs->len, ==, 3);
  surface = lr_surface_new (e->surface, &error);
  g_assert_no_error (error);
  lr_hessian_eigenvalues (surface, e->start[0], e->start[1], eig);
  lambda0 = eig[1];
  /* "the sharpness λmax is 9.0, … stable below 2/9.0 = 0.22 … above 4/9.0 = 0.44" */
  g_assert_cmpfloat (round_to (lambda0, 2), ==, 9.0);
  g_assert_cmpfloat (round_to (2 / lambda0, 2), ==, 0.22);
  g_assert_cmpfloat (round_to (4 / lambda0, 2), ==, 0.44);

  for (guint i = 0; i < 3; i++)
    {
      const LrExperimentRun *run = g_ptr_array_index (e->runs, i);
      LrOptimizerConfig config = parse (run->optimizer);

      runs[i] = lr_trajectory_compute (surface, &config, run->schedule, e->start[0], e->start[1],
                                       e->steps, &error);
      g_assert_no_error (error);
      lr_trajectory_summarize (runs[i], surface, NULL, G_MAXUINT, &summary[i]);
    }
  /* 0.15 < 2/λ0 < 0.3 < 4/λ0 < 0.5 */
  g_assert_cmpfloat (runs[0]->points[0].lr, <, 2 / lambda0);
  g_assert_cmpfloat (runs[1]->points[0].lr, >, 2 / lambda0);
  g_assert_cmpfloat (runs[1]->points[0].lr, <, 4 / lambda0);
  g_assert_cmpfloat (runs[2]->points[0].lr, >, 4 / lambda0);

  /* "At 0.15 it settles where it starts, sharpness still 9.1" */
  g_assert_cmpint (summary[0].verdict, ==, LR_VERDICT_CONVERGED);
  g_assert_cmpfloat (round_to (summary[0].final_sharpness, 2), ==, 9.1);
  /* "the loss jumps from 0.03 to 2.1 … converges with sharpness 3.0, below its limit 2/0.3 = 6.7" */
  for (guint i = 0; i < runs[1]->n_points; i++)
    peak = MAX (peak, runs[1]->points[i].loss);
  g_assert_cmpfloat (round_to (runs[1]->points[0].loss, 1), ==, 0.03);
  g_assert_cmpfloat (round_to (peak, 2), ==, 2.1);
  g_assert_cmpint (summary[1].verdict, ==, LR_VERDICT_CONVERGED);
  g_assert_cmpfloat (round_to (summary[1].final_sharpness, 2), ==, 3.0);
  g_assert_cmpfloat (round_to (2 / 0.3, 2), ==, 6.7);
  g_assert_cmpfloat (summary[1].final_sharpness, <, 2 / runs[1]->points[0].lr);
  /* the jump: above its limit at the start, below it at the end */
  g_assert_cmpfloat (lambda0, >, 2 / runs[1]->points[0].lr);
  /* "At 0.5 … it diverges" */
  g_assert_cmpint (summary[2].verdict, ==, LR_VERDICT_DIVERGED);

  for (guint i = 0; i < 3; i++)
    lr_trajectory_free (runs[i]);
  lr_surface_free (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sharpness/factor", test_factor);
  g_test_add_func ("/sharpness/limit-matches-critical-rate", test_limit_matches_critical_rate);
  g_test_add_func ("/sharpness/along-runs", test_along_runs);
  g_test_add_func ("/sharpness/catapult-scene", test_catapult_scene);
  return g_test_run ();
}
