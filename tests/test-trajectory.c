/* test-trajectory.c: runs, summaries, critical learning rates, golden runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lr-trajectory.h"

static LrTrajectory *
run (const char *surface_spec,
     const char *optimizer_spec,
     const char *schedule,
     double      x0,
     double      y0,
     guint       steps,
     LrSummary  *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) surface = lr_surface_new (surface_spec, &error);
  LrOptimizerConfig config;
  LrTrajectory *traj;

  g_assert_no_error (error);
  g_assert_true (lr_optimizer_config_parse (optimizer_spec, &config, &error));
  g_assert_no_error (error);
  traj = lr_trajectory_compute (surface, &config, schedule, x0, y0, steps, &error);
  g_assert_no_error (error);
  g_assert_nonnull (traj);
  if (summary != NULL)
    lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, summary);
  return traj;
}

static void
test_rows (void)
{
  g_autoptr(LrTrajectory) traj = NULL;
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl:kappa=4", NULL);
  double g[2];
  double f;

  /* GD on 0.5(x² + 4y²): x ← x(1 − lr), y ← y(1 − 4lr). */
  traj = run ("bowl:kappa=4", "sgd:lr=0.1", NULL, 2, 1, 5, NULL);
  g_assert_cmpuint (traj->n_points, ==, 6);
  g_assert_false (traj->diverged);
  g_assert_cmpfloat (traj->points[0].x, ==, 2);
  g_assert_cmpfloat (traj->points[0].lr, ==, 0.1);
  g_assert_cmpfloat_with_epsilon (traj->points[1].x, 1.8, 1e-15);
  g_assert_cmpfloat_with_epsilon (traj->points[1].y, 0.6, 1e-15);
  g_assert_cmpfloat_with_epsilon (traj->points[5].x, 2 * pow (0.9, 5), 1e-14);
  g_assert_cmpfloat_with_epsilon (traj->points[5].y, pow (0.6, 5), 1e-14);

  f = lr_surface_eval (surface, traj->points[3].x, traj->points[3].y, g, NULL);
  g_assert_cmpfloat (traj->points[3].loss, ==, f);
  g_assert_cmpfloat (traj->points[3].gx, ==, g[0]);
  g_assert_cmpfloat (traj->points[3].gy, ==, g[1]);
}

static void
test_schedule_lr_column (void)
{
  g_autoptr(LrTrajectory) traj = run ("bowl", "sgd:lr=0.1", "step:step_size=2,gamma=0.5", -1, 1, 6, NULL);

  /* Row k holds the rate used for update k; row 0 the first update's. */
  g_assert_cmpfloat (traj->points[0].lr, ==, 0.1);
  g_assert_cmpfloat (traj->points[1].lr, ==, 0.1);
  g_assert_cmpfloat (traj->points[2].lr, ==, 0.1);
  g_assert_cmpfloat (traj->points[3].lr, ==, 0.05);
  g_assert_cmpfloat (traj->points[4].lr, ==, 0.05);
  g_assert_cmpfloat (traj->points[5].lr, ==, 0.025);
}

static void
test_divergence_stop (void)
{
  g_autoptr(LrTrajectory) traj = run ("bowl", "sgd:lr=5", NULL, 1, 1, 1000, NULL);
  LrSummary summary;
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl", NULL);

  g_assert_true (traj->diverged);
  g_assert_cmpuint (traj->diverged_step, >, 0);
  g_assert_cmpuint (traj->n_points, ==, traj->diverged_step + 1);
  g_assert_cmpuint (traj->n_points, <, 100);
  lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &summary);
  g_assert_cmpint (summary.verdict, ==, LR_VERDICT_DIVERGED);
  g_assert_cmpint (summary.steps_to_converge, ==, -1);

  /* The summary of the start alone does not say diverged yet. */
  lr_trajectory_summarize (traj, surface, NULL, 1, &summary);
  g_assert_cmpint (summary.verdict, !=, LR_VERDICT_DIVERGED);
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl", NULL);
  LrOptimizerConfig config;
  LrTrajectory *traj;

  lr_optimizer_config_init (&config, "sgd");
  traj = lr_trajectory_compute (surface, &config, NULL, 0, 0, LR_MAX_STEPS + 1, &error);
  g_assert_null (traj);
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  g_clear_error (&error);

  traj = lr_trajectory_compute (surface, &config, NULL, NAN, 0, 10, &error);
  g_assert_null (traj);
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  g_clear_error (&error);

  traj = lr_trajectory_compute (surface, &config, "cosine:T_max=-1", 0, 0, 10, &error);
  g_assert_null (traj);
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);

  /* A non-finite start value (log of a negative number) stops at row 0. */
  {
    g_autoptr(LrSurface) logs = lr_surface_new ("expr:log(x)", NULL);

    traj = lr_trajectory_compute (logs, &config, NULL, -1, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_true (traj->diverged);
    g_assert_cmpuint (traj->diverged_step, ==, 0);
    g_assert_cmpuint (traj->n_points, ==, 1);
    lr_trajectory_free (traj);
  }
}

