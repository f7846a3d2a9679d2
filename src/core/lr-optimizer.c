/* lr-optimizer.c: torch.optim update rules on a flat parameter vector
 *
 * The rules themselves live in lr-optimizer-rules.h, instantiated here once for double and once
 * for float, so that the 2-D surfaces and the classifier run the very same code.  The
 * learning-rate-free methods, Schedule-Free and Lion follow their authors' code instead of
 * torch.optim; they live in lr-optimizer-lrfree.c, behind the same configuration and API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "lr-optimizer-private.h"

#define REAL double
#define REAL_SQRT sqrt
#define REAL_FABS fabs
#define RULE(name) rule_##name##_double
#include "lr-optimizer-rules.h"
#undef REAL
#undef REAL_SQRT
#undef REAL_FABS
#undef RULE

#define REAL float
#define REAL_SQRT sqrtf
#define REAL_FABS fabsf
#define RULE(name) rule_##name##_float
#include "lr-optimizer-rules.h"
#undef REAL
#undef REAL_SQRT
#undef REAL_FABS
#undef RULE

/* ------------------------------------------------------------------------------------------ */
/* Parameter metadata                                                                         */

static const LrParamInfo sgd_params[] = { P_SGD (0, 0) };
static const LrParamInfo momentum_params[] = { P_SGD (0.9, 0) };
static const LrParamInfo nesterov_params[] = { P_SGD (0.9, 1) };

static const LrParamInfo adagrad_params[] = {
  P_LR (0.01),
  { "lr_decay", LR_PARAM_FLOAT, 0, NULL, 0, 1e6, LR_PARAM_FLAG_LOG, NULL,
    "learning rate decay: step k uses lr / (1 + (k - 1)·lr_decay)" },
  P_WD_L2,
  { "initial_accumulator_value", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, LR_PARAM_FLAG_LOG, NULL,
    "starting value of the sum of squared gradients" },
  P_EPS (1e-10),
};

static const LrParamInfo rmsprop_params[] = {
  P_LR (0.01),
  { "alpha", LR_PARAM_FLOAT, 0.99, NULL, 0, 1, 0, NULL,
    "smoothing constant of the running average of squared gradients" },
  P_EPS (1e-8),
  P_WD_L2,
  { "momentum", LR_PARAM_FLOAT, 0, NULL, 0, 1, 0, NULL,
    "momentum factor applied to the scaled step" },
  { "centered", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL,
    "normalise by the estimated variance of the gradient instead of its second moment" },
};

static const LrParamInfo adadelta_params[] = {
  P_LR (1.0),
  { "rho", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, 0, NULL,
    "decay rate of the running averages of squared gradients and squared updates" },
  P_EPS (1e-6),
  P_WD_L2,
};

static const LrParamInfo adam_params[] = {
  P_LR (0.001),
  P_BETA1,
  P_BETA2,
  P_EPS (1e-8),
  P_WD_L2,
  { "amsgrad", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL,
    "AMSGrad: normalise by the largest second moment seen so far" },
};

static const LrParamInfo adamw_params[] = {
  P_LR (0.001),
  P_BETA1,
  P_BETA2,
  P_EPS (1e-8),
  P_WEIGHT_DECAY (0.01, "decoupled weight decay: each step first scales p by 1 - lr·weight_decay"),
  { "amsgrad", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL,
    "AMSGrad: normalise by the largest second moment seen so far" },
};

static const LrParamInfo adamax_params[] = {
  P_LR (0.002),
  P_BETA1,
  { "beta2", LR_PARAM_FLOAT, 0.999, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL,
    "decay rate of the exponentially weighted infinity norm" },
  P_EPS (1e-8),
  P_WD_L2,
};

static const LrParamInfo nadam_params[] = {
  P_LR (0.002),
  P_BETA1,
  P_BETA2,
  P_EPS (1e-8),
  P_WD_L2,
  { "momentum_decay", LR_PARAM_FLOAT, 0.004, NULL, 0, 1e3, LR_PARAM_FLAG_LOG, NULL,
    "momentum decay ψ of the schedule mu_t = beta1·(1 - 0.5·0.96^(t·ψ))" },
};

