/* lrlab-surface-key.c: beside the panels, the colour scale of the loss and
 * what the markers mean
 *
 * The drawing is the render module's (lr_render_surface_key); this widget
 * keeps what the panels show and asks for the width the key needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lr-render.h"
#include "lrlab-surface-key.h"
#include "lrlab-util.h"

struct _LrlabSurfaceKey
{
  GtkWidget   parent_instance;

  LrSurface  *surface;   /* a copy of the page's */
  LrBox       view;
  LrColormap  colormap;
  gboolean    presenter;
};

G_DEFINE_FINAL_TYPE (LrlabSurfaceKey, lrlab_surface_key, GTK_TYPE_WIDGET)

static void
lrlab_surface_key_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LrlabSurfaceKey *self = LRLAB_SURFACE_KEY (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LrRenderTheme theme;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->surface == NULL)
    return;
  lrlab_theme_for_widget (widget, self->presenter, &theme);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lr_render_surface_key (cr, width, height, self->surface, &self->view, self->colormap, &theme);
  cairo_destroy (cr);
}

static void
lrlab_surface_key_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  LrlabSurfaceKey *self = LRLAB_SURFACE_KEY (widget);
  LrRenderTheme theme;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      lrlab_theme_for_widget (widget, self->presenter, &theme);
      *minimum = *natural = (int) lr_render_surface_key_width (&theme);
    }
  else
    *minimum = *natural = 0;
}

static void
lrlab_surface_key_finalize (GObject *object)
{
  LrlabSurfaceKey *self = LRLAB_SURFACE_KEY (object);

  g_clear_pointer (&self->surface, lr_surface_free);
  G_OBJECT_CLASS (lrlab_surface_key_parent_class)->finalize (object);
}

static void
lrlab_surface_key_class_init (LrlabSurfaceKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lrlab_surface_key_finalize;
  widget_class->snapshot = lrlab_surface_key_snapshot;
  widget_class->measure = lrlab_surface_key_measure;
  gtk_widget_class_set_css_name (widget_class, "surface-key");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lrlab_surface_key_init (LrlabSurfaceKey *self)
{
  self->colormap = LR_COLORMAP_VIRIDIS;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Colour scale of the loss, and the markers: start, minimum, "
                                    "where each run is now, where a run diverged"),
                                  -1);
}

void
lrlab_surface_key_set_surface (LrlabSurfaceKey *self,
                               const LrSurface *surface,
                               const char      *colormap,
                               gboolean         presenter)
{
  g_return_if_fail (LRLAB_IS_SURFACE_KEY (self));

  g_clear_pointer (&self->surface, lr_surface_free);
  if (surface != NULL)
    {
      self->surface = lr_surface_copy (surface);
      lr_surface_get_view (surface, &self->view);
    }
  self->colormap = lr_colormap_from_name (colormap);
  if (self->presenter != presenter)
    {
      self->presenter = presenter;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_surface_key_set_view (LrlabSurfaceKey *self,
                            const LrBox     *view)
{
  g_return_if_fail (LRLAB_IS_SURFACE_KEY (self));
  g_return_if_fail (view != NULL);

  self->view = *view;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
