/* lr-panel.h: one surface panel: its pieces, its spec and its layers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-heatmap.h"
#include "lr-trajectory.h"

G_BEGIN_DECLS

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

typedef struct {
  const LrTrajectory *trajectory;
  LrSummary           summary;     /* at the shown step */
  const char         *label;       /* "SGD, lr 0.001" */
  const char         *title;       /* the optimizer in words without its rate
                                    * ("SGD, momentum 0.7"), for the table; NULL: label */
  const char         *schedule;    /* schedule spec or NULL (constant) */
  LrRgb               color;
  double              lr;          /* base learning rate; 0: the trajectory's first */
  const LrOptimizerConfig *optimizer; /* for the sharpness limit; NULL: none drawn */
  double              theory_floor;/* > 0: the noise floor plain SGD has in theory
                                    * (lr_noise_theory_floor), drawn on the loss plot */
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

G_END_DECLS
