/* lr-schedule.c: torch.optim.lr_scheduler values, stepped once per update
 *
 * Each schedule follows the recursive form torch uses when scheduler.step()
 * is called without an epoch (chainable get_lr()), so the values agree with
 * PyTorch's to the last bits, not only to the closed forms.
 *
 * Where torch 1.13 raises instead of giving a value, we differ on purpose:
 * onecycle keeps its value at total_steps for every later update; cyclic
 * exp_range with gamma > 1 starts each cycle at base_lr although its scale
 * overflows; cyclic also cycles Adam-style beta1 (as later torch versions
 * do).  An "auto" key written as 0 means auto, as in every spec.
 *
 * This file holds what every schedule shares (the warm-up, the canonical
 * spec, stepping); each kind's fields and values are in its own file
 * (lr-schedule-decay.c, -cosine.c, -cycle.c, -plateau.c), listed in the
 * table below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-schedule-private.h"

/* Every schedule, in the order lr_schedule_kinds() lists them. */
static const LrScheduleKind *const kind_table[] = {
  &lr_schedule_kind_constant,
  &lr_schedule_kind_step,
  &lr_schedule_kind_multistep,
  &lr_schedule_kind_exponential,
  &lr_schedule_kind_cosine,
  &lr_schedule_kind_cosine_restarts,
  &lr_schedule_kind_linear,
  &lr_schedule_kind_onecycle,
  &lr_schedule_kind_cyclic,
  &lr_schedule_kind_plateau,
  &lr_schedule_kind_wsd,
};

struct _LrSchedule
{
  const LrScheduleKind *kind;
  gpointer              data;       /* the kind's struct */
  char                 *spec;       /* canonical */
  LrParamValue         *values;
  guint                 n_values;
  guint                 warmup;
  guint                 updates;    /* for the warm-up */
  LrScheduleState       state;
};

const LrKindInfo *
lr_schedule_kinds (guint *n_kinds)
{
  static LrKindInfo infos[G_N_ELEMENTS (kind_table)];
  static gsize filled = 0;

  if (g_once_init_enter (&filled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (kind_table); i++)
        infos[i] = kind_table[i]->info;
      g_once_init_leave (&filled, 1);
    }
  *n_kinds = G_N_ELEMENTS (kind_table);
  return infos;
}

const LrParamValue *
lr_schedule_params_value (const LrScheduleParams *params,
                          const char             *key)
{
  for (guint i = 0; i < params->info->n_params; i++)
    if (g_str_equal (params->info->params[i].key, key))
      return &params->values[i];
  g_assert_not_reached ();
}

double
lr_schedule_params_get (const LrScheduleParams *params,
                        const char             *key)
{
  return lr_schedule_params_value (params, key)->value;
}

int
lr_schedule_auto_length (double value,
                         guint  n_steps,
                         guint  divisor)
{
  if (value != 0)
    return (int) value;
  return MAX (1, (int) MIN (n_steps / divisor, G_MAXINT / 4));
}

void
lr_schedule_reset (LrSchedule *self)
{
  LrScheduleState *state;

  g_return_if_fail (self != NULL);

  state = &self->state;
  self->updates = 0;
  state->epoch = 0;
  state->lr = state->base_lr;
  state->momentum = state->base_momentum;
  if (self->kind->reset != NULL)
    self->kind->reset (self->data, state);

  /* The constructor's initial step, at epoch 0. */
  if (self->kind->compute != NULL)
    self->kind->compute (self->data, state);
}

static char *
canonical_spec (const LrSchedule *self)
{
  const LrKindInfo *kind = &self->kind->info;
  GString *s = g_string_new (kind->name);
  gboolean first = TRUE;

  for (guint i = 0; i < kind->n_params; i++)
    {
      const LrParamInfo *info = &kind->params[i];
      const LrParamValue *v = &self->values[i];
      g_autofree char *text = NULL;
      g_autofree char *def = lr_param_format_default (info);

      switch (info->type)
        {
        case LR_PARAM_LIST:
          {
            GString *l = g_string_new (NULL);

            for (guint j = 0; j < v->n_list; j++)
              g_string_append_printf (l, "%s%.0f", j ? "/" : "", v->list[j]);
            text = g_string_free (l, FALSE);
          }
          break;
        case LR_PARAM_BOOL:
          text = g_strdup (v->value != 0 ? "true" : "false");
          break;
        case LR_PARAM_CHOICE:
          {
            g_auto(GStrv) choices = g_strsplit (info->choices, "|", -1);
            text = g_strdup (choices[(guint) v->value]);
          }
          break;
        case LR_PARAM_INT:
          text = (info->flags & LR_PARAM_FLAG_AUTO) && v->value == 0 ? g_strdup ("auto")
                                                                      : g_strdup_printf ("%.0f", v->value);
          break;
        case LR_PARAM_FLOAT:
        default:
          if ((info->flags & LR_PARAM_FLAG_AUTO) && v->value == 0)
            text = g_strdup ("auto");
          else if (info->def_text == NULL && v->value == info->def)
            text = g_strdup (def);
          else
            text = lr_format_double (v->value);
          break;
        }

      if (g_strcmp0 (text, def) == 0 ||
          (info->type == LR_PARAM_FLOAT && info->def_text != NULL && !(info->flags & LR_PARAM_FLAG_AUTO) &&
           v->value == info->def))
        continue;
      g_string_append_printf (s, "%s%s=%s", first ? ":" : ",", info->key, text);
      first = FALSE;
    }
  return g_string_free (s, FALSE);
}