static const LrParamInfo radam_params[] = {
  P_LR (0.001),
  P_BETA1,
  P_BETA2,
  P_EPS (1e-8),
  P_WD_L2,
};

static const LrKindInfo optimizer_kinds[] = {
  { "sgd", "stochastic gradient descent, optionally with momentum, Nesterov and weight decay",
    sgd_params, G_N_ELEMENTS (sgd_params) },
  { "momentum", "SGD with heavy-ball momentum (momentum=0.9)",
    momentum_params, G_N_ELEMENTS (momentum_params) },
  { "nesterov", "SGD with Nesterov momentum (momentum=0.9)",
    nesterov_params, G_N_ELEMENTS (nesterov_params) },
  { "adagrad", "per-coordinate steps that shrink with the sum of squared gradients",
    adagrad_params, G_N_ELEMENTS (adagrad_params) },
  { "rmsprop", "steps divided by a running average of squared gradients",
    rmsprop_params, G_N_ELEMENTS (rmsprop_params) },
  { "adadelta", "steps scaled by running averages of squared updates and squared gradients",
    adadelta_params, G_N_ELEMENTS (adadelta_params) },
  { "adam", "adaptive moment estimation with bias correction",
    adam_params, G_N_ELEMENTS (adam_params) },
  { "adamw", "Adam with decoupled weight decay",
    adamw_params, G_N_ELEMENTS (adamw_params) },
  { "adamax", "Adam with an infinity-norm second moment",
    adamax_params, G_N_ELEMENTS (adamax_params) },
  { "nadam", "Adam with Nesterov momentum",
    nadam_params, G_N_ELEMENTS (nadam_params) },
  { "radam", "Adam with a rectified variance (no warm-up needed)",
    radam_params, G_N_ELEMENTS (radam_params) },
  { "prodigy", "Adam whose step d·lr grows from d0 to an estimate of the distance to the solution",
    lr_prodigy_params, G_N_ELEMENTS (lr_prodigy_params) },
  { "dadapt_sgd", "SGD whose step d·lr/‖g₀‖ follows a lower bound on the distance to the solution",
    lr_dadapt_sgd_params, G_N_ELEMENTS (lr_dadapt_sgd_params) },
  { "dadapt_adam", "Adam whose step d·lr follows a lower bound on the distance to the solution",
    lr_dadapt_adam_params, G_N_ELEMENTS (lr_dadapt_adam_params) },
  { "dog", "distance over gradients: step max‖xᵢ − x₀‖ / √Σ‖gᵢ‖², no rate to tune",
    lr_dog_params, G_N_ELEMENTS (lr_dog_params) },
  { "sgd_schedulefree", "Schedule-Free SGD: the gradient at a mix of the SGD sequence and its average",
    lr_sgd_schedulefree_params, G_N_ELEMENTS (lr_sgd_schedulefree_params) },
  { "adamw_schedulefree", "Schedule-Free AdamW: an average of Adam iterates replaces the schedule",
    lr_adamw_schedulefree_params, G_N_ELEMENTS (lr_adamw_schedulefree_params) },
  { "lion", "sign of a momentum mix: every coordinate moves by exactly lr",
    lr_lion_params, G_N_ELEMENTS (lr_lion_params) },
};

static const LrRule optimizer_rules[G_N_ELEMENTS (optimizer_kinds)] = {
  LR_RULE_SGD, LR_RULE_SGD, LR_RULE_SGD,
  LR_RULE_ADAGRAD, LR_RULE_RMSPROP, LR_RULE_ADADELTA,
  LR_RULE_ADAM, LR_RULE_ADAMW, LR_RULE_ADAMAX, LR_RULE_NADAM, LR_RULE_RADAM,
  LR_RULE_PRODIGY, LR_RULE_DADAPT_SGD, LR_RULE_DADAPT_ADAM, LR_RULE_DOG,
  LR_RULE_SGD_SCHEDULEFREE, LR_RULE_ADAMW_SCHEDULEFREE, LR_RULE_LION,
};

