/* lr-sharpness.c: the top Hessian eigenvalue along a run, and the largest
 * one a rate keeps stable (the edge of stability)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-sharpness.h"

double
lr_stability_factor (const LrOptimizerConfig *optimizer)
{
  double beta;

  g_return_val_if_fail (optimizer != NULL, NAN);

  if (optimizer->rule != LR_RULE_SGD)
    return NAN;
  beta = optimizer->momentum;
  if (beta <= 0)
    return 2.0;

  /* PyTorch's Nesterov form, v' = βv + g, p' = p − lr(g + βv'), on a
   * quadratic with curvature λ and h = lr·λ has the characteristic
   * polynomial z² − (1+β)(1−h) z + β(1−h); its root crosses −1 at
   * h = 2(1+β)/(1+2β). */
  if (optimizer->nesterov)
    return 2.0 * (1.0 + beta) / (1.0 + 2.0 * beta);

  /* Heavy ball v' = βv + (1−d)g, p' = p − lr·v': the root crosses −1 at
   * lr(1−d)λ = 2(1+β). */
  if (optimizer->dampening >= 1.0)
    return NAN;
  return 2.0 * (1.0 + beta) / (1.0 - optimizer->dampening);
}

double
lr_sharpness_limit (const LrOptimizerConfig *optimizer,
                    double                   lr)
{
  double c = lr_stability_factor (optimizer);

  if (!isfinite (c) || !(lr > 0) || !isfinite (lr))
    return NAN;
  /* L2 weight decay adds wd to every curvature. */
  return c / lr - optimizer->weight_decay;
}

double *
lr_trajectory_sharpness (const LrSurface    *surface,
                         const LrTrajectory *trajectory)
{
  double *out;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (trajectory != NULL, NULL);

  out = g_new (double, MAX (trajectory->n_points, 1));
  for (guint i = 0; i < trajectory->n_points; i++)
    {
      const LrTrajPoint *p = &trajectory->points[i];
      double eig[2];

      if (!isfinite (p->x) || !isfinite (p->y))
        {
          out[i] = NAN;
          continue;
        }
      lr_hessian_eigenvalues (surface, p->x, p->y, eig);
      out[i] = eig[1];
    }
  return out;
}
