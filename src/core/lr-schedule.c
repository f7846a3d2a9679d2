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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-schedule.h"
#include "lr-schedule-wsd.h"

typedef enum {
  K_CONSTANT,
  K_STEP,
  K_MULTISTEP,
  K_EXPONENTIAL,
  K_COSINE,
  K_COSINE_RESTARTS,
  K_LINEAR,
  K_ONECYCLE,
  K_CYCLIC,
  K_PLATEAU,
  K_WSD,
} Kind;

#define WARMUP_ROW \
  { "warmup", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL, "linear warm-up: the first N updates use (k+1)/N of the rate" }

static const LrParamInfo constant_params[] = {
  WARMUP_ROW,
};

static const LrParamInfo step_params[] = {
  { "step_size", LR_PARAM_INT, 30, NULL, 1, 1e9, 0, NULL, "updates between decays" },
  { "gamma", LR_PARAM_FLOAT, 0.1, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor applied at each decay" },
  WARMUP_ROW,
};

static const LrParamInfo multistep_params[] = {
  { "milestones", LR_PARAM_LIST, 0, "30/80", 1, 1e9, 0, NULL, "updates at which to decay, increasing, separated by '/'" },
  { "gamma", LR_PARAM_FLOAT, 0.1, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor applied at each milestone" },
  WARMUP_ROW,
};

static const LrParamInfo exponential_params[] = {
  { "gamma", LR_PARAM_FLOAT, 0.99, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor applied after every update" },
  WARMUP_ROW,
};

static const LrParamInfo cosine_params[] = {
  { "T_max", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "updates of the half period (auto: the run length)" },
  { "eta_min", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, 0, NULL, "lowest learning rate" },
  WARMUP_ROW,
};

static const LrParamInfo cosine_restarts_params[] = {
  { "T_0", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "updates until the first restart (auto: a quarter of the run)" },
  { "T_mult", LR_PARAM_INT, 1, NULL, 1, 1000, 0, NULL, "factor by which each period grows" },
  { "eta_min", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, 0, NULL, "lowest learning rate" },
  WARMUP_ROW,
};

static const LrParamInfo linear_params[] = {
  { "start_factor", LR_PARAM_FLOAT, 1.0 / 3, "0.3333333333333333", 0, 1, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "factor at the first update" },
  { "end_factor", LR_PARAM_FLOAT, 1.0, NULL, 0, 1, 0, NULL, "factor after total_iters updates" },
  { "total_iters", LR_PARAM_INT, 5, NULL, 1, 1e9, 0, NULL, "updates over which the factor changes" },
  WARMUP_ROW,
};

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
  WARMUP_ROW,
};

static const LrParamInfo cyclic_params[] = {
  { "base_lr", LR_PARAM_FLOAT, 0, "auto", 0, 1e12, LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_LOG, NULL, "lower bound (auto: the optimizer's lr)" },
  { "max_lr", LR_PARAM_FLOAT, 0, "auto", 0, 1e12, LR_PARAM_FLAG_AUTO | LR_PARAM_FLAG_LOG, NULL, "upper bound (auto: 10 × base_lr)" },
  { "step_size_up", LR_PARAM_INT, 2000, NULL, 1, 1e9, 0, NULL, "updates in the rising half" },
  { "step_size_down", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "updates in the falling half (auto: step_size_up)" },
  { "mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "triangular|triangular2|exp_range", "amplitude policy" },
  { "gamma", LR_PARAM_FLOAT, 1.0, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE, NULL, "exp_range: amplitude factor per update" },
  { "cycle_momentum", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, "cycle momentum (or beta1) inversely to the rate" },
  { "base_momentum", LR_PARAM_FLOAT, 0.8, NULL, 0, 1, 0, NULL, "lowest momentum" },
  { "max_momentum", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, 0, NULL, "highest momentum" },
  WARMUP_ROW,
};

static const LrParamInfo plateau_params[] = {
  { "mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "min|max", "whether the loss should fall (min) or rise (max)" },
  { "factor", LR_PARAM_FLOAT, 0.1, NULL, 0, 1, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, "factor applied on a plateau" },
  { "patience", LR_PARAM_INT, 10, NULL, 0, 1e9, 0, NULL, "updates without improvement before decaying" },
  { "threshold", LR_PARAM_FLOAT, 1e-4, NULL, 0, 1e12, 0, NULL, "smallest change that counts as improvement" },
  { "threshold_mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "rel|abs", "threshold relative to the best value, or absolute" },
  { "cooldown", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL, "updates to wait after a decay" },
  { "min_lr", LR_PARAM_FLOAT, 0, NULL, 0, 1e12, 0, NULL, "lowest learning rate" },
  { "eps", LR_PARAM_FLOAT, 1e-8, NULL, 0, 1e12, 0, NULL, "smallest decay that is applied" },
  WARMUP_ROW,
};

static const LrKindInfo kinds[] = {
  { "constant", "the optimizer's learning rate throughout", constant_params, G_N_ELEMENTS (constant_params) },
  { "step", "decay by gamma every step_size updates (StepLR)", step_params, G_N_ELEMENTS (step_params) },
  { "multistep", "decay by gamma at each milestone (MultiStepLR)", multistep_params, G_N_ELEMENTS (multistep_params) },
  { "exponential", "decay by gamma after every update (ExponentialLR)", exponential_params, G_N_ELEMENTS (exponential_params) },
  { "cosine", "cosine annealing to eta_min over T_max updates (CosineAnnealingLR)", cosine_params, G_N_ELEMENTS (cosine_params) },
  { "cosine_restarts", "cosine annealing with warm restarts (CosineAnnealingWarmRestarts)", cosine_restarts_params, G_N_ELEMENTS (cosine_restarts_params) },
  { "linear", "linear change of a factor over total_iters updates (LinearLR)", linear_params, G_N_ELEMENTS (linear_params) },
  { "onecycle", "the 1cycle policy: rise to max_lr, then anneal far below (OneCycleLR)", onecycle_params, G_N_ELEMENTS (onecycle_params) },
  { "cyclic", "cycle between base_lr and max_lr (CyclicLR)", cyclic_params, G_N_ELEMENTS (cyclic_params) },
  { "plateau", "decay when the loss stops improving (ReduceLROnPlateau)", plateau_params, G_N_ELEMENTS (plateau_params) },
  { "wsd", "warm-up, a stable phase at the full rate, then a short decay (warmup–stable–decay)", lr_wsd_params, G_N_ELEMENTS (lr_wsd_params) },
};

typedef struct {
  double end_step;
  int    start_lr, end_lr;       /* 0 initial, 1 max, 2 min */
  int    start_m, end_m;         /* 0 max_momentum, 1 base_momentum */
} Phase;

struct _LrSchedule
{
  Kind          kind;
  char         *spec;
  LrParamValue *values;
  guint         n_values;

  /* inputs */
  double        base_lr;
  double        base_momentum;
  guint         n_steps;

  /* resolved settings */
  guint         warmup;
  double        a, b, c, d;      /* kind-specific numbers, see lr_schedule_reset */
  int           ia, ib, ic;
  gboolean      cycle_momentum;
  double        m_base, m_max;
  double        lr_lo, lr_hi, lr_min;
  Phase         phases[3];
  guint         n_phases;
  LrWsd         wsd;

  /* state */
  long          epoch;           /* torch's last_epoch */
  guint         updates;         /* for the warm-up */
  double        lr;              /* the main schedule's group lr */
  double        momentum;
  long          t_cur, t_i;      /* cosine_restarts */
  double        best;            /* plateau */
  long          bad, cooldown_left;
};

const LrKindInfo *
lr_schedule_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

static double
val (const LrSchedule *self,
     const char       *key)
{
  const LrKindInfo *kind = &kinds[self->kind];

  for (guint i = 0; i < kind->n_params; i++)
    if (g_str_equal (kind->params[i].key, key))
      return self->values[i].value;
  g_assert_not_reached ();
}

static const LrParamValue *
value_of (const LrSchedule *self,
          const char       *key)
{
  const LrKindInfo *kind = &kinds[self->kind];

  for (guint i = 0; i < kind->n_params; i++)
    if (g_str_equal (kind->params[i].key, key))
      return &self->values[i];
  g_assert_not_reached ();
}

/* Python's a % b for b > 0 */
static long
pymod (long a,
       long b)
{
  long r = a % b;
  return r < 0 ? r + b : r;
}

static double
anneal (const LrSchedule *self,
        double            start,
        double            end,
        double            pct)
{
  if (self->ia == 0)
    return end + (start - end) / 2.0 * (cos (G_PI * pct) + 1);
  return (end - start) * pct + start;
}

/* The main schedule's value at self->epoch, from the previous one. */
static void
compute (LrSchedule *self)
{
  long e = self->epoch;

  switch (self->kind)
    {
    case K_CONSTANT:
    case K_PLATEAU:
      break;

    case K_WSD:
      self->lr = self->base_lr * lr_wsd_factor (&self->wsd, e);
      break;

    case K_STEP:
      if (e != 0 && e % self->ia == 0)
        self->lr = self->lr * self->a;
      break;

    case K_MULTISTEP:
      {
        const LrParamValue *m = value_of (self, "milestones");
        int count = 0;

        for (guint i = 0; i < m->n_list; i++)
          if ((long) m->list[i] == e)
            count++;
        if (count > 0)
          self->lr = self->lr * pow (self->a, count);
      }
      break;

    case K_EXPONENTIAL:
      if (e != 0)
        self->lr = self->lr * self->a;
      break;

    case K_COSINE:
      {
        double t_max = self->ia, eta_min = self->a;

        if (e == 0)
          break;
        if (pymod (e - 1 - self->ia, 2 * self->ia) == 0)
          self->lr = self->lr + (self->base_lr - eta_min) * (1 - cos (G_PI / t_max)) / 2;
        else
          self->lr = (1 + cos (G_PI * e / t_max)) / (1 + cos (G_PI * (e - 1) / t_max)) *
                     (self->lr - eta_min) + eta_min;
      }
      break;

    case K_COSINE_RESTARTS:
      self->lr = self->a + (self->base_lr - self->a) *
                 (1 + cos (G_PI * (double) self->t_cur / (double) self->t_i)) / 2;
      break;

    case K_LINEAR:
      {
        double sf = self->a, ef = self->b;
        long total = self->ia;

        if (e == 0)
          self->lr = self->lr * sf;
        else if (e <= total)
          self->lr = self->lr * (1. + (ef - sf) / (total * sf + (e - 1) * (ef - sf)));
      }
      break;

    case K_ONECYCLE:
      {
        /* torch computes step total_steps too (the last phase a little past its end) and
         * raises when stepped further; we hold that value for every later update. */
        double step_num = MIN (e, self->ib);
        double start_step = 0;
        double lrs[3] = { self->lr_lo, self->lr_hi, self->lr_min };
        double ms[2] = { self->m_max, self->m_base };

        for (guint i = 0; i < self->n_phases; i++)
          {
            const Phase *ph = &self->phases[i];

            if (step_num <= ph->end_step || i == self->n_phases - 1)
              {
                double pct = (step_num - start_step) / (ph->end_step - start_step);

                self->lr = anneal (self, lrs[ph->start_lr], lrs[ph->end_lr], pct);
                self->momentum = anneal (self, ms[ph->start_m], ms[ph->end_m], pct);
                break;
              }
            start_step = ph->end_step;
          }
      }
      break;

    case K_CYCLIC:
      {
        double total = self->b + self->c;          /* step_size_up + step_size_down */
        double ratio = self->b / total;
        double cycle = floor (1 + e / total);
        double x = 1. + e / total - cycle;
        double scale_factor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        double sf;

        switch (self->ib)
          {
          case 1:
            sf = 1 / pow (2., cycle - 1);
            break;
          case 2:
            sf = pow (self->a, (double) e);
            break;
          default:
            sf = 1.;
            break;
          }
        /* exp_range with gamma > 1 overflows sf (torch raises OverflowError); a cycle's first
         * update still starts at base_lr instead of 0 × inf. */
        if (scale_factor == 0)
          sf = 1.;
        self->lr = self->lr_lo + (self->lr_hi - self->lr_lo) * scale_factor * sf;
        self->momentum = self->m_max - (self->m_max - self->m_base) * scale_factor * sf;
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
lr_schedule_reset (LrSchedule *self)
{
  g_return_if_fail (self != NULL);

  self->epoch = 0;
  self->updates = 0;
  self->lr = self->base_lr;
  self->momentum = self->base_momentum;
  self->t_cur = 0;
  self->t_i = self->ia;
  self->best = INFINITY;
  self->bad = 0;
  self->cooldown_left = 0;

  switch (self->kind)
    {
    case K_ONECYCLE:
    case K_CYCLIC:
      self->lr = self->lr_lo;
      break;
    case K_PLATEAU:
      self->best = self->ib == 0 ? INFINITY : -INFINITY;
      break;
    case K_CONSTANT: case K_STEP: case K_MULTISTEP: case K_EXPONENTIAL: case K_COSINE:
    case K_COSINE_RESTARTS: case K_LINEAR: case K_WSD:
    default:
      break;
    }

  /* The constructor's initial step, at epoch 0. */
  compute (self);
}

static gboolean
resolve (LrSchedule  *self,
         GError     **error)
{
  const char *name = kinds[self->kind].name;

  self->warmup = (guint) val (self, "warmup");

  switch (self->kind)
    {
    case K_CONSTANT:
      break;

    case K_STEP:
      self->ia = (int) val (self, "step_size");
      self->a = val (self, "gamma");
      break;

    case K_MULTISTEP:
      {
        const LrParamValue *m = value_of (self, "milestones");

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
        self->a = val (self, "gamma");
      }
      break;

    case K_EXPONENTIAL:
      self->a = val (self, "gamma");
      break;

    case K_COSINE:
      self->ia = (int) val (self, "T_max");
      if (self->ia == 0)
        self->ia = MAX (1, (int) MIN (self->n_steps, G_MAXINT / 4));
      self->a = val (self, "eta_min");
      break;

    case K_COSINE_RESTARTS:
      self->ia = (int) val (self, "T_0");
      if (self->ia == 0)
        self->ia = MAX (1, (int) MIN (self->n_steps / 4, G_MAXINT / 4));
      self->ib = (int) val (self, "T_mult");
      self->a = val (self, "eta_min");
      break;

    case K_LINEAR:
      self->a = val (self, "start_factor");
      self->b = val (self, "end_factor");
      self->ia = (int) val (self, "total_iters");
      break;

    case K_ONECYCLE:
      {
        double max_lr = val (self, "max_lr");
        double pct = val (self, "pct_start");
        double total;

        if (max_lr == 0)
          max_lr = self->base_lr;
        if (!(max_lr > 0))
          {
            g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                         "schedule onecycle: max_lr must be above 0 (the optimizer's lr is 0)");
            return FALSE;
          }
        self->ib = (int) val (self, "total_steps");
        if (self->ib == 0)
          self->ib = MAX (1, (int) MIN (self->n_steps, G_MAXINT / 4));
        total = self->ib;
        self->ia = (int) val (self, "anneal_strategy");
        self->lr_hi = max_lr;
        self->lr_lo = max_lr / val (self, "div_factor");
        self->lr_min = self->lr_lo / val (self, "final_div_factor");
        self->m_base = val (self, "base_momentum");
        self->m_max = val (self, "max_momentum");
        if (val (self, "three_phase") != 0)
          {
            self->phases[0] = (Phase) { pct * total - 1, 0, 1, 0, 1 };
            self->phases[1] = (Phase) { 2 * pct * total - 2, 1, 0, 1, 0 };
            self->phases[2] = (Phase) { total - 1, 0, 2, 0, 0 };
            self->n_phases = 3;
          }
        else
          {
            self->phases[0] = (Phase) { pct * total - 1, 0, 1, 0, 1 };
            self->phases[1] = (Phase) { total - 1, 1, 2, 1, 0 };
            self->n_phases = 2;
          }
        /* Every phase must have a length, or torch divides by zero. */
        {
          double start = 0;

          for (guint i = 0; i < self->n_phases; i++)
            {
              if (self->phases[i].end_step == start)
                {
                  g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                               "schedule onecycle: total_steps=%d with pct_start=%g leaves a phase "
                               "without updates; use more steps or another pct_start", self->ib, pct);
                  return FALSE;
                }
              start = self->phases[i].end_step;
            }
        }
        self->cycle_momentum = val (self, "cycle_momentum") != 0;
      }
      break;

    case K_CYCLIC:
      {
        double base = val (self, "base_lr");
        double top = val (self, "max_lr");
        double down = val (self, "step_size_down");

        if (base == 0)
          base = self->base_lr;
        if (top == 0)
          top = 10 * base;
        self->lr_lo = base;
        self->lr_hi = top;
        self->b = val (self, "step_size_up");
        self->c = down == 0 ? self->b : down;
        self->ib = (int) val (self, "mode");
        self->a = val (self, "gamma");
        self->m_base = val (self, "base_momentum");
        self->m_max = val (self, "max_momentum");
        self->cycle_momentum = val (self, "cycle_momentum") != 0;
      }
      break;

    case K_WSD:
      if (!lr_wsd_resolve (&self->wsd, self->values, self->n_steps, error))
        return FALSE;
      break;

    case K_PLATEAU:
      self->ib = (int) val (self, "mode");
      self->ic = (int) val (self, "threshold_mode");
      break;

    default:
      g_assert_not_reached ();
    }

  if (self->cycle_momentum && self->base_momentum < 0)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "schedule %s: cycle_momentum=true, but the optimizer has no momentum or beta1 "
                   "to cycle", name);
      return FALSE;
    }

  return TRUE;
}

static char *
canonical_spec (const LrSchedule *self)
{
  const LrKindInfo *kind = &kinds[self->kind];
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
  const LrKindInfo *kind;
  LrSchedule *self;

  g_return_val_if_fail (spec != NULL, NULL);

  kind = lr_kind_lookup ("schedule", kinds, G_N_ELEMENTS (kinds), spec->name, error);
  if (kind == NULL)
    return NULL;

  self = g_new0 (LrSchedule, 1);
  self->kind = (Kind) (kind - kinds);
  self->base_lr = base_lr;
  self->base_momentum = base_momentum;
  self->n_steps = n_steps;
  self->n_values = kind->n_params;
  self->values = lr_params_resolve ("schedule", kind, spec, error);
  if (self->values == NULL || !resolve (self, error))
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
  g_free (schedule->spec);
  g_free (schedule);
}

const char *
lr_schedule_get_name (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, NULL);
  return kinds[schedule->kind].name;
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
    return schedule->lr * ((double) (schedule->updates + 1) / schedule->warmup);
  return schedule->lr;
}

gboolean
lr_schedule_get_momentum (const LrSchedule *schedule,
                          double           *momentum)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!schedule->cycle_momentum)
    return FALSE;
  if (momentum != NULL)
    *momentum = schedule->momentum;
  return TRUE;
}

void
lr_schedule_step (LrSchedule *schedule)
{
  g_return_if_fail (schedule != NULL);

  if (schedule->updates < G_MAXUINT)
    schedule->updates++;
  if (schedule->kind == K_PLATEAU)
    return;

  schedule->epoch++;
  if (schedule->kind == K_COSINE_RESTARTS)
    {
      schedule->t_cur++;
      if (schedule->t_cur >= schedule->t_i)
        {
          schedule->t_cur -= schedule->t_i;
          /* Periods beyond any run length stop growing. */
          if (schedule->t_i <= G_MAXINT / MAX (schedule->ib, 1))
            schedule->t_i *= schedule->ib;
        }
    }
  compute (schedule);
}

void
lr_schedule_observe (LrSchedule *schedule,
                     double      metric)
{
  gboolean better;
  double threshold;

  g_return_if_fail (schedule != NULL);

  /* A NaN metric is no improvement (every comparison fails), as in torch. */
  if (schedule->kind != K_PLATEAU)
    return;

  threshold = val (schedule, "threshold");
  schedule->epoch++;
  if (schedule->ib == 0 && schedule->ic == 0)
    better = metric < schedule->best * (1. - threshold);
  else if (schedule->ib == 0)
    better = metric < schedule->best - threshold;
  else if (schedule->ic == 0)
    better = metric > schedule->best * (threshold + 1.);
  else
    better = metric > schedule->best + threshold;

  if (better)
    {
      schedule->best = metric;
      schedule->bad = 0;
    }
  else
    schedule->bad++;

  if (schedule->cooldown_left > 0)
    {
      schedule->cooldown_left--;
      schedule->bad = 0;
    }

  if (schedule->bad > (long) val (schedule, "patience"))
    {
      double old_lr = schedule->lr;
      double new_lr = MAX (old_lr * val (schedule, "factor"), val (schedule, "min_lr"));

      if (old_lr - new_lr > val (schedule, "eps"))
        schedule->lr = new_lr;
      schedule->cooldown_left = (long) val (schedule, "cooldown");
      schedule->bad = 0;
    }
}

gboolean
lr_schedule_is_metric_driven (const LrSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, FALSE);
  return schedule->kind == K_PLATEAU;
}
