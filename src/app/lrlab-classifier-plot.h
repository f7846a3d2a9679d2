/* lrlab-classifier-plot.h: a line plot of the classifier page (curves it owns)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-render.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_PLOT (lrlab_classifier_plot_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierPlot, lrlab_classifier_plot, LRLAB, CLASSIFIER_PLOT, GtkWidget)

GtkWidget    *lrlab_classifier_plot_new            (void);
void          lrlab_classifier_plot_set_axes       (LrlabClassifierPlot *self,
                                                    const char          *title,
                                                    const char          *x_label,
                                                    const char          *y_label,
                                                    gboolean             log_x,
                                                    gboolean             log_y);
/* A fixed x range (curves then grow across a steady axis); @xmax <= @xmin
 * goes back to the data's range. */
const char   *lrlab_classifier_plot_get_x_label    (LrlabClassifierPlot *self);
void          lrlab_classifier_plot_set_x_range    (LrlabClassifierPlot *self,
                                                    double               xmin,
                                                    double               xmax);
/* The y range shown (ymax > ymin), or ymin = ymax: the data's. */
void          lrlab_classifier_plot_set_y_range    (LrlabClassifierPlot *self,
                                                    double               ymin,
                                                    double               ymax);
void          lrlab_classifier_plot_get_y_range    (LrlabClassifierPlot *self,
                                                    double              *ymin,
                                                    double              *ymax);
void          lrlab_classifier_plot_set_empty_text (LrlabClassifierPlot *self,
                                                    const char          *text);
/* Removes every series and marker. */
void          lrlab_classifier_plot_clear          (LrlabClassifierPlot *self);
/* Copies @x (NULL: 0, 1, 2, …) and @y.  A NULL @label keeps the series out
 * of the legend; a series with @n = 0 only adds a legend entry. */
void          lrlab_classifier_plot_add_series     (LrlabClassifierPlot *self,
                                                    const char          *label,
                                                    const GdkRGBA       *color,
                                                    const double        *x,
                                                    const double        *y,
                                                    guint                n,
                                                    gboolean             dashed,
                                                    gboolean             points);
void          lrlab_classifier_plot_add_marker     (LrlabClassifierPlot *self,
                                                    double               x,
                                                    const char          *label,
                                                    const GdkRGBA       *color,
                                                    gboolean             dashed);

guint         lrlab_classifier_plot_get_n_series   (LrlabClassifierPlot *self);
/* The y values of series @index (@x, @n, @label optional). */
const double *lrlab_classifier_plot_get_series     (LrlabClassifierPlot *self,
                                                    guint                index,
                                                    const double       **x,
                                                    guint               *n,
                                                    const char         **label);
guint         lrlab_classifier_plot_get_n_markers  (LrlabClassifierPlot *self);
double        lrlab_classifier_plot_get_marker     (LrlabClassifierPlot *self,
                                                    guint                index,
                                                    const char         **label);

/* The plot as the widget shows it, on any cairo_t (exports). */
void          lrlab_classifier_plot_draw           (LrlabClassifierPlot *self,
                                                    cairo_t             *cr,
                                                    double               width,
                                                    double               height,
                                                    const LrRenderTheme *theme);

G_END_DECLS
