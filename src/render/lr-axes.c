/* lr-axes.c: frame, ticks and tick labels of a surface panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* Ticks for a pixel length so that labels of width @label_w (along the axis)
 * keep a gap; returns the count. */
guint
_lr_fit_ticks (LrText   *text,
               double    lo,
               double    hi,
               double    length,
               gboolean  along_is_width,
               double   *ticks,
               guint     max_ticks,
               double   *step)
{
  double per_label = text->theme->font_size * (along_is_width ? 6 : 3.2);
  guint target = (guint) CLAMP (length / per_label, 2, 12);

  for (;;)
    {
      guint n = lr_render_nice_ticks (lo, hi, target, ticks, max_ticks, step);
      double widest = 0, need;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *s = lr_render_format_tick (ticks[i], *step);
          double w, h;

          _lr_text_set (text, s, 0.9, FALSE, FALSE);
          _lr_text_size (text, &w, &h);
          widest = MAX (widest, along_is_width ? w : h);
        }
      need = n * (widest + text->theme->font_size * 1.2);
      if (need <= length || target <= 2)
        return n;
      target--;
    }
}

void
_lr_draw_axes (cairo_t             *cr,
               LrText              *text,
               const LrRect        *plot,
               const LrBox         *view,
               const LrRenderTheme *theme)
{
  double ticks[16], step;
  guint n;
  double tick_len = 4 * theme->line_scale;
  double lw = 1.0 * theme->line_scale;

  /* frame */
  cairo_save (cr);
  cairo_rectangle (cr, plot->x - lw / 2, plot->y - lw / 2, plot->width + lw, plot->height + lw);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, lw);
  cairo_stroke (cr);

  /* x */
  n = _lr_fit_ticks (text, view->xmin, view->xmax, plot->width, TRUE, ticks, G_N_ELEMENTS (ticks),
                     &step);
  for (guint i = 0; i < n; i++)
    {
      double px = plot->x + (ticks[i] - view->xmin) / box_width (view) * plot->width;
      g_autofree char *s = lr_render_format_tick (ticks[i], step);

      px = round (px * 2) / 2;
      cairo_move_to (cr, px, plot->y + plot->height + lw / 2);
      cairo_line_to (cr, px, plot->y + plot->height + tick_len);
      _lr_text_set (text, s, 0.9, FALSE, FALSE);
      _lr_text_draw (text, px, plot->y + plot->height + tick_len + 1, 0.5, 0, &theme->muted, 1);
    }
  /* y */
  n = _lr_fit_ticks (text, view->ymin, view->ymax, plot->height, FALSE, ticks, G_N_ELEMENTS (ticks),
                     &step);
  for (guint i = 0; i < n; i++)
    {
      double py = plot->y + (view->ymax - ticks[i]) / box_height (view) * plot->height;
      g_autofree char *s = lr_render_format_tick (ticks[i], step);

      py = round (py * 2) / 2;
      cairo_move_to (cr, plot->x - lw / 2, py);
      cairo_line_to (cr, plot->x - tick_len, py);
      _lr_text_set (text, s, 0.9, FALSE, FALSE);
      _lr_text_draw (text, plot->x - tick_len - 3 * theme->line_scale, py, 1, 0.5, &theme->muted, 1);
    }
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, lw);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
lr_render_axes (cairo_t             *cr,
                double               width,
                double               height,
                const LrRect        *plot,
                const LrBox         *view,
                const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  LrText text;

  g_return_if_fail (cr != NULL && plot != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  if (!box_is_valid (view) || plot->width <= 0 || plot->height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  _lr_text_init (&text, cr, theme);
  _lr_draw_axes (cr, &text, plot, view, theme);
  _lr_text_clear (&text);
  cairo_restore (cr);
}
