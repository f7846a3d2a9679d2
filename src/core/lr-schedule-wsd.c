/* lr-schedule-wsd.c: the warmup–stable–decay schedule
 *
 * The factor is transformers' _get_wsd_scheduler_lambda term by term, applied by a LambdaLR:
 * with W, S, D the warm-up, stable and decay lengths and m = min_lr_ratio,
 *   k < W:          p = k/max(1, W), f = p | ½(1 − cos πp) | 1 − √(1 − p), then max(0, m + (1 − m)f)
 *   k < W + S:      1
 *   k < W + S + D:  p = (k − W − S)/max(1, D), f = 1 − p | ½(1 + cos 2π·num_cycles·p) | 1 − √p,
 *                   then max(0, m + (1 − m)f)
 *   after:          m
 * stable_steps and decay_steps, which transformers requires, may be left to the run length:
 * "auto" (or 0) is a fifth of the run for the decay and the rest for the stable phase.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-schedule-private.h"
#include "lr-schedule-wsd.h"

#define SHAPES "linear|cosine|1-sqrt"

const LrParamInfo lr_wsd_params[8] = {
  { "warmup_steps", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL,
    "updates of the warm-up from min_lr_ratio to the full rate" },
  { "stable_steps", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL,
    "updates at the full rate (auto: the rest of the run after warm-up and decay)" },
  { "decay_steps", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL,
    "updates of the decay, the cooldown, to min_lr_ratio (auto: a fifth of the run)" },
  { "warmup_type", LR_PARAM_CHOICE, LR_WSD_LINEAR, NULL, 0, 0, 0, SHAPES,
    "shape of the warm-up" },
  { "decay_type", LR_PARAM_CHOICE, LR_WSD_COSINE, NULL, 0, 0, 0, SHAPES,
    "shape of the decay" },
  { "min_lr_ratio", LR_PARAM_FLOAT, 0, NULL, 0, 1, 0, NULL,
    "lowest rate, as a fraction of the optimizer's lr" },
  { "num_cycles", LR_PARAM_FLOAT, 0.5, NULL, 0, 1e6, 0, NULL,
    "cosine decay: cycles of the cosine over the decay (0.5: one fall)" },
  { "warmup", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL,
    "linear warm-up: the first N updates use (k+1)/N of the rate" },
};

/* Python's max(0.0, f) */
static double
nonnegative (double f)
{
  return f > 0.0 ? f : 0.0;
}

gboolean
lr_wsd_resolve (LrWsd               *wsd,
                const LrParamValue  *values,
                guint                n_steps,
                GError             **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  wsd->warmup_steps = values[0].value;
  wsd->stable_steps = values[1].value;
  wsd->decay_steps = values[2].value;
  wsd->warmup_type = (LrWsdShape) values[3].value;
  wsd->decay_type = (LrWsdShape) values[4].value;
  wsd->min_lr_ratio = values[5].value;
  wsd->num_cycles = values[6].value;

  /* auto: a ~20 % cooldown (Hägele et al. 2024), the stable phase fills the rest. */
  if (wsd->decay_steps == 0)
    wsd->decay_steps = MAX (1, n_steps / 5);
  if (wsd->stable_steps == 0)
    wsd->stable_steps = MAX (0., (double) n_steps - wsd->warmup_steps - wsd->decay_steps);
  return TRUE;
}

double
lr_wsd_factor (const LrWsd *wsd,
               long         k)
{
  double step = (double) k;
  double m = wsd->min_lr_ratio;
  double progress, factor;

  if (step < wsd->warmup_steps)
    {
      progress = step / MAX (1., wsd->warmup_steps);
      switch (wsd->warmup_type)
        {
        case LR_WSD_COSINE:
          factor = 0.5 * (1.0 - cos (G_PI * progress));
          break;
        case LR_WSD_1_SQRT:
          factor = 1.0 - sqrt (1.0 - progress);
          break;
        case LR_WSD_LINEAR:
        default:
          factor = progress;
          break;
        }
      return nonnegative (factor * (1.0 - m) + m);
    }

  if (step < wsd->warmup_steps + wsd->stable_steps)
    return 1.0;

  if (step < wsd->warmup_steps + wsd->stable_steps + wsd->decay_steps)
    {
      progress = (step - wsd->warmup_steps - wsd->stable_steps) / MAX (1., wsd->decay_steps);
      switch (wsd->decay_type)
        {
        case LR_WSD_LINEAR:
          factor = 1.0 - progress;
          break;
        case LR_WSD_1_SQRT:
          factor = 1.0 - sqrt (progress);
          break;
        case LR_WSD_COSINE:
        default:
          factor = 0.5 * (1.0 + cos (G_PI * wsd->num_cycles * 2.0 * progress));
          break;
        }
      return nonnegative (factor * (1.0 - m) + m);
    }

  return m;
}

/* ---- the kind ------------------------------------------------------------- */

static gboolean
wsd_parse (gpointer                self,
           const LrScheduleParams *params,
           LrScheduleState        *state,
           GError                **error)
{
  return lr_wsd_resolve (self, params->values, state->n_steps, error);
}

static void
wsd_compute (gpointer         self,
             LrScheduleState *state)
{
  state->lr = state->base_lr * lr_wsd_factor (self, state->epoch);
}

const LrScheduleKind lr_schedule_kind_wsd = {
  LR_SCHEDULE_KIND_INFO ("wsd", "warm-up, a stable phase at the full rate, then a short decay "
                         "(warmup–stable–decay)", lr_wsd_params),
  sizeof (LrWsd),
  wsd_parse,
  NULL,
  wsd_compute,
  NULL,
};
