/* lr-trajectory.c: optimizer runs on a surface, and their analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-sharpness.h"
#include "lr-trajectory.h"

/* Fraction of reversals in the recent window that makes a run "oscillating". */
#define OSCILLATION_FRACTION 0.3
/* A run whose loss gap grew by this factor has blown up even if still in range. */
#define BLOWUP_FACTOR 100.0

static gboolean
point_is_sane (const LrTrajPoint *pt)
{
  return isfinite (pt->x) && isfinite (pt->y) && isfinite (pt->loss) &&
         isfinite (pt->gx) && isfinite (pt->gy) &&
         fabs (pt->x) <= LR_DIVERGENCE_BOUND && fabs (pt->y) <= LR_DIVERGENCE_BOUND;
}

LrTrajectory *
lr_trajectory_compute (const LrSurface          *surface,
                       const LrOptimizerConfig  *optimizer,
                       const char               *schedule,
                       double                    x0,
                       double                    y0,
                       guint                     steps,
                       GError                  **error)
{
  return lr_trajectory_compute_noisy (surface, optimizer, schedule, NULL, x0, y0, steps, error);
}

LrTrajectory *
lr_trajectory_compute_noisy (const LrSurface          *surface,
                             const LrOptimizerConfig  *optimizer,
                             const char               *schedule,
                             const LrNoiseConfig      *noise_config,
                             double                    x0,
                             double                    y0,
                             guint                     steps,
                             GError                  **error)
{
  LrNoise noise = { 0 };
  g_autoptr(LrSchedule) sched = NULL;
  g_autoptr(LrOptimizer) opt = NULL;
  LrTrajectory *traj;
  double p[2], g[2];
  double loss;
  gboolean schedule_free;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (optimizer != NULL, NULL);

  if (steps > LR_MAX_STEPS)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "%u steps is too many; the limit is %d", steps, LR_MAX_STEPS);
      return NULL;
    }
  if (!isfinite (x0) || !isfinite (y0) ||
      fabs (x0) > LR_DIVERGENCE_BOUND || fabs (y0) > LR_DIVERGENCE_BOUND)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "the start point must be finite and within ±%g", LR_DIVERGENCE_BOUND);
      return NULL;
    }

  sched = lr_schedule_new (schedule, optimizer->lr,
                           lr_optimizer_config_get_momentum (optimizer), steps, error);
  if (sched == NULL)
    return NULL;
  opt = lr_optimizer_new (optimizer, 2, LR_PRECISION_DOUBLE);
  schedule_free = lr_optimizer_config_is_schedule_free (optimizer);

  traj = g_new0 (LrTrajectory, 1);
  traj->n_steps = steps;
  traj->noisy = noise_config != NULL && noise_config->sigma > 0;
  if (traj->noisy)
    lr_noise_init (&noise, noise_config);
  traj->points = g_new (LrTrajPoint, (gsize) steps + 1);
  if (schedule_free)
    {
      traj->averaged = g_new (LrAveragedPoint, (gsize) steps + 1);
      traj->averaged[0] = (LrAveragedPoint) { x0, y0, x0, y0 };
    }

  p[0] = x0;
  p[1] = y0;
  loss = lr_surface_eval (surface, p[0], p[1], g, NULL);
  traj->points[0] = (LrTrajPoint) { lr_schedule_get_lr (sched), p[0], p[1], loss, g[0], g[1],
                                    lr_schedule_get_lr (sched) };
  traj->n_points = 1;

  if (!point_is_sane (&traj->points[0]))
    {
      traj->diverged = TRUE;
      traj->diverged_step = 0;
      return traj;
    }

  for (guint k = 1; k <= steps; k++)
    {
      double lr = lr_schedule_get_lr (sched);
      double momentum;
      double loss_before = loss;
      LrTrajPoint *pt = &traj->points[k];

      if (lr_schedule_get_momentum (sched, &momentum))
        lr_optimizer_set_momentum (opt, momentum);

      /* The step sees the mini-batch gradient; the row keeps the exact one. */
      if (traj->noisy)
        lr_noise_add (&noise, g);
      lr_optimizer_step (opt, p, g, lr);
      lr_schedule_step (sched);
      lr_schedule_observe (sched, loss_before);
      if (schedule_free)
        {
          const double *z = lr_optimizer_get_base_sequence (opt);

          traj->averaged[k] = (LrAveragedPoint) { p[0], p[1], z[0], z[1] };
        }

      /* Schedule-Free reports the average x and takes the next gradient at y; for every other
       * rule eval and train leave p alone. */
      lr_optimizer_eval (opt, p);
      loss = lr_surface_eval (surface, p[0], p[1], g, NULL);
      *pt = (LrTrajPoint) { lr, p[0], p[1], loss, g[0], g[1], lr_optimizer_get_effective_lr (opt) };
      traj->n_points = k + 1;
      if (k == 1)
        traj->points[0].effective_lr = pt->effective_lr;
      if (schedule_free)
        {
          lr_optimizer_train (opt, p);
          lr_surface_eval (surface, p[0], p[1], g, NULL);
        }

      if (!point_is_sane (pt))
        {
          traj->diverged = TRUE;
          traj->diverged_step = k;
          break;
        }
    }

  if (traj->n_points < steps + 1)
    {
      traj->points = g_renew (LrTrajPoint, traj->points, traj->n_points);
      if (traj->averaged != NULL)
        traj->averaged = g_renew (LrAveragedPoint, traj->averaged, traj->n_points);
    }

  return traj;
}

