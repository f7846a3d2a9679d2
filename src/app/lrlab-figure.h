/* lrlab-figure.h: the surfaces page's figure as render draws it, with its
 * own copies of what it shows
 *
 * Export Figure and Export Animation build it the same way, so a file shows
 * what the page shows.  The figure owns a copy of the surface, the runs'
 * trajectories and their labels: it can be drawn on another thread while
 * the page changes its runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-render.h"
#include "lr-surface.h"

G_BEGIN_DECLS

typedef struct _LrlabFigure LrlabFigure;

/* The LrlabRun objects of @runs that have a trajectory, summarised at
 * @step (G_MAXUINT: the end), drawn light or @dark. */
LrlabFigure        *lrlab_figure_new        (const LrSurface    *surface,
                                             const LrBox        *view,
                                             double              x0,
                                             double              y0,
                                             GPtrArray          *runs,
                                             gboolean            overlay,
                                             gboolean            sharpness,
                                             guint               step,
                                             const char         *colormap,
                                             gboolean            contours,
                                             gboolean            dark);
void                lrlab_figure_free       (LrlabFigure        *figure);
/* The spec for a picture @height pixels high (text and lines grow with
 * it); valid while the figure lives. */
const LrFigureSpec *lrlab_figure_get_spec   (LrlabFigure        *figure,
                                             int                 height);
/* The last step any run reaches (0 without runs). */
guint               lrlab_figure_get_length (LrlabFigure        *figure);
/* PNG, SVG or PDF by @path's extension, written atomically. */
gboolean            lrlab_figure_write      (LrlabFigure        *figure,
                                             const char         *path,
                                             int                 width,
                                             int                 height,
                                             GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrlabFigure, lrlab_figure_free)

G_END_DECLS
