/* lr-render.h: cairo drawing of surfaces, trajectories, plots and tables
 *
 * Everything here draws with cairo and pango only, from core data, so the GTK
 * widgets and lrlab-cli render produce the same pixels.  Coordinates are in
 * user units of the cairo_t (logical pixels); only lr_render_heatmap*() work
 * in device pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lr-surface.h"
#include "lr-trajectory.h"

G_BEGIN_DECLS

/* ---- colours and theme -------------------------------------------------- */

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

/* ---- colour maps -------------------------------------------------------- */

typedef enum {
  LR_COLORMAP_VIRIDIS,
  LR_COLORMAP_DIVERGING,   /* balanced cool–warm, blue … white … red */
  LR_COLORMAP_GREY,
} LrColormap;

/* "viridis", "diverging", "grey"; NULL or unknown names give VIRIDIS. */
LrColormap lr_colormap_from_name  (const char    *name);
/* Strict variant: unknown names are an LR_ERROR_UNKNOWN_NAME naming them. */
gboolean   lr_colormap_parse      (const char    *name,
                                   LrColormap    *colormap,
                                   GError       **error);
const char *lr_colormap_to_name   (LrColormap     colormap);
/* @t in 0..1 (clamped; NaN gives the low end). */
void       lr_colormap_lookup     (LrColormap     colormap,
                                   double         t,
                                   LrRgb         *color);

/* ---- heatmap ------------------------------------------------------------ */

/* How surface values map to 0..1: LINEAR maps [lo, hi] linearly;
 * LOG maps log(f − fmin + eps) between log(lo − fmin + eps) and
 * log(hi − fmin + eps).  lo/hi are robust percentiles of a coarse sample. */
typedef struct {
  LrColorScale scale;
  double       lo, hi;
  double       fmin;
  double       eps;
} LrHeatmapNorm;

void     lr_render_heatmap_norm   (const LrSurface *surface,
                                   const LrBox     *view,
                                   LrColorScale     scale,
                                   LrHeatmapNorm   *norm);
/* 0..1 for a surface value under @norm (NaN for non-finite f). */
double   lr_heatmap_norm_apply    (const LrHeatmapNorm *norm,
                                   double               f);

/* Fills @width_px × @height_px premultiplied ARGB32 pixels (cairo's native
 * layout, @stride in bytes) with the surface over @view, one value per device
 * pixel at its centre, rows top (ymax) to bottom (ymin).  Non-finite values
 * are drawn as the high end.  Large images are split over two threads. */
void     lr_render_heatmap_data   (guint8          *data,
                                   int              stride,
                                   int              width_px,
                                   int              height_px,
                                   const LrSurface *surface,
                                   const LrBox     *view,
                                   LrColormap       colormap,
                                   LrColorScale     scale);
/* Same into an ARGB32/RGB24 cairo image surface (its full size). */
void     lr_render_heatmap        (cairo_surface_t *target,
                                   const LrSurface *surface,
                                   const LrBox     *view,
                                   LrColormap       colormap,
                                   LrColorScale     scale);

/* ---- panel pieces -------------------------------------------------------- */

/* The rectangle of a @width × @height panel where data is drawn (inside the
 * caption strip and, with @show_axes, the tick-label margins).  Map a pointer
 * with x = xmin + (px − plot.x) / plot.width · (xmax − xmin), and
 * y = ymax − (py − plot.y) / plot.height · (ymax − ymin). */
void     lr_render_panel_layout   (double               width,
                                   double               height,
                                   const LrRenderTheme *theme,
                                   gboolean             show_axes,
                                   LrRect              *plot_area);

/* @view grown in x or y (about its centre) so that one unit has the same
 * length on both axes inside @plot: gradients then look perpendicular to
 * the contours, as they are.  Figures use it; widgets may. */
void     lr_render_fit_view       (const LrRect        *plot,
                                   const LrBox         *view,
                                   LrBox               *fitted);

/* Contour lines (marching squares, about one cell per 4 device pixels) at
 * 1-2-5 spaced levels (LINEAR) or decades with 2× and 5× (LOG), clipped. */
void     lr_render_contours       (cairo_t             *cr,
                                   const LrRect        *plot,
                                   const LrSurface     *surface,
                                   const LrBox         *view,
                                   LrColorScale         scale,
                                   const LrRenderTheme *theme);
/* The surface's known minima as small stars. */
void     lr_render_minima         (cairo_t             *cr,
                                   const LrRect        *plot,
                                   const LrSurface     *surface,
                                   const LrBox         *view,
                                   const LrRenderTheme *theme);
/* The start point as a hollow square (the draggable handle). */
void     lr_render_start_marker   (cairo_t             *cr,
                                   const LrRect        *plot,
                                   const LrBox         *view,
                                   double               x0,
                                   double               y0,
                                   const LrRenderTheme *theme);
/* Frame, ticks and tick labels of @plot inside a @width × @height panel. */
void     lr_render_axes           (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrRect        *plot,
                                   const LrBox         *view,
                                   const LrRenderTheme *theme);