LrSchedule *
lr_schedule_new_from_spec (const LrSpec  *spec,
                           double         base_lr,
                           double         base_momentum,
                           guint          n_steps,
                           GError       **error)
{
  const LrKindInfo *infos, *info;
  LrScheduleParams params;
  LrSchedule *self;
  guint n_kinds;

  g_return_val_if_fail (spec != NULL, NULL);

  infos = lr_schedule_kinds (&n_kinds);
  info = lr_kind_lookup ("schedule", infos, n_kinds, spec->name, error);
  if (info == NULL)
    return NULL;

  self = g_new0 (LrSchedule, 1);
  self->kind = kind_table[info - infos];
  self->data = g_malloc0 (MAX (self->kind->size, 1));
  self->state.base_lr = base_lr;
  self->state.base_momentum = base_momentum;
  self->state.n_steps = n_steps;
  self->n_values = info->n_params;
  self->values = lr_params_resolve ("schedule", info, spec, error);
  if (self->values == NULL)
    {
      lr_schedule_free (self);
      return NULL;
    }
  params = (LrScheduleParams) { info, self->values };
  self->warmup = (guint) lr_schedule_params_get (&params, "warmup");
  if (!self->kind->parse (self->data, &params, &self->state, error))
    {
      lr_schedule_free (self);
      return NULL;
    }
  self->spec = canonical_spec (self);
  lr_schedule_reset (self);
  return self;
}

LrSchedule *
lr_schedule_new (const char  *spec,
                 double       base_lr,
                 double       base_momentum,
                 guint        n_steps,
                 GError     **error)
{
  g_autoptr(LrSpec) parsed = NULL;

  if (spec == NULL || *spec == '\0')
    spec = "constant";
  parsed = lr_spec_parse (spec, error);
  if (parsed == NULL)
    return NULL;
  return lr_schedule_new_from_spec (parsed, base_lr, base_momentum, n_steps, error);
}

void
lr_schedule_free (LrSchedule *schedule)
{
  if (schedule == NULL)
    return;
  lr_param_values_free (schedule->values, schedule->n_values);
  g_free (schedule->data);
  g_free (schedule->spec);
  g_free (schedule);
}

const char *
lr_schedule_get_name (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, NULL);
  return schedule->kind->info.name;
}

char *
lr_schedule_to_spec (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, NULL);
  return g_strdup (schedule->spec);
}

double
lr_schedule_get_lr (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, NAN);

  /* LinearLR(1/N, 1, N − 1) on top of the main schedule */
  if (schedule->updates < schedule->warmup)
    return schedule->state.lr * ((double) (schedule->updates + 1) / schedule->warmup);
  return schedule->state.lr;
}

double
lr_schedule_get_characteristic_lr (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, NAN);

  if (schedule->kind->characteristic_lr != NULL)
    return schedule->kind->characteristic_lr (schedule->data, &schedule->state);
  return schedule->state.base_lr;
}

double
lr_schedule_spec_characteristic_lr (const char *spec,
                                    double      base_lr,
                                    guint       n_steps)
{
  g_autoptr(LrSchedule) schedule = lr_schedule_new (spec, base_lr, -1, n_steps, NULL);

  return schedule != NULL ? lr_schedule_get_characteristic_lr (schedule) : base_lr;
}

gboolean
lr_schedule_get_momentum (const LrSchedule *schedule,
                          double           *momentum)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!schedule->state.cycle_momentum)
    return FALSE;
  if (momentum != NULL)
    *momentum = schedule->state.momentum;
  return TRUE;
}

void
lr_schedule_step (LrSchedule *schedule)
{
  g_return_if_fail (schedule != NULL);

  if (schedule->updates < G_MAXUINT)
    schedule->updates++;
  if (schedule->kind->observe != NULL)
    return;

  schedule->state.epoch++;
  if (schedule->kind->compute != NULL)
    schedule->kind->compute (schedule->data, &schedule->state);
}

void
lr_schedule_observe (LrSchedule *schedule,
                     double      metric)
{
  g_return_if_fail (schedule != NULL);

  if (schedule->kind->observe != NULL)
    schedule->kind->observe (schedule->data, &schedule->state, metric);
}

gboolean
lr_schedule_is_metric_driven (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, FALSE);
  return schedule->kind->observe != NULL;
}
