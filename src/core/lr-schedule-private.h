/* lr-schedule-private.h: what a schedule kind provides, and what it is given
 *
 * A kind is one struct of named fields (its settings and any state of its
 * own), a parse function that fills them from the spec's keys, a compute
 * function for the learning rate at state->epoch, and an LrScheduleKind
 * that names them; its row in the table of lr-schedule.c makes it known.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-schedule.h"

G_BEGIN_DECLS

/* What every kind shares, as torch's scheduler does. */
typedef struct {
  /* inputs */
  double   base_lr;          /* the optimizer's lr */
  double   base_momentum;    /* its momentum or beta1, -1 if none */
  guint    n_steps;          /* the run length, for "auto" keys */
  /* set by parse */
  gboolean cycle_momentum;   /* the kind sets momentum too */
  /* state */
  long     epoch;            /* torch's last_epoch */
  double   lr;               /* the group's lr, from one epoch to the next */
  double   momentum;
} LrScheduleState;

/* The resolved keys of a spec. */
typedef struct {
  const LrKindInfo   *info;
  const LrParamValue *values;
} LrScheduleParams;

typedef struct {
  LrKindInfo  info;          /* name, blurb and keys (the "describe" part) */
  gsize       size;          /* of the kind's struct */
  /* Fills the kind's struct from @params; FALSE with an error when they
   * do not make a schedule. */
  gboolean  (*parse)   (gpointer                self,
                        const LrScheduleParams *params,
                        LrScheduleState        *state,
                        GError                **error);
  /* Optional: the kind's own state and start values, before the first
   * compute (state->lr is base_lr, state->momentum base_momentum). */
  void      (*reset)   (gpointer                self,
                        LrScheduleState        *state);
  /* The value at state->epoch (0 at reset, then once per update), from
   * the one before; NULL: the lr changes only through observe. */
  void      (*compute) (gpointer                self,
                        LrScheduleState        *state);
  /* Optional: a metric-driven kind (plateau) takes its metric here. */
  void      (*observe) (gpointer                self,
                        LrScheduleState        *state,
                        double                  metric);
  /* Optional: the rate that characterises the schedule (the peak of a
   * cycle); without it, the optimizer's lr. */
  double    (*characteristic_lr) (gconstpointer        self,
                                  const LrScheduleState *state);
} LrScheduleKind;

/* The value of @key (a number, a choice's index, a bool's 0/1). */
double              lr_schedule_params_get    (const LrScheduleParams *params,
                                               const char             *key);
const LrParamValue *lr_schedule_params_value  (const LrScheduleParams *params,
                                               const char             *key);
/* An "auto" length: @value, or else the run length divided by @divisor,
 * at least 1 and small enough to double without overflow. */
int                 lr_schedule_auto_length   (double                  value,
                                               guint                   n_steps,
                                               guint                   divisor);

#define LR_SCHEDULE_WARMUP_ROW \
  { "warmup", LR_PARAM_INT, 0, NULL, 0, 1e9, 0, NULL, "linear warm-up: the first N updates use (k+1)/N of the rate" }

#define LR_SCHEDULE_KIND_INFO(name, blurb, params) \
  { name, blurb, params, G_N_ELEMENTS (params) }

extern const LrScheduleKind lr_schedule_kind_constant;
extern const LrScheduleKind lr_schedule_kind_step;
extern const LrScheduleKind lr_schedule_kind_multistep;
extern const LrScheduleKind lr_schedule_kind_exponential;
extern const LrScheduleKind lr_schedule_kind_cosine;
extern const LrScheduleKind lr_schedule_kind_cosine_restarts;
extern const LrScheduleKind lr_schedule_kind_linear;
extern const LrScheduleKind lr_schedule_kind_onecycle;
extern const LrScheduleKind lr_schedule_kind_cyclic;
extern const LrScheduleKind lr_schedule_kind_plateau;
extern const LrScheduleKind lr_schedule_kind_wsd;

G_END_DECLS