/* Trail of points 0..@upto_step (clamped to the run) with the head moved
 * @fraction (0..1) of the way towards point @upto_step + 1; older segments
 * fade; the head is a filled circle with a white ring; a diverged run ends in
 * a cross once its last point is shown.  Clipped to @plot; non-finite points
 * break the trail. */
void     lr_render_trajectory     (cairo_t             *cr,
                                   const LrRect        *plot,
                                   const LrBox         *view,
                                   const LrTrajectory  *trajectory,
                                   guint                upto_step,
                                   double               fraction,
                                   const LrRgb         *color,
                                   const LrRenderTheme *theme);

/* Where the data point (x, y) is drawn (user units); FALSE if not finite. */
gboolean lr_render_map_point      (const LrRect        *plot,
                                   const LrBox         *view,
                                   double               x,
                                   double               y,
                                   double              *px,
                                   double              *py);

/* ---- runs, panels and figures --------------------------------------------- */

typedef struct {
  const LrTrajectory *trajectory;
  LrSummary           summary;     /* at the shown step */
  const char         *label;       /* "sgd, lr 0.001" */
  const char         *schedule;    /* schedule spec or NULL (constant) */
  LrRgb               color;
  double              lr;          /* base learning rate; 0: the trajectory's first */
} LrRenderRun;

/* Everything a panel shows.  Zero-initialise and set what you need. */
typedef struct {
  const LrSurface     *surface;
  LrBox                view;
  LrColormap           colormap;
  gboolean             contours;
  gboolean             axes;       /* tick labels (and their margins) */
  /* Optional: the heatmap already rendered for this plot area at the device
   * scale of @cr (e.g. cached by a widget); NULL renders it. */
  cairo_surface_t     *heatmap;
  /* Pixels per user unit of the heatmap it renders; 0: from the cairo_t
   * (at least 2 on vector targets, so zoomed figures stay sharp). */
  double               device_scale;
  const LrRenderRun   *runs;
  guint                n_runs;
  guint                step;       /* G_MAXUINT: the end of each run */
  double               fraction;   /* of the way from @step to the next */
  double               x0, y0;     /* the start point */
  gboolean             show_start;
  const char          *title;      /* caption's first line; NULL: from the runs */
  const LrRenderTheme *theme;      /* NULL: light, scale 1 */
} LrPanelSpec;

/* Widgets draw a panel in layers to cache what does not change: the
 * background (backdrop, heatmap, contours, minima, axes) until the view
 * does; the static trails (start marker and trails older than
 * LR_RENDER_TRAIL_RECENT steps before the head, drawn alike on every frame)
 * until lr_render_trail_split() of the step changes; and redraw only the
 * moving trails (recent trails and heads) and the caption (the band above
 * the plot and, for several runs, the legend) on each frame.  STATIC,
 * MOVING and CAPTION drawn in this order are OVERLAY; BACKGROUND and
 * OVERLAY are ALL. */
typedef enum {
  LR_PANEL_LAYER_ALL,
  LR_PANEL_LAYER_BACKGROUND,
  LR_PANEL_LAYER_OVERLAY,
  LR_PANEL_LAYER_STATIC_TRAILS,
  LR_PANEL_LAYER_MOVING_TRAILS,
  LR_PANEL_LAYER_CAPTION,
} LrPanelLayer;

#define LR_RENDER_TRAIL_RECENT 48
#define LR_RENDER_TRAIL_CHUNK  16
/* Iterates are drawn as dots until the head reaches this step (after that
 * they are too many to tell apart); the static layer changes then too. */
#define LR_RENDER_TRAIL_DOT_STEPS 400

guint    lr_render_trail_split    (guint                step);

/* One layer of a @width × @height panel, or all of it.  @extent (may be
 * NULL) receives the box the layer drew into: for the moving trails the box
 * they cover (width < 0 when nothing), for the caption the band above the
 * plot and the legend, for the other layers the whole panel. */
void     lr_render_panel          (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrPanelSpec   *spec,
                                   LrPanelLayer         layer,
                                   LrRect              *extent);

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

/* ---- line plots ---------------------------------------------------------- */

typedef struct {
  const char   *label;
  LrRgb         color;
  const double *x;         /* NULL: 0, 1, 2, … */
  const double *y;
  guint         n;
  gboolean      dashed;
  gboolean      points;    /* draw a dot at every sample as well */
} LrPlotSeries;

typedef struct {
  double      x;
  const char *label;       /* "critical lr", "suggested", "step 120" */
  LrRgb       color;
  gboolean    dashed;
} LrPlotMarker;

typedef struct {
  const char          *title;
  const char          *x_label;
  const char          *y_label;
  gboolean             log_x;
  gboolean             log_y;
  gboolean             fixed_x;     /* use xmin..xmax instead of the data's range */
  double               xmin, xmax;
  const LrPlotSeries  *series;
  guint                n_series;
  const LrPlotMarker  *markers;
  guint                n_markers;
  gboolean             legend;
  const char          *empty_text;  /* shown when nothing can be drawn; NULL: "No data" */
  const LrRenderTheme *theme;
} LrPlotSpec;

