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

/* A plot being drawn: its spec, axes and plot area. */
typedef struct {
  cairo_t             *cr;
  const LrPlotSpec    *spec;
  const LrRenderTheme *theme;
  LrText               text;
  double               width, height, ls;
  Axis                 ax, ay;
  LrRect               plot;
} Plot;

static double
plot_x (const Plot *p,
        double      x)
{
  return axis_map (&p->ax, x, p->plot.x, p->plot.width);
}

static double
plot_y (const Plot *p,
        double      y)
{
  return axis_map (&p->ay, y, p->plot.y + p->plot.height, -p->plot.height);
}

/* The range of the usable samples; FALSE when there are none. */
static gboolean
plot_data_range (const Plot *p,
                 double     *xlo,
                 double     *xhi,
                 double     *ylo,
                 double     *yhi)
{
  const LrPlotSpec *spec = p->spec;

  *xlo = *ylo = INFINITY;
  *xhi = *yhi = -INFINITY;
  for (guint s = 0; s < spec->n_series; s++)
    {
      const LrPlotSeries *ser = &spec->series[s];

      if (ser->y == NULL)
        continue;
      for (guint i = 0; i < ser->n; i++)
        {
          double x = ser->x ? ser->x[i] : i, y = ser->y[i];

          if (!value_usable (x, p->ax.log) || !value_usable (y, p->ay.log))
            continue;
          if (spec->fixed_x && (x < spec->xmin || x > spec->xmax))
            continue;
          *xlo = MIN (*xlo, x);
          *xhi = MAX (*xhi, x);
          *ylo = MIN (*ylo, y);
          *yhi = MAX (*yhi, y);
        }
    }
  return *xlo <= *xhi && *ylo <= *yhi;
}

/* The title; returns the top of what comes below it. */
static double
plot_title (Plot *p)
{
  double top = 4 * p->ls;

  if (p->spec->title == NULL || !*p->spec->title)
    return top + 6 * p->ls;
  _lr_text_set (&p->text, p->spec->title, 1.0, TRUE, FALSE);
  _lr_text_ellipsize (&p->text, p->width - 8 * p->ls);
  _lr_text_draw (&p->text, 6 * p->ls, top, 0, 0, &p->theme->foreground, 1);
  return top + line_height (p->theme, 1.0) + 4 * p->ls;
}

/* Ticks and labels of the y axis for a plot from @top to @bottom above the
 * bottom edge; returns the count and the widest label's width. */
static guint
plot_y_ticks (Plot    *p,
              double   top,
              double   bottom,
              double  *ticks,
              guint    max_ticks,
              char   **labels,
              double  *widest)
{
  double plot_h = MAX (p->height - top - bottom - 4 * p->ls, 10);
  guint target = (guint) CLAMP (plot_h / (p->theme->font_size * 3), 2, 8);
  double step = 0, tw;
  int every = 1;
  guint nt;

  if (p->ay.log)
    nt = log_ticks (p->ay.lo, p->ay.hi, target, ticks, max_ticks, &every);
  else
    nt = lr_render_nice_ticks (p->ay.lo, p->ay.hi, target, ticks, max_ticks, &step);
  *widest = 0;
  for (guint i = 0; i < nt; i++)
    {
      labels[i] = p->ay.log ? _lr_format_decade (ticks[i], _lr_decades_plain (ticks[0],
                                                                              ticks[nt - 1]))
                            : lr_render_format_tick (ticks[i], step);
      _lr_text_set (&p->text, labels[i], 0.9, FALSE, FALSE);
      _lr_text_size (&p->text, &tw, NULL);
      *widest = MAX (*widest, tw);
    }
  return nt;
}

/* Grid lines and labels of the y ticks; minor lines at 2…9 on a log axis
 * of few decades. */
