/* lrlab-rate-marker.c: a marker over a learning-rate slider at the step a run takes now
 *
 * The slider sets a run's rate (for the methods that choose their own step, a multiplier of
 * it); the marker shows on the same log axis the step the run actually takes at the step the
 * runs are played to: a downward triangle in the run's colour above the trough, where
 * GtkScale would draw a mark at that value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lrlab-rate-marker.h"

struct _LrlabRateMarker
{
  GtkWidget  parent_instance;

  GtkRange  *range;       /* weak */
  double     value;
  GdkRGBA    color;
};

G_DEFINE_FINAL_TYPE (LrlabRateMarker, lrlab_rate_marker, GTK_TYPE_WIDGET)

/* The first widget named @css_name (its CSS node) under @widget, depth first. */
static GtkWidget *
find_node (GtkWidget  *widget,
           const char *css_name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_css_name (c), css_name) == 0)
        return c;
      if ((found = find_node (c, css_name)) != NULL)
        return found;
    }
  return NULL;
}

/* As GtkRange places a mark: the centre of the slider, measured as GtkRange measures it,
 * when the slider would be at the value, along the trough. */
gboolean
lrlab_rate_marker_get_position (LrlabRateMarker *self,
                                double          *x,
                                double          *y)
{
  GtkAdjustment *adj;
  GtkWidget *trough, *slider;
  graphene_point_t p;
  double lower, span, frac, along;
  int trough_w, slider_w = 0;

  g_return_val_if_fail (LRLAB_IS_RATE_MARKER (self), FALSE);

  if (self->range == NULL || !isfinite (self->value))
    return FALSE;
  trough = find_node (GTK_WIDGET (self->range), "trough");
  slider = trough != NULL ? find_node (trough, "slider") : NULL;
  if (trough == NULL || slider == NULL)
    return FALSE;
  adj = gtk_range_get_adjustment (self->range);
  lower = gtk_adjustment_get_lower (adj);
  span = gtk_adjustment_get_upper (adj) - lower - gtk_adjustment_get_page_size (adj);
  trough_w = gtk_widget_get_width (trough);
  gtk_widget_measure (slider, GTK_ORIENTATION_HORIZONTAL, -1, &slider_w, NULL, NULL, NULL);
  slider_w = MIN (slider_w, trough_w);
  if (!(span > 0) || trough_w <= 0)
    return FALSE;
  frac = CLAMP ((self->value - lower) / span, 0, 1);
  if (gtk_range_get_inverted (self->range) ^
      (gtk_widget_get_direction (GTK_WIDGET (self->range)) == GTK_TEXT_DIR_RTL))
    frac = 1 - frac;
  along = floor ((trough_w - slider_w) * frac) + slider_w / 2.0;
  if (!gtk_widget_compute_point (trough, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (along, 0), &p))
    return FALSE;
  if (x != NULL)
    *x = p.x;
  if (y != NULL)
    *y = p.y;
  return TRUE;
}

static void
lrlab_rate_marker_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LrlabRateMarker *self = LRLAB_RATE_MARKER (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double x, y, half = 5.5, h = 8;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || !lrlab_rate_marker_get_position (self, &x, &y))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* the tip on the trough's top edge, pointing at the value */
  y = MAX (y - 1, h + 1);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - half, y - h);
  cairo_line_to (cr, x + half, y - h);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &self->color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
lrlab_rate_marker_set_range (LrlabRateMarker *self,
                             GtkRange        *range)
{
  g_return_if_fail (LRLAB_IS_RATE_MARKER (self));
  g_return_if_fail (range == NULL || GTK_IS_RANGE (range));

  if (self->range != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->range), (gpointer *) &self->range);
  self->range = range;
  if (range != NULL)
    g_object_add_weak_pointer (G_OBJECT (range), (gpointer *) &self->range);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_rate_marker_set_value (LrlabRateMarker *self,
                             double           value)
{
  g_return_if_fail (LRLAB_IS_RATE_MARKER (self));

  if (value == self->value || (isnan (value) && isnan (self->value)))
    return;
  self->value = value;
  gtk_widget_set_visible (GTK_WIDGET (self), isfinite (value));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
lrlab_rate_marker_get_value (LrlabRateMarker *self)
{
  g_return_val_if_fail (LRLAB_IS_RATE_MARKER (self), NAN);
  return self->value;
}

void
lrlab_rate_marker_set_color (LrlabRateMarker *self,
                             const GdkRGBA   *color)
{
  g_return_if_fail (LRLAB_IS_RATE_MARKER (self));
  g_return_if_fail (color != NULL);

  self->color = *color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lrlab_rate_marker_dispose (GObject *object)
{
  lrlab_rate_marker_set_range (LRLAB_RATE_MARKER (object), NULL);
  G_OBJECT_CLASS (lrlab_rate_marker_parent_class)->dispose (object);
}

static void
lrlab_rate_marker_class_init (LrlabRateMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_rate_marker_dispose;
  widget_class->snapshot = lrlab_rate_marker_snapshot;
  gtk_widget_class_set_css_name (widget_class, "ratemarker");
}

static void
lrlab_rate_marker_init (LrlabRateMarker *self)
{
  self->value = NAN;
  self->color = (GdkRGBA) { 0.2, 0.4, 0.8, 1 };
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