void
lr_trajectory_free (LrTrajectory *trajectory)
{
  if (trajectory == NULL)
    return;

  g_free (trajectory->points);
  g_free (trajectory->averaged);
  g_free (trajectory);
}

LrTrajectory *
lr_trajectory_copy (const LrTrajectory *trajectory)
{
  LrTrajectory *copy;

  g_return_val_if_fail (trajectory != NULL, NULL);

  copy = g_memdup2 (trajectory, sizeof *trajectory);
  copy->points = g_memdup2 (trajectory->points, trajectory->n_points * sizeof *trajectory->points);
  if (trajectory->averaged != NULL)
    copy->averaged = g_memdup2 (trajectory->averaged, trajectory->n_points * sizeof *trajectory->averaged);
  return copy;
}

const char *
lr_verdict_to_string (LrVerdict verdict)
{
  switch (verdict)
    {
    case LR_VERDICT_CONVERGED:
      return "converged";
    case LR_VERDICT_SLOW:
      return "slow";
    case LR_VERDICT_OSCILLATING:
      return "oscillating";
    case LR_VERDICT_DIVERGED:
      return "diverged";
    case LR_VERDICT_ESCAPED:
      return "escaped";
    case LR_VERDICT_STUCK:
      return "stuck";
    case LR_VERDICT_SETTLED:
      return "settled";
    default:
      return "unknown";
    }
}

static double
nearest_minimum (const LrSurface *surface,
                 double           x,
                 double           y,
                 LrPoint         *best)
{
  const LrPoint *minima = NULL;
  guint n = lr_surface_get_minima (surface, &minima);
  double dbest = NAN;

  for (guint i = 0; i < n; i++)
    {
      double d = hypot (x - minima[i].x, y - minima[i].y);

      if (isnan (dbest) || d < dbest)
        {
          dbest = d;
          if (best != NULL)
            *best = minima[i];
        }
    }

  return dbest;
}

/* The noise floor of the first @n points and the steps to reach it. */
static void
summarize_floor (const LrTrajPoint *pts,
                 guint              n,
                 double             fstar,
                 LrSummary         *summary)
{
  g_autofree double *gap = g_new (double, MAX (n, 1));

  for (guint k = 0; k < n; k++)
    gap[k] = pts[k].loss - fstar;
  lr_noise_measure_floor (gap, n, LR_NOISE_FLOOR_WINDOW (n), &summary->noise_floor,
                          &summary->steps_to_floor);
}

