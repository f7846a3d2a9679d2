/* lr-schedule.h: torch.optim.lr_scheduler values, stepped once per update
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-spec.h"

G_BEGIN_DECLS

typedef struct _LrSchedule LrSchedule;

const LrKindInfo *lr_schedule_kinds          (guint          *n_kinds);

/* @spec: "cosine:T_max=200,eta_min=0.001", "step:step_size=30,gamma=0.1,warmup=10".
 * @base_lr: the optimizer's lr.  @base_momentum: its momentum coefficient
 * (lr_optimizer_config_get_momentum(), -1 if none).  @n_steps: the run length,
 * used where a key is "auto" (T_max, total_steps, …).  NULL or "" is constant. */
LrSchedule       *lr_schedule_new            (const char     *spec,
                                              double          base_lr,
                                              double          base_momentum,
                                              guint           n_steps,
                                              GError        **error);
LrSchedule       *lr_schedule_new_from_spec  (const LrSpec   *spec,
                                              double          base_lr,
                                              double          base_momentum,
                                              guint           n_steps,
                                              GError        **error);
void              lr_schedule_free           (LrSchedule     *schedule);
void              lr_schedule_reset          (LrSchedule     *schedule);
const char       *lr_schedule_get_name       (const LrSchedule *schedule);
char             *lr_schedule_to_spec        (const LrSchedule *schedule);

/* The learning rate for the next update (param_groups[0]['lr']). */
double            lr_schedule_get_lr         (const LrSchedule *schedule);
/* The rate that characterises the schedule: the peak of a cycle (onecycle's
 * max_lr, cyclic's max_lr), else the optimizer's lr it was made with. */
double            lr_schedule_get_characteristic_lr (const LrSchedule *schedule);
/* The same for a spec; @base_lr when @spec does not make a schedule. */
double            lr_schedule_spec_characteristic_lr (const char     *spec,
                                                      double          base_lr,
                                                      guint           n_steps);
/* TRUE and the momentum for the next update when the schedule cycles it. */
gboolean          lr_schedule_get_momentum   (const LrSchedule *schedule,
                                              double           *momentum);
/* One update has been made (scheduler.step()). */
void              lr_schedule_step           (LrSchedule     *schedule);
/* plateau only: scheduler.step(metric); other schedules ignore it. */
void              lr_schedule_observe        (LrSchedule     *schedule,
                                              double          metric);
/* TRUE for schedules driven by lr_schedule_observe() (plateau). */
gboolean          lr_schedule_is_metric_driven (const LrSchedule *schedule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrSchedule, lr_schedule_free)

G_END_DECLS