/* Where each key lives in LrOptimizerConfig. */
typedef struct
{
  const char *key;
  gsize       offset;
  gboolean    is_bool;
} LrConfigField;

#define FIELD(name) { #name, offsetof (LrOptimizerConfig, name), FALSE }
#define BOOL_FIELD(name) { #name, offsetof (LrOptimizerConfig, name), TRUE }

static const LrConfigField config_fields[] = {
  FIELD (lr),
  FIELD (weight_decay),
  FIELD (momentum),
  FIELD (dampening),
  BOOL_FIELD (nesterov),
  FIELD (lr_decay),
  FIELD (initial_accumulator_value),
  FIELD (eps),
  FIELD (alpha),
  BOOL_FIELD (centered),
  FIELD (rho),
  FIELD (beta1),
  FIELD (beta2),
  BOOL_FIELD (amsgrad),
  FIELD (momentum_decay),
  FIELD (beta3),
  BOOL_FIELD (decouple),
  BOOL_FIELD (use_bias_correction),
  BOOL_FIELD (safeguard_warmup),
  FIELD (d0),
  FIELD (d_coef),
  FIELD (growth_rate),
  FIELD (reps_rel),
  FIELD (warmup_steps),
  FIELD (r),
  FIELD (weight_lr_power),
};

#undef FIELD
#undef BOOL_FIELD

const LrKindInfo *
lr_optimizer_kinds (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (optimizer_kinds);
  return optimizer_kinds;
}

static const LrConfigField *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (config_fields); i++)
    if (g_str_equal (config_fields[i].key, key))
      return &config_fields[i];
  return NULL;
}

static void
field_write (LrOptimizerConfig   *config,
             const LrConfigField *field,
             double               value)
{
  char *base = (char *) config;

  if (field->is_bool)
    *(gboolean *) (void *) (base + field->offset) = value != 0;
  else
    *(double *) (void *) (base + field->offset) = value;
}

static double
field_read (const LrOptimizerConfig *config,
            const LrConfigField     *field)
{
  const char *base = (const char *) config;

  if (field->is_bool)
    return *(const gboolean *) (const void *) (base + field->offset) ? 1.0 : 0.0;
  return *(const double *) (const void *) (base + field->offset);
}

static const LrKindInfo *
kind_of_name (const char *name,
              LrRule     *rule)
{
  for (guint i = 0; i < G_N_ELEMENTS (optimizer_kinds); i++)
    if (name != NULL && g_ascii_strcasecmp (optimizer_kinds[i].name, name) == 0)
      {
        if (rule != NULL)
          *rule = optimizer_rules[i];
        return &optimizer_kinds[i];
      }
  return NULL;
}

static const LrParamInfo *
kind_param (const LrKindInfo *kind,
            const char       *key)
{
  for (guint i = 0; i < kind->n_params; i++)
    if (g_str_equal (kind->params[i].key, key))
      return &kind->params[i];
  return NULL;
}

static char *
kind_keys (const LrKindInfo *kind)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < kind->n_params; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, kind->params[i].key);
    }

  return g_string_free (s, FALSE);
}

static gboolean
value_in_range (const LrParamInfo *info,
                double             v)
{
  if (info->type == LR_PARAM_BOOL)
    return v == 0 || v == 1;
  if (!isfinite (v))
    return FALSE;
  if ((info->flags & LR_PARAM_FLAG_AUTO) && v == 0)
    return TRUE;
  if (info->type == LR_PARAM_INT && v != floor (v))
    return FALSE;
  if ((info->flags & LR_PARAM_FLAG_MIN_EXCLUSIVE) ? !(v > info->min) : !(v >= info->min))
    return FALSE;
  if ((info->flags & LR_PARAM_FLAG_MAX_EXCLUSIVE) ? !(v < info->max) : !(v <= info->max))
    return FALSE;
  return TRUE;
}

