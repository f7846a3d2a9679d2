/* lr-preconditioned-sharpness.c: Adam's preconditioner from its state, the
 * preconditioned sharpness by Lanczos, and its stability limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-lanczos.h"
#include "lr-optimizer-private.h"
#include "lr-preconditioned-sharpness.h"
#include "lr-sharpness.h"

gboolean
lr_optimizer_config_is_preconditioned (const LrOptimizerConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->rule == LR_RULE_ADAM || config->rule == LR_RULE_ADAMW;
}

gboolean
lr_optimizer_get_preconditioner (const LrOptimizer *optimizer,
                                 double            *p)
{
  const LrOptimizerConfig *c;
  gconstpointer state;
  double t, bc1, bc2_sqrt;

  g_return_val_if_fail (optimizer != NULL && p != NULL, FALSE);

  c = &optimizer->config;
  if (!lr_optimizer_config_is_preconditioned (c) || optimizer->step == 0)
    return FALSE;
  state = optimizer->state[c->amsgrad ? STATE_ADAM_MAX_EXP_AVG_SQ : STATE_ADAM_EXP_AVG_SQ];
  if (state == NULL)
    return FALSE;

  /* As the rule's prepare_step() for the update just made. */
  t = (double) optimizer->step;
  bc1 = 1 - pow (c->beta1, t);
  bc2_sqrt = sqrt (1 - pow (c->beta2, t));
  for (gsize i = 0; i < optimizer->n_params; i++)
    {
      double v = optimizer->precision == LR_PRECISION_FLOAT ? ((const float *) state)[i]
                                                            : ((const double *) state)[i];

      p[i] = bc1 * (sqrt (v) / bc2_sqrt + c->eps);
    }
  return TRUE;
}

double
lr_preconditioned_sharpness_limit (const LrOptimizerConfig *config,
                                   double                   lr)
{
  g_return_val_if_fail (config != NULL, NAN);

  if (!lr_optimizer_config_is_preconditioned (config) || !(lr > 0) || !isfinite (lr))
    return NAN;
  /* The EMA m' = β1·m + (1 − β1)·g is heavy-ball momentum β1 with
   * dampening β1: 2(1 + β1)/(1 − β1) (lr-sharpness.c). */
  return (2 + 2 * config->beta1) / ((1 - config->beta1) * lr);
}

double
lr_train_sharpness_limit (const LrOptimizerConfig *config,
                          double                   lr)
{
  g_return_val_if_fail (config != NULL, NAN);

  if (lr_optimizer_config_is_preconditioned (config))
    return lr_preconditioned_sharpness_limit (config, lr);
  return lr_sharpness_limit (config, lr);
}

typedef struct {
  LrMlpHvp    *hvp;
  const float *params;
  double      *scale;    /* P^{-1/2} */
  double      *scaled;   /* P^{-1/2}·v */
} Operator;

/* out = P^{-1/2} H P^{-1/2} v */
static void
apply_operator (const double *v,
                double       *out,
                gpointer      data)
{
  Operator *op = data;
  gsize n = lr_mlp_hvp_get_n_params (op->hvp);

  for (gsize i = 0; i < n; i++)
    op->scaled[i] = op->scale[i] * v[i];
  lr_mlp_hvp_apply (op->hvp, op->params, op->scaled, out);
  for (gsize i = 0; i < n; i++)
    out[i] *= op->scale[i];
}

guint
lr_mlp_hvp_top_preconditioned (LrMlpHvp     *hvp,
                               const float  *params,
                               const double *p,
                               guint         k,
                               guint64       seed,
                               double       *eigenvalues)
{
  gsize n;
  g_autofree double *scale = NULL;
  g_autofree double *scaled = NULL;
  Operator op;

  g_return_val_if_fail (hvp != NULL && params != NULL && p != NULL, 0);

  n = lr_mlp_hvp_get_n_params (hvp);
  scale = g_new (double, n);
  scaled = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      g_return_val_if_fail (p[i] > 0, 0);
      scale[i] = 1 / sqrt (p[i]);
    }
  op = (Operator) { hvp, params, scale, scaled };
  return lr_lanczos_top (apply_operator, &op, n, k, seed, eigenvalues);
}
