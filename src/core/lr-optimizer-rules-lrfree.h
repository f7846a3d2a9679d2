/* lr-optimizer-rules-lrfree.h: the learning-rate-free, Schedule-Free and Lion update rules,
 * written once for both precisions
 *
 * A template like lr-optimizer-rules.h (no #pragma once): lr-optimizer-lrfree.c includes it
 * twice, with REAL, REAL_SQRT, REAL_FABS and RULE(name) defined.
 *
 * The element-wise terms follow the authors' PyTorch code term by term (see the README of
 * tests/golden/lrfree for the repositories and commits).  What those codes compute with .item()
 * or in Python floats — the dot products and norms over all parameters that Prodigy,
 * D-Adaptation and DoG reduce to one number per step, the estimate d, DoG's distance and
 * gradient sum, Schedule-Free's averaging weight — is accumulated here in double, over the
 * whole flat vector (all layers of the MLP at once, as the authors' sums over all parameter
 * tensors), and updated between the passes by the double functions of lr-optimizer-lrfree.c.
 * In double this is the authors' arithmetic; in float the element-wise terms round as torch's
 * float32 tensors do and only the reductions are more accurate than theirs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Prodigy (konstmish/prodigy, prodigyopt.Prodigy). */
static void
RULE (prodigy) (LrOptimizer  *self,
                REAL         *restrict p,
                const REAL   *restrict g,
                double        lr)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;
  const gsize n = self->n_params;
  const double d = st->d;
  const double dlr = d * lr * adam_bias_correction (c, st->k);
  const double beta3 = prodigy_beta3 (c);
  const gboolean coupled = c->weight_decay != 0 && !c->decouple;
  const gboolean decoupled = c->weight_decay != 0 && c->decouple;
  const REAL wd = (REAL) c->weight_decay;
  const REAL beta1 = (REAL) c->beta1;
  const REAL beta2 = (REAL) c->beta2;
  const REAL b3 = (REAL) beta3;
  const REAL m_coef = (REAL) (d * (1 - c->beta1));
  const REAL v_coef = (REAL) (d * d * (1 - c->beta2));
  const REAL s_coef = (REAL) (c->safeguard_warmup ? (d / c->d0) * d : (d / c->d0) * dlr);
  REAL *restrict m = c->beta1 > 0 ? lr_optimizer_state (self, STATE_ADAM_EXP_AVG, 0) : NULL;
  REAL *restrict v = lr_optimizer_state (self, STATE_ADAM_EXP_AVG_SQ, 0);
  REAL *restrict s = lr_optimizer_state (self, STATE_S, 0);
  const REAL *restrict p0 = lr_optimizer_state_copy (self, STATE_START, p);
  double dot = 0, s_l1 = 0;

  self->effective_lr = d * lr;
  if (!(lr > 0))
    return;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = coupled ? g[i] + wd * p[i] : g[i];
      REAL si = s[i] * b3 + s_coef * gi;

      dot += (double) (gi * (p0[i] - p[i]));
      if (m != NULL)
        m[i] = m[i] * beta1 + m_coef * gi;
      v[i] = v[i] * beta2 + v_coef * gi * gi;
      s[i] = si;
      s_l1 += (double) REAL_FABS (si);
    }

  if (!prodigy_update_d (self, beta3, (d / c->d0) * dlr * dot, s_l1))
    return;

  {
    const REAL eps_d = (REAL) (st->d * c->eps);
    const REAL neg_dlr = (REAL) -dlr;
    const REAL neg_dlr_d = (REAL) (-dlr * st->d);
    const REAL decay = (REAL) (-c->weight_decay * dlr);

    for (gsize i = 0; i < n; i++)
      {
        REAL denom = REAL_SQRT (v[i]) + eps_d;
        REAL gi = coupled ? g[i] + wd * p[i] : g[i];
        REAL pi = decoupled ? p[i] + decay * p[i] : p[i];

        p[i] = m != NULL ? pi + neg_dlr * m[i] / denom : pi + neg_dlr_d * gi / denom;
      }
  }
  st->k++;
}

