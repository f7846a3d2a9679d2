/* lr-optimizer-rules.h: the torch.optim update rules, written once for both precisions
 *
 * This is a template, not a public header (hence no #pragma once): lr-optimizer.c includes it
 * twice, with REAL (double or float), REAL_SQRT, REAL_FABS and RULE(name) (the function name
 * with the precision appended) defined.
 *
 * Each rule is one or a few plain element-wise loops over restrict-qualified arrays, so that the
 * compiler can vectorise them.  Everything that is a scalar per step (bias corrections, NAdam's
 * μ product, RAdam's rectification, …) arrives in LrStepScalars, computed once in double, and is
 * rounded to REAL once per step, as torch rounds a Python float operand to the tensor's dtype.
 * The order of operations follows the single-tensor code of torch.optim 1.13 term by term:
 * add(b, alpha=s) is a + s*b, addcmul(b, c, value=s) is a + (s*b)*c, addcdiv(b, c, value=s) is
 * a + (s*b)/c and a Python scalar divided by a tensor is reciprocal(t) * s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The state array @idx, created on first use in this precision and filled with @fill. */
static REAL *
RULE (state) (LrOptimizer *self,
              guint        idx,
              double       fill)
{
  return lr_optimizer_state (self, idx, fill);
}

/* torch: `if weight_decay != 0: grad = grad.add(param, alpha=weight_decay)` (L2 penalty),
 * computed into a scratch array so that the rule loops stay branch-free. */
static const REAL *
RULE (l2) (LrOptimizer         *self,
           const LrStepScalars *sc,
           const REAL          *restrict p,
           const REAL          *restrict g)
{
  REAL *restrict d;
  const REAL wd = (REAL) sc->weight_decay;
  gsize n = self->n_params;

  if (sc->weight_decay == 0.0)
    return g;

  d = RULE (state) (self, STATE_SCRATCH, 0.0);
  for (gsize i = 0; i < n; i++)
    d[i] = g[i] + wd * p[i];

  return d;
}

static void
RULE (sgd) (LrOptimizer         *self,
            const LrStepScalars *sc,
            REAL                *restrict p,
            const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  const REAL neg_lr = (REAL) -sc->lr;
  const REAL mom = (REAL) sc->momentum;
  const REAL one_minus_damp = (REAL) (1.0 - sc->dampening);
  REAL *restrict buf;
  gsize n = self->n_params;

  if (sc->momentum == 0.0)
    {
      for (gsize i = 0; i < n; i++)
        p[i] = p[i] + neg_lr * g[i];
      return;
    }

  buf = RULE (state) (self, STATE_SGD_BUF, 0.0);

  /* torch creates the buffer as a copy of the gradient on the first step with momentum. */
  if (!self->have_momentum_buffer)
    {
      self->have_momentum_buffer = TRUE;
      if (sc->nesterov)
        for (gsize i = 0; i < n; i++)
          {
            REAL b = g[i];
            buf[i] = b;
            p[i] = p[i] + neg_lr * (g[i] + mom * b);
          }
      else
        for (gsize i = 0; i < n; i++)
          {
            REAL b = g[i];
            buf[i] = b;
            p[i] = p[i] + neg_lr * b;
          }
      return;
    }

  if (sc->nesterov)
    for (gsize i = 0; i < n; i++)
      {
        REAL b = buf[i] * mom + one_minus_damp * g[i];
        buf[i] = b;
        p[i] = p[i] + neg_lr * (g[i] + mom * b);
      }
  else
    for (gsize i = 0; i < n; i++)
      {
        REAL b = buf[i] * mom + one_minus_damp * g[i];
        buf[i] = b;
        p[i] = p[i] + neg_lr * b;
      }
}

