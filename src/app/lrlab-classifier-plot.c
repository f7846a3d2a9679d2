/* lrlab-classifier-plot.c: a line plot of the classifier page (curves it owns)
 *
 * The widget keeps its own copies of the curves and draws them with the
 * render module's lr_render_line_plot(), the function the exports call too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lrlab-classifier-plot.h"
#include "lrlab-util.h"

typedef struct {
  char     *label;
  LrRgb     color;
  double   *x;
  double   *y;
  guint     n;
  gboolean  dashed;
  gboolean  points;
} Series;

typedef struct {
  double    x;
  char     *label;
  LrRgb     color;
  gboolean  dashed;
} Marker;

struct _LrlabClassifierPlot
{
  GtkWidget  parent_instance;

  char      *title;
  char      *x_label;
  char      *y_label;
  char      *empty_text;
  gboolean   log_x;
  gboolean   log_y;
  double     xmin, xmax;
  double     ymin, ymax;   /* ymax > ymin: the loss shown; what lies outside leaves the plot */
  GArray    *series;    /* Series */
  GArray    *markers;   /* Marker */
};

G_DEFINE_FINAL_TYPE (LrlabClassifierPlot, lrlab_classifier_plot, GTK_TYPE_WIDGET)

static void
series_clear (gpointer data)
{
  Series *s = data;

  g_free (s->label);
  g_free (s->x);
  g_free (s->y);
}

static void
marker_clear (gpointer data)
{
  Marker *m = data;

  g_free (m->label);
}

static LrRgb
rgb_of (const GdkRGBA *color)
{
  if (color == NULL)
    return (LrRgb) { 0.5, 0.5, 0.5 };
  return (LrRgb) { color->red, color->green, color->blue };
}

static void
update_description (LrlabClassifierPlot *self)
{
  g_autoptr(GString) desc = g_string_new (NULL);

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = &g_array_index (self->series, Series, i);

      if (s->label == NULL || s->n == 0)
        continue;
      if (desc->len > 0)
        g_string_append (desc, "; ");
      /* Translators: a curve's name and how many points it has */
      g_string_append_printf (desc, _("%s, %u points"), s->label, s->n);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc->str,
                                  -1);
}

void
lrlab_classifier_plot_draw (LrlabClassifierPlot *self,
                            cairo_t             *cr,
                            double               width,
                            double               height,
                            const LrRenderTheme *theme)
{
  g_autofree LrPlotSeries *series = NULL;
  g_autofree LrPlotMarker *markers = NULL;
  LrPlotSpec spec = { 0 };

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  series = g_new0 (LrPlotSeries, MAX (self->series->len, 1));
  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = &g_array_index (self->series, Series, i);

      series[i] = (LrPlotSeries) { s->label, s->color, s->x, s->y, s->n, s->dashed, s->points };
    }
  markers = g_new0 (LrPlotMarker, MAX (self->markers->len, 1));
  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *m = &g_array_index (self->markers, Marker, i);

      markers[i] = (LrPlotMarker) { m->x, m->label, m->color, m->dashed };
    }

  spec.title = self->title;
  spec.x_label = self->x_label;
  spec.y_label = self->y_label;
  spec.log_x = self->log_x;
  spec.log_y = self->log_y;
  spec.fixed_x = self->xmax > self->xmin;
  spec.xmin = self->xmin;
  spec.xmax = self->xmax;
  spec.fixed_y = self->ymax > self->ymin;
  spec.ymin = self->ymin;
  spec.ymax = self->ymax;
  spec.series = series;
  spec.n_series = self->series->len;
  spec.markers = markers;
  spec.n_markers = self->markers->len;
  spec.legend = TRUE;
  spec.empty_text = self->empty_text;
  spec.theme = theme;

  lr_render_line_plot (cr, width, height, &spec);
}

static void
lrlab_classifier_plot_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  LrlabClassifierPlot *self = LRLAB_CLASSIFIER_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LrRenderTheme theme;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  lrlab_theme_for_widget (widget, FALSE, &theme);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lrlab_classifier_plot_draw (self, cr, width, height, &theme);
  cairo_destroy (cr);
}

static void
lrlab_classifier_plot_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 260;
}

void
lrlab_classifier_plot_set_axes (LrlabClassifierPlot *self,
                                const char          *title,
                                const char          *x_label,
                                const char          *y_label,
                                gboolean             log_x,
                                gboolean             log_y)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->x_label);
  self->x_label = g_strdup (x_label);
  g_free (self->y_label);
  self->y_label = g_strdup (y_label);
  self->log_x = !!log_x;
  self->log_y = !!log_y;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