/* D-Adapt Adam (facebookresearch/dadaptation, DAdaptAdam; layer_scale 1). */
static void
RULE (dadapt_adam) (LrOptimizer  *self,
                    REAL         *restrict p,
                    const REAL   *restrict g,
                    double        lr)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;
  const gsize n = self->n_params;
  const double d = st->d;
  const double dlr = d * lr * adam_bias_correction (c, st->k);
  const double sqrt_beta2 = pow (c->beta2, 0.5);
  const gboolean coupled = c->weight_decay != 0 && !c->decouple;
  const gboolean decoupled = c->weight_decay != 0 && c->decouple;
  const REAL wd = (REAL) c->weight_decay;
  const REAL eps = (REAL) c->eps;
  const REAL beta1 = (REAL) c->beta1;
  const REAL beta2 = (REAL) c->beta2;
  const REAL sb2 = (REAL) sqrt_beta2;
  const REAL m_coef = (REAL) (dlr * (1 - c->beta1));
  const REAL v_coef = (REAL) (1 - c->beta2);
  const REAL s_coef = (REAL) (dlr * (1 - sqrt_beta2));
  REAL *restrict m = lr_optimizer_state (self, STATE_ADAM_EXP_AVG, 0);
  REAL *restrict v = lr_optimizer_state (self, STATE_ADAM_EXP_AVG_SQ, 0);
  REAL *restrict s = lr_optimizer_state (self, STATE_S, 0);
  double dot = 0, s_l1 = 0;

  self->effective_lr = d * lr;
  if (!(lr > 0))
    return;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = coupled ? g[i] + wd * p[i] : g[i];
      REAL denom = REAL_SQRT (v[i]) + eps;
      REAL si;

      dot += (double) (gi * (s[i] / denom));
      m[i] = m[i] * beta1 + m_coef * gi;
      v[i] = v[i] * beta2 + v_coef * gi * gi;
      si = s[i] * sb2 + s_coef * gi;
      s[i] = si;
      s_l1 += (double) REAL_FABS (si);
    }

  if (!dadapt_adam_update_d (self, sqrt_beta2, dlr * dot, s_l1))
    return;

  {
    const REAL decay = (REAL) (-c->weight_decay * dlr);

    for (gsize i = 0; i < n; i++)
      {
        REAL denom = REAL_SQRT (v[i]) + eps;
        REAL pi = decoupled ? p[i] + decay * p[i] : p[i];

        p[i] = pi + -m[i] / denom;
      }
  }
  st->k++;
}

/* D-Adapt SGD (facebookresearch/dadaptation, DAdaptSGD): the point is the momentum average of
 * z = x₀ − s, s the sum of the gradients times d·lr/‖g₀‖. */
static void
RULE (dadapt_sgd) (LrOptimizer  *self,
                   REAL         *restrict p,
                   const REAL   *restrict g,
                   double        lr)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;
  const gsize n = self->n_params;
  const gboolean coupled = c->weight_decay != 0;
  const REAL wd = (REAL) c->weight_decay;
  const REAL *restrict x0 = lr_optimizer_state_copy (self, STATE_START, p);
  REAL *restrict s = lr_optimizer_state (self, STATE_S, 0);
  double dlr, dot = 0, sk_sq = 0;

  /* ‖g₀‖ without weight decay: the authors' grad.add() there is not in place. */
  if (st->k == 0)
    {
      double g_sq = 0;

      if (lr > 0)
        for (gsize i = 0; i < n; i++)
          g_sq += (double) (g[i] * g[i]);
      st->g0_norm = sqrt (g_sq);
    }

  /* No gradient to normalise by (the authors' code divides by zero): no step. */
  if (!(st->g0_norm > 0))
    {
      self->effective_lr = 0;
      return;
    }

  dlr = st->d * lr / st->g0_norm;
  self->effective_lr = dlr;
  if (lr > 0)
    {
      const REAL dlr_r = (REAL) dlr;

      for (gsize i = 0; i < n; i++)
        {
          REAL gi = coupled ? g[i] + wd * p[i] : g[i];
          REAL si;

          dot += (double) (gi * s[i]);
          si = s[i] + dlr_r * gi;
          s[i] = si;
          sk_sq += (double) (si * si);
        }
    }

  if (!dadapt_sgd_update_d (self, dlr * dot, sk_sq, lr))
    return;

  {
    const double ck = 1 - c->momentum;
    const REAL keep = (REAL) (1 - ck);
    const REAL take = (REAL) ck;

    for (gsize i = 0; i < n; i++)
      {
        REAL z = x0[i] - s[i];

        p[i] = p[i] * keep + take * z;
      }
  }
  st->k++;
}

/* DoG (formll/dog, dog.DoG): all parameters as one vector. */
static void
RULE (dog) (LrOptimizer  *self,
            REAL         *restrict p,
            const REAL   *restrict g,
            double        lr)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;
  const gsize n = self->n_params;
  const gboolean coupled = c->weight_decay > 0;
  const REAL wd = (REAL) c->weight_decay;
  const REAL *restrict x0 = lr_optimizer_state_copy (self, STATE_START, p);
  double g_sq = 0, r_sq = 0, eta;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = coupled ? g[i] + wd * p[i] : g[i];
      REAL ri = st->k == 0 ? p[i] : p[i] - x0[i];

      g_sq += (double) (gi * gi);
      r_sq += (double) (ri * ri);
    }

  eta = dog_update (self, sqrt (r_sq), g_sq, lr);
  self->effective_lr = eta;

  {
    const REAL neg_eta = (REAL) -eta;

    for (gsize i = 0; i < n; i++)
      {
        REAL gi = coupled ? g[i] + wd * p[i] : g[i];

        p[i] = p[i] + neg_eta * gi;
      }
  }
  st->k++;
}

/* Schedule-Free SGD and AdamW (facebookresearch/schedule_free, the *Reference classes): the
 * parameters hold y; z is the base sequence, x its weighted average. */