static void
test_verdicts (void)
{
  LrSummary s;
  LrTrajectory *t;

  t = run ("bowl:kappa=10", "sgd:lr=0.1", NULL, -4, 3, 300, &s);
  g_assert_cmpint (s.verdict, ==, LR_VERDICT_CONVERGED);
  g_assert_cmpint (s.steps_to_converge, >, 0);
  g_assert_cmpint (s.steps_to_converge, <, 300);
  g_assert_cmpfloat (s.final_loss_gap, <, 1e-6);
  g_assert_cmpfloat (s.final_distance, <, 1e-2);
  /* From steps_to_converge on, every point is within tolerance. */
  for (guint k = s.steps_to_converge; k < t->n_points; k++)
    g_assert_cmpfloat (t->points[k].loss, <, 1e-6);
  g_assert_cmpfloat (t->points[s.steps_to_converge - 1].loss, >=, 1e-6);
  lr_trajectory_free (t);

  t = run ("bowl:kappa=10", "sgd:lr=0.001", NULL, -4, 3, 100, &s);
  g_assert_cmpint (s.verdict, ==, LR_VERDICT_SLOW);
  lr_trajectory_free (t);

  t = run ("bowl:kappa=10", "sgd:lr=0.199", NULL, -4, 3, 60, &s);
  g_assert_cmpint (s.verdict, ==, LR_VERDICT_OSCILLATING);
  lr_trajectory_free (t);

  t = run ("bowl:kappa=10", "sgd:lr=0.21", NULL, -4, 3, 100, &s);
  g_assert_cmpint (s.verdict, ==, LR_VERDICT_DIVERGED);
  lr_trajectory_free (t);

  g_assert_cmpstr (lr_verdict_to_string (LR_VERDICT_CONVERGED), ==, "converged");
  g_assert_cmpstr (lr_verdict_to_string (LR_VERDICT_SLOW), ==, "slow");
  g_assert_cmpstr (lr_verdict_to_string (LR_VERDICT_OSCILLATING), ==, "oscillating");
  g_assert_cmpstr (lr_verdict_to_string (LR_VERDICT_DIVERGED), ==, "diverged");
}

static void
test_eigenvalues (void)
{
  g_autoptr(LrSurface) bowl = lr_surface_new ("bowl:kappa=10,theta=30", NULL);
  g_autoptr(LrSurface) rosen = lr_surface_new ("rosenbrock", NULL);
  double eig[2];

  lr_hessian_eigenvalues (bowl, 0.3, -0.7, eig);
  g_assert_cmpfloat_with_epsilon (eig[0], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (eig[1], 10, 1e-12);

  /* Rosenbrock at (1, 1): [[802, -400], [-400, 200]]. */
  lr_hessian_eigenvalues (rosen, 1, 1, eig);
  g_assert_cmpfloat_with_epsilon (eig[0] + eig[1], 1002, 1e-9);
  g_assert_cmpfloat_with_epsilon (eig[0] * eig[1], 802 * 200 - 400 * 400, 1e-6);
}

/* GD and both momentum forms converge just below the critical rate and
 * diverge just above it. */
static void
check_critical (const char *surface_spec,
                const char *optimizer_name,
                double      expected)
{
  g_autoptr(LrSurface) surface = lr_surface_new (surface_spec, NULL);
  LrOptimizerConfig config;
  double crit;

  g_assert_true (lr_optimizer_config_parse (optimizer_name, &config, NULL));
  crit = lr_critical_lr (surface, &config, -3, 2);
  g_assert_cmpfloat_with_epsilon (crit / expected, 1, 1e-12);

  for (int side = 0; side < 2; side++)
    {
      double factor = side == 0 ? 0.99 : 1.01;
      g_autoptr(GError) error = NULL;
      g_autoptr(LrTrajectory) traj = NULL;
      LrSummary summary;

      g_assert_true (lr_optimizer_config_set (&config, "lr", crit * factor, &error));
      traj = lr_trajectory_compute (surface, &config, NULL, -3, 2, 20000, &error);
      g_assert_no_error (error);
      lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &summary);
      if (side == 0)
        {
          g_assert_false (traj->diverged);
          g_assert_cmpint (summary.verdict, ==, LR_VERDICT_CONVERGED);
        }
      else
        {
          g_assert_true (traj->diverged);
          g_assert_cmpint (summary.verdict, ==, LR_VERDICT_DIVERGED);
        }
    }
}