void
lr_trajectory_summarize (const LrTrajectory  *trajectory,
                         const LrSurface     *surface,
                         const LrConvergence *conv,
                         guint                upto,
                         LrSummary           *summary)
{
  static const LrConvergence default_conv = { 1e-6, 1e-6 };
  const LrTrajPoint *pts;
  double fstar = 0, escape_level = 0, floor_fstar = 0;
  gboolean known_min, noisy_floor = FALSE;
  guint n;
  int first = -1;

  g_return_if_fail (trajectory != NULL);
  g_return_if_fail (surface != NULL);
  g_return_if_fail (summary != NULL);

  if (conv == NULL)
    conv = &default_conv;

  pts = trajectory->points;
  n = MIN (upto, trajectory->n_points);
  if (n == 0)
    n = 1;

  known_min = lr_surface_get_min_value (surface, &fstar);

  /* The run has converged from the first step after which it stays within
   * tolerance: near the known minimum value, or at a stationary point. */
  for (int k = (int) n - 1; k >= 0; k--)
    {
      const LrTrajPoint *pt = &pts[k];
      double gnorm = hypot (pt->gx, pt->gy);
      gboolean ok;

      if (!point_is_sane (pt))
        break;
      /* Against the known minimum when there is one (a local minimum is
       * not convergence), else to a stationary point. */
      if (known_min)
        ok = pt->loss - fstar < conv->loss_tol;
      else
        ok = gnorm < conv->grad_tol;
      if (!ok)
        break;
      first = k;
    }

  {
    const LrTrajPoint *last = &pts[n - 1];

    summary->steps_to_converge = first;
    summary->noise_floor = NAN;
    summary->steps_to_floor = -1;
    summary->steps_to_escape = -1;
    summary->final_loss = last->loss;
    summary->final_x = last->x;
    summary->final_y = last->y;
    summary->final_loss_gap = known_min ? last->loss - fstar : NAN;
    summary->final_distance = nearest_minimum (surface, last->x, last->y, NULL);
    summary->final_grad_norm = hypot (last->gx, last->gy);
    if (isfinite (last->x) && isfinite (last->y))
      {
        double eig[2];

        lr_hessian_eigenvalues (surface, last->x, last->y, eig);
        summary->final_sharpness = eig[1];
      }
    else
      summary->final_sharpness = NAN;
  }

  if (lr_surface_get_escape_level (surface, &escape_level))
    {
      /* Running away down an unbounded surface is what it asks for: a run
       * that went below the escape level escaped, even if it then left the
       * sane range; one that blew up before that diverged. */
      guint sane = trajectory->diverged ? MIN (n, trajectory->diverged_step) : n;

      for (guint k = 0; k < sane; k++)
        if (pts[k].loss < escape_level)
          {
            summary->steps_to_escape = (int) k;
            break;
          }
      if (summary->steps_to_escape >= 0)
        summary->verdict = LR_VERDICT_ESCAPED;
      else if (trajectory->diverged && trajectory->diverged_step < n)
        summary->verdict = LR_VERDICT_DIVERGED;
      else
        summary->verdict = LR_VERDICT_STUCK;
      return;
    }
  if (trajectory->diverged && trajectory->diverged_step < n)
    {
      summary->verdict = LR_VERDICT_DIVERGED;
      return;
    }
  /* the floor needs f*: known, or a quadratic formula's */
  if (trajectory->noisy && (known_min || lr_noise_reference_minimum (surface, &floor_fstar)))
    {
      noisy_floor = TRUE;
      summarize_floor (pts, n, known_min ? fstar : floor_fstar, summary);
    }
  if (first >= 0)
    {
      summary->verdict = LR_VERDICT_CONVERGED;
      return;
    }
  /* At its floor from the first third on: the second half is the floor, and
   * the run has been there for most of it (and long enough to tell).  A run still falling reaches
   * twice the mean of its own second half only late in the first half. */
  if (summary->steps_to_floor >= 0 && (guint) summary->steps_to_floor <= n / 3 &&
      n >= 4 * LR_NOISE_FLOOR_WINDOW (n))
    {
      summary->verdict = LR_VERDICT_SETTLED;
      return;
    }

  /* Blown up without leaving the sane range yet. */
  if (known_min && n > 1)
    {
      double gap0 = fabs (pts[0].loss - fstar);
      double gap = fabs (pts[n - 1].loss - fstar);

      if (gap > BLOWUP_FACTOR * MAX (gap0, conv->loss_tol))
        {
          summary->verdict = LR_VERDICT_DIVERGED;
          return;
        }
    }

  /* Noise reverses steps and raises the loss all the time: a noisy run not
   * yet at its floor is still on its way down. */
  if (noisy_floor)
    {
      summary->verdict = LR_VERDICT_SLOW;
      return;
    }

  /* Oscillating: the recent steps keep reversing direction or raising the loss. */
  {
    guint window = MAX (n / 2, MIN (n, 10));
    guint start = n - window;
    guint reversals = 0, rises = 0, counted = 0;

    for (guint k = MAX (start, 2); k < n; k++)
      {
        double dx1 = pts[k].x - pts[k - 1].x, dy1 = pts[k].y - pts[k - 1].y;
        double dx0 = pts[k - 1].x - pts[k - 2].x, dy0 = pts[k - 1].y - pts[k - 2].y;

        if (dx1 * dx0 + dy1 * dy0 < 0)
          reversals++;
        if (pts[k].loss > pts[k - 1].loss)
          rises++;
        counted++;
      }

    if (counted > 0 &&
        (reversals > OSCILLATION_FRACTION * counted || rises > OSCILLATION_FRACTION * counted))
      summary->verdict = LR_VERDICT_OSCILLATING;
    else
      summary->verdict = LR_VERDICT_SLOW;
  }
}

