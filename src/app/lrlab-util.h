/* lrlab-util.h: palette and render-module glue shared by the app's views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-render.h"
#include "lr-surface.h"

G_BEGIN_DECLS

/* TRUE for the GL_RENDERER string of a software rasterizer (llvmpipe,
 * softpipe, swrast …). */
gboolean     lrlab_gl_renderer_is_software (const char *gl_renderer);
/* Without a GPU, GTK's GL renderer runs on a software rasterizer and costs
 * many times the CPU its cairo renderer does: choose the cairo renderer
 * then, unless GSK_RENDERER says otherwise.  Call before any window is
 * shown. */
void         lrlab_prefer_cairo_without_gpu (GdkDisplay *display);

guint        lrlab_palette_size      (void);
void         lrlab_palette_color     (guint             index,
                                      GdkRGBA          *color);

/* LrRenderRun for each LrlabRun of @runs that has a trajectory, summarized
 * at @step; labels are kept alive in @keep (free it after drawing). */
LrRenderRun *lrlab_render_runs       (GPtrArray        *runs,
                                      const LrSurface  *surface,
                                      guint             step,
                                      guint            *n_out,
                                      GPtrArray        *keep);
void         lrlab_theme_for_widget  (GtkWidget        *widget,
                                      gboolean          presenter,
                                      LrRenderTheme    *theme);

G_END_DECLS