static void
test_critical_lr (void)
{
  /* λmax = kappa */
  check_critical ("bowl:kappa=10", "sgd", 2.0 / 10);
  check_critical ("bowl:kappa=10,theta=30", "sgd", 2.0 / 10);
  check_critical ("bowl:kappa=25,theta=-20", "momentum", 2.0 * 1.9 / 25);
  check_critical ("bowl:kappa=10", "sgd:momentum=0.5", 2.0 * 1.5 / 10);
  check_critical ("bowl:kappa=10", "sgd:momentum=0.5,dampening=0.5", 2.0 * 1.5 / (0.5 * 10));
  check_critical ("bowl:kappa=10", "nesterov", 2.0 * 1.9 / (2.8 * 10));
  check_critical ("bowl:kappa=40", "sgd:momentum=0.3,nesterov=true", 2.0 * 1.3 / (1.6 * 40));
  check_critical ("bowl:kappa=10", "sgd:weight_decay=0.5", 2.0 / 10.5);
}

static void
test_critical_lr_adaptive (void)
{
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl", NULL);
  g_autoptr(LrSurface) saddle = lr_surface_new ("saddle", NULL);
  LrOptimizerConfig config;

  lr_optimizer_config_init (&config, "adam");
  g_assert_true (isnan (lr_critical_lr (surface, &config, 1, 1)));
  lr_optimizer_config_init (&config, "sgd");
  /* The saddle has no minimum; at (1, 0) λmax = 2. */
  g_assert_cmpfloat_with_epsilon (lr_critical_lr (saddle, &config, 1, 0), 1.0, 1e-12);
  /* Rosenbrock: near (1, 1) */
  {
    g_autoptr(LrSurface) rosen = lr_surface_new ("rosenbrock", NULL);
    double eig[2];

    lr_hessian_eigenvalues (rosen, 1, 1, eig);
    g_assert_cmpfloat_with_epsilon (lr_critical_lr (rosen, &config, -1.5, 2), 2 / eig[1], 1e-15);
  }
}

/* Every optimizer × learning rates 1e-8 … 1e8 × every surface: no crash,
 * every point finite or the run flagged as diverged. */
static void
test_divergence_matrix (void)
{
  const LrKindInfo *surfaces, *optimizers;
  guint n_surfaces, n_optimizers;
  guint runs = 0;

  surfaces = lr_surface_kinds (&n_surfaces);
  optimizers = lr_optimizer_kinds (&n_optimizers);

  for (guint s = 0; s < n_surfaces; s++)
    {
      g_autoptr(LrSurface) surface = NULL;
      double x0, y0;

      if (g_str_equal (surfaces[s].name, "expr"))
        surface = lr_surface_new ("expr:sin(x)*exp(y) + x^4/(1+y^2) - sqrt(abs(x*y))", NULL);
      else
        surface = lr_surface_new (surfaces[s].name, NULL);
      g_assert_nonnull (surface);
      lr_surface_get_start (surface, &x0, &y0);

      for (guint o = 0; o < n_optimizers; o++)
        for (int e = -8; e <= 8; e++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(LrTrajectory) traj = NULL;
            LrOptimizerConfig config;
            LrSummary summary;

            g_assert_true (lr_optimizer_config_init (&config, optimizers[o].name));
            g_assert_true (lr_optimizer_config_set (&config, "lr", pow (10, e), &error));
            g_assert_no_error (error);
            traj = lr_trajectory_compute (surface, &config, NULL, x0, y0, 150, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (traj->n_points, >=, 1);
            g_assert_cmpuint (traj->n_points, <=, 151);

            for (guint k = 0; k < traj->n_points; k++)
              {
                const LrTrajPoint *p = &traj->points[k];
                gboolean finite = isfinite (p->x) && isfinite (p->y) && isfinite (p->loss) &&
                                  isfinite (p->gx) && isfinite (p->gy);

                if (!finite || fabs (p->x) > LR_DIVERGENCE_BOUND || fabs (p->y) > LR_DIVERGENCE_BOUND)
                  {
                    g_assert_true (traj->diverged);
                    g_assert_cmpuint (k, ==, traj->diverged_step);
                    g_assert_cmpuint (k + 1, ==, traj->n_points);
                  }
              }
            if (!traj->diverged)
              g_assert_cmpuint (traj->n_points, ==, 151);

            lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &summary);
            if (traj->diverged && lr_surface_get_escape_level (surface, NULL))
              g_assert_true (summary.verdict == LR_VERDICT_DIVERGED ||
                             (summary.verdict == LR_VERDICT_ESCAPED && summary.steps_to_escape >= 0 &&
                              (guint) summary.steps_to_escape < traj->diverged_step));
            else if (traj->diverged)
              g_assert_cmpint (summary.verdict, ==, LR_VERDICT_DIVERGED);
            runs++;
          }
    }
  g_test_message ("%u runs", runs);
}