void
lr_hessian_eigenvalues (const LrSurface *surface,
                        double           x,
                        double           y,
                        double           eig[2])
{
  double grad[2], h[3];
  double mean, radius;

  lr_surface_eval (surface, x, y, grad, h);
  mean = 0.5 * (h[0] + h[2]);
  radius = hypot (0.5 * (h[0] - h[2]), h[1]);
  eig[0] = mean - radius;
  eig[1] = mean + radius;
}

double
lr_critical_lr (const LrSurface         *surface,
                const LrOptimizerConfig *optimizer,
                double                   x,
                double                   y)
{
  LrPoint at = { x, y };
  double eig[2];
  double lambda, factor;

  g_return_val_if_fail (surface != NULL, NAN);
  g_return_val_if_fail (optimizer != NULL, NAN);

  factor = lr_stability_factor (optimizer);
  if (!isfinite (factor))
    return NAN;

  nearest_minimum (surface, x, y, &at);
  lr_hessian_eigenvalues (surface, at.x, at.y, eig);

  /* L2 weight decay adds wd to every curvature. */
  lambda = eig[1] + optimizer->weight_decay;
  if (!(lambda > 0) || !isfinite (lambda))
    return NAN;
  return factor / lambda;
}

double
lr_critical_step (const LrSurface         *surface,
                  const LrOptimizerConfig *optimizer,
                  double                   x,
                  double                   y,
                  gboolean                *exact)
{
  LrOptimizerConfig gd;
  gboolean plain_step;

  g_return_val_if_fail (surface != NULL, NAN);
  g_return_val_if_fail (optimizer != NULL, NAN);

  if (exact != NULL)
    *exact = FALSE;
  if (!lr_optimizer_config_is_lr_free (optimizer))
    {
      double crit = lr_critical_lr (surface, optimizer, x, y);

      if (exact != NULL)
        *exact = !isnan (crit);
      return crit;
    }

  plain_step = optimizer->rule == LR_RULE_DOG ||
               (optimizer->rule == LR_RULE_DADAPT_SGD && optimizer->momentum == 0);
  lr_optimizer_config_init (&gd, "sgd");
  if (plain_step)
    gd.weight_decay = optimizer->weight_decay;
  if (exact != NULL)
    *exact = plain_step;
  return lr_critical_lr (surface, &gd, x, y);
}
