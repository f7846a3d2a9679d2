/* lr-colorbar.c: the colour bar beside a figure's panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* Vertical colour bar with the surface values at nice positions. */
void
_lr_draw_colorbar (cairo_t             *cr,
                   LrText              *text,
                   const LrRect        *bar,
                   const LrHeatmapNorm *norm,
                   LrColormap           colormap,
                   const LrRenderTheme *theme)
{
  cairo_pattern_t *grad = cairo_pattern_create_linear (0, bar->y + bar->height, 0, bar->y);
  double ls = theme->line_scale;
  double ticks[64], step;
  guint n = 0;

  for (int i = 0; i <= 32; i++)
    {
      LrRgb c;

      lr_colormap_lookup (colormap, i / 32.0, &c);
      cairo_pattern_add_color_stop_rgb (grad, i / 32.0, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_set_source (cr, grad);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (grad);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);
  _lr_text_set (text, norm->scale == LR_COLOR_SCALE_LOG ? _("loss (log)") : _("loss"), 0.82, FALSE, FALSE);
  _lr_text_draw (text, bar->x, bar->y - 4 * ls, 0, 1, &theme->muted, 1);

  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double dlo = norm->lo - norm->fmin + norm->eps, dhi = norm->hi - norm->fmin;

      int e0 = (int) ceil (log10 (dlo)), e1 = (int) floor (log10 (dhi));

      for (int e = e0; e <= e1 && n < G_N_ELEMENTS (ticks); e++)
        ticks[n++] = norm->fmin + pow (10, e);
      /* thin out to what fits */
      while (n > 2 && n * line_height (theme, 0.85) * 1.6 > bar->height)
        {
          guint m = 0;

          for (guint i = 0; i < n; i += 2)
            ticks[m++] = ticks[i];
          n = m;
        }
    }
  else
    n = lr_render_nice_ticks (norm->lo, norm->hi,
                              (guint) CLAMP (bar->height / (theme->font_size * 3), 2, 8),
                              ticks, G_N_ELEMENTS (ticks), &step);

  for (guint i = 0; i < n; i++)
    {
      double t = lr_heatmap_norm_apply (norm, ticks[i]), py;
      g_autofree char *s = NULL;

      if (!(t >= 0 && t <= 1))
        continue;
      py = bar->y + bar->height * (1 - t);
      cairo_move_to (cr, bar->x + bar->width, round (py) + 0.5);
      cairo_line_to (cr, bar->x + bar->width + 3 * ls, round (py) + 0.5);
      set_rgb (cr, &theme->panel_border);
      cairo_stroke (cr);
      if (norm->scale == LR_COLOR_SCALE_LOG)
        {
          double d = ticks[i] - norm->fmin;
          gboolean plain = _lr_decades_plain (ticks[0] - norm->fmin, ticks[n - 1] - norm->fmin);
          g_autofree char *dec = _lr_format_decade (d, plain);

          s = norm->fmin != 0 ? g_strdup_printf ("f*+%s", dec) : g_steal_pointer (&dec);
        }
      else
        s = lr_render_format_tick (ticks[i], step);
      _lr_text_set (text, s, 0.82, FALSE, FALSE);
      _lr_text_draw (text, bar->x + bar->width + 5 * ls, py, 0, 0.5, &theme->muted, 1);
    }
}