/* ---- golden trajectories from PyTorch ---------------------------------- */

static gboolean
close_enough (double a,
              double b)
{
  if (a == b)
    return TRUE;
  return fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b)) + 1e-300;
}

static void
check_golden_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) args = NULL;
  const char *surface_spec = NULL, *optimizer_spec = NULL, *schedule = NULL;
  double x0 = 0, y0 = 0;
  guint steps = 0, rows = 0;
  g_autoptr(LrTrajectory) traj = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "# "));
  g_assert_true (g_shell_parse_argv (lines[0] + 2, NULL, &args, &error));
  g_assert_no_error (error);

  for (guint i = 0; args[i] != NULL && args[i + 1] != NULL; i += 2)
    {
      if (g_str_equal (args[i], "--surface"))
        surface_spec = args[i + 1];
      else if (g_str_equal (args[i], "--optimizer"))
        optimizer_spec = args[i + 1];
      else if (g_str_equal (args[i], "--schedule"))
        schedule = args[i + 1];
      else if (g_str_equal (args[i], "--start"))
        g_assert_cmpint (sscanf (args[i + 1], "%lf,%lf", &x0, &y0), ==, 2);
      else if (g_str_equal (args[i], "--steps"))
        steps = (guint) g_ascii_strtoull (args[i + 1], NULL, 10);
    }
  g_assert_nonnull (surface_spec);
  g_assert_nonnull (optimizer_spec);

  traj = run (surface_spec, optimizer_spec, schedule, x0, y0, steps, NULL);
  g_assert_cmpstr (lines[1], ==, "step,lr,x,y,loss,grad_x,grad_y");

  for (guint i = 2; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], ",", -1);
      guint k;
      const LrTrajPoint *p;
      double expected[6];
      double got[6];

      g_assert_cmpuint (g_strv_length (cols), ==, 7);
      k = (guint) g_ascii_strtoull (cols[0], NULL, 10);
      g_assert_cmpuint (k, ==, rows);
      g_assert_cmpuint (k, <, traj->n_points);
      p = &traj->points[k];
      for (guint c = 0; c < 6; c++)
        expected[c] = g_ascii_strtod (cols[c + 1], NULL);
      got[0] = p->lr;
      got[1] = p->x;
      got[2] = p->y;
      got[3] = p->loss;
      got[4] = p->gx;
      got[5] = p->gy;
      for (guint c = 0; c < 6; c++)
        if (!close_enough (got[c], expected[c]))
          g_error ("%s: row %u column %u: %.17g, PyTorch %.17g", path, k, c + 1, got[c], expected[c]);
      rows++;
    }
  g_assert_cmpuint (rows, ==, traj->n_points);
}

static void
test_golden (void)
{
  const char *dir_path = g_test_get_filename (G_TEST_DIST, "golden", "trajectories", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".csv"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      check_golden_file (path);
      n++;
    }
  g_assert_cmpuint (n, >=, 10);
  g_test_message ("%u golden trajectories", n);
}

/* On a surface unbounded below there is no loss gap; a run escapes the
 * saddle or stays stuck near it. */
