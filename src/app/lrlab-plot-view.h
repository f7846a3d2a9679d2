/* lrlab-plot-view.h: loss and learning rate against step, and the measured
 * learning-rate table, for all runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-surface.h"

G_BEGIN_DECLS

typedef enum {
  LRLAB_PLOT_LOSS,   /* loss gap to the minimum, log y */
  LRLAB_PLOT_LR,     /* learning rate used for each update */
  LRLAB_PLOT_TABLE,  /* the measured learning-rate table */
  LRLAB_PLOT_SHARPNESS, /* λmax of the Hessian along each run, with its limit */
} LrlabPlotKind;

#define LRLAB_TYPE_PLOT_VIEW (lrlab_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabPlotView, lrlab_plot_view, LRLAB, PLOT_VIEW, GtkWidget)

GtkWidget *lrlab_plot_view_new           (void);
void       lrlab_plot_view_set_kind      (LrlabPlotView   *self,
                                          LrlabPlotKind    kind);
/* @runs: LrlabRun objects; curves are drawn up to @step. */
void       lrlab_plot_view_set_data      (LrlabPlotView   *self,
                                          const LrSurface *surface,
                                          GPtrArray       *runs,
                                          guint            step);
void       lrlab_plot_view_set_presenter (LrlabPlotView   *self,
                                          gboolean         presenter);

G_END_DECLS
