/* lr-optimizer-lrfree.c: optimizers that choose their own step (Prodigy, D-Adapt SGD and Adam,
 * DoG), Schedule-Free SGD and AdamW, and Lion, as their authors wrote them
 *
 * Reference implementations (repository, commit): konstmish/prodigy 3efb213ee8af,
 * facebookresearch/dadaptation c984980213a9, formll/dog 8d45cf569e38,
 * facebookresearch/schedule_free 70785b53e778 (the *Reference classes), lucidrains/lion-pytorch
 * 6a74fdc0ba57.  Each step has three parts: an element-wise pass that also reduces over every
 * parameter (lr-optimizer-rules-lrfree.h, once per precision), the update of the method's
 * scalars in double (the functions below, shared by both precisions), and an element-wise pass
 * that applies the step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-optimizer-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Parameter metadata                                                                         */

#define P_LR_MULTIPLIER \
  { "lr", LR_PARAM_FLOAT, 1.0, NULL, 0, LR_OPTIMIZER_MAX_LR, LR_PARAM_FLAG_LOG, NULL, \
    "multiplier of the step the method chooses (1: the step as estimated)" }
#define P_D0 \
  { "d0", LR_PARAM_FLOAT, 1e-6, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, \
    NULL, "initial estimate d of the distance to the solution" }
#define P_GROWTH_RATE \
  { "growth_rate", LR_PARAM_FLOAT, 0, "inf", 0, 1e12, \
    LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, NULL, \
    "largest factor by which d may grow in one step (inf: unbounded)" }
#define P_USE_BIAS_CORRECTION \
  { "use_bias_correction", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, \
    "Adam's bias correction of the step" }
#define P_SF_TAIL \
  { "warmup_steps", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL, \
    "updates over which the step rises linearly to lr" }, \
  { "r", LR_PARAM_FLOAT, 0, NULL, 0, 1e3, 0, NULL, \
    "update k enters the average with weight (k+1)^r" }, \
  { "weight_lr_power", LR_PARAM_FLOAT, 2, NULL, 0, 1e3, 0, NULL, \
    "update k enters the average with weight lr_max^weight_lr_power" }

const LrParamInfo lr_prodigy_params[12] = {
  P_LR_MULTIPLIER,
  P_BETA1,
  P_BETA2,
  { "beta3", LR_PARAM_FLOAT, 0, "auto", 0, 1,
    LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL,
    "decay rate of the sums behind the d estimate (auto: √beta2)" },
  P_EPS (1e-8),
  P_WEIGHT_DECAY (0, "weight decay: with decouple, each step first scales p by 1 - weight_decay·d·lr; "
                  "else added to the gradient"),
  { "decouple", LR_PARAM_BOOL, 1, NULL, 0, 1, 0, NULL,
    "AdamW-style decoupled weight decay" },
  P_USE_BIAS_CORRECTION,
  { "safeguard_warmup", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL,
    "leave lr out of the d estimate's denominator (for warm-up schedules)" },
  P_D0,
  { "d_coef", LR_PARAM_FLOAT, 1, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, NULL,
    "coefficient of the d estimate (the preferred way to tune Prodigy)" },
  P_GROWTH_RATE,
};

const LrParamInfo lr_dadapt_sgd_params[5] = {
  P_LR_MULTIPLIER,
  { "momentum", LR_PARAM_FLOAT, 0, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL,
    "momentum: the point is the running average of the dual-averaging sequence" },
  P_WD_L2,
  P_D0,
  P_GROWTH_RATE,
};

const LrParamInfo lr_dadapt_adam_params[9] = {
  P_LR_MULTIPLIER,
  P_BETA1,
  P_BETA2,
  P_EPS (1e-8),
  P_WEIGHT_DECAY (0, "weight decay: added to the gradient, or with decouple each step first scales p "
                  "by 1 - weight_decay·d·lr"),
  { "decouple", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL,
    "AdamW-style decoupled weight decay" },
  P_USE_BIAS_CORRECTION,
  P_D0,
  P_GROWTH_RATE,
};