static void
test_saddle_verdicts (void)
{
  g_autoptr(LrSurface) saddle = lr_surface_new ("saddle", NULL);
  g_autoptr(LrSurface) bowl = lr_surface_new ("bowl", NULL);
  struct { const char *optimizer; guint steps; LrVerdict verdict; int escape; } cases[] = {
    /* y grows by 1 + 2·lr per step from 0.001: |y| > 1 after ln(1000)/ln(1.04) = 176 steps */
    { "sgd:lr=0.02", 80, LR_VERDICT_STUCK, -1 },
    { "sgd:lr=0.02", 200, LR_VERDICT_ESCAPED, 177 },
  };
  double level = 0;

  g_assert_true (lr_surface_get_escape_level (saddle, &level));
  g_assert_cmpfloat (level, ==, -1.0);
  g_assert_false (lr_surface_get_escape_level (bowl, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrOptimizerConfig config;
      g_autoptr(LrTrajectory) traj = NULL;
      LrSummary summary;

      g_assert_true (lr_optimizer_config_parse (cases[i].optimizer, &config, NULL));
      traj = lr_trajectory_compute (saddle, &config, NULL, -2, 0.001, cases[i].steps, NULL);
      lr_trajectory_summarize (traj, saddle, NULL, G_MAXUINT, &summary);
      g_assert_cmpint (summary.verdict, ==, cases[i].verdict);
      g_assert_cmpint (summary.steps_to_escape, ==, cases[i].escape);
      g_assert_true (isnan (summary.final_loss_gap));
      g_assert_cmpfloat (summary.final_loss, ==, traj->points[traj->n_points - 1].loss);
      if (cases[i].escape >= 0)
        {
          g_assert_cmpfloat (traj->points[cases[i].escape].loss, <, -1.0);
          g_assert_cmpfloat (traj->points[cases[i].escape - 1].loss, >=, -1.0);
        }
    }
}

/* A copy owns its rows (and Schedule-Free's sequences): equal, and apart. */
static void
test_copy (void)
{
  const char *optimizers[] = { "sgd:lr=0.5", "sgd_schedulefree:lr=0.5" };

  for (guint i = 0; i < G_N_ELEMENTS (optimizers); i++)
    {
      g_autoptr(LrTrajectory) original = run ("bowl:kappa=4", optimizers[i], NULL, 1, 1, 200, NULL);
      g_autoptr(LrTrajectory) copy = lr_trajectory_copy (original);

      g_assert_cmpuint (copy->n_points, ==, original->n_points);
      g_assert_cmpuint (copy->n_steps, ==, original->n_steps);
      g_assert_cmpint (copy->diverged, ==, original->diverged);
      g_assert_cmpuint (copy->diverged_step, ==, original->diverged_step);
      g_assert_true (copy->points != original->points);
      g_assert_cmpmem (copy->points, copy->n_points * sizeof *copy->points,
                       original->points, original->n_points * sizeof *original->points);
      g_assert_cmpint (copy->averaged != NULL, ==, original->averaged != NULL);
      g_assert_cmpint (copy->averaged != NULL, ==, i == 1);
      if (copy->averaged != NULL)
        {
          g_assert_true (copy->averaged != original->averaged);
          g_assert_cmpmem (copy->averaged, copy->n_points * sizeof *copy->averaged,
                           original->averaged, original->n_points * sizeof *original->averaged);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trajectory/saddle-verdicts", test_saddle_verdicts);
  g_test_add_func ("/trajectory/rows", test_rows);
  g_test_add_func ("/trajectory/copy", test_copy);
  g_test_add_func ("/trajectory/schedule-lr-column", test_schedule_lr_column);
  g_test_add_func ("/trajectory/divergence-stop", test_divergence_stop);
  g_test_add_func ("/trajectory/limits", test_limits);
  g_test_add_func ("/trajectory/verdicts", test_verdicts);
  g_test_add_func ("/trajectory/eigenvalues", test_eigenvalues);
  g_test_add_func ("/trajectory/critical-lr", test_critical_lr);
  g_test_add_func ("/trajectory/critical-lr-adaptive", test_critical_lr_adaptive);
  g_test_add_func ("/trajectory/divergence-matrix", test_divergence_matrix);
  g_test_add_func ("/trajectory/golden", test_golden);

  return g_test_run ();
}
