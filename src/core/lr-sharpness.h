/* lr-sharpness.h: the top Hessian eigenvalue along a run, and the largest
 * one a rate keeps stable (the edge of stability)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-trajectory.h"

G_BEGIN_DECLS

/* The constant c of the stability condition lr·λ < c on a quadratic with
 * curvature λ: 2 for plain SGD, 2(1+β)/(1−d) for heavy-ball momentum β with
 * dampening d, 2(1+β)/(1+2β) for PyTorch's Nesterov form.  NAN for the
 * other rules, whose step is not lr·gradient. */
double   lr_stability_factor     (const LrOptimizerConfig *optimizer);

/* The largest sharpness (top eigenvalue of the loss's Hessian) an update at
 * rate @lr keeps stable: c/lr − weight decay.  NAN where no factor exists
 * or lr ≤ 0. */
double   lr_sharpness_limit      (const LrOptimizerConfig *optimizer,
                                  double                   lr);

/* λmax of the surface's exact Hessian at every point of @trajectory
 * (n_points values; g_free them). */
double  *lr_trajectory_sharpness (const LrSurface         *surface,
                                  const LrTrajectory      *trajectory);

G_END_DECLS