static void
RULE (schedulefree) (LrOptimizer  *self,
                     REAL         *restrict p,
                     const REAL   *restrict g,
                     double        lr)
{
  const LrOptimizerConfig *c = &self->config;
  const gboolean adam = c->rule == LR_RULE_ADAMW_SCHEDULEFREE;
  const gsize n = self->n_params;
  double ckp1 = 0;
  const double bc2 = 1 - pow (c->beta2, (double) (self->lrfree.k + 1));
  const double lr_k = schedulefree_prepare (self, lr, &ckp1);
  const REAL wd = (REAL) c->weight_decay;
  const REAL neg_lr = (REAL) -lr_k;
  const REAL z_decay = (REAL) (lr_k * c->weight_decay);
  const REAL keep = (REAL) (1 - ckp1);
  const REAL take = (REAL) ckp1;
  const REAL mix = (REAL) (adam ? c->beta1 : c->momentum);
  const REAL one_minus_mix = (REAL) (1 - (adam ? c->beta1 : c->momentum));
  const REAL beta2 = (REAL) c->beta2;
  const REAL one_minus_beta2 = (REAL) (1 - c->beta2);
  const REAL bc2_r = (REAL) bc2;
  const REAL eps = (REAL) c->eps;
  REAL *restrict z = lr_optimizer_state_copy (self, STATE_SF_Z, p);
  REAL *restrict x = lr_optimizer_state_copy (self, STATE_SF_X, p);
  REAL *restrict y = lr_optimizer_state_copy (self, STATE_SF_Y, p);
  REAL *restrict v = adam ? lr_optimizer_state (self, STATE_SF_EXP_AVG_SQ, 0) : NULL;

  for (gsize i = 0; i < n; i++)
    {
      REAL zi = z[i], xi, yi;

      if (adam)
        {
          REAL gi = g[i];
          REAL vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
          REAL denom = REAL_SQRT (vi / bc2_r) + eps;

          if (c->weight_decay != 0)
            zi = zi - z_decay * y[i];
          v[i] = vi;
          zi = zi + neg_lr * gi / denom;
        }
      else
        {
          REAL gi = c->weight_decay != 0 ? g[i] + wd * y[i] : g[i];

          zi = zi + neg_lr * gi;
        }
      xi = x[i] * keep + take * zi;
      yi = xi * mix + one_minus_mix * zi;
      z[i] = zi;
      x[i] = xi;
      y[i] = yi;
      p[i] = yi;
    }
  self->lrfree.k++;
}

/* Lion (lucidrains/lion-pytorch, Lion; weight decay as in its update_fn). */
static void
RULE (lion) (LrOptimizer  *self,
             REAL         *restrict p,
             const REAL   *restrict g,
             double        lr)
{
  const LrOptimizerConfig *c = &self->config;
  const gsize n = self->n_params;
  const REAL scale = (REAL) (1. - lr * c->weight_decay);
  const REAL neg_lr = (REAL) -lr;
  const REAL beta1 = (REAL) c->beta1;
  const REAL one_minus_beta1 = (REAL) (1. - c->beta1);
  const REAL beta2 = (REAL) c->beta2;
  const REAL one_minus_beta2 = (REAL) (1. - c->beta2);
  REAL *restrict m = lr_optimizer_state (self, STATE_ADAM_EXP_AVG, 0);

  self->effective_lr = lr;
  for (gsize i = 0; i < n; i++)
    {
      REAL gi = g[i];
      REAL mix = m[i] * beta1 + one_minus_beta1 * gi;
      REAL sign = (REAL) ((mix > 0) - (mix < 0));

      p[i] = p[i] * scale + neg_lr * sign;
      m[i] = m[i] * beta2 + one_minus_beta2 * gi;
    }
  self->lrfree.k++;
}

static void
RULE (dispatch) (LrOptimizer  *self,
                 REAL         *p,
                 const REAL   *g,
                 double        lr)
{
  switch (self->config.rule)
    {
    case LR_RULE_PRODIGY:
      RULE (prodigy) (self, p, g, lr);
      break;
    case LR_RULE_DADAPT_SGD:
      RULE (dadapt_sgd) (self, p, g, lr);
      break;
    case LR_RULE_DADAPT_ADAM:
      RULE (dadapt_adam) (self, p, g, lr);
      break;
    case LR_RULE_DOG:
      RULE (dog) (self, p, g, lr);
      break;
    case LR_RULE_SGD_SCHEDULEFREE:
    case LR_RULE_ADAMW_SCHEDULEFREE:
      RULE (schedulefree) (self, p, g, lr);
      break;
    case LR_RULE_LION:
      RULE (lion) (self, p, g, lr);
      break;
    case LR_RULE_SGD:
    case LR_RULE_ADAGRAD:
    case LR_RULE_RMSPROP:
    case LR_RULE_ADADELTA:
    case LR_RULE_ADAM:
    case LR_RULE_ADAMW:
    case LR_RULE_ADAMAX:
    case LR_RULE_NADAM:
    case LR_RULE_RADAM:
    default:
      g_assert_not_reached ();
    }
}
