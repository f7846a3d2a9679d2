/* lrlab-run.h: one optimizer run of the surfaces view (model object)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-noise.h"
#include "lr-optimizer.h"
#include "lr-surface.h"
#include "lr-trajectory.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_RUN (lrlab_run_get_type ())

G_DECLARE_FINAL_TYPE (LrlabRun, lrlab_run, LRLAB, RUN, GObject)

LrlabRun                *lrlab_run_new            (const char       *optimizer,
                                                   const char       *schedule,
                                                   const GdkRGBA    *color);
LrlabRun                *lrlab_run_duplicate      (LrlabRun         *self);

const char              *lrlab_run_get_optimizer  (LrlabRun         *self);
gboolean                 lrlab_run_set_optimizer  (LrlabRun         *self,
                                                   const char       *spec,
                                                   GError          **error);
const LrOptimizerConfig *lrlab_run_get_config     (LrlabRun         *self);
const char              *lrlab_run_get_schedule   (LrlabRun         *self);
gboolean                 lrlab_run_set_schedule   (LrlabRun         *self,
                                                   const char       *spec,
                                                   GError          **error);
double                   lrlab_run_get_lr         (LrlabRun         *self);
void                     lrlab_run_set_lr         (LrlabRun         *self,
                                                   double            lr);
const GdkRGBA           *lrlab_run_get_color      (LrlabRun         *self);
void                     lrlab_run_set_color      (LrlabRun         *self,
                                                   const GdkRGBA    *color);
/* A name of the run (an experiment file's "label"), or NULL. */
const char              *lrlab_run_get_label      (LrlabRun         *self);
void                     lrlab_run_set_label      (LrlabRun         *self,
                                                   const char       *label);
gboolean                 lrlab_run_get_visible    (LrlabRun         *self);
void                     lrlab_run_set_visible    (LrlabRun         *self,
                                                   gboolean          visible);
/* "sgd, lr 0.01, cosine" */
char                    *lrlab_run_describe       (LrlabRun         *self);
/* "OPTIMIZER[@SCHEDULE]", as lrlab-cli compare --run takes it */
char                    *lrlab_run_to_text        (LrlabRun         *self);

/* Recomputes the trajectory through the core (cheap for a 2-D surface). */
void                     lrlab_run_compute        (LrlabRun         *self,
                                                   const LrSurface  *surface,
                                                   double            x0,
                                                   double            y0,
                                                   guint             steps);
/* The same with gradient noise (@noise NULL or sigma 0: none). */
void                     lrlab_run_compute_noisy  (LrlabRun            *self,
                                                   const LrSurface     *surface,
                                                   const LrNoiseConfig *noise,
                                                   double               x0,
                                                   double               y0,
                                                   guint                steps);
/* The noise of the last computation (sigma 0: none). */
const LrNoiseConfig     *lrlab_run_get_noise      (LrlabRun         *self);
const LrTrajectory      *lrlab_run_get_trajectory (LrlabRun         *self);
/* Changes whenever the trajectory, the settings or the colour change. */
guint                    lrlab_run_get_serial     (LrlabRun         *self);
/* Summary of the first @upto points. */
void                     lrlab_run_summarize      (LrlabRun         *self,
                                                   const LrSurface  *surface,
                                                   guint             upto,
                                                   LrSummary        *summary);
/* Message when the run could not be computed (bad schedule for this run), or NULL. */
const char              *lrlab_run_get_error      (LrlabRun         *self);

G_END_DECLS