/* torch.optim.SGD: "Nesterov momentum requires a momentum and zero dampening". */
static gboolean
check_nesterov (const LrOptimizerConfig  *config,
                GError                  **error)
{
  if (config->rule == LR_RULE_SGD && config->nesterov &&
      (config->momentum <= 0 || config->dampening != 0))
    {
      GString *s = g_string_new (NULL);

      g_string_printf (s, "optimizer %s: nesterov=true needs momentum > 0 and dampening = 0 "
                       "(momentum=", config->name);
      lr_format_number (s, config->momentum);
      g_string_append (s, ", dampening=");
      lr_format_number (s, config->dampening);
      g_string_append_c (s, ')');
      g_set_error_literal (error, LR_ERROR, LR_ERROR_VALUE, s->str);
      g_string_free (s, TRUE);
      return FALSE;
    }
  return TRUE;
}

static void
config_apply_defaults (LrOptimizerConfig *config,
                       const LrKindInfo  *kind,
                       LrRule             rule)
{
  memset (config, 0, sizeof *config);
  g_strlcpy (config->name, kind->name, sizeof config->name);
  config->rule = rule;

  for (guint i = 0; i < kind->n_params; i++)
    {
      const LrConfigField *field = find_field (kind->params[i].key);

      g_assert (field != NULL);
      field_write (config, field, kind->params[i].def);
    }
}

gboolean
lr_optimizer_config_init (LrOptimizerConfig *config,
                          const char        *name)
{
  const LrKindInfo *kind;
  LrRule rule = LR_RULE_SGD;

  g_return_val_if_fail (config != NULL, FALSE);

  kind = kind_of_name (name, &rule);
  if (kind == NULL)
    return FALSE;

  config_apply_defaults (config, kind, rule);
  return TRUE;
}

gboolean
lr_optimizer_config_from_spec (const LrSpec       *spec,
                               LrOptimizerConfig  *config,
                               GError            **error)
{
  const LrKindInfo *kind;
  LrParamValue *values;
  LrOptimizerConfig result;
  LrRule rule = LR_RULE_SGD;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = lr_kind_lookup ("optimizer", optimizer_kinds, G_N_ELEMENTS (optimizer_kinds),
                         spec->name, error);
  if (kind == NULL)
    return FALSE;
  kind_of_name (kind->name, &rule);

  values = lr_params_resolve ("optimizer", kind, spec, error);
  if (values == NULL)
    return FALSE;

  config_apply_defaults (&result, kind, rule);
  for (guint i = 0; i < kind->n_params; i++)
    field_write (&result, find_field (kind->params[i].key), values[i].value);
  lr_param_values_free (values, kind->n_params);

  if (!check_nesterov (&result, error))
    return FALSE;

  *config = result;
  return TRUE;
}

gboolean
lr_optimizer_config_parse (const char         *text,
                           LrOptimizerConfig  *config,
                           GError            **error)
{
  g_autoptr(LrSpec) spec = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  spec = lr_spec_parse (text, error);
  if (spec == NULL)
    return FALSE;

  return lr_optimizer_config_from_spec (spec, config, error);
}