static void
plot_y_grid (Plot         *p,
             const double *ticks,
             guint         nt,
             char        **labels)
{
  cairo_t *cr = p->cr;
  const LrRect *plot = &p->plot;

  cairo_set_line_width (cr, 1 * p->ls);
  set_rgb (cr, &p->theme->grid);
  for (guint i = 0; i < nt; i++)
    {
      double py = round (plot_y (p, ticks[i])) + 0.5;

      if (py < plot->y - 0.5 || py > plot->y + plot->height + 0.5)
        continue;
      cairo_move_to (cr, plot->x, py);
      cairo_line_to (cr, plot->x + plot->width, py);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < nt; i++)
    {
      double py = plot_y (p, ticks[i]);

      if (py >= plot->y - 0.5 && py <= plot->y + plot->height + 0.5)
        {
          _lr_text_set (&p->text, labels[i], 0.9, FALSE, FALSE);
          _lr_text_draw (&p->text, plot->x - 6 * p->ls, py, 1, 0.5, &p->theme->muted, 1);
        }
    }
  if (!p->ay.log || log10 (p->ay.hi / p->ay.lo) >= 5)
    return;
  set_rgba (cr, &p->theme->grid, 0.5);
  for (int e = (int) floor (log10 (p->ay.lo)); e <= (int) ceil (log10 (p->ay.hi)); e++)
    for (int m = 2; m <= 9; m++)
      {
        double v = m * pow (10, e), py;

        if (v <= p->ay.lo || v >= p->ay.hi)
          continue;
        py = round (plot_y (p, v)) + 0.5;
        cairo_move_to (cr, plot->x, py);
        cairo_line_to (cr, plot->x + plot->width, py);
      }
  cairo_stroke (cr);
}

/* Grid lines and labels of the x ticks. */
static void
plot_x_grid (Plot *p)
{
  cairo_t *cr = p->cr;
  const LrRect *plot = &p->plot;
  double ticks[64], step = 0;
  int every = 1;
  guint nt;

  if (p->ax.log)
    nt = log_ticks (p->ax.lo, p->ax.hi,
                    (guint) CLAMP (plot->width / (p->theme->font_size * 5), 2, 10), ticks,
                    G_N_ELEMENTS (ticks), &every);
  else
    nt = _lr_fit_ticks (&p->text, p->ax.lo, p->ax.hi, plot->width, TRUE, ticks,
                        G_N_ELEMENTS (ticks), &step);
  set_rgb (cr, &p->theme->grid);
  for (guint i = 0; i < nt; i++)
    {
      double px = round (plot_x (p, ticks[i])) + 0.5;

      cairo_move_to (cr, px, plot->y);
      cairo_line_to (cr, px, plot->y + plot->height);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < nt; i++)
    {
      g_autofree char *s = NULL;

      if (p->ax.log)
        s = _lr_format_decade (ticks[i], _lr_decades_plain (ticks[0], ticks[nt - 1]));
      else
        s = lr_render_format_tick (ticks[i], step);
      _lr_text_set (&p->text, s, 0.9, FALSE, FALSE);
      _lr_text_draw (&p->text, plot_x (p, ticks[i]), plot->y + plot->height + 4 * p->ls, 0.5, 0,
                     &p->theme->muted, 1);
    }
}

/* Axis titles, then the frame. */
static void
plot_axis_titles (Plot *p)
{
  cairo_t *cr = p->cr;
  const LrPlotSpec *spec = p->spec;
  const LrRect *plot = &p->plot;

  if (spec->x_label != NULL && *spec->x_label)
    {
      _lr_text_set (&p->text, spec->x_label, 0.9, FALSE, FALSE);
      _lr_text_draw (&p->text, plot->x + plot->width / 2, p->height - 3 * p->ls, 0.5, 1,
                     &p->theme->muted, 1);
    }
  if (spec->y_label != NULL && *spec->y_label)
    {
      cairo_save (cr);
      cairo_translate (cr, 4 * p->ls, plot->y + plot->height / 2);
      cairo_rotate (cr, -G_PI / 2);
      _lr_text_set (&p->text, spec->y_label, 0.9, FALSE, FALSE);
      _lr_text_ellipsize (&p->text, plot->height);
      pango_cairo_update_layout (cr, p->text.layout);
      _lr_text_draw (&p->text, 0, 0, 0.5, 0, &p->theme->muted, 1);
      cairo_restore (cr);
      pango_cairo_update_layout (cr, p->text.layout);
    }

  cairo_rectangle (cr, plot->x + 0.5, plot->y + 0.5, plot->width - 1, plot->height - 1);
  set_rgb (cr, &p->theme->panel_border);
  cairo_set_line_width (cr, 1 * p->ls);
  cairo_stroke (cr);
}