static void
RULE (adagrad) (LrOptimizer         *self,
                const LrStepScalars *sc,
                REAL                *restrict p,
                const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  REAL *restrict sum = RULE (state) (self, STATE_ADAGRAD_SUM, sc->initial_accumulator_value);
  const REAL neg_clr = (REAL) -sc->clr;
  const REAL eps = (REAL) sc->eps;
  gsize n = self->n_params;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = g[i];
      REAL s = sum[i] + gi * gi;
      REAL std = REAL_SQRT (s) + eps;

      sum[i] = s;
      p[i] = p[i] + neg_clr * gi / std;
    }
}

static void
RULE (rmsprop) (LrOptimizer         *self,
                const LrStepScalars *sc,
                REAL                *restrict p,
                const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  REAL *restrict sq = RULE (state) (self, STATE_RMS_SQUARE_AVG, 0.0);
  REAL *restrict ga = NULL;
  REAL *restrict buf = NULL;
  const REAL alpha = (REAL) sc->alpha;
  const REAL one_minus_alpha = (REAL) (1.0 - sc->alpha);
  const REAL eps = (REAL) sc->eps;
  const REAL mom = (REAL) sc->momentum;
  const REAL neg_lr = (REAL) -sc->lr;
  gsize n = self->n_params;

  if (sc->centered)
    ga = RULE (state) (self, STATE_RMS_GRAD_AVG, 0.0);
  if (sc->momentum > 0.0)
    buf = RULE (state) (self, STATE_RMS_BUF, 0.0);

  if (sc->centered && sc->momentum > 0.0)
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL s = sq[i] * alpha + one_minus_alpha * gi * gi;
        REAL a = ga[i] * alpha + one_minus_alpha * gi;
        REAL avg = REAL_SQRT (s + -a * a) + eps;
        REAL b = buf[i] * mom + gi / avg;

        sq[i] = s;
        ga[i] = a;
        buf[i] = b;
        p[i] = p[i] + neg_lr * b;
      }
  else if (sc->centered)
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL s = sq[i] * alpha + one_minus_alpha * gi * gi;
        REAL a = ga[i] * alpha + one_minus_alpha * gi;
        REAL avg = REAL_SQRT (s + -a * a) + eps;

        sq[i] = s;
        ga[i] = a;
        p[i] = p[i] + neg_lr * gi / avg;
      }
  else if (sc->momentum > 0.0)
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL s = sq[i] * alpha + one_minus_alpha * gi * gi;
        REAL avg = REAL_SQRT (s) + eps;
        REAL b = buf[i] * mom + gi / avg;

        sq[i] = s;
        buf[i] = b;
        p[i] = p[i] + neg_lr * b;
      }
  else
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL s = sq[i] * alpha + one_minus_alpha * gi * gi;
        REAL avg = REAL_SQRT (s) + eps;

        sq[i] = s;
        p[i] = p[i] + neg_lr * gi / avg;
      }
}

static void
RULE (adadelta) (LrOptimizer         *self,
                 const LrStepScalars *sc,
                 REAL                *restrict p,
                 const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  REAL *restrict sq = RULE (state) (self, STATE_ADADELTA_SQUARE_AVG, 0.0);
  REAL *restrict acc = RULE (state) (self, STATE_ADADELTA_ACC_DELTA, 0.0);
  const REAL rho = (REAL) sc->rho;
  const REAL one_minus_rho = (REAL) (1.0 - sc->rho);
  const REAL eps = (REAL) sc->eps;
  const REAL neg_lr = (REAL) -sc->lr;
  gsize n = self->n_params;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = g[i];
      REAL s = sq[i] * rho + one_minus_rho * gi * gi;
      REAL std = REAL_SQRT (s + eps);
      REAL delta = REAL_SQRT (acc[i] + eps) / std * gi;

      sq[i] = s;
      acc[i] = acc[i] * rho + one_minus_rho * delta * delta;
      p[i] = p[i] + neg_lr * delta;
    }
}

/* Adam and AdamW: AdamW first scales the parameter by 1 - lr·weight_decay (decay is exactly 1
 * for Adam, whose weight decay went into the gradient instead). */
