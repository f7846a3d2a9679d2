/* bench-core.c: optimizer steps per second, and formulas against built-ins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "lr-expr.h"
#include "lr-trajectory.h"

#define STEPS 200000

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Best of three, to keep scheduler noise out. */
static double
time_run (const LrSurface         *surface,
          const LrOptimizerConfig *config,
          guint                    steps)
{
  double best = G_MAXDOUBLE;

  for (int rep = 0; rep < 3; rep++)
    {
      g_autoptr(LrTrajectory) traj = NULL;
      double t0 = now ();

      traj = lr_trajectory_compute (surface, config, NULL, -1.5, 2, steps, NULL);
      best = MIN (best, now () - t0);
      g_assert (traj != NULL);
    }
  return best;
}

static double
time_values (const LrSurface *surface,
             int              n)
{
  double best = G_MAXDOUBLE;
  volatile double sink = 0;

  for (int rep = 0; rep < 3; rep++)
    {
      double t0 = now ();
      double acc = 0;

      for (int i = 0; i < n; i++)
        {
          double x = -2 + 4.0 * (i % 1000) / 1000.0;
          double y = -1 + 4.0 * (i / 1000) / (n / 1000.0);
          acc += lr_surface_value (surface, x, y);
        }
      sink = acc;
      best = MIN (best, now () - t0);
    }
  (void) sink;
  return best;
}

static double
time_evals (const LrSurface *surface,
            int              n)
{
  double best = G_MAXDOUBLE;
  volatile double sink = 0;

  for (int rep = 0; rep < 3; rep++)
    {
      double t0 = now ();
      double acc = 0;

      for (int i = 0; i < n; i++)
        {
          double g[2], h[3];
          double x = -2 + 4.0 * (i % 1000) / 1000.0;
          double y = -1 + 4.0 * (i / 1000) / (n / 1000.0);
          acc += lr_surface_eval (surface, x, y, g, h) + g[0] + h[2];
        }
      sink = acc;
      best = MIN (best, now () - t0);
    }
  (void) sink;
  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LrSurface) rosen = lr_surface_new ("rosenbrock", NULL);
  g_autoptr(LrSurface) rosen_expr = lr_surface_new ("expr:(1 - x)^2 + 100*(y - x^2)^2", NULL);
  const LrKindInfo *kinds;
  guint n_kinds;
  LrOptimizerConfig sgd;
  double base;

  lr_optimizer_config_init (&sgd, "sgd");
  sgd.lr = 1e-4;

  printf ("# Optimizer steps per second on rosenbrock (%d steps, trajectory included)\n", STEPS);
  printf ("%-10s %14s %10s\n", "optimizer", "steps/s", "vs sgd");
  base = time_run (rosen, &sgd, STEPS);
  kinds = lr_optimizer_kinds (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    {
      LrOptimizerConfig config;
      double t;

      lr_optimizer_config_init (&config, kinds[i].name);
      config.lr = 1e-4;
      t = time_run (rosen, &config, STEPS);
      printf ("%-10s %14.0f %9.2fx\n", kinds[i].name, STEPS / t, base / t);
    }

  printf ("\n# Formula cost against the built-in surface (rosenbrock)\n");
  {
    int n = 2000000;
    double tv_b = time_values (rosen, n);
    double tv_e = time_values (rosen_expr, n);
    double te_b = time_evals (rosen, n / 4);
    double te_e = time_evals (rosen_expr, n / 4);

    printf ("value only:         built-in %6.1f ns, expr %6.1f ns, ratio %.2f\n",
            1e9 * tv_b / n, 1e9 * tv_e / n, tv_e / tv_b);
    printf ("value+grad+Hessian: built-in %6.1f ns, expr %6.1f ns, ratio %.2f\n",
            4e9 * te_b / n, 4e9 * te_e / n, te_e / te_b);
  }

  return 0;
}
