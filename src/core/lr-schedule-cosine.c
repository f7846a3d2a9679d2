/* lr-schedule-cosine.c: cosine annealing, once (cosine) and with warm
 * restarts (cosine_restarts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-schedule-private.h"

/* Python's a % b for b > 0 */
static long
pymod (long a,
       long b)
{
  long r = a % b;
  return r < 0 ? r + b : r;
}

/* ---- cosine (CosineAnnealingLR) ---------------------------------------- */

typedef struct {
  int    T_max;
  double eta_min;
} CosineSchedule;

static const LrParamInfo cosine_params[] = {
  { "T_max", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "updates of the half period (auto: the run length)" },
  { "eta_min", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, 0, NULL, "lowest learning rate" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
cosine_parse (gpointer                self,
              const LrScheduleParams *params,
              LrScheduleState        *state,
              GError                **error)
{
  CosineSchedule *s = self;

  s->T_max = lr_schedule_auto_length (lr_schedule_params_get (params, "T_max"), state->n_steps, 1);
  s->eta_min = lr_schedule_params_get (params, "eta_min");
  return TRUE;
}

static void
cosine_compute (gpointer         self,
                LrScheduleState *state)
{
  const CosineSchedule *s = self;
  double t_max = s->T_max, eta_min = s->eta_min;
  long e = state->epoch;

  if (e == 0)
    return;
  if (pymod (e - 1 - s->T_max, 2 * s->T_max) == 0)
    state->lr = state->lr + (state->base_lr - eta_min) * (1 - cos (G_PI / t_max)) / 2;
  else
    state->lr = (1 + cos (G_PI * e / t_max)) / (1 + cos (G_PI * (e - 1) / t_max)) *
                (state->lr - eta_min) + eta_min;
}

const LrScheduleKind lr_schedule_kind_cosine = {
  LR_SCHEDULE_KIND_INFO ("cosine", "cosine annealing to eta_min over T_max updates (CosineAnnealingLR)", cosine_params),
  sizeof (CosineSchedule), cosine_parse, NULL, cosine_compute, NULL,
};

/* ---- cosine_restarts (CosineAnnealingWarmRestarts) --------------------- */

typedef struct {
  int    T_0;
  int    T_mult;
  double eta_min;
  /* state */
  long   t_cur;          /* updates into the current period */
  long   t_i;            /* the current period */
} CosineRestartsSchedule;

static const LrParamInfo cosine_restarts_params[] = {
  { "T_0", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "updates until the first restart (auto: a quarter of the run)" },
  { "T_mult", LR_PARAM_INT, 1, NULL, 1, 1000, 0, NULL, "factor by which each period grows" },
  { "eta_min", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, 0, NULL, "lowest learning rate" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
cosine_restarts_parse (gpointer                self,
                       const LrScheduleParams *params,
                       LrScheduleState        *state,
                       GError                **error)
{
  CosineRestartsSchedule *s = self;

  s->T_0 = lr_schedule_auto_length (lr_schedule_params_get (params, "T_0"), state->n_steps, 4);
  s->T_mult = (int) lr_schedule_params_get (params, "T_mult");
  s->eta_min = lr_schedule_params_get (params, "eta_min");
  return TRUE;
}

static void
cosine_restarts_reset (gpointer         self,
                       LrScheduleState *state)
{
  CosineRestartsSchedule *s = self;

  s->t_cur = 0;
  s->t_i = s->T_0;
}

static void
cosine_restarts_compute (gpointer         self,
                         LrScheduleState *state)
{
  CosineRestartsSchedule *s = self;

  if (state->epoch != 0)
    {
      s->t_cur++;
      if (s->t_cur >= s->t_i)
        {
          s->t_cur -= s->t_i;
          /* Periods beyond any run length stop growing. */
          if (s->t_i <= G_MAXINT / MAX (s->T_mult, 1))
            s->t_i *= s->T_mult;
        }
    }
  state->lr = s->eta_min + (state->base_lr - s->eta_min) *
              (1 + cos (G_PI * (double) s->t_cur / (double) s->t_i)) / 2;
}

const LrScheduleKind lr_schedule_kind_cosine_restarts = {
  LR_SCHEDULE_KIND_INFO ("cosine_restarts", "cosine annealing with warm restarts (CosineAnnealingWarmRestarts)",
                         cosine_restarts_params),
  sizeof (CosineRestartsSchedule), cosine_restarts_parse, cosine_restarts_reset, cosine_restarts_compute, NULL,
};
