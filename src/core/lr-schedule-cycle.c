/* lr-schedule-cycle.c: the schedules that rise and fall, with momentum (or
 * beta1) optionally cycled against the rate: onecycle and cyclic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-schedule-private.h"

static gboolean
check_cycle_momentum (const char             *name,
                      const LrScheduleParams *params,
                      LrScheduleState        *state,
                      GError                **error)
{
  state->cycle_momentum = lr_schedule_params_get (params, "cycle_momentum") != 0;
  if (state->cycle_momentum && state->base_momentum < 0)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "schedule %s: cycle_momentum=true, but the optimizer has no momentum or beta1 "
                   "to cycle", name);
      return FALSE;
    }
  return TRUE;
}

/* ---- onecycle (OneCycleLR) --------------------------------------------- */

typedef enum { LR_INITIAL, LR_MAX, LR_MIN } PhaseLr;
typedef enum { MOMENTUM_MAX, MOMENTUM_BASE } PhaseMomentum;

typedef struct {
  double        end_step;
  PhaseLr       start_lr, end_lr;
  PhaseMomentum start_m, end_m;
} Phase;

typedef struct {
  int      total_steps;
  gboolean anneal_linear;    /* anneal_strategy=linear, else cos */
  double   lr_initial, lr_max, lr_min;
  double   base_momentum, max_momentum;
  Phase    phases[3];
  guint    n_phases;
} OnecycleSchedule;

static const LrParamInfo onecycle_params[] = {
  { "max_lr", LR_PARAM_FLOAT, 0, "auto", 0, 1e12, LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, NULL, "peak learning rate (auto: the optimizer's lr)" },
  { "total_steps", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "length of the cycle (auto: the run length); later updates keep its last rate" },
  { "pct_start", LR_PARAM_FLOAT, 0.3, NULL, 0, 1, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, "fraction of the cycle spent rising" },
  { "anneal_strategy", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "cos|linear", "shape of the rise and fall" },
  { "div_factor", LR_PARAM_FLOAT, 25, NULL, 0, 1e12, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "initial lr = max_lr / div_factor" },
  { "final_div_factor", LR_PARAM_FLOAT, 1e4, NULL, 0, 1e12, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "final lr = initial lr / final_div_factor" },
  { "three_phase", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, "fall back to the initial lr before annihilating" },
  { "cycle_momentum", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, "cycle momentum (or beta1) inversely to the rate" },
  { "base_momentum", LR_PARAM_FLOAT, 0.85, NULL, 0, 1, 0, NULL, "lowest momentum" },
  { "max_momentum", LR_PARAM_FLOAT, 0.95, NULL, 0, 1, 0, NULL, "highest momentum" },
  LR_SCHEDULE_WARMUP_ROW,
};

/* torch's phases: up then down, or up, back down to the initial lr and on
 * to the minimum; every phase must have a length, or torch divides by zero. */
static gboolean
onecycle_set_phases (OnecycleSchedule *s,
                     double            pct,
                     gboolean          three_phase,
                     GError          **error)
{
  double total = s->total_steps;
  double start = 0;

  s->phases[0] = (Phase) { pct * total - 1, LR_INITIAL, LR_MAX, MOMENTUM_MAX, MOMENTUM_BASE };
  if (three_phase)
    {
      s->phases[1] = (Phase) { 2 * pct * total - 2, LR_MAX, LR_INITIAL, MOMENTUM_BASE, MOMENTUM_MAX };
      s->phases[2] = (Phase) { total - 1, LR_INITIAL, LR_MIN, MOMENTUM_MAX, MOMENTUM_MAX };
      s->n_phases = 3;
    }
  else
    {
      s->phases[1] = (Phase) { total - 1, LR_MAX, LR_MIN, MOMENTUM_BASE, MOMENTUM_MAX };
      s->n_phases = 2;
    }

  for (guint i = 0; i < s->n_phases; i++)
    {
      if (s->phases[i].end_step == start)
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "schedule onecycle: total_steps=%d with pct_start=%g leaves a phase "
                       "without updates; use more steps or another pct_start", s->total_steps, pct);
          return FALSE;
        }
      start = s->phases[i].end_step;
    }
  return TRUE;
}