const LrParamInfo lr_dog_params[4] = {
  P_LR_MULTIPLIER,
  { "reps_rel", LR_PARAM_FLOAT, 1e-6, NULL, 0, 1e3, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG,
    NULL, "the first step's distance, relative to 1 + ‖x₀‖" },
  { "eps", LR_PARAM_FLOAT, 1e-8, NULL, 0, 1e3, LR_PARAM_FLAG_LOG, NULL,
    "added to the sum of squared gradient norms" },
  P_WD_L2,
};

const LrParamInfo lr_sgd_schedulefree_params[6] = {
  P_LR (1.0),
  { "momentum", LR_PARAM_FLOAT, 0.9, NULL, 0, 1,
    LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL,
    "the gradient is taken at momentum·x + (1 - momentum)·z" },
  P_WD_L2,
  P_SF_TAIL,
};

const LrParamInfo lr_adamw_schedulefree_params[8] = {
  P_LR (0.0025),
  { "beta1", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL,
    "the gradient is taken at beta1·x + (1 - beta1)·z" },
  P_BETA2,
  P_EPS (1e-8),
  P_WEIGHT_DECAY (0, "decoupled weight decay: each step first moves z by -lr·weight_decay·y"),
  P_SF_TAIL,
};

const LrParamInfo lr_lion_params[4] = {
  P_LR (1e-4),
  { "beta1", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, 0, NULL,
    "mix of momentum and gradient whose sign is the step" },
  { "beta2", LR_PARAM_FLOAT, 0.99, NULL, 0, 1, 0, NULL,
    "decay rate of the momentum" },
  P_WEIGHT_DECAY (0, "decoupled weight decay: each step first scales p by 1 - lr·weight_decay"),
};

/* ------------------------------------------------------------------------------------------ */
/* The methods' scalars, in double as the authors' Python floats                              */

/* Python's max(a, b) and min(a, b): the first argument unless the second is strictly
 * larger (smaller), so a NaN second argument never wins. */
static inline double
py_max (double a,
        double b)
{
  return b > a ? b : a;
}

static inline double
py_min (double a,
        double b)
{
  return b < a ? b : a;
}

static double
growth_rate (const LrOptimizerConfig *c)
{
  return c->growth_rate == 0 ? INFINITY : c->growth_rate;
}

static double
prodigy_beta3 (const LrOptimizerConfig *c)
{
  return c->beta3 == 0 ? sqrt (c->beta2) : c->beta3;
}

/* Prodigy's and D-Adapt Adam's ((1 - beta2^(k+1))^0.5) / (1 - beta1^(k+1)), or 1. */
static double
adam_bias_correction (const LrOptimizerConfig *c,
                      guint64                  k)
{
  double k1 = (double) (k + 1);

  if (!c->use_bias_correction)
    return 1;
  return pow (1 - pow (c->beta2, k1), 0.5) / (1 - pow (c->beta1, k1));
}

/* FALSE when the step makes no progress (no gradient yet): the authors return before it. */
static gboolean
prodigy_update_d (LrOptimizer *self,
                  double       beta3,
                  double       delta_numerator,
                  double       d_denom)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;
  double numerator, d_hat, d, d_max;

  if (d_denom == 0)
    return FALSE;

  numerator = st->numerator * beta3 + delta_numerator;
  d = st->d;
  d_max = st->d_max;
  d_hat = c->d_coef * numerator / d_denom;
  if (d == c->d0)
    d = py_max (d, d_hat);
  d_max = py_max (d_max, d_hat);
  d = py_min (d_max, d * growth_rate (c));

  st->numerator = numerator;
  st->d = d;
  st->d_max = d_max;
  return TRUE;
}

static gboolean
dadapt_adam_update_d (LrOptimizer *self,
                      double       sqrt_beta2,
                      double       numerator_acum,
                      double       sk_l1)
{
  LrLrfreeState *st = &self->lrfree;
  double d_hat;

  if (sk_l1 == 0)
    return FALSE;

  st->numerator = sqrt_beta2 * st->numerator + (1 - sqrt_beta2) * numerator_acum;
  d_hat = st->numerator / ((1 - sqrt_beta2) * sk_l1);
  st->d = py_max (st->d, py_min (d_hat, st->d * growth_rate (&self->config)));
  return TRUE;
}