/* One series: a line broken at unusable samples, dots when asked. */
static void
plot_series (Plot               *p,
             const LrPlotSeries *ser)
{
  cairo_t *cr = p->cr;
  const LrRect *plot = &p->plot;
  gboolean pen = FALSE;
  double dash[2] = { 5 * p->ls, 3 * p->ls };
  double lastx = NAN, lasty = NAN;

  cairo_new_path (cr);
  for (guint i = 0; i < ser->n; i++)
    {
      double x = ser->x ? ser->x[i] : i, y = ser->y[i], px, py;

      if (!value_usable (x, p->ax.log) || !value_usable (y, p->ay.log))
        {
          pen = FALSE;
          continue;
        }
      /* within cairo's coordinate range */
      px = CLAMP (plot_x (p, x), plot->x - 1e4, plot->x + plot->width + 1e4);
      py = CLAMP (plot_y (p, y), plot->y - 1e4, plot->y + plot->height + 1e4);
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
  cairo_set_line_width (cr, 1.8 * p->ls);
  if (ser->dotted)
    {
      /* round caps on near-zero dashes: dots */
      double dots[2] = { 0.01 * p->ls, 4 * p->ls };

      cairo_set_dash (cr, dots, 2, 0);
    }
  else
    cairo_set_dash (cr, dash, ser->dashed ? 2 : 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (!ser->points)
    return;
  for (guint i = 0; i < ser->n; i++)
    {
      double x = ser->x ? ser->x[i] : i, y = ser->y[i];

      if (!value_usable (x, p->ax.log) || !value_usable (y, p->ay.log))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, plot_x (p, x), plot_y (p, y), 2.4 * p->ls, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

/* A vertical marker line with its label beside it (stacked by @index). */
static void
plot_marker (Plot               *p,
             const LrPlotMarker *mk,
             guint               index)
{
  cairo_t *cr = p->cr;
  const LrRect *plot = &p->plot;
  double dash[2] = { 4 * p->ls, 3 * p->ls };
  double px, lw, lh, lx, ly;

  if (!value_usable (mk->x, p->ax.log))
    return;
  px = plot_x (p, mk->x);
  if (px < plot->x - 0.5 || px > plot->x + plot->width + 0.5)
    return;
  px = round (px) + 0.5;
  cairo_move_to (cr, px, plot->y);
  cairo_line_to (cr, px, plot->y + plot->height);
  set_rgb (cr, &mk->color);
  cairo_set_line_width (cr, 1.2 * p->ls);
  cairo_set_dash (cr, dash, mk->dashed ? 2 : 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (mk->label == NULL || !*mk->label)
    return;
  _lr_text_set (&p->text, mk->label, 0.82, FALSE, FALSE);
  _lr_text_size (&p->text, &lw, &lh);
  /* beside the line, flipped to the left near the right edge */
  lx = px + 3 * p->ls + lw > plot->x + plot->width ? px - 3 * p->ls - lw : px + 3 * p->ls;
  /* stacked, so markers close together keep readable labels */
  ly = plot->y + 3 * p->ls + (index % 4) * (lh + 1 * p->ls);
  cairo_rectangle (cr, lx - 1 * p->ls, ly, lw + 2 * p->ls, lh);
  set_rgba (cr, &p->theme->background, 0.8);
  cairo_fill (cr);
  _lr_text_draw (&p->text, lx, ly, 0, 0, &mk->color, 1);
}

/* The legend of the labelled series that fit, in the top-right corner. */
static void
plot_legend (Plot *p)
{
  cairo_t *cr = p->cr;
  const LrPlotSpec *spec = p->spec;
  const LrRect *plot = &p->plot;
  double ls = p->ls, pad = 5 * ls, sw = 14 * ls, row_h = line_height (p->theme, 0.85);
  double widest = 0, tw, th, w, h, x, y;
  guint shown = 0, row = 0;

  for (guint s = 0; s < spec->n_series; s++)
    {
      if (spec->series[s].label == NULL)
        continue;
      if ((shown + 1) * row_h + 2 * pad > plot->height - 6 * ls)
        break;
      _lr_text_set (&p->text, spec->series[s].label, 0.85, FALSE, FALSE);
      _lr_text_size (&p->text, &tw, &th);
      widest = MAX (widest, tw);
      shown++;
    }
  if (shown == 0)
    return;
  w = MIN (2 * pad + sw + 5 * ls + widest, plot->width * 0.6);
  h = 2 * pad + shown * row_h;
  x = plot->x + plot->width - w - 4 * ls;
  y = plot->y + 4 * ls;
  cairo_rectangle (cr, x, y, w, h);
  set_rgba (cr, &p->theme->background, 0.88);
  cairo_fill_preserve (cr);
  set_rgba (cr, &p->theme->panel_border, 0.5);
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
      _lr_text_set (&p->text, spec->series[s].label, 0.85, FALSE, FALSE);
      _lr_text_ellipsize (&p->text, w - 2 * pad - sw - 5 * ls);
      _lr_text_draw (&p->text, x + pad + sw + 5 * ls, ry, 0, 0.5, &p->theme->foreground, 1);
      row++;
    }
}

/* Axes, margins and the plot area from the data; FALSE when too small. */
static gboolean
plot_layout (Plot   *p,
             double  top,
             double  xlo,
             double  xhi,
             double  ylo,
             double  yhi)
{
  const LrPlotSpec *spec = p->spec;
  double ticks[64], bottom, left, widest;
  char *labels[G_N_ELEMENTS (ticks)];
  guint nt;

  if (spec->fixed_x && value_usable (spec->xmin, p->ax.log) && spec->xmax > spec->xmin)
    axis_range (&p->ax, spec->xmin, spec->xmax, FALSE);
  else
    axis_range (&p->ax, xlo, xhi, p->ax.log);
  if (spec->fixed_y && value_usable (spec->ymin, p->ay.log) && spec->ymax > spec->ymin)
    axis_range (&p->ay, spec->ymin, spec->ymax, TRUE);
  else
    axis_range (&p->ay, ylo, yhi, TRUE);

  /* y tick labels first: their width sets the left margin */
  bottom = line_height (p->theme, 0.9) + 6 * p->ls;
  if (spec->x_label != NULL && *spec->x_label)
    bottom += line_height (p->theme, 0.9);
  nt = plot_y_ticks (p, top, bottom, ticks, G_N_ELEMENTS (ticks), labels, &widest);
  left = widest + 10 * p->ls;
  if (spec->y_label != NULL && *spec->y_label)
    left += line_height (p->theme, 0.9);
  p->plot = (LrRect) { ceil (left), ceil (top),
                       floor (p->width - left - 12 * p->ls), floor (p->height - top - bottom) };
  if (p->plot.width >= 10 && p->plot.height >= 10)
    plot_y_grid (p, ticks, nt, labels);
  for (guint i = 0; i < nt; i++)
    g_free (labels[i]);
  return p->plot.width >= 10 && p->plot.height >= 10;
}

static void
plot_draw (Plot *p)
{
  const LrPlotSpec *spec = p->spec;
  double xlo, xhi, ylo, yhi, top;
  gboolean have_data = plot_data_range (p, &xlo, &xhi, &ylo, &yhi);

  top = plot_title (p);
  if (!have_data)
    {
      const char *msg = spec->empty_text ? spec->empty_text : _("No data");

      _lr_text_set (&p->text, msg, 1.0, FALSE, FALSE);
      _lr_text_ellipsize (&p->text, p->width - 8 * p->ls);
      _lr_text_draw (&p->text, p->width / 2, (top + p->height) / 2, 0.5, 0.5, &p->theme->muted, 1);
      return;
    }
  if (!plot_layout (p, top, xlo, xhi, ylo, yhi))
    return;
  plot_x_grid (p);
  plot_axis_titles (p);

  cairo_save (p->cr);
  clip_to (p->cr, &p->plot);
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (p->cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < spec->n_series; s++)
    if (spec->series[s].y != NULL)
      plot_series (p, &spec->series[s]);
  cairo_restore (p->cr);

  for (guint m = 0; m < spec->n_markers; m++)
    plot_marker (p, &spec->markers[m], m);
  if (spec->legend && spec->n_series > 0)
    plot_legend (p);
}

void
lr_render_line_plot (cairo_t          *cr,
                     double            width,
                     double            height,
                     const LrPlotSpec *spec)
{
  LrRenderTheme fallback;
  Plot p = { 0 };

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->series != NULL || spec->n_series == 0);
  g_return_if_fail (spec->markers != NULL || spec->n_markers == 0);

  p.cr = cr;
  p.spec = spec;
  p.theme = default_theme (spec->theme, &fallback);
  p.width = width;
  p.height = height;
  p.ls = p.theme->line_scale;
  p.ax.log = spec->log_x;
  p.ay.log = spec->log_y;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &p.theme->background);
  cairo_paint (cr);
  _lr_text_init (&p.text, cr, p.theme);
  plot_draw (&p);
  _lr_text_clear (&p.text);
  cairo_restore (cr);
}
