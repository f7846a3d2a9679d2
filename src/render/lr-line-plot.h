/* lr-line-plot.h: a generic multi-series line plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-theme.h"

G_BEGIN_DECLS

typedef struct {
  const char   *label;
  LrRgb         color;
  const double *x;         /* NULL: 0, 1, 2, … */
  const double *y;
  guint         n;
  gboolean      dashed;
  gboolean      points;    /* draw a dot at every sample as well */
  gboolean      dotted;    /* short dots instead of a solid or dashed line */
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
  gboolean             fixed_y;     /* use ymin..ymax; what lies outside leaves the plot */
  double               ymin, ymax;
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

G_END_DECLS