char *
lr_optimizer_config_to_spec (const LrOptimizerConfig *config)
{
  const LrKindInfo *kind;
  GString *s;
  gboolean first = TRUE;

  g_return_val_if_fail (config != NULL, NULL);

  kind = kind_of_name (config->name, NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  s = g_string_new (kind->name);
  for (guint i = 0; i < kind->n_params; i++)
    {
      const LrParamInfo *info = &kind->params[i];
      double v = field_read (config, find_field (info->key));

      if (v == info->def)
        continue;

      g_string_append_c (s, first ? ':' : ',');
      first = FALSE;
      g_string_append (s, info->key);
      g_string_append_c (s, '=');
      if (info->type == LR_PARAM_BOOL)
        g_string_append (s, v != 0 ? "true" : "false");
      else
        lr_format_number (s, v);
    }

  return g_string_free (s, FALSE);
}

gboolean
lr_optimizer_config_get (const LrOptimizerConfig *config,
                         const char              *key,
                         double                  *value)
{
  const LrKindInfo *kind;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  kind = kind_of_name (config->name, NULL);
  if (kind == NULL || kind_param (kind, key) == NULL)
    return FALSE;

  if (value != NULL)
    *value = field_read (config, find_field (key));
  return TRUE;
}

gboolean
lr_optimizer_config_set (LrOptimizerConfig  *config,
                         const char         *key,
                         double              value,
                         GError            **error)
{
  const LrKindInfo *kind;
  const LrParamInfo *info;
  const LrConfigField *field;
  LrOptimizerConfig result;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = kind_of_name (config->name, NULL);
  if (kind == NULL)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME,
                   "unknown optimizer '%s'", config->name);
      return FALSE;
    }

  info = kind_param (kind, key);
  if (info == NULL)
    {
      g_autofree char *keys = kind_keys (kind);
      g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_KEY,
                   "unknown key '%s' for optimizer %s; valid keys: %s", key, kind->name, keys);
      return FALSE;
    }

  if (!value_in_range (info, value))
    {
      g_autofree char *range = lr_param_describe_range (info);
      g_autoptr(GString) v = g_string_new (NULL);

      if (isfinite (value))
        lr_format_number (v, value);
      else
        g_string_append (v, isnan (value) ? "nan" : value > 0 ? "inf" : "-inf");
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "optimizer %s: %s=%s is out of range; valid: %s",
                   kind->name, key, v->str, range);
      return FALSE;
    }

  field = find_field (key);
  result = *config;
  field_write (&result, field, value);
  if (!check_nesterov (&result, error))
    return FALSE;

  *config = result;
  return TRUE;
}

double
lr_optimizer_config_get_momentum (const LrOptimizerConfig *config)
{
  g_return_val_if_fail (config != NULL, -1);

  switch (config->rule)
    {
    case LR_RULE_SGD:
    case LR_RULE_RMSPROP:
    case LR_RULE_DADAPT_SGD:
    case LR_RULE_SGD_SCHEDULEFREE:
      return config->momentum;
    case LR_RULE_ADAM:
    case LR_RULE_ADAMW:
    case LR_RULE_ADAMAX:
    case LR_RULE_NADAM:
    case LR_RULE_RADAM:
    case LR_RULE_PRODIGY:
    case LR_RULE_DADAPT_ADAM:
    case LR_RULE_ADAMW_SCHEDULEFREE:
    case LR_RULE_LION:
      return config->beta1;
    case LR_RULE_ADAGRAD:
    case LR_RULE_ADADELTA:
    case LR_RULE_DOG:
    default:
      return -1;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Optimizer state                                                                            */

static void
clear_state (LrOptimizer *self)
{
  for (guint i = 0; i < N_STATE; i++)
    g_clear_pointer (&self->state[i], g_free);
  self->step = 0;
  self->have_momentum_buffer = FALSE;
  self->mu_product = 1.0;
  self->effective_lr = NAN;
  lr_lrfree_reset (self);
}

static gsize
state_bytes (const LrOptimizer *self)
{
  return self->n_params * (self->precision == LR_PRECISION_DOUBLE ? sizeof (double) : sizeof (float));
}

/* A new state array: one reserved by lr_optimizer_reserve(), else a new one. */
static gpointer
new_state_array (LrOptimizer *self)
{
  if (self->n_reserved > 0)
    return g_steal_pointer (&self->reserved[--self->n_reserved]);
  return g_malloc (state_bytes (self));
}

guint
lr_optimizer_config_count_state (const LrOptimizerConfig *config)
{
  g_autoptr(LrOptimizer) probe = NULL;
  float p[1] = { 0.5f }, g[1] = { 1.f };
  guint n = 0;

  g_return_val_if_fail (config != NULL, N_STATE);

  /* the rule's own choice (momentum, weight decay, amsgrad, …) shows in
   * which arrays a one-parameter copy creates over a few steps */
  probe = lr_optimizer_new (config, 1, LR_PRECISION_FLOAT);
  for (guint k = 0; k < 3; k++)
    lr_optimizer_step_float (probe, p, g, config->lr > 0 ? config->lr : 1e-3);
  for (guint i = 0; i < N_STATE; i++)
    n += probe->state[i] != NULL;
  return n;
}

gboolean
lr_optimizer_reserve (LrOptimizer  *self,
                      GError      **error)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  n = lr_optimizer_config_count_state (&self->config);
  while (self->n_reserved < n)
    {
      gpointer block = g_try_malloc (MAX (state_bytes (self), 1));

      if (block == NULL)
        {
          g_autofree char *size = g_format_size ((guint64) n * state_bytes (self));

          g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                       "not enough memory for the state of %s: it needs %s", self->config.name, size);
          return FALSE;
        }
      self->reserved[self->n_reserved++] = block;
    }
  return TRUE;
}

