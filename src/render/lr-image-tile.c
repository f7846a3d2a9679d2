/* lr-image-tile.c: one small image of floats as a tile of pixels
 *
 * Grey images (a data set's samples) are ink on the background; signed ones
 * (the first layer's weights) go from blue through white to red, scaled per
 * tile so that zero is white.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

static guint32
argb (const LrRgb *c)
{
  return 0xff000000u
         | ((guint32) lround (CLAMP (c->r, 0, 1) * 255) << 16)
         | ((guint32) lround (CLAMP (c->g, 0, 1) * 255) << 8)
         | (guint32) lround (CLAMP (c->b, 0, 1) * 255);
}

/* The largest magnitude of the finite values; 1 when all are zero. */
static double
signed_scale (const float *v,
              guint        n)
{
  double scale = 0;

  for (guint p = 0; p < n; p++)
    if (isfinite (v[p]))
      scale = MAX (scale, fabs (v[p]));
  return scale == 0 ? 1 : scale;
}

/* The image's own pixels, one per value. */
static cairo_surface_t *
tile_image (LrImageMode          mode,
            guint                rows,
            guint                cols,
            const float         *v,
            const LrRenderTheme *theme)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  double scale = mode == LR_IMAGE_SIGNED ? signed_scale (v, rows * cols) : 1;
  const LrRgb *bg = &theme->background, *fg = &theme->foreground;

  cairo_surface_flush (image);
  for (guint r = 0; r < rows; r++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) r * stride);

      for (guint c = 0; c < cols; c++)
        {
          double t = v[r * cols + c];
          LrRgb rgb;

          if (!isfinite (t))
            t = 0;
          if (mode == LR_IMAGE_SIGNED)
            lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0.5 + 0.5 * t / scale, &rgb);
          else
            {
              t = CLAMP (t, 0, 1);
              rgb = (LrRgb) { bg->r + t * (fg->r - bg->r), bg->g + t * (fg->g - bg->g),
                              bg->b + t * (fg->b - bg->b) };
            }
          row[c] = argb (&rgb);
        }
    }
  cairo_surface_mark_dirty (image);
  return image;
}

void
lr_render_image_tile (cairo_t             *cr,
                      double               x,
                      double               y,
                      double               size,
                      LrImageMode          mode,
                      guint                rows,
                      guint                cols,
                      const float         *values,
                      const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  cairo_surface_t *image;

  g_return_if_fail (cr != NULL && values != NULL);
  g_return_if_fail (rows > 0 && cols > 0);

  theme = default_theme (theme, &fallback);
  image = tile_image (mode, rows, cols, values, theme);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, size, size);
  cairo_clip (cr);
  cairo_scale (cr, size / cols, size / rows);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);

  cairo_rectangle (cr, x + 0.5, y + 0.5, size - 1, size - 1);
  set_rgba (cr, &theme->panel_border, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}