static void
RULE (adam) (LrOptimizer         *self,
             const LrStepScalars *sc,
             REAL                *restrict p,
             const REAL          *restrict grad)
{
  const REAL *restrict g = sc->decoupled ? grad : RULE (l2) (self, sc, p, grad);
  REAL *restrict m = RULE (state) (self, STATE_ADAM_EXP_AVG, 0.0);
  REAL *restrict v = RULE (state) (self, STATE_ADAM_EXP_AVG_SQ, 0.0);
  const REAL decay = (REAL) sc->decay;
  const REAL beta1 = (REAL) sc->beta1;
  const REAL one_minus_beta1 = (REAL) (1.0 - sc->beta1);
  const REAL beta2 = (REAL) sc->beta2;
  const REAL one_minus_beta2 = (REAL) (1.0 - sc->beta2);
  const REAL bc2_sqrt = (REAL) sc->bc2_sqrt;
  const REAL eps = (REAL) sc->eps;
  const REAL neg_step = (REAL) -sc->clr;
  gsize n = self->n_params;

  if (sc->amsgrad)
    {
      REAL *restrict vmax = RULE (state) (self, STATE_ADAM_MAX_EXP_AVG_SQ, 0.0);

      for (gsize i = 0; i < n; i++)
        {
          REAL gi = g[i];
          REAL pi = p[i] * decay;
          REAL mi = m[i] * beta1 + one_minus_beta1 * gi;
          REAL vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
          REAL old = vmax[i];
          /* torch.maximum: NaN wins */
          REAL mx = (old > vi || old != old) ? old : vi;
          REAL denom = REAL_SQRT (mx) / bc2_sqrt + eps;

          m[i] = mi;
          v[i] = vi;
          vmax[i] = mx;
          p[i] = pi + neg_step * mi / denom;
        }
    }
  else
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL pi = p[i] * decay;
        REAL mi = m[i] * beta1 + one_minus_beta1 * gi;
        REAL vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
        REAL denom = REAL_SQRT (vi) / bc2_sqrt + eps;

        m[i] = mi;
        v[i] = vi;
        p[i] = pi + neg_step * mi / denom;
      }
}

static void
RULE (adamax) (LrOptimizer         *self,
               const LrStepScalars *sc,
               REAL                *restrict p,
               const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  REAL *restrict m = RULE (state) (self, STATE_ADAMAX_EXP_AVG, 0.0);
  REAL *restrict u = RULE (state) (self, STATE_ADAMAX_EXP_INF, 0.0);
  const REAL beta1 = (REAL) sc->beta1;
  const REAL one_minus_beta1 = (REAL) (1.0 - sc->beta1);
  const REAL beta2 = (REAL) sc->beta2;
  const REAL eps = (REAL) sc->eps;
  const REAL neg_clr = (REAL) -sc->clr;
  gsize n = self->n_params;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = g[i];
      REAL mi = m[i] * beta1 + one_minus_beta1 * gi;
      REAL a = u[i] * beta2;
      REAL b = REAL_FABS (gi) + eps;
      /* torch.amax over the pair: NaN wins */
      REAL ui = (a > b || a != a) ? a : b;

      m[i] = mi;
      u[i] = ui;
      p[i] = p[i] + neg_clr * mi / ui;
    }
}

