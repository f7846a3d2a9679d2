/* lr-key.c: the key beside the app's panels: the colour bar of the loss and
 * what the markers on the panels mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* The markers' rows below the bar, in the order a run meets them. */
enum { KEY_START, KEY_MINIMUM, KEY_HEAD, KEY_DIVERGED, N_KEYS };

static const char *
key_label (int key)
{
  switch (key)
    {
    case KEY_START:
      return _("start");
    case KEY_MINIMUM:
      return _("minimum");
    case KEY_HEAD:
      return _("now");
    default:
      return _("diverged");
    }
}

static double
key_row_height (const LrRenderTheme *theme)
{
  return MAX (line_height (theme, 0.82) * 1.45, 18 * theme->line_scale);
}

double
lr_render_surface_key_width (const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  LrText text;
  double widest = 0;

  theme = default_theme (theme, &fallback);
  _lr_text_init (&text, cr, theme);
  for (int k = 0; k < N_KEYS; k++)
    {
      double w;

      _lr_text_set (&text, key_label (k), 0.82, FALSE, FALSE);
      _lr_text_size (&text, &w, NULL);
      widest = MAX (widest, w);
    }
  _lr_text_clear (&text);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  /* the markers' column and their labels, or the bar with its tick labels */
  return ceil (MAX (26 * theme->line_scale + widest, 14 * theme->line_scale + theme->font_size * 4.6)
               + 8 * theme->line_scale);
}

void
lr_render_surface_key (cairo_t             *cr,
                       double               width,
                       double               height,
                       const LrSurface     *surface,
                       const LrBox         *view,
                       LrColormap           colormap,
                       const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  LrHeatmapNorm norm;
  LrText text;
  double ls, row_h, keys_h, top;
  LrRect bar;
  LrRgb red;

  g_return_if_fail (cr != NULL && surface != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  ls = theme->line_scale;
  row_h = key_row_height (theme);
  keys_h = N_KEYS * row_h + 6 * ls;
  top = line_height (theme, 0.82) + 12 * ls;
  bar = (LrRect) { 6 * ls, top, 12 * ls, height - top - keys_h - 14 * ls };

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  _lr_text_init (&text, cr, theme);
  if (box_is_valid (view) && bar.height > 30)
    {
      lr_render_heatmap_norm (surface, view, surface_scale (surface), &norm);
      _lr_heatmap_norm_for_colormap (&norm, colormap);
      _lr_draw_colorbar (cr, &text, &bar, &norm, colormap, theme);
    }

  lr_render_palette (0, &red);
  for (int k = 0; k < N_KEYS; k++)
    {
      double cy = height - keys_h + (k + 0.5) * row_h, cx = 6 * ls + 7 * ls;

      switch (k)
        {
        case KEY_START:
          _lr_draw_start_square (cr, cx, cy, theme);
          break;
        case KEY_MINIMUM:
          _lr_draw_star (cr, cx, cy, theme);
          break;
        case KEY_HEAD:
          _lr_draw_head (cr, cx, cy, &red, theme);
          break;
        default:
          _lr_draw_cross (cr, cx, cy, &red, theme);
          break;
        }
      _lr_text_set (&text, key_label (k), 0.82, FALSE, FALSE);
      _lr_text_draw (&text, cx + 13 * ls, cy, 0, 0.5, &theme->muted, 1);
    }
  _lr_text_clear (&text);
  cairo_restore (cr);
}