static gboolean
dadapt_sgd_update_d (LrOptimizer *self,
                     double       delta_numerator,
                     double       sk_sq,
                     double       lr)
{
  LrLrfreeState *st = &self->lrfree;
  double d_hat;

  if (sk_sq == 0)
    return FALSE;

  st->numerator = st->numerator + delta_numerator;
  if (lr > 0)
    {
      d_hat = 2 * st->numerator / sqrt (sk_sq);
      st->d = py_max (st->d, py_min (d_hat, st->d * growth_rate (&self->config)));
    }
  return TRUE;
}

/* DoG's ηₜ = lr·r̄ / √G, from the norm of x₀ (first step) or of x − x₀, and Σ‖g‖². */
static double
dog_update (LrOptimizer *self,
            double       norm,
            double       g_sq,
            double       lr)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;

  if (st->k == 0)
    {
      st->rbar = c->reps_rel * (1 + norm);
      st->G = g_sq + c->eps;
    }
  else
    {
      /* torch.maximum: NaN wins */
      st->rbar = isnan (norm) || norm > st->rbar ? norm : st->rbar;
      st->G += g_sq;
    }

  /* Without any gradient (the authors assert G > 0) there is nothing to follow. */
  if (!(st->G > 0))
    return 0;
  return lr * st->rbar / sqrt (st->G);
}

/* Schedule-Free: the warmed-up rate of this update and the weight c of the new z in the
 * average x. */
static double
schedulefree_prepare (LrOptimizer *self,
                      double       lr,
                      double      *ckp1)
{
  const LrOptimizerConfig *c = &self->config;
  LrLrfreeState *st = &self->lrfree;
  double k = (double) st->k;
  double sched = k < c->warmup_steps ? (k + 1) / c->warmup_steps : 1.0;
  double weight;

  lr = lr * sched;
  st->lr_max = py_max (lr, st->lr_max);
  weight = pow (k + 1, c->r) * pow (st->lr_max, c->weight_lr_power);
  st->weight_sum = st->weight_sum + weight;
  *ckp1 = st->weight_sum != 0 ? weight / st->weight_sum : 0;
  self->effective_lr = lr;
  return lr;
}

/* ------------------------------------------------------------------------------------------ */
/* The element-wise passes, once per precision                                                */

#define REAL double
#define REAL_SQRT sqrt
#define REAL_FABS fabs
#define RULE(name) lrfree_##name##_double
#include "lr-optimizer-rules-lrfree.h"
#undef REAL
#undef REAL_SQRT
#undef REAL_FABS
#undef RULE

#define REAL float
#define REAL_SQRT sqrtf
#define REAL_FABS fabsf
#define RULE(name) lrfree_##name##_float
#include "lr-optimizer-rules-lrfree.h"
#undef REAL
#undef REAL_SQRT
#undef REAL_FABS
#undef RULE

void
lr_lrfree_reset (LrOptimizer *self)
{
  LrLrfreeState *st = &self->lrfree;

  memset (st, 0, sizeof *st);
  st->d = self->config.d0;
  st->d_max = self->config.d0;
  st->lr_max = -1.0;
}

void
lr_lrfree_step_double (LrOptimizer  *self,
                       double       *params,
                       const double *grad,
                       double        lr)
{
  g_return_if_fail (!self->lrfree.eval_mode);

  lrfree_dispatch_double (self, params, grad, lr);
}

void
lr_lrfree_step_float (LrOptimizer *self,
                      float       *params,
                      const float *grad,
                      double       lr)
{
  g_return_if_fail (!self->lrfree.eval_mode);

  lrfree_dispatch_float (self, params, grad, lr);
}

void
lr_lrfree_set_mode (LrOptimizer *self,
                    gpointer     params,
                    gboolean     eval)
{
  LrLrfreeState *st = &self->lrfree;
  gconstpointer src;

  if (!lr_optimizer_config_is_schedule_free (&self->config) || st->eval_mode == eval)
    return;

  src = self->state[eval ? STATE_SF_X : STATE_SF_Y];
  if (src != NULL && params != NULL)
    memcpy (params, src, self->n_params * (self->precision == LR_PRECISION_DOUBLE
                                           ? sizeof (double) : sizeof (float)));
  st->eval_mode = eval;
}
