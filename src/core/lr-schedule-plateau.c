/* lr-schedule-plateau.c: decay when a metric stops improving
 * (ReduceLROnPlateau), the one schedule driven by lr_schedule_observe()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-schedule-private.h"

typedef struct {
  gboolean maximize;          /* mode=max */
  gboolean threshold_abs;     /* threshold_mode=abs */
  double   factor;
  long     patience;
  double   threshold;
  long     cooldown;
  double   min_lr;
  double   eps;
  /* state */
  double   best;
  long     bad;               /* updates without improvement */
  long     cooldown_left;
} PlateauSchedule;

static const LrParamInfo plateau_params[] = {
  { "mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "min|max", "whether the loss should fall (min) or rise (max)" },
  { "factor", LR_PARAM_FLOAT, 0.1, NULL, 0, 1, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, "factor applied on a plateau" },
  { "patience", LR_PARAM_INT, 10, NULL, 0, 1e9, 0, NULL, "updates without improvement before decaying" },
  { "threshold", LR_PARAM_FLOAT, 1e-4, NULL, 0, 1e12, 0, NULL, "smallest change that counts as improvement" },
  { "threshold_mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "rel|abs", "threshold relative to the best value, or absolute" },
  { "cooldown", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL, "updates to wait after a decay" },
  { "min_lr", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, 0, NULL, "lowest learning rate" },
  { "eps", LR_PARAM_FLOAT, 1e-8, NULL, 0, 1e12, 0, NULL, "smallest decay that is applied" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
plateau_parse (gpointer                self,
               const LrScheduleParams *params,
               LrScheduleState        *state,
               GError                **error)
{
  PlateauSchedule *s = self;

  s->maximize = lr_schedule_params_get (params, "mode") != 0;
  s->threshold_abs = lr_schedule_params_get (params, "threshold_mode") != 0;
  s->factor = lr_schedule_params_get (params, "factor");
  s->patience = (long) lr_schedule_params_get (params, "patience");
  s->threshold = lr_schedule_params_get (params, "threshold");
  s->cooldown = (long) lr_schedule_params_get (params, "cooldown");
  s->min_lr = lr_schedule_params_get (params, "min_lr");
  s->eps = lr_schedule_params_get (params, "eps");
  return TRUE;
}

static void
plateau_reset (gpointer         self,
               LrScheduleState *state)
{
  PlateauSchedule *s = self;

  s->best = s->maximize ? -INFINITY : INFINITY;
  s->bad = 0;
  s->cooldown_left = 0;
}

static gboolean
is_better (const PlateauSchedule *s,
           double                 metric)
{
  /* A NaN metric is no improvement (every comparison fails), as in torch. */
  if (!s->maximize && !s->threshold_abs)
    return metric < s->best * (1. - s->threshold);
  if (!s->maximize)
    return metric < s->best - s->threshold;
  if (!s->threshold_abs)
    return metric > s->best * (s->threshold + 1.);
  return metric > s->best + s->threshold;
}

static void
plateau_observe (gpointer         self,
                 LrScheduleState *state,
                 double           metric)
{
  PlateauSchedule *s = self;

  state->epoch++;
  if (is_better (s, metric))
    {
      s->best = metric;
      s->bad = 0;
    }
  else
    s->bad++;

  if (s->cooldown_left > 0)
    {
      s->cooldown_left--;
      s->bad = 0;
    }

  if (s->bad > s->patience)
    {
      double old_lr = state->lr;
      double new_lr = MAX (old_lr * s->factor, s->min_lr);

      if (old_lr - new_lr > s->eps)
        state->lr = new_lr;
      s->cooldown_left = s->cooldown;
      s->bad = 0;
    }
}

const LrScheduleKind lr_schedule_kind_plateau = {
  LR_SCHEDULE_KIND_INFO ("plateau", "decay when the loss stops improving (ReduceLROnPlateau)", plateau_params),
  sizeof (PlateauSchedule), plateau_parse, plateau_reset, NULL, plateau_observe,
};
