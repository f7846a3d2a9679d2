/* lr-schedule-decay.c: the schedules that scale the rate by fixed factors:
 * constant, step, multistep, exponential and linear
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-schedule-private.h"

/* ---- constant ---------------------------------------------------------- */

static const LrParamInfo constant_params[] = {
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
constant_parse (gpointer                self,
                const LrScheduleParams *params,
                LrScheduleState        *state,
                GError                **error)
{
  return TRUE;
}

const LrScheduleKind lr_schedule_kind_constant = {
  LR_SCHEDULE_KIND_INFO ("constant", "the optimizer's learning rate throughout", constant_params),
  0, constant_parse, NULL, NULL, NULL,
};

/* ---- step (StepLR) ----------------------------------------------------- */

typedef struct {
  long   step_size;
  double gamma;
} StepSchedule;

static const LrParamInfo step_params[] = {
  { "step_size", LR_PARAM_INT, 30, NULL, 1, 1e9, 0, NULL, "updates between decays" },
  { "gamma", LR_PARAM_FLOAT, 0.1, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor applied at each decay" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
step_parse (gpointer                self,
            const LrScheduleParams *params,
            LrScheduleState        *state,
            GError                **error)
{
  StepSchedule *s = self;

  s->step_size = (int) lr_schedule_params_get (params, "step_size");
  s->gamma = lr_schedule_params_get (params, "gamma");
  return TRUE;
}

static void
step_compute (gpointer         self,
              LrScheduleState *state)
{
  const StepSchedule *s = self;

  if (state->epoch != 0 && state->epoch % s->step_size == 0)
    state->lr = state->lr * s->gamma;
}

const LrScheduleKind lr_schedule_kind_step = {
  LR_SCHEDULE_KIND_INFO ("step", "decay by gamma every step_size updates (StepLR)", step_params),
  sizeof (StepSchedule), step_parse, NULL, step_compute, NULL,
};

/* ---- multistep (MultiStepLR) ------------------------------------------- */

typedef struct {
  const LrParamValue *milestones;   /* the schedule's own values */
  double              gamma;
} MultistepSchedule;

static const LrParamInfo multistep_params[] = {
  { "milestones", LR_PARAM_LIST, 0, "30/80", 1, 1e9, 0, NULL, "updates at which to decay, increasing, separated by '/'" },
  { "gamma", LR_PARAM_FLOAT, 0.1, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor applied at each milestone" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
multistep_parse (gpointer                self,
                 const LrScheduleParams *params,
                 LrScheduleState        *state,
                 GError                **error)
{
  MultistepSchedule *s = self;
  const LrParamValue *m = lr_schedule_params_value (params, "milestones");

  if (m->n_list == 0)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE, "schedule multistep: milestones is empty");
      return FALSE;
    }
  for (guint i = 1; i < m->n_list; i++)
    if (m->list[i] <= m->list[i - 1])
      {
        g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                     "schedule multistep: milestones must increase (%.0f follows %.0f)",
                     m->list[i], m->list[i - 1]);
        return FALSE;
      }
  s->milestones = m;
  s->gamma = lr_schedule_params_get (params, "gamma");
  return TRUE;
}

static void
multistep_compute (gpointer         self,
                   LrScheduleState *state)
{
  const MultistepSchedule *s = self;
  int count = 0;

  for (guint i = 0; i < s->milestones->n_list; i++)
    if ((long) s->milestones->list[i] == state->epoch)
      count++;
  if (count > 0)
    state->lr = state->lr * pow (s->gamma, count);
}

const LrScheduleKind lr_schedule_kind_multistep = {
  LR_SCHEDULE_KIND_INFO ("multistep", "decay by gamma at each milestone (MultiStepLR)", multistep_params),
  sizeof (MultistepSchedule), multistep_parse, NULL, multistep_compute, NULL,
};

/* ---- exponential (ExponentialLR) --------------------------------------- */

typedef struct {
  double gamma;
} ExponentialSchedule;

static const LrParamInfo exponential_params[] = {
  { "gamma", LR_PARAM_FLOAT, 0.99, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor applied after every update" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
exponential_parse (gpointer                self,
                   const LrScheduleParams *params,
                   LrScheduleState        *state,
                   GError                **error)
{
  ExponentialSchedule *s = self;

  s->gamma = lr_schedule_params_get (params, "gamma");
  return TRUE;
}

static void
exponential_compute (gpointer         self,
                     LrScheduleState *state)
{
  const ExponentialSchedule *s = self;

  if (state->epoch != 0)
    state->lr = state->lr * s->gamma;
}

const LrScheduleKind lr_schedule_kind_exponential = {
  LR_SCHEDULE_KIND_INFO ("exponential", "decay by gamma after every update (ExponentialLR)", exponential_params),
  sizeof (ExponentialSchedule), exponential_parse, NULL, exponential_compute, NULL,
};

/* ---- linear (LinearLR) ------------------------------------------------- */

typedef struct {
  double start_factor;
  double end_factor;
  long   total_iters;
} LinearSchedule;

static const LrParamInfo linear_params[] = {
  { "start_factor", LR_PARAM_FLOAT, 1.0 / 3, "0.3333333333333333", 0, 1, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor at the first update" },
  { "end_factor", LR_PARAM_FLOAT, 1.0, NULL, 0, 1, 0, NULL, "factor after total_iters updates" },
  { "total_iters", LR_PARAM_INT, 5, NULL, 1, 1e9, 0, NULL, "updates over which the factor changes" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
linear_parse (gpointer                self,
              const LrScheduleParams *params,
              LrScheduleState        *state,
              GError                **error)
{
  LinearSchedule *s = self;

  s->start_factor = lr_schedule_params_get (params, "start_factor");
  s->end_factor = lr_schedule_params_get (params, "end_factor");
  s->total_iters = (int) lr_schedule_params_get (params, "total_iters");
  return TRUE;
}

static void
linear_compute (gpointer         self,
                LrScheduleState *state)
{
  const LinearSchedule *s = self;
  double sf = s->start_factor, ef = s->end_factor;
  long e = state->epoch;

  if (e == 0)
    state->lr = state->lr * sf;
  else if (e <= s->total_iters)
    state->lr = state->lr * (1. + (ef - sf) / (s->total_iters * sf + (e - 1) * (ef - sf)));
}

const LrScheduleKind lr_schedule_kind_linear = {
  LR_SCHEDULE_KIND_INFO ("linear", "linear change of a factor over total_iters updates (LinearLR)", linear_params),
  sizeof (LinearSchedule), linear_parse, NULL, linear_compute, NULL,
};
