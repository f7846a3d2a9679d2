/* lr-figure.h: a whole figure, and pictures written to files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-panel.h"

G_BEGIN_DECLS

typedef struct {
  const LrSurface     *surface;
  LrBox                view;
  double               x0, y0;
  const LrRenderRun   *runs;
  guint                n_runs;
  gboolean             overlay;    /* all runs in one panel instead of a grid */
  guint                step;       /* G_MAXUINT: the end */
  LrColormap           colormap;
  gboolean             contours;
  gboolean             plots;      /* loss and lr plots and the table below */
  gboolean             sharpness;  /* the second plot shows sharpness instead of the rate */
  const LrRenderTheme *theme;      /* NULL: light, scale 1 */
} LrFigureSpec;

void     lr_render_figure         (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrFigureSpec  *spec);
/* Draws a whole picture of @width × @height user units on @cr. */
typedef void (*LrRenderDrawFunc) (cairo_t  *cr,
                                  double    width,
                                  double    height,
                                  gpointer  user_data);

/* Writes what @draw draws as PNG, SVG or PDF (by @path's extension, any
 * case) through an LrOutput: the file is replaced only once all of it is
 * written, and a failure leaves it as it was.  Other extensions:
 * LR_ERROR_VALUE naming the valid ones; sides beyond 1…16384: LR_ERROR_RANGE. */
gboolean lr_render_to_file        (const char          *path,
                                   int                  width,
                                   int                  height,
                                   LrRenderDrawFunc     draw,
                                   gpointer             user_data,
                                   GError             **error);
/* Writes the figure as PNG, SVG or PDF (by @path's extension, any case)
 * through an LrOutput: the file is replaced only once all of it is written.
 * Other extensions: LR_ERROR_VALUE. */
gboolean lr_render_figure_to_file (const char          *path,
                                   int                  width,
                                   int                  height,
                                   const LrFigureSpec  *spec,
                                   GError             **error);

G_END_DECLS
