/* lr-run-plot.h: loss and learning rate of runs against the step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-panel.h"

G_BEGIN_DECLS

typedef enum {
  LR_RUN_PLOT_LOSS,        /* loss gap to the known minimum (or loss), log y */
  LR_RUN_PLOT_LR,          /* learning rate of each update */
  LR_RUN_PLOT_SHARPNESS,   /* λmax of the Hessian at each point, with each run's limit c/lr */
} LrRunPlotKind;

/* Loss-vs-step or lr-vs-step of @runs drawn up to @step (G_MAXUINT: all),
 * with a marker at the current step. */
void     lr_render_run_plot       (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   LrRunPlotKind        kind,
                                   const LrSurface     *surface,
                                   const LrRenderRun   *runs,
                                   guint                n_runs,
                                   guint                step,
                                   const LrRenderTheme *theme);

G_END_DECLS