lrlab_classifier_plot_get_x_label (LrlabClassifierPlot *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self), NULL);
  return self->x_label;
}

void
lrlab_classifier_plot_set_x_range (LrlabClassifierPlot *self,
                                   double               xmin,
                                   double               xmax)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  self->xmin = xmin;
  self->xmax = xmax;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_classifier_plot_set_y_range (LrlabClassifierPlot *self,
                                   double               ymin,
                                   double               ymax)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  self->ymin = ymin;
  self->ymax = ymax;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_classifier_plot_get_y_range (LrlabClassifierPlot *self,
                                   double              *ymin,
                                   double              *ymax)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  *ymin = self->ymin;
  *ymax = self->ymax;
}

void
lrlab_classifier_plot_set_empty_text (LrlabClassifierPlot *self,
                                      const char          *text)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_classifier_plot_clear (LrlabClassifierPlot *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  g_array_set_size (self->series, 0);
  g_array_set_size (self->markers, 0);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_classifier_plot_add_series (LrlabClassifierPlot *self,
                                  const char          *label,
                                  const GdkRGBA       *color,
                                  const double        *x,
                                  const double        *y,
                                  guint                n,
                                  gboolean             dashed,
                                  gboolean             points)
{
  Series s = { 0 };

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));
  g_return_if_fail (y != NULL || n == 0);

  s.label = g_strdup (label);
  s.color = rgb_of (color);
  s.n = n;
  /* Never NULL, so that an empty series still counts for the legend. */
  s.y = n > 0 ? g_memdup2 (y, n * sizeof (double)) : g_new0 (double, 1);
  s.x = x != NULL && n > 0 ? g_memdup2 (x, n * sizeof (double)) : NULL;
  s.dashed = !!dashed;
  s.points = !!points;
  g_array_append_val (self->series, s);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_classifier_plot_add_marker (LrlabClassifierPlot *self,
                                  double               x,
                                  const char          *label,
                                  const GdkRGBA       *color,
                                  gboolean             dashed)
{
  Marker m = { x, g_strdup (label), rgb_of (color), !!dashed };

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self));

  g_array_append_val (self->markers, m);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
lrlab_classifier_plot_get_n_series (LrlabClassifierPlot *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self), 0);
  return self->series->len;
}

const double *
lrlab_classifier_plot_get_series (LrlabClassifierPlot  *self,
                                  guint                 index,
                                  const double        **x,
                                  guint                *n,
                                  const char          **label)
{
  const Series *s;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  s = &g_array_index (self->series, Series, index);
  if (x != NULL)
    *x = s->x;
  if (n != NULL)
    *n = s->n;
  if (label != NULL)
    *label = s->label;
  return s->y;
}

guint
lrlab_classifier_plot_get_n_markers (LrlabClassifierPlot *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self), 0);
  return self->markers->len;
}

double
lrlab_classifier_plot_get_marker (LrlabClassifierPlot  *self,
                                  guint                 index,
                                  const char          **label)
{
  const Marker *m;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PLOT (self), NAN);
  g_return_val_if_fail (index < self->markers->len, NAN);

  m = &g_array_index (self->markers, Marker, index);
  if (label != NULL)
    *label = m->label;
  return m->x;
}

static void
lrlab_classifier_plot_finalize (GObject *object)
{
  LrlabClassifierPlot *self = LRLAB_CLASSIFIER_PLOT (object);

  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->y_label, g_free);
  g_clear_pointer (&self->empty_text, g_free);

  G_OBJECT_CLASS (lrlab_classifier_plot_parent_class)->finalize (object);
}

static void
lrlab_classifier_plot_class_init (LrlabClassifierPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lrlab_classifier_plot_finalize;
  widget_class->snapshot = lrlab_classifier_plot_snapshot;
  widget_class->measure = lrlab_classifier_plot_measure;
  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lrlab_classifier_plot_init (LrlabClassifierPlot *self)
{
  self->series = g_array_new (FALSE, TRUE, sizeof (Series));
  g_array_set_clear_func (self->series, series_clear);
  self->markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_array_set_clear_func (self->markers, marker_clear);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lrlab_classifier_plot_new (void)
{
  return g_object_new (LRLAB_TYPE_CLASSIFIER_PLOT, NULL);
}
