/* lr-theme.h: colours, the render theme and the run palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Components in 0..1. */
typedef struct {
  double r, g, b;
} LrRgb;

typedef struct {
  double x, y, width, height;
} LrRect;

typedef struct {
  LrRgb     background;    /* figure and plot background */
  LrRgb     foreground;    /* text, axes, tick marks */
  LrRgb     muted;         /* secondary text (axis titles, captions' second line) */
  LrRgb     grid;          /* grid lines of line plots */
  LrRgb     panel_border;  /* frame around plot areas */
  LrRgb     error;         /* text that reports a mistake */
  char      font_family[64];
  double    font_size;     /* base text size in user units (points at 72 dpi = px) */
  double    line_scale;    /* multiplies every line width and marker size */
  gboolean  dark;
} LrRenderTheme;

/* @scale: 1 for the normal UI, ~1.5 for a projector; scales fonts and lines. */
void      lr_render_theme_init    (LrRenderTheme *theme,
                                   gboolean       dark,
                                   double         scale);

/* The run palette: colour-blind-safe colours (Okabe–Ito based) that stay
 * readable on viridis (trails get a contrasting outline).  Index wraps. */
guint     lr_render_palette_size  (void);
void      lr_render_palette       (guint          index,
                                   LrRgb         *color);

G_END_DECLS
