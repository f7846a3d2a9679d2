/* lrlab-surface-view.h: one panel — heatmap, contours, minima, trajectories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-surface.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_SURFACE_VIEW (lrlab_surface_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabSurfaceView, lrlab_surface_view, LRLAB, SURFACE_VIEW, GtkWidget)

GtkWidget *lrlab_surface_view_new               (void);
void       lrlab_surface_view_set_surface       (LrlabSurfaceView *self,
                                                 const LrSurface  *surface);
void       lrlab_surface_view_set_view          (LrlabSurfaceView *self,
                                                 const LrBox      *view);
void       lrlab_surface_view_get_view          (LrlabSurfaceView *self,
                                                 LrBox            *view);
/* LrlabRun objects drawn in this panel (referenced). */
void       lrlab_surface_view_set_runs          (LrlabSurfaceView *self,
                                                 GPtrArray        *runs);
/* The animation position: whole step plus the fraction towards the next. */
void       lrlab_surface_view_set_step          (LrlabSurfaceView *self,
                                                 guint             step,
                                                 double            fraction);
void       lrlab_surface_view_set_start         (LrlabSurfaceView *self,
                                                 double            x,
                                                 double            y);
void       lrlab_surface_view_set_colormap      (LrlabSurfaceView *self,
                                                 const char       *name);
void       lrlab_surface_view_set_show_contours (LrlabSurfaceView *self,
                                                 gboolean          show);
void       lrlab_surface_view_set_presenter     (LrlabSurfaceView *self,
                                                 gboolean          presenter);
/* Data coordinates of a widget point; FALSE outside the plot area. */
gboolean   lrlab_surface_view_to_data           (LrlabSurfaceView *self,
                                                 double            wx,
                                                 double            wy,
                                                 double           *x,
                                                 double           *y);
gboolean   lrlab_surface_view_to_widget         (LrlabSurfaceView *self,
                                                 double            x,
                                                 double            y,
                                                 double           *wx,
                                                 double           *wy);

G_END_DECLS