gpointer
lr_optimizer_state (LrOptimizer *self,
                    guint        idx,
                    double       fill)
{
  g_assert (idx < N_STATE);

  if (self->state[idx] == NULL && self->n_params > 0)
    {
      gsize n = self->n_params;

      if (self->precision == LR_PRECISION_DOUBLE)
        {
          double *s = new_state_array (self);

          for (gsize i = 0; i < n; i++)
            s[i] = fill;
          self->state[idx] = s;
        }
      else
        {
          float *s = new_state_array (self);
          const float v = (float) fill;

          for (gsize i = 0; i < n; i++)
            s[i] = v;
          self->state[idx] = s;
        }
    }

  return self->state[idx];
}

gpointer
lr_optimizer_state_copy (LrOptimizer   *self,
                         guint          idx,
                         gconstpointer  src)
{
  g_assert (idx < N_STATE);

  if (self->state[idx] == NULL && self->n_params > 0)
    self->state[idx] = memcpy (new_state_array (self), src, state_bytes (self));
  return self->state[idx];
}

LrOptimizer *
lr_optimizer_new (const LrOptimizerConfig *config,
                  gsize                    n_params,
                  LrPrecision              precision)
{
  LrOptimizer *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (precision == LR_PRECISION_DOUBLE || precision == LR_PRECISION_FLOAT, NULL);

  self = g_new0 (LrOptimizer, 1);
  self->config = *config;
  self->initial = *config;
  self->n_params = n_params;
  self->precision = precision;
  clear_state (self);

  return self;
}

void
lr_optimizer_free (LrOptimizer *optimizer)
{
  if (optimizer == NULL)
    return;

  clear_state (optimizer);
  while (optimizer->n_reserved > 0)
    g_free (optimizer->reserved[--optimizer->n_reserved]);
  g_free (optimizer);
}

void
lr_optimizer_reset (LrOptimizer *optimizer)
{
  g_return_if_fail (optimizer != NULL);

  clear_state (optimizer);
  optimizer->config = optimizer->initial;
}

const LrOptimizerConfig *
lr_optimizer_get_config (const LrOptimizer *optimizer)
{
  g_return_val_if_fail (optimizer != NULL, NULL);

  return &optimizer->config;
}

gsize
lr_optimizer_get_n_params (const LrOptimizer *optimizer)
{
  g_return_val_if_fail (optimizer != NULL, 0);

  return optimizer->n_params;
}

guint64
lr_optimizer_get_step_count (const LrOptimizer *optimizer)
{
  g_return_val_if_fail (optimizer != NULL, 0);

  return optimizer->step;
}

/* As torch's cycle_momentum writes group['momentum'] or group['betas'][0]: it takes effect
 * from the next step on and leaves the accumulated state alone. */
