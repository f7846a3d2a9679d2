/* lrlab-classifier-images.c: a wrapping grid of small images with captions
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

#define GAP 6

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

static PangoLayout *
caption_layout (LrlabClassifierImages *self,
                const char            *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

static int
caption_lines (LrlabClassifierImages *self)
{
  int lines = 0;

  for (guint i = 0; self->captions != NULL && i < self->n; i++)
    {
      int l = self->captions[i][0] ? 1 : 0;

      for (const char *p = self->captions[i]; *p; p++)
        if (*p == '\n')
          l++;
      lines = MAX (lines, l);
    }
  return lines;
}

static int
caption_height (LrlabClassifierImages *self)
{
  int lines = caption_lines (self), h;
  g_autoptr(PangoLayout) layout = NULL;

  if (lines == 0)
    return 0;
  layout = caption_layout (self, "Ag");
  pango_layout_get_pixel_size (layout, NULL, &h);
  return lines * h + 2;
}

static int
cell_width (LrlabClassifierImages *self)
{
  return self->tile + GAP;
}

static int
cell_height (LrlabClassifierImages *self)
{
  return self->tile + caption_height (self) + GAP;
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
  int cw = cell_width (self);

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

      *minimum = *natural = rows * cell_height (self);
    }
}

static GtkSizeRequestMode
lrlab_classifier_images_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
paint_tile (LrlabClassifierImages *self,
            cairo_t               *cr,
            guint                  index,
            double                 x,
            double                 y,
            const LrRenderTheme   *theme)
{
  const float *v = self->values + (gsize) index * self->rows * self->cols;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, self->cols, self->rows);
  guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  double scale = 0;
  cairo_pattern_t *pattern;

  if (self->mode == LRLAB_IMAGES_SIGNED)
    {
      for (guint p = 0; p < self->rows * self->cols; p++)
        if (isfinite (v[p]))
          scale = MAX (scale, fabs (v[p]));
      if (scale == 0)
        scale = 1;
    }

  cairo_surface_flush (image);
  for (guint r = 0; r < self->rows; r++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) r * stride);

      for (guint c = 0; c < self->cols; c++)
        {
          double t = v[r * self->cols + c];
          LrRgb rgb;

          if (!isfinite (t))
            t = 0;
          if (self->mode == LRLAB_IMAGES_SIGNED)
            lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0.5 + 0.5 * t / scale, &rgb);
          else
            {
              t = CLAMP (t, 0, 1);
              rgb.r = theme->background.r + t * (theme->foreground.r - theme->background.r);
              rgb.g = theme->background.g + t * (theme->foreground.g - theme->background.g);
              rgb.b = theme->background.b + t * (theme->foreground.b - theme->background.b);
            }
          row[c] = 0xff000000u
                   | ((guint32) lround (CLAMP (rgb.r, 0, 1) * 255) << 16)
                   | ((guint32) lround (CLAMP (rgb.g, 0, 1) * 255) << 8)
                   | (guint32) lround (CLAMP (rgb.b, 0, 1) * 255);
        }
    }
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, self->tile, self->tile);
  cairo_clip (cr);
  cairo_scale (cr, (double) self->tile / self->cols, (double) self->tile / self->rows);
  cairo_set_source_surface (cr, image, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);

  cairo_rectangle (cr, x + 0.5, y + 0.5, self->tile - 1, self->tile - 1);
  cairo_set_source_rgba (cr, theme->panel_border.r, theme->panel_border.g, theme->panel_border.b, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_surface_destroy (image);
}

static void
lrlab_classifier_images_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  LrlabClassifierImages *self = LRLAB_CLASSIFIER_IMAGES (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int cw = cell_width (self), ch = cell_height (self), cols;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  LrRenderTheme theme;
  GdkRGBA muted, error;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  lrlab_theme_for_widget (widget, FALSE, &theme);
  muted = (GdkRGBA) { theme.muted.r, theme.muted.g, theme.muted.b, 1 };
  gdk_rgba_parse (&error, dark ? "#ff7b63" : "#c01c28");

  if (self->n == 0)
    {
      if (self->empty_text != NULL)
        {
          g_autoptr(PangoLayout) layout = caption_layout (self, self->empty_text);
          int lw, lh;

          pango_layout_set_width (layout, width * PANGO_SCALE);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, MAX (0, (height - lh) / 2)));
          gtk_snapshot_append_layout (snapshot, layout, &muted);
          gtk_snapshot_restore (snapshot);
        }
      return;
    }

  cols = MAX (1, width / cw);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->n; i++)
    paint_tile (self, cr, i, (i % cols) * cw + GAP / 2, (i / cols) * ch, &theme);
  cairo_destroy (cr);

  for (guint i = 0; self->captions != NULL && i < self->n; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;

      if (self->captions[i][0] == '\0')
        continue;
      layout = caption_layout (self, self->captions[i]);
      pango_layout_set_width (layout, cw * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((i % cols) * cw, (i / cols) * ch + self->tile + 1));
      gtk_snapshot_append_layout (snapshot, layout,
                                  self->highlight != NULL && self->highlight[i] ? &error : &muted);
      gtk_snapshot_restore (snapshot);
    }
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
