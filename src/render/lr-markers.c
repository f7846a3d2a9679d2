/* lr-markers.c: markers: minima stars, the start handle, crosses, dots and swatches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

static void
star_path (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  for (int k = 0; k < 10; k++)
    {
      double a = -G_PI / 2 + k * G_PI / 5;
      double rr = k % 2 == 0 ? r : r * 0.45;

      if (k == 0)
        cairo_move_to (cr, cx + rr * cos (a), cy + rr * sin (a));
      else
        cairo_line_to (cr, cx + rr * cos (a), cy + rr * sin (a));
    }
  cairo_close_path (cr);
}

void
_lr_draw_star (cairo_t             *cr,
               double               px,
               double               py,
               const LrRenderTheme *theme)
{
  star_path (cr, px, py, 6.5 * theme->line_scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_set_line_width (cr, 1.0 * theme->line_scale);
  cairo_stroke (cr);
}

void
_lr_draw_start_square (cairo_t             *cr,
                       double               px,
                       double               py,
                       const LrRenderTheme *theme)
{
  double r = 4.5 * theme->line_scale;

  cairo_rectangle (cr, px - r, py - r, 2 * r, 2 * r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
  cairo_set_line_width (cr, 3.2 * theme->line_scale);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.6 * theme->line_scale);
  cairo_stroke (cr);
}

void
lr_render_minima (cairo_t             *cr,
                  const LrRect        *plot,
                  const LrSurface     *surface,
                  const LrBox         *view,
                  const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  const LrPoint *minima = NULL;
  guint n;

  g_return_if_fail (cr != NULL && plot != NULL && surface != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  n = lr_surface_get_minima (surface, &minima);
  cairo_save (cr);
  clip_to (cr, plot);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      double px, py, r = 6.5 * theme->line_scale;

      if (!lr_render_map_point (plot, view, minima[i].x, minima[i].y, &px, &py) ||
          px < plot->x - r || px > plot->x + plot->width + r ||
          py < plot->y - r || py > plot->y + plot->height + r)
        continue;
      _lr_draw_star (cr, px, py, theme);
    }
  cairo_restore (cr);
}

void
_lr_draw_minimum_outline (cairo_t             *cr,
                          double               px,
                          double               py,
                          const LrRenderTheme *theme,
                          LrRect              *extent)
{
  double r = 6.5 * theme->line_scale;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  star_path (cr, px, py, r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_set_line_width (cr, 2.6 * theme->line_scale);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.2 * theme->line_scale);
  cairo_stroke (cr);
  cairo_restore (cr);
  if (extent != NULL)
    _lr_extent_add (extent, px, py, r + 2 * theme->line_scale);
}

void
lr_render_start_marker (cairo_t             *cr,
                        const LrRect        *plot,
                        const LrBox         *view,
                        double               x0,
                        double               y0,
                        const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  double px, py, r;

  g_return_if_fail (cr != NULL && plot != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  if (!box_is_valid (view) || !lr_render_map_point (plot, view, x0, y0, &px, &py))
    return;
  r = 4.5 * theme->line_scale;
  if (px < plot->x - r || px > plot->x + plot->width + r ||
      py < plot->y - r || py > plot->y + plot->height + r)
    return;

  cairo_save (cr);
  clip_to (cr, plot);
  _lr_draw_start_square (cr, px, py, theme);
  cairo_restore (cr);
}

void
_lr_draw_cross (cairo_t             *cr,
                double               px,
                double               py,
                const LrRgb         *color,
                const LrRenderTheme *theme)
{
  double r = 6 * theme->line_scale;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, px - r, py - r);
  cairo_line_to (cr, px + r, py + r);
  cairo_move_to (cr, px - r, py + r);
  cairo_line_to (cr, px + r, py - r);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 5.5 * theme->line_scale);
  cairo_stroke_preserve (cr);
  set_rgb (cr, color);
  cairo_set_line_width (cr, 2.8 * theme->line_scale);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A disc as a 16-sided polygon: at the few pixels of a marker it is a
 * circle to the eye, and fills far faster than arcs. */
void
_lr_disc_path (cairo_t *cr,
               double   cx,
               double   cy,
               double   r)
{
  static const double unit[16][2] = {
    { 1, 0 }, { 0.9238795325112867, 0.3826834323650898 },
    { 0.7071067811865476, 0.7071067811865476 }, { 0.3826834323650898, 0.9238795325112867 },
    { 0, 1 }, { -0.3826834323650898, 0.9238795325112867 },
    { -0.7071067811865476, 0.7071067811865476 }, { -0.9238795325112867, 0.3826834323650898 },
    { -1, 0 }, { -0.9238795325112867, -0.3826834323650898 },
    { -0.7071067811865476, -0.7071067811865476 }, { -0.3826834323650898, -0.9238795325112867 },
    { 0, -1 }, { 0.3826834323650898, -0.9238795325112867 },
    { 0.7071067811865476, -0.7071067811865476 }, { 0.9238795325112867, -0.3826834323650898 },
  };

  cairo_move_to (cr, cx + r, cy);
  for (int k = 1; k < 16; k++)
    cairo_line_to (cr, cx + r * unit[k][0], cy + r * unit[k][1]);
  cairo_close_path (cr);
}

void
_lr_swatch (cairo_t             *cr,
            double               x,
            double               y,
            double               w,
            const LrRgb         *color,
            const LrRenderTheme *theme)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + w, y);
  set_rgb (cr, color);
  cairo_set_line_width (cr, 3 * theme->line_scale);
  cairo_stroke (cr);
  cairo_arc (cr, x + w / 2, y, 3.2 * theme->line_scale, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}