static gboolean
onecycle_parse (gpointer                self,
                const LrScheduleParams *params,
                LrScheduleState        *state,
                GError                **error)
{
  OnecycleSchedule *s = self;
  double max_lr = lr_schedule_params_get (params, "max_lr");

  if (max_lr == 0)
    max_lr = state->base_lr;
  if (!(max_lr > 0))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "schedule onecycle: max_lr must be above 0 (the optimizer's lr is 0)");
      return FALSE;
    }
  s->total_steps = lr_schedule_auto_length (lr_schedule_params_get (params, "total_steps"), state->n_steps, 1);
  s->anneal_linear = lr_schedule_params_get (params, "anneal_strategy") != 0;
  s->lr_max = max_lr;
  s->lr_initial = max_lr / lr_schedule_params_get (params, "div_factor");
  s->lr_min = s->lr_initial / lr_schedule_params_get (params, "final_div_factor");
  s->base_momentum = lr_schedule_params_get (params, "base_momentum");
  s->max_momentum = lr_schedule_params_get (params, "max_momentum");
  if (!onecycle_set_phases (s, lr_schedule_params_get (params, "pct_start"),
                            lr_schedule_params_get (params, "three_phase") != 0, error))
    return FALSE;
  return check_cycle_momentum ("onecycle", params, state, error);
}

static double
anneal (const OnecycleSchedule *s,
        double                  start,
        double                  end,
        double                  pct)
{
  if (!s->anneal_linear)
    return end + (start - end) / 2.0 * (cos (G_PI * pct) + 1);
  return (end - start) * pct + start;
}

static void
onecycle_reset (gpointer         self,
                LrScheduleState *state)
{
  const OnecycleSchedule *s = self;

  state->lr = s->lr_initial;
}

static void
onecycle_compute (gpointer         self,
                  LrScheduleState *state)
{
  const OnecycleSchedule *s = self;
  /* torch computes step total_steps too (the last phase a little past its end) and
   * raises when stepped further; we hold that value for every later update. */
  double step_num = MIN (state->epoch, s->total_steps);
  double start_step = 0;
  double lrs[3] = { s->lr_initial, s->lr_max, s->lr_min };
  double ms[2] = { s->max_momentum, s->base_momentum };

  for (guint i = 0; i < s->n_phases; i++)
    {
      const Phase *ph = &s->phases[i];

      if (step_num <= ph->end_step || i == s->n_phases - 1)
        {
          double pct = (step_num - start_step) / (ph->end_step - start_step);

          state->lr = anneal (s, lrs[ph->start_lr], lrs[ph->end_lr], pct);
          state->momentum = anneal (s, ms[ph->start_m], ms[ph->end_m], pct);
          return;
        }
      start_step = ph->end_step;
    }
}

/* The run is characterised by its peak, max_lr, not the initial max_lr / div_factor. */
static double
onecycle_peak (gconstpointer          self,
               const LrScheduleState *state)
{
  const OnecycleSchedule *s = self;

  return s->lr_max;
}

const LrScheduleKind lr_schedule_kind_onecycle = {
  LR_SCHEDULE_KIND_INFO ("onecycle", "the 1cycle policy: rise to max_lr, then anneal far below (OneCycleLR)",
                         onecycle_params),
  sizeof (OnecycleSchedule), onecycle_parse, onecycle_reset, onecycle_compute, NULL,
  onecycle_peak,
};

/* ---- cyclic (CyclicLR) ------------------------------------------------- */

typedef enum { CYCLIC_TRIANGULAR, CYCLIC_TRIANGULAR2, CYCLIC_EXP_RANGE } CyclicMode;

typedef struct {
  double     base_lr, max_lr;
  double     step_size_up, step_size_down;
  CyclicMode mode;
  double     gamma;
  double     base_momentum, max_momentum;
} CyclicSchedule;