void
lr_optimizer_set_momentum (LrOptimizer *optimizer,
                           double       momentum)
{
  g_return_if_fail (optimizer != NULL);

  switch (optimizer->config.rule)
    {
    case LR_RULE_SGD:
    case LR_RULE_RMSPROP:
    case LR_RULE_DADAPT_SGD:
    case LR_RULE_SGD_SCHEDULEFREE:
      optimizer->config.momentum = momentum;
      break;
    case LR_RULE_ADAM:
    case LR_RULE_ADAMW:
    case LR_RULE_ADAMAX:
    case LR_RULE_NADAM:
    case LR_RULE_RADAM:
    case LR_RULE_PRODIGY:
    case LR_RULE_DADAPT_ADAM:
    case LR_RULE_ADAMW_SCHEDULEFREE:
    case LR_RULE_LION:
      optimizer->config.beta1 = momentum;
      break;
    case LR_RULE_ADAGRAD:
    case LR_RULE_ADADELTA:
    case LR_RULE_DOG:
    default:
      break;
    }
}

/* Advances the step count and computes this step's scalars exactly as torch does in Python
 * floats (double). */
static void
prepare_step (LrOptimizer   *self,
              double         lr,
              LrStepScalars *sc)
{
  const LrOptimizerConfig *c = &self->config;
  double step;

  self->step++;
  step = (double) self->step;

  memset (sc, 0, sizeof *sc);
  sc->lr = lr;
  sc->weight_decay = c->weight_decay;
  sc->momentum = c->momentum;
  sc->dampening = c->dampening;
  sc->nesterov = c->nesterov;
  sc->initial_accumulator_value = c->initial_accumulator_value;
  sc->eps = c->eps;
  sc->alpha = c->alpha;
  sc->centered = c->centered;
  sc->rho = c->rho;
  sc->beta1 = c->beta1;
  sc->beta2 = c->beta2;
  sc->amsgrad = c->amsgrad;
  sc->decay = 1.0;

  switch (c->rule)
    {
    case LR_RULE_ADAGRAD:
      sc->clr = lr / (1 + (step - 1) * c->lr_decay);
      break;

    case LR_RULE_ADAMW:
      sc->decoupled = TRUE;
      sc->decay = 1 - lr * c->weight_decay;
      sc->weight_decay = 0.0;
      G_GNUC_FALLTHROUGH;
    case LR_RULE_ADAM:
      sc->bc1 = 1 - pow (c->beta1, step);
      sc->bc2 = 1 - pow (c->beta2, step);
      sc->clr = lr / sc->bc1;
      sc->bc2_sqrt = sqrt (sc->bc2);
      break;

    case LR_RULE_ADAMAX:
      sc->bc1 = 1 - pow (c->beta1, step);
      sc->clr = lr / sc->bc1;
      break;

    case LR_RULE_NADAM:
      {
        double mu = c->beta1 * (1. - 0.5 * pow (0.96, step * c->momentum_decay));
        double mu_next = c->beta1 * (1. - 0.5 * pow (0.96, (step + 1) * c->momentum_decay));
        double mu_product_next;

        sc->bc2 = 1 - pow (c->beta2, step);
        self->mu_product *= mu;
        mu_product_next = self->mu_product * mu * mu_next;
        sc->nadam_grad = -lr * (1. - mu) / (1. - self->mu_product);
        sc->nadam_avg = -lr * mu_next / (1. - mu_product_next);
      }
      break;

    case LR_RULE_RADAM:
      {
        double rho_inf, rho_t;

        sc->bc1 = 1 - pow (c->beta1, step);
        sc->bc2 = 1 - pow (c->beta2, step);
        rho_inf = 2 / (1 - c->beta2) - 1;
        rho_t = rho_inf - 2 * step * pow (c->beta2, step) / sc->bc2;
        if (rho_t > 5.)
          {
            sc->rectified = TRUE;
            sc->rect = sqrt ((rho_t - 4) * (rho_t - 2) * rho_inf /
                             ((rho_inf - 4) * (rho_inf - 2) * rho_t));
            sc->bc2_sqrt = sqrt (sc->bc2);
          }
      }
      break;

    case LR_RULE_SGD:
    case LR_RULE_RMSPROP:
    case LR_RULE_ADADELTA:
    case LR_RULE_PRODIGY:         /* lr-optimizer-lrfree.c */
    case LR_RULE_DADAPT_SGD:
    case LR_RULE_DADAPT_ADAM:
    case LR_RULE_DOG:
    case LR_RULE_SGD_SCHEDULEFREE:
    case LR_RULE_ADAMW_SCHEDULEFREE:
    case LR_RULE_LION:
    default:
      break;
    }
}

