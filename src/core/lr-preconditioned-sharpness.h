/* lr-preconditioned-sharpness.h: Adam's preconditioned sharpness (Cohen et
 * al. 2022, "Adaptive gradient methods at the edge of stability"), and the
 * sharpness a training run's optimizer is judged by
 *
 * Adam's update θ ← θ − lr·P⁻¹m with P = (1 − β1^t)·diag(√v̂ + ε) is
 * gradient descent with momentum in the metric P: it is stable on a
 * quadratic only while λmax(P⁻¹H) < (2 + 2β1)/((1 − β1)·lr), 38/lr at
 * β1 = 0.9.  P⁻¹H is similar to the symmetric P^{-1/2} H P^{-1/2}, whose
 * top eigenvalue Lanczos finds from Hessian-vector products.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-mlp-hvp.h"
#include "lr-optimizer.h"

G_BEGIN_DECLS

/* TRUE for the rules whose sharpness is the preconditioned one: adam and
 * adamw (with or without amsgrad). */
gboolean lr_optimizer_config_is_preconditioned  (const LrOptimizerConfig *config);

/* P of @optimizer's state after its last update, one value a parameter:
 * (1 − β1^t)·(√(v/(1 − β2^t)) + ε), v its exp_avg_sq (max_exp_avg_sq with
 * amsgrad), t its step count.  FALSE (and @p untouched) for other rules
 * and before the first update. */
gboolean lr_optimizer_get_preconditioner        (const LrOptimizer       *optimizer,
                                                 double                  *p);

/* (2 + 2β1)/((1 − β1)·lr) for adam and adamw; NAN for other rules or
 * lr ≤ 0.  Weight decay is not counted. */
double   lr_preconditioned_sharpness_limit      (const LrOptimizerConfig *config,
                                                 double                   lr);

/* The limit of the sharpness `train --sharpness-every` reports for a run of
 * @config at @lr: lr_preconditioned_sharpness_limit() for adam and adamw,
 * else lr_sharpness_limit() (c/lr − weight decay; NAN where the rule has no
 * stability factor). */
double   lr_train_sharpness_limit               (const LrOptimizerConfig *config,
                                                 double                   lr);

/* The @k largest eigenvalues of P⁻¹H(@params), descending, H the Hessian of
 * @hvp's mean loss and P the diagonal @p (all > 0): Lanczos on
 * P^{-1/2} H P^{-1/2} from a start vector drawn from @seed.  Returns the
 * number found. */
guint    lr_mlp_hvp_top_preconditioned          (LrMlpHvp                *hvp,
                                                 const float             *params,
                                                 const double            *p,
                                                 guint                    k,
                                                 guint64                  seed,
                                                 double                  *eigenvalues);

G_END_DECLS
