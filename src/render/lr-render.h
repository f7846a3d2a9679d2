/* lr-render.h: cairo drawing shared by the app and lrlab-cli render
 *
 * Every function takes a cairo_t and sizes in user units (the caller scales
 * for HiDPI), plus core data.  No GTK here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lr-surface.h"
#include "lr-trajectory.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b;
} LrRgb;

typedef struct {
  double x, y, width, height;
} LrRect;

typedef enum {
  LR_COLORMAP_VIRIDIS,
  LR_COLORMAP_DIVERGING,
  LR_COLORMAP_GREY,
} LrColormap;

typedef struct {
  gboolean    dark;
  double      scale;        /* text and line scale: 1 normal, 1.5 presenter */
  LrRgb       background;
  LrRgb       foreground;
  LrRgb       muted;        /* secondary text, ticks */
  LrRgb       grid;
  const char *font_family;
} LrRenderTheme;

/* A run as drawn: its trajectory, its summary at the shown step, a label. */
typedef struct {
  const LrTrajectory *trajectory;
  LrSummary           summary;
  const char         *label;      /* "sgd, lr 0.01" */
  const char         *schedule;   /* NULL or "constant" for none */
  LrRgb               color;
} LrRenderRun;

typedef enum {
  LR_RUN_PLOT_LOSS,   /* loss gap to the known minimum (or loss), log y */
  LR_RUN_PLOT_LR,     /* learning rate used for each update */
} LrRunPlotKind;

typedef struct {
  const double *x;
  const double *y;
  guint         n;
  LrRgb         color;
  const char   *label;
} LrPlotSeries;

typedef struct {
  double      x;
  LrRgb       color;
  const char *label;
} LrPlotMarker;

typedef struct {
  const char         *title;
  const char         *x_label;
  const char         *y_label;
  gboolean            log_x;
  gboolean            log_y;
  const LrPlotSeries *series;
  guint               n_series;
  const LrPlotMarker *markers;
  guint               n_markers;
  gboolean            legend;
  const char         *empty_text;   /* shown when there is nothing to plot */
} LrPlotSpec;

typedef struct {
  const LrSurface   *surface;
  LrBox              view;
  double             x0, y0;
  const LrRenderRun *runs;
  guint              n_runs;
  gboolean           overlay;      /* all runs in one panel */
  guint              step;         /* G_MAXUINT: the end */
  LrColormap         colormap;
  gboolean           contours;
  gboolean           plots;        /* loss and lr plots and the table below */
  const LrRenderTheme *theme;
} LrFigureSpec;

/* Themes, palette, colour maps */
void        lr_render_theme_init    (LrRenderTheme *theme,
                                     gboolean       dark,
                                     double         scale);
guint       lr_render_palette_size  (void);
void        lr_render_palette       (guint          index,
                                     LrRgb         *color);
LrColormap  lr_colormap_from_name   (const char    *name);
const char *lr_colormap_to_name     (LrColormap     map);
void        lr_colormap_lookup      (LrColormap     map,
                                     double         t,
                                     LrRgb         *color);

/* Panels */
void        lr_render_panel_layout  (double               width,
                                     double               height,
                                     const LrRenderTheme *theme,
                                     gboolean             axes,
                                     LrRect              *plot);
/* Opaque pixels (cairo ARGB32 layout) for @view, one surface value each. */
void        lr_render_heatmap       (guint32             *pixels,
                                     int                  stride_bytes,
                                     int                  width,
                                     int                  height,
                                     const LrSurface     *surface,
                                     const LrBox         *view,
                                     LrColormap           map);
/* Normalised colour coordinate of a value, as the heatmap uses it. */
typedef struct {
  LrColorScale scale;
  double       lo, hi;        /* in transformed units */
  double       offset;        /* LOG: log10 (f − offset) */
} LrValueNorm;
void        lr_render_value_norm    (const LrSurface     *surface,
                                     const LrBox         *view,
                                     LrValueNorm         *norm);
double      lr_render_normalize     (const LrValueNorm   *norm,
                                     double               value);
void        lr_render_contours      (cairo_t             *cr,
                                     const LrRect        *plot,
                                     const LrSurface     *surface,
                                     const LrBox         *view,
                                     double               device_scale,
                                     const LrRenderTheme *theme);
void        lr_render_minima        (cairo_t             *cr,
                                     const LrRect        *plot,
                                     const LrSurface     *surface,
                                     const LrBox         *view,
                                     const LrRenderTheme *theme);
void        lr_render_axes          (cairo_t             *cr,
                                     const LrRect        *plot,
                                     const LrBox         *view,
                                     const LrRenderTheme *theme);
void        lr_render_trajectory    (cairo_t             *cr,
                                     const LrRect        *plot,
                                     const LrBox         *view,
                                     const LrTrajectory  *trajectory,
                                     guint                step,
                                     double               fraction,
                                     const LrRgb         *color,
                                     const LrRenderTheme *theme);
void        lr_render_start_marker  (cairo_t             *cr,
                                     const LrRect        *plot,
                                     const LrBox         *view,
                                     double               x,
                                     double               y,
                                     const LrRenderTheme *theme);
/* Everything that does not move: background, heatmap, contours, minima, axes. */
void        lr_render_panel_background (cairo_t             *cr,
                                        double               width,
                                        double               height,
                                        double               device_scale,
                                        const LrSurface     *surface,
                                        const LrBox         *view,
                                        LrColormap           map,
                                        gboolean             contours,
                                        const LrRenderTheme *theme);
/* What moves: trajectories up to @step (+ @fraction of the next), the start
 * marker, the caption (one run) or legend (several). */
void        lr_render_panel_overlay (cairo_t             *cr,
                                     double               width,
                                     double               height,
                                     const LrSurface     *surface,
                                     const LrBox         *view,
                                     const LrRenderRun   *runs,
                                     guint                n_runs,
                                     guint                step,
                                     double               fraction,
                                     double               x0,
                                     double               y0,
                                     const LrRenderTheme *theme);

/* Plots and the table */
void        lr_render_line_plot     (cairo_t             *cr,
                                     double               width,
                                     double               height,
                                     const LrPlotSpec    *spec,
                                     const LrRenderTheme *theme);
/* Loss or learning rate against step for @runs, up to @step. */
void        lr_render_run_plot      (cairo_t             *cr,
                                     double               width,
                                     double               height,
                                     LrRunPlotKind        kind,
                                     const LrSurface     *surface,
                                     const LrRenderRun   *runs,
                                     guint                n_runs,
                                     guint                step,
                                     const LrRenderTheme *theme);
/* The measured learning-rate table: rate, optimizer, steps to converge,
 * final loss gap, verdict. */
void        lr_render_lr_table      (cairo_t             *cr,
                                     double               width,
                                     double               height,
                                     const LrRenderRun   *runs,
                                     guint                n_runs,
                                     guint                step,
                                     const LrRenderTheme *theme);

/* Whole figures */
void        lr_render_figure        (cairo_t             *cr,
                                     double               width,
                                     double               height,
                                     const LrFigureSpec  *spec);
/* PNG, SVG or PDF by the extension; written atomically. */
gboolean    lr_render_figure_to_file (const char         *path,
                                      int                 width,
                                      int                 height,
                                      const LrFigureSpec *spec,
                                      GError            **error);

/* "1e-3", "0.25", "1.5e+04": compact tick and table numbers */
char       *lr_render_format_number (double               value);

G_END_DECLS