static void
RULE (nadam) (LrOptimizer         *self,
              const LrStepScalars *sc,
              REAL                *restrict p,
              const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  REAL *restrict m = RULE (state) (self, STATE_ADAM_EXP_AVG, 0.0);
  REAL *restrict v = RULE (state) (self, STATE_ADAM_EXP_AVG_SQ, 0.0);
  const REAL beta1 = (REAL) sc->beta1;
  const REAL one_minus_beta1 = (REAL) (1.0 - sc->beta1);
  const REAL beta2 = (REAL) sc->beta2;
  const REAL one_minus_beta2 = (REAL) (1.0 - sc->beta2);
  const REAL bc2 = (REAL) sc->bc2;
  const REAL eps = (REAL) sc->eps;
  const REAL c_grad = (REAL) sc->nadam_grad;
  const REAL c_avg = (REAL) sc->nadam_avg;
  gsize n = self->n_params;

  for (gsize i = 0; i < n; i++)
    {
      REAL gi = g[i];
      REAL mi = m[i] * beta1 + one_minus_beta1 * gi;
      REAL vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
      REAL denom = REAL_SQRT (vi / bc2) + eps;
      REAL pi = p[i] + c_grad * gi / denom;

      m[i] = mi;
      v[i] = vi;
      p[i] = pi + c_avg * mi / denom;
    }
}

static void
RULE (radam) (LrOptimizer         *self,
              const LrStepScalars *sc,
              REAL                *restrict p,
              const REAL          *restrict grad)
{
  const REAL *restrict g = RULE (l2) (self, sc, p, grad);
  REAL *restrict m = RULE (state) (self, STATE_ADAM_EXP_AVG, 0.0);
  REAL *restrict v = RULE (state) (self, STATE_ADAM_EXP_AVG_SQ, 0.0);
  const REAL beta1 = (REAL) sc->beta1;
  const REAL one_minus_beta1 = (REAL) (1.0 - sc->beta1);
  const REAL beta2 = (REAL) sc->beta2;
  const REAL one_minus_beta2 = (REAL) (1.0 - sc->beta2);
  const REAL bc1 = (REAL) sc->bc1;
  const REAL bc2_sqrt = (REAL) sc->bc2_sqrt;
  const REAL lr = (REAL) sc->lr;
  const REAL rect = (REAL) sc->rect;
  const REAL eps = (REAL) sc->eps;
  const REAL one = 1;
  gsize n = self->n_params;

  if (sc->rectified)
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL mi = m[i] * beta1 + one_minus_beta1 * gi;
        REAL vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
        REAL adaptive = one / (REAL_SQRT (vi) + eps) * bc2_sqrt;

        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] - mi / bc1 * lr * adaptive * rect;
      }
  else
    for (gsize i = 0; i < n; i++)
      {
        REAL gi = g[i];
        REAL mi = m[i] * beta1 + one_minus_beta1 * gi;

        m[i] = mi;
        v[i] = v[i] * beta2 + one_minus_beta2 * gi * gi;
        p[i] = p[i] - mi / bc1 * lr;
      }
}

static void
RULE (dispatch) (LrOptimizer         *self,
                 const LrStepScalars *sc,
                 REAL                *p,
                 const REAL          *g)
{
  switch (self->config.rule)
    {
    case LR_RULE_SGD:
      RULE (sgd) (self, sc, p, g);
      break;
    case LR_RULE_ADAGRAD:
      RULE (adagrad) (self, sc, p, g);
      break;
    case LR_RULE_RMSPROP:
      RULE (rmsprop) (self, sc, p, g);
      break;
    case LR_RULE_ADADELTA:
      RULE (adadelta) (self, sc, p, g);
      break;
    case LR_RULE_ADAM:
    case LR_RULE_ADAMW:
      RULE (adam) (self, sc, p, g);
      break;
    case LR_RULE_ADAMAX:
      RULE (adamax) (self, sc, p, g);
      break;
    case LR_RULE_NADAM:
      RULE (nadam) (self, sc, p, g);
      break;
    case LR_RULE_RADAM:
      RULE (radam) (self, sc, p, g);
      break;
    case LR_RULE_PRODIGY:         /* lr-optimizer-lrfree.c */
    case LR_RULE_DADAPT_SGD:
    case LR_RULE_DADAPT_ADAM:
    case LR_RULE_DOG:
    case LR_RULE_SGD_SCHEDULEFREE:
    case LR_RULE_ADAMW_SCHEDULEFREE:
    case LR_RULE_LION:
    default:
      g_assert_not_reached ();
    }
}