/* Multi-series plot; NaN/±inf (and ≤ 0 on log axes) leave gaps. */
void     lr_render_line_plot      (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrPlotSpec    *spec);

typedef enum {
  LR_RUN_PLOT_LOSS,        /* loss gap to the known minimum (or loss), log y */
  LR_RUN_PLOT_LR,          /* learning rate of each update */
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

/* ---- the learning-rate table ---------------------------------------------- */

typedef struct {
  LrRgb       color;
  double      lr;
  const char *optimizer;       /* label */
  const char *schedule;        /* NULL or "" for constant */
  int         steps_to_converge;  /* −1: "—" */
  double      final_loss_gap;
  LrVerdict   verdict;
} LrTableRow;

void     lr_render_lr_table       (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrTableRow    *rows,
                                   guint                n_rows,
                                   const LrRenderTheme *theme);
/* Width the table wants at its full text size (@cr only measures text). */
double   lr_render_lr_table_width (cairo_t             *cr,
                                   const LrTableRow    *rows,
                                   guint                n_rows,
                                   const LrRenderTheme *theme);
/* Height the table wants for @n_rows rows. */
double   lr_render_lr_table_height (guint               n_rows,
                                    const LrRenderTheme *theme);
/* The table rows of @runs (strings borrowed from @runs). */
void     lr_render_table_rows_from_runs (const LrRenderRun *runs,
                                         guint              n_runs,
                                         LrTableRow        *rows);
/* The table of @runs (their summaries are taken as the shown step's). */
void     lr_render_run_table      (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrRenderRun   *runs,
                                   guint                n_runs,
                                   const LrRenderTheme *theme);

/* ---- classifiers: the confusion matrix ------------------------------------ */

typedef struct {
  const guint         *counts;     /* n_classes², [true · n_classes + predicted];
                                    * NULL: none yet (a hint is shown) */
  guint                n_classes;
  const char * const  *names;      /* n_classes class names; NULL: "0", "1", … */
  const char          *title;      /* NULL: none */
  const LrRenderTheme *theme;      /* NULL: light, scale 1 */
} LrConfusionSpec;

/* The matrix filling @width × @height (background included): a cell's
 * colour is its share of the row, blue on the diagonal, red elsewhere. */
void     lr_render_confusion      (cairo_t               *cr,
                                   double                 width,
                                   double                 height,
                                   const LrConfusionSpec *spec);

/* ---- classifiers: images and the gallery ------------------------------------ */

typedef enum {
  LR_IMAGE_GREY,     /* values 0 … 1: ink on the background (data set samples) */
  LR_IMAGE_SIGNED,   /* any sign: blue … white … red around zero, scaled per
                      * image (the first layer's weights) */
} LrImageMode;

/* One @rows × @cols image of @values (row-major) as a framed @size × @size
 * tile at (x, y), its pixels unsmoothed. */
void     lr_render_image_tile     (cairo_t             *cr,
                                   double               x,
                                   double               y,
                                   double               size,
                                   LrImageMode          mode,
                                   guint                rows,
                                   guint                cols,
                                   const float         *values,
                                   const LrRenderTheme *theme);

typedef struct {
  LrImageMode          mode;
  guint                rows, cols;   /* of each image */
  guint                n;
  const float         *values;       /* @n images of rows × cols floats */
  const char * const  *captions;     /* NULL or @n strings (one newline at most) */
  const gboolean      *highlight;    /* NULL or @n flags: caption in the error colour */
  double               tile;         /* side of a tile in user units */
  const char          *empty_text;   /* shown when there are no images; NULL: nothing */
  const LrRenderTheme *theme;        /* NULL: light, scale 1 */
} LrGallerySpec;

/* Size of one cell of the grid: tile, caption and gap. */
void     lr_render_gallery_cell   (const LrGallerySpec *spec,
                                   double              *width,
                                   double              *height);
/* The images in rows of as many cells as fit @width, captions centred below
 * (no background is painted); or the empty text, centred vertically. */
void     lr_render_gallery        (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrGallerySpec *spec);

/* ---- text helpers (exposed for tests) ------------------------------------ */

/* A tick label for @value on an axis whose ticks are @step apart: "0", "0.5",
 * "−1.25", "1e−4", "2.5e5": no trailing zeros, U+2212 as the minus sign. */
char    *lr_render_format_tick    (double               value,
                                   double               step);
/* Nice ticks covering [lo, hi]: returns the count (≤ @max_ticks), fills @ticks. */
guint    lr_render_nice_ticks     (double               lo,
                                   double               hi,
                                   guint                target,
                                   double              *ticks,
                                   guint                max_ticks,
                                   double              *step);

G_END_DECLS
