/* lr-line-plot.c: a generic multi-series line plot with linear or log axes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

typedef struct {
  double lo, hi;
  gboolean log;
} Axis;

static double
axis_map (const Axis *axis,
          double      v,
          double      p0,
          double      len)
{
  double t = axis->log ? (log10 (v) - log10 (axis->lo)) / (log10 (axis->hi) - log10 (axis->lo))
                       : (v - axis->lo) / (axis->hi - axis->lo);

  return p0 + t * len;
}

static gboolean
value_usable (double   v,
              gboolean log_scale)
{
  return isfinite (v) && (!log_scale || v > 0);
}

/* Tick positions of a log axis: decades (labelled), thinned when crowded. */
static guint
log_ticks (double  lo,
           double  hi,
           guint   max_labels,
           double *ticks,
           guint   max_ticks,
           int    *every)
{
  int e0 = (int) ceil (log10 (lo) - 1e-9), e1 = (int) floor (log10 (hi) + 1e-9);
  int count = e1 - e0 + 1;
  guint n = 0;

  *every = 1;
  while (count > 0 && (guint) ((count + *every - 1) / *every) > MAX (max_labels, 2))
    (*every)++;
  for (int e = e0; e <= e1 && n < max_ticks; e++)
    if ((e - e0) % *every == 0)
      ticks[n++] = pow (10, e);
  return n;
}

static void
axis_range (Axis     *axis,
            double    lo,
            double    hi,
            gboolean  pad)
{
  if (axis->log)
    {
      if (!(hi > lo))
        {
          lo /= 10;
          hi *= 10;
        }
      else if (pad)
        {
          double r = log10 (hi / lo);

          lo /= pow (10, 0.04 * r);
          hi *= pow (10, 0.04 * r);
        }
    }
  else
    {
      if (!(hi > lo))
        {
          double d = fabs (lo) > 0 ? fabs (lo) * 0.1 : 1;

          lo -= d;
          hi += d;
        }
      else if (pad)
        {
          double d = 0.05 * (hi - lo);

          lo -= d;
          hi += d;
        }
    }
  axis->lo = lo;
  axis->hi = hi;
}

