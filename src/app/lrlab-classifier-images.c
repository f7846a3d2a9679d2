/* lrlab-classifier-images.c: a wrapping grid of small images with captions
 *
 * The widget keeps the images and describes them for assistive
 * technologies; lr_render_gallery() draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "lr-render.h"
#include "lrlab-classifier-images.h"
#include "lrlab-util.h"

struct _LrlabClassifierImages
{
  GtkWidget        parent_instance;

  LrlabImagesMode  mode;
  guint            rows, cols, n;
  float           *values;
  char           **captions;    /* n + 1, NULL-terminated, or NULL */
  gboolean        *highlight;   /* n or NULL */
  int              tile;
  char            *empty_text;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierImages, lrlab_classifier_images, GTK_TYPE_WIDGET)

/* What the widget shows, for the render library; @theme must outlive it. */
static void
gallery_spec (LrlabClassifierImages *self,
              const LrRenderTheme   *theme,
              LrGallerySpec         *spec)
{
  *spec = (LrGallerySpec) { 0 };
  spec->mode = self->mode == LRLAB_IMAGES_SIGNED ? LR_IMAGE_SIGNED : LR_IMAGE_GREY;
  spec->rows = self->rows;
  spec->cols = self->cols;
  spec->n = self->n;
  spec->values = self->values;
  spec->captions = (const char * const *) self->captions;
  spec->highlight = self->highlight;
  spec->tile = self->tile;
  spec->empty_text = self->empty_text;
  spec->theme = theme;
}

static void
lrlab_classifier_images_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  LrlabClassifierImages *self = LRLAB_CLASSIFIER_IMAGES (widget);
  LrRenderTheme theme;
  LrGallerySpec spec;
  double cell_w, cell_h;
  int cw;

  lrlab_theme_for_widget (widget, FALSE, &theme);
  gallery_spec (self, &theme, &spec);
  lr_render_gallery_cell (&spec, &cell_w, &cell_h);
  cw = (int) ceil (cell_w);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = cw;
      *natural = cw * (int) CLAMP (self->n, 1, 10);
    }
  else if (self->n == 0)
    *minimum = *natural = self->empty_text ? 32 : 0;
  else
    {
      int cols = for_size > 0 ? MAX (1, for_size / cw) : (int) MIN (self->n, 10);
      int rows = ((int) self->n + cols - 1) / cols;

      *minimum = *natural = (int) ceil (rows * cell_h);
    }
}

static GtkSizeRequestMode
lrlab_classifier_images_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lrlab_classifier_images_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  LrlabClassifierImages *self = LRLAB_CLASSIFIER_IMAGES (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LrRenderTheme theme;
  LrGallerySpec spec;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || (self->n == 0 && self->empty_text == NULL))
    return;
  lrlab_theme_for_widget (widget, FALSE, &theme);
  gallery_spec (self, &theme, &spec);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lr_render_gallery (cr, width, height, &spec);
  cairo_destroy (cr);
}

void
lrlab_classifier_images_clear (LrlabClassifierImages *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_IMAGES (self));

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->captions, g_strfreev);
  g_clear_pointer (&self->highlight, g_free);
  self->n = self->rows = self->cols = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lrlab_classifier_images_set (LrlabClassifierImages *self,
                             LrlabImagesMode        mode,
                             guint                  rows,
                             guint                  cols,
                             guint                  n,
                             const float           *values,
                             const char * const    *captions,
                             const gboolean        *highlight)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_IMAGES (self));
  g_return_if_fail (values != NULL || n == 0);

  lrlab_classifier_images_clear (self);
  if (n == 0 || rows == 0 || cols == 0)
    return;

  self->mode = mode;
  self->rows = rows;
  self->cols = cols;
  self->n = n;
  self->values = g_memdup2 (values, (gsize) n * rows * cols * sizeof (float));
  if (captions != NULL)
    {
      g_autoptr(GString) desc = g_string_new (NULL);

      self->captions = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          self->captions[i] = g_strdup (captions[i] ? captions[i] : "");
          if (i > 0)
            g_string_append (desc, ", ");
          g_string_append (desc, self->captions[i]);
        }
      g_strdelimit (desc->str, "\n", ' ');
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      desc->str, -1);
    }
  if (highlight != NULL)
    self->highlight = g_memdup2 (highlight, n * sizeof (gboolean));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lrlab_classifier_images_set_tile_size (LrlabClassifierImages *self,
                                       int                    size)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_IMAGES (self));

  self->tile = CLAMP (size, 8, 256);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lrlab_classifier_images_set_empty_text (LrlabClassifierImages *self,
                                        const char            *text)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_IMAGES (self));

  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
lrlab_classifier_images_get_n (LrlabClassifierImages *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_IMAGES (self), 0);
  return self->n;
}

const char *
lrlab_classifier_images_get_caption (LrlabClassifierImages *self,
                                     guint                  index)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_IMAGES (self), NULL);

  if (self->captions == NULL || index >= self->n)
    return NULL;
  return self->captions[index];
}

static void
lrlab_classifier_images_finalize (GObject *object)
{
  LrlabClassifierImages *self = LRLAB_CLASSIFIER_IMAGES (object);

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->captions, g_strfreev);
  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->empty_text, g_free);

  G_OBJECT_CLASS (lrlab_classifier_images_parent_class)->finalize (object);
}

static void
lrlab_classifier_images_class_init (LrlabClassifierImagesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lrlab_classifier_images_finalize;
  widget_class->snapshot = lrlab_classifier_images_snapshot;
  widget_class->measure = lrlab_classifier_images_measure;
  widget_class->get_request_mode = lrlab_classifier_images_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "imagegrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lrlab_classifier_images_init (LrlabClassifierImages *self)
{
  self->tile = 40;
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lrlab_classifier_images_new (void)
{
  return g_object_new (LRLAB_TYPE_CLASSIFIER_IMAGES, NULL);
}