/* The rules of lr-optimizer-lrfree.c keep their own scalars and effective step. */
static gboolean
rule_is_lrfree (LrRule rule)
{
  return rule >= LR_RULE_PRODIGY;
}

void
lr_optimizer_step (LrOptimizer  *optimizer,
                   double       *params,
                   const double *grad,
                   double        lr)
{
  LrStepScalars sc;

  g_return_if_fail (optimizer != NULL);
  g_return_if_fail (optimizer->precision == LR_PRECISION_DOUBLE);
  g_return_if_fail (optimizer->n_params == 0 || (params != NULL && grad != NULL));

  if (rule_is_lrfree (optimizer->config.rule))
    {
      optimizer->step++;
      lr_lrfree_step_double (optimizer, params, grad, lr);
      return;
    }
  prepare_step (optimizer, lr, &sc);
  rule_dispatch_double (optimizer, &sc, params, grad);
  optimizer->effective_lr = lr;
}

void
lr_optimizer_step_float (LrOptimizer *optimizer,
                         float       *params,
                         const float *grad,
                         double       lr)
{
  LrStepScalars sc;

  g_return_if_fail (optimizer != NULL);
  g_return_if_fail (optimizer->precision == LR_PRECISION_FLOAT);
  g_return_if_fail (optimizer->n_params == 0 || (params != NULL && grad != NULL));

  if (rule_is_lrfree (optimizer->config.rule))
    {
      optimizer->step++;
      lr_lrfree_step_float (optimizer, params, grad, lr);
      return;
    }
  prepare_step (optimizer, lr, &sc);
  rule_dispatch_float (optimizer, &sc, params, grad);
  optimizer->effective_lr = lr;
}

double
lr_optimizer_get_effective_lr (const LrOptimizer *optimizer)
{
  g_return_val_if_fail (optimizer != NULL, NAN);

  return optimizer->effective_lr;
}

gboolean
lr_optimizer_config_is_lr_free (const LrOptimizerConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->rule == LR_RULE_PRODIGY || config->rule == LR_RULE_DADAPT_SGD ||
         config->rule == LR_RULE_DADAPT_ADAM || config->rule == LR_RULE_DOG;
}

gboolean
lr_optimizer_config_is_schedule_free (const LrOptimizerConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->rule == LR_RULE_SGD_SCHEDULEFREE || config->rule == LR_RULE_ADAMW_SCHEDULEFREE;
}

static void
set_mode (LrOptimizer *optimizer,
          gpointer     params,
          LrPrecision  precision,
          gboolean     eval)
{
  g_return_if_fail (optimizer != NULL);
  g_return_if_fail (optimizer->precision == precision);

  lr_lrfree_set_mode (optimizer, params, eval);
}

void
lr_optimizer_eval (LrOptimizer *optimizer,
                   double      *params)
{
  set_mode (optimizer, params, LR_PRECISION_DOUBLE, TRUE);
}

void
lr_optimizer_train (LrOptimizer *optimizer,
                    double      *params)
{
  set_mode (optimizer, params, LR_PRECISION_DOUBLE, FALSE);
}

void
lr_optimizer_eval_float (LrOptimizer *optimizer,
                         float       *params)
{
  set_mode (optimizer, params, LR_PRECISION_FLOAT, TRUE);
}

void
lr_optimizer_train_float (LrOptimizer *optimizer,
                          float       *params)
{
  set_mode (optimizer, params, LR_PRECISION_FLOAT, FALSE);
}

gconstpointer
lr_optimizer_get_base_sequence (const LrOptimizer *optimizer)
{
  g_return_val_if_fail (optimizer != NULL, NULL);

  if (!lr_optimizer_config_is_schedule_free (&optimizer->config))
    return NULL;
  return optimizer->state[STATE_SF_Z];
}