void
lr_render_line_plot (cairo_t          *cr,
                     double            width,
                     double            height,
                     const LrPlotSpec *spec)
{
  LrRenderTheme fallback;
  const LrRenderTheme *theme;
  LrText text;
  double ls, xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  double top, bottom, left, right, tw, th;
  Axis ax = { 0 }, ay = { 0 };
  LrRect plot;
  double ticks[64], step;
  guint n, nt;
  g_autofree char **ylabels = NULL;
  double ylabel_w = 0;
  int every = 1;

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->series != NULL || spec->n_series == 0);
  g_return_if_fail (spec->markers != NULL || spec->n_markers == 0);

  theme = default_theme (spec->theme, &fallback);
  ls = theme->line_scale;
  ax.log = spec->log_x;
  ay.log = spec->log_y;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);
  _lr_text_init (&text, cr, theme);

  /* data ranges */
  for (guint s = 0; s < spec->n_series; s++)
    {
      const LrPlotSeries *ser = &spec->series[s];

      if (ser->y == NULL)
        continue;
      for (guint i = 0; i < ser->n; i++)
        {
          double x = ser->x ? ser->x[i] : i, y = ser->y[i];

          if (!value_usable (x, ax.log) || !value_usable (y, ay.log))
            continue;
          if (spec->fixed_x && (x < spec->xmin || x > spec->xmax))
            continue;
          xlo = MIN (xlo, x);
          xhi = MAX (xhi, x);
          ylo = MIN (ylo, y);
          yhi = MAX (yhi, y);
        }
    }

  /* title */
  top = 4 * ls;
  if (spec->title != NULL && *spec->title)
    {
      _lr_text_set (&text, spec->title, 1.0, TRUE, FALSE);
      _lr_text_ellipsize (&text, width - 8 * ls);
      _lr_text_draw (&text, 6 * ls, top, 0, 0, &theme->foreground, 1);
      top += line_height (theme, 1.0) + 4 * ls;
    }
  else
    top += 6 * ls;

  if (!(xlo <= xhi) || !(ylo <= yhi))
    {
      const char *msg = spec->empty_text ? spec->empty_text : _("No data");

      _lr_text_set (&text, msg, 1.0, FALSE, FALSE);
      _lr_text_ellipsize (&text, width - 8 * ls);
      _lr_text_draw (&text, width / 2, (top + height) / 2, 0.5, 0.5, &theme->muted, 1);
      _lr_text_clear (&text);
      cairo_restore (cr);
      return;
    }

  if (spec->fixed_x && value_usable (spec->xmin, ax.log) && spec->xmax > spec->xmin)
    axis_range (&ax, spec->xmin, spec->xmax, FALSE);
  else
    axis_range (&ax, xlo, xhi, ax.log);
  axis_range (&ay, ylo, yhi, TRUE);

  /* y tick labels first: their width sets the left margin */
  bottom = line_height (theme, 0.9) + 6 * ls;
  if (spec->x_label != NULL && *spec->x_label)
    bottom += line_height (theme, 0.9);
  {
    double plot_h = MAX (height - top - bottom - 4 * ls, 10);
    guint target = (guint) CLAMP (plot_h / (theme->font_size * 3), 2, 8);

    if (ay.log)
      nt = log_ticks (ay.lo, ay.hi, target, ticks, G_N_ELEMENTS (ticks), &every);
    else
      nt = lr_render_nice_ticks (ay.lo, ay.hi, target, ticks, G_N_ELEMENTS (ticks), &step);
    ylabels = g_new0 (char *, nt + 1);
    for (guint i = 0; i < nt; i++)
      {
        ylabels[i] = ay.log ? _lr_format_decade (ticks[i], _lr_decades_plain (ticks[0], ticks[nt - 1]))
                            : lr_render_format_tick (ticks[i], step);
        _lr_text_set (&text, ylabels[i], 0.9, FALSE, FALSE);
        _lr_text_size (&text, &tw, NULL);
        ylabel_w = MAX (ylabel_w, tw);
      }
  }
  left = ylabel_w + 10 * ls;
  if (spec->y_label != NULL && *spec->y_label)
    left += line_height (theme, 0.9);
  right = 12 * ls;
  plot = (LrRect) { ceil (left), ceil (top),
                    floor (width - left - right), floor (height - top - bottom) };
  if (plot.width < 10 || plot.height < 10)
    {
      for (guint i = 0; i < nt; i++)
        g_free (ylabels[i]);
      _lr_text_clear (&text);
      cairo_restore (cr);
      return;
    }

  /* grid + y labels */
  cairo_set_line_width (cr, 1 * ls);
  set_rgb (cr, &theme->grid);
  for (guint i = 0; i < nt; i++)
    {
      double py = round (axis_map (&ay, ticks[i], plot.y + plot.height, -plot.height)) + 0.5;

      if (py < plot.y - 0.5 || py > plot.y + plot.height + 0.5)
        continue;
      cairo_move_to (cr, plot.x, py);
      cairo_line_to (cr, plot.x + plot.width, py);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < nt; i++)
    {
      double py = axis_map (&ay, ticks[i], plot.y + plot.height, -plot.height);

      if (py >= plot.y - 0.5 && py <= plot.y + plot.height + 0.5)
        {
          _lr_text_set (&text, ylabels[i], 0.9, FALSE, FALSE);
          _lr_text_draw (&text, plot.x - 6 * ls, py, 1, 0.5, &theme->muted, 1);
        }
      g_free (ylabels[i]);
    }
  /* log y: minor ticks at 2..9 when decades are few */
  if (ay.log && log10 (ay.hi / ay.lo) < 5)
    {
      set_rgba (cr, &theme->grid, 0.5);
      for (int e = (int) floor (log10 (ay.lo)); e <= (int) ceil (log10 (ay.hi)); e++)
        for (int m = 2; m <= 9; m++)
          {
            double v = m * pow (10, e), py;

            if (v <= ay.lo || v >= ay.hi)
              continue;
            py = round (axis_map (&ay, v, plot.y + plot.height, -plot.height)) + 0.5;
            cairo_move_to (cr, plot.x, py);
            cairo_line_to (cr, plot.x + plot.width, py);
          }
      cairo_stroke (cr);
    }

  /* x ticks */
  if (ax.log)
    nt = log_ticks (ax.lo, ax.hi, (guint) CLAMP (plot.width / (theme->font_size * 5), 2, 10), ticks,
                    G_N_ELEMENTS (ticks), &every);
  else
    nt = _lr_fit_ticks (&text, ax.lo, ax.hi, plot.width, TRUE, ticks, G_N_ELEMENTS (ticks), &step);
  set_rgb (cr, &theme->grid);
  for (guint i = 0; i < nt; i++)
    {
      double px = round (axis_map (&ax, ticks[i], plot.x, plot.width)) + 0.5;

      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < nt; i++)
    {
      double px = axis_map (&ax, ticks[i], plot.x, plot.width);
      g_autofree char *s = NULL;

      if (ax.log)
        s = _lr_format_decade (ticks[i], _lr_decades_plain (ticks[0], ticks[nt - 1]));
      else
        s = lr_render_format_tick (ticks[i], step);

      _lr_text_set (&text, s, 0.9, FALSE, FALSE);
      _lr_text_draw (&text, px, plot.y + plot.height + 4 * ls, 0.5, 0, &theme->muted, 1);
    }

  /* axis titles */
  if (spec->x_label != NULL && *spec->x_label)
    {
      _lr_text_set (&text, spec->x_label, 0.9, FALSE, FALSE);
      _lr_text_draw (&text, plot.x + plot.width / 2, height - 3 * ls, 0.5, 1, &theme->muted, 1);
    }
  if (spec->y_label != NULL && *spec->y_label)
    {
      cairo_save (cr);
      cairo_translate (cr, 4 * ls, plot.y + plot.height / 2);
      cairo_rotate (cr, -G_PI / 2);
      _lr_text_set (&text, spec->y_label, 0.9, FALSE, FALSE);
      _lr_text_ellipsize (&text, plot.height);
      pango_cairo_update_layout (cr, text.layout);
      _lr_text_draw (&text, 0, 0, 0.5, 0, &theme->muted, 1);
      cairo_restore (cr);
      pango_cairo_update_layout (cr, text.layout);
    }

  /* frame */
  cairo_rectangle (cr, plot.x + 0.5, plot.y + 0.5, plot.width - 1, plot.height - 1);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);

  /* series */
  cairo_save (cr);
  clip_to (cr, &plot);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < spec->n_series; s++)
    {
      const LrPlotSeries *ser = &spec->series[s];
      gboolean pen = FALSE;
      double dash[2] = { 5 * ls, 3 * ls };
      double lastx = NAN, lasty = NAN;

      if (ser->y == NULL)
        continue;
      cairo_new_path (cr);
      for (guint i = 0; i < ser->n; i++)
        {
          double x = ser->x ? ser->x[i] : i, y = ser->y[i], px, py;

          if (!value_usable (x, ax.log) || !value_usable (y, ay.log))
            {
              pen = FALSE;
              continue;
            }
          px = axis_map (&ax, x, plot.x, plot.width);
          py = axis_map (&ay, y, plot.y + plot.height, -plot.height);
          /* keep within cairo's coordinate range */
          px = CLAMP (px, plot.x - 1e4, plot.x + plot.width + 1e4);
          py = CLAMP (py, plot.y - 1e4, plot.y + plot.height + 1e4);
          /* skip sub-pixel steps of long series */
          if (pen && fabs (px - lastx) < 0.25 && fabs (py - lasty) < 0.25 && i + 1 < ser->n)
            continue;
          if (pen)
            cairo_line_to (cr, px, py);
          else
            {
              cairo_move_to (cr, px, py);
              cairo_line_to (cr, px, py);
            }
          lastx = px;
          lasty = py;
          pen = TRUE;
        }
      set_rgb (cr, &ser->color);
      cairo_set_line_width (cr, 1.8 * ls);
      cairo_set_dash (cr, dash, ser->dashed ? 2 : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (ser->points)
        {
          for (guint i = 0; i < ser->n; i++)
            {
              double x = ser->x ? ser->x[i] : i, y = ser->y[i];

              if (!value_usable (x, ax.log) || !value_usable (y, ay.log))
                continue;
              cairo_new_sub_path (cr);
              cairo_arc (cr, axis_map (&ax, x, plot.x, plot.width),
                         axis_map (&ay, y, plot.y + plot.height, -plot.height),
                         2.4 * ls, 0, 2 * G_PI);
            }
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);

  /* vertical markers */
  for (guint m = 0; m < spec->n_markers; m++)
    {
      const LrPlotMarker *mk = &spec->markers[m];
      double dash[2] = { 4 * ls, 3 * ls };
      double px, lw, lh;

      if (!value_usable (mk->x, ax.log))
        continue;
      px = axis_map (&ax, mk->x, plot.x, plot.width);
      if (px < plot.x - 0.5 || px > plot.x + plot.width + 0.5)
        continue;
      px = round (px) + 0.5;
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      set_rgb (cr, &mk->color);
      cairo_set_line_width (cr, 1.2 * ls);
      cairo_set_dash (cr, dash, mk->dashed ? 2 : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (mk->label != NULL && *mk->label)
        {
          double lx, ly;

          _lr_text_set (&text, mk->label, 0.82, FALSE, FALSE);
          _lr_text_size (&text, &lw, &lh);
          /* label beside the line, flipped to the left near the right edge */
          lx = px + 3 * ls + lw > plot.x + plot.width ? px - 3 * ls - lw : px + 3 * ls;
          /* stacked, so markers close together keep readable labels */
          ly = plot.y + 3 * ls + (m % 4) * (lh + 1 * ls);
          cairo_rectangle (cr, lx - 1 * ls, ly, lw + 2 * ls, lh);
          set_rgba (cr, &theme->background, 0.8);
          cairo_fill (cr);
          _lr_text_draw (&text, lx, ly, 0, 0, &mk->color, 1);
        }
    }

  /* legend */
  if (spec->legend && spec->n_series > 0)
    {
      double pad = 5 * ls, sw = 14 * ls, row_h = line_height (theme, 0.85), widest = 0, w, h, x, y;
      guint shown = 0;

      for (guint s = 0; s < spec->n_series; s++)
        {
          if (spec->series[s].label == NULL)
            continue;
          if ((shown + 1) * row_h + 2 * pad > plot.height - 6 * ls)
            break;
          _lr_text_set (&text, spec->series[s].label, 0.85, FALSE, FALSE);
          _lr_text_size (&text, &tw, &th);
          widest = MAX (widest, tw);
          shown++;
        }
      if (shown > 0)
        {
          guint row = 0;

          w = MIN (2 * pad + sw + 5 * ls + widest, plot.width * 0.6);
          h = 2 * pad + shown * row_h;
          x = plot.x + plot.width - w - 4 * ls;
          y = plot.y + 4 * ls;
          cairo_rectangle (cr, x, y, w, h);
          set_rgba (cr, &theme->background, 0.88);
          cairo_fill_preserve (cr);
          set_rgba (cr, &theme->panel_border, 0.5);
          cairo_set_line_width (cr, 1 * ls);
          cairo_stroke (cr);
          for (guint s = 0; s < spec->n_series && row < shown; s++)
            {
              double ry;

              if (spec->series[s].label == NULL)
                continue;
              ry = y + pad + row * row_h + row_h / 2;
              cairo_move_to (cr, x + pad, ry);
              cairo_line_to (cr, x + pad + sw, ry);
              set_rgb (cr, &spec->series[s].color);
              cairo_set_line_width (cr, 2.2 * ls);
              cairo_stroke (cr);
              _lr_text_set (&text, spec->series[s].label, 0.85, FALSE, FALSE);
              _lr_text_ellipsize (&text, w - 2 * pad - sw - 5 * ls);
              _lr_text_draw (&text, x + pad + sw + 5 * ls, ry, 0, 0.5, &theme->foreground, 1);
              row++;
            }
        }
    }
  (void) n;
  n = 0;

  _lr_text_clear (&text);
  cairo_restore (cr);
}
