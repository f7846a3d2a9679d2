/* lr-schedule-wsd.h: the warmup–stable–decay schedule (transformers' get_wsd_schedule)
 *
 * One struct, one resolve and one compute function: lr-schedule.c holds one of these per
 * schedule and multiplies the optimizer's lr by lr_wsd_factor() at each update.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-spec.h"

G_BEGIN_DECLS

typedef enum {
  LR_WSD_LINEAR,
  LR_WSD_COSINE,
  LR_WSD_1_SQRT,
} LrWsdShape;

typedef struct {
  double     warmup_steps;        /* W */
  double     stable_steps;        /* S */
  double     decay_steps;         /* D */
  LrWsdShape warmup_type;
  LrWsdShape decay_type;
  double     min_lr_ratio;        /* m */
  double     num_cycles;          /* of the cosine decay */
} LrWsd;

/* The keys of the "wsd" spec (warmup=N, the linear warm-up every schedule has, comes last). */
extern const LrParamInfo lr_wsd_params[8];

/* Reads the resolved values of lr_wsd_params; @n_steps, the run length, sets the "auto"
 * stable_steps and decay_steps. */
gboolean lr_wsd_resolve (LrWsd               *wsd,
                         const LrParamValue  *values,
                         guint                n_steps,
                         GError             **error);
/* The factor of the base rate at update @k (k from 0). */
double   lr_wsd_factor  (const LrWsd         *wsd,
                         long                 k);

G_END_DECLS