static const LrParamInfo cyclic_params[] = {
  { "base_lr", LR_PARAM_FLOAT, 0, "auto", 0, 1e12, LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, NULL, "lower bound (auto: the optimizer's lr)" },
  { "max_lr", LR_PARAM_FLOAT, 0, "auto", 0, 1e12, LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, NULL, "upper bound (auto: 10 × base_lr)" },
  { "step_size_up", LR_PARAM_INT, 2000, NULL, 1, 1e9, 0, NULL, "updates in the rising half" },
  { "step_size_down", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "updates in the falling half (auto: step_size_up)" },
  { "mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "triangular|triangular2|exp_range", "amplitude policy" },
  { "gamma", LR_PARAM_FLOAT, 1.0, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "exp_range: amplitude factor per update" },
  { "cycle_momentum", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, "cycle momentum (or beta1) inversely to the rate" },
  { "base_momentum", LR_PARAM_FLOAT, 0.8, NULL, 0, 1, 0, NULL, "lowest momentum" },
  { "max_momentum", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, 0, NULL, "highest momentum" },
  LR_SCHEDULE_WARMUP_ROW,
};

static gboolean
cyclic_parse (gpointer                self,
              const LrScheduleParams *params,
              LrScheduleState        *state,
              GError                **error)
{
  CyclicSchedule *s = self;
  double down = lr_schedule_params_get (params, "step_size_down");

  s->base_lr = lr_schedule_params_get (params, "base_lr");
  if (s->base_lr == 0)
    s->base_lr = state->base_lr;
  s->max_lr = lr_schedule_params_get (params, "max_lr");
  if (s->max_lr == 0)
    s->max_lr = 10 * s->base_lr;
  s->step_size_up = lr_schedule_params_get (params, "step_size_up");
  s->step_size_down = down == 0 ? s->step_size_up : down;
  s->mode = (CyclicMode) lr_schedule_params_get (params, "mode");
  s->gamma = lr_schedule_params_get (params, "gamma");
  s->base_momentum = lr_schedule_params_get (params, "base_momentum");
  s->max_momentum = lr_schedule_params_get (params, "max_momentum");
  return check_cycle_momentum ("cyclic", params, state, error);
}

static void
cyclic_reset (gpointer         self,
              LrScheduleState *state)
{
  const CyclicSchedule *s = self;

  state->lr = s->base_lr;
}

static void
cyclic_compute (gpointer         self,
                LrScheduleState *state)
{
  const CyclicSchedule *s = self;
  long e = state->epoch;
  double total = s->step_size_up + s->step_size_down;
  double ratio = s->step_size_up / total;
  double cycle = floor (1 + e / total);
  double x = 1. + e / total - cycle;
  double scale_factor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
  double sf;

  switch (s->mode)
    {
    case CYCLIC_TRIANGULAR2:
      sf = 1 / pow (2., cycle - 1);
      break;
    case CYCLIC_EXP_RANGE:
      sf = pow (s->gamma, (double) e);
      break;
    case CYCLIC_TRIANGULAR:
    default:
      sf = 1.;
      break;
    }
  /* exp_range with gamma > 1 overflows sf (torch raises OverflowError); a cycle's first
   * update still starts at base_lr instead of 0 × inf. */
  if (scale_factor == 0)
    sf = 1.;
  state->lr = s->base_lr + (s->max_lr - s->base_lr) * scale_factor * sf;
  state->momentum = s->max_momentum - (s->max_momentum - s->base_momentum) * scale_factor * sf;
}

/* The top of the cycle. */
static double
cyclic_peak (gconstpointer          self,
             const LrScheduleState *state)
{
  const CyclicSchedule *s = self;

  return s->max_lr;
}

const LrScheduleKind lr_schedule_kind_cyclic = {
  LR_SCHEDULE_KIND_INFO ("cyclic", "cycle between base_lr and max_lr (CyclicLR)", cyclic_params),
  sizeof (CyclicSchedule), cyclic_parse, cyclic_reset, cyclic_compute, NULL,
  cyclic_peak,
};
