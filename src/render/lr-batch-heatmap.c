/* lr-batch-heatmap.c: validation accuracy over learning rate × batch size
 *
 * Columns are the rates, rows the batch sizes (the smallest at the bottom,
 * as on a y axis).  The linear scaling rule is drawn in the grid's own
 * coordinates: a rate maps to x by interpolating log lr between the column
 * centres (the rates need not be equally spaced: a random search), a batch
 * size to y the same way between the row centres.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-batch-heatmap.h"
#include "lr-colormap.h"
#include "lr-render-private.h"

typedef struct {
  const LrBatchHeatmapSpec *spec;
  const LrRenderTheme      *theme;
  double                    gx, gy, cw, ch;   /* the grid's corner, a cell's size */
  double                    lo, hi;           /* accuracy range of the colours */
} Grid;

/* Position along @n ascending values (their cell centres at 0.5, 1.5, …)
 * of @v on a log scale; outside the ends the first or last step goes on. */
static double
log_position (double        v,
              const double *values,
              guint         n)
{
  double lv = log (v);

  if (n == 1)
    return 0.5;
  for (guint i = 0; i + 1 < n; i++)
    if (lv <= log (values[i + 1]) || i + 2 == n)
      {
        double a = log (values[i]), b = log (values[i + 1]);

        return i + 0.5 + (b > a ? (lv - a) / (b - a) : 0);
      }
  return n - 0.5;
}

static double
column_x (const Grid *g,
          double      lr)
{
  return g->gx + g->cw * log_position (lr, g->spec->lrs, g->spec->n_lrs);
}

static double
row_y (const Grid *g,
       double      batch)
{
  g_autofree double *b = g_new (double, g->spec->n_batches);

  for (guint i = 0; i < g->spec->n_batches; i++)
    b[i] = g->spec->batches[i];
  /* row 0 (the smallest batch) at the bottom */
  return g->gy + g->ch * (g->spec->n_batches - log_position (batch, b, g->spec->n_batches));
}

static void
draw_cells (cairo_t    *cr,
            const Grid *g)
{
  const LrBatchHeatmapSpec *s = g->spec;
  const LrRenderTheme *theme = g->theme;

  for (guint b = 0; b < s->n_batches; b++)
    for (guint i = 0; i < s->n_lrs; i++)
      {
        double acc = s->val_acc[b * s->n_lrs + i];
        gboolean div = s->diverged != NULL && s->diverged[b * s->n_lrs + i];
        double x = g->gx + i * g->cw, y = g->gy + (s->n_batches - 1 - b) * g->ch;
        LrRgb c;

        cairo_rectangle (cr, x, y, g->cw, g->ch);
        if (div)
          {
            set_rgba (cr, &theme->muted, 0.25);
            cairo_fill (cr);
            set_rgba (cr, &theme->muted, 0.8);
            cairo_set_line_width (cr, 1.2 * theme->line_scale);
            cairo_move_to (cr, x + g->cw * 0.3, y + g->ch * 0.3);
            cairo_line_to (cr, x + g->cw * 0.7, y + g->ch * 0.7);
            cairo_move_to (cr, x + g->cw * 0.7, y + g->ch * 0.3);
            cairo_line_to (cr, x + g->cw * 0.3, y + g->ch * 0.7);
            cairo_stroke (cr);
            continue;
          }
        if (!isfinite (acc))
          {
            set_rgba (cr, &theme->grid, 0.5);
            cairo_fill (cr);
            continue;
          }
        lr_colormap_lookup (LR_COLORMAP_VIRIDIS, g->hi > g->lo ? (acc - g->lo) / (g->hi - g->lo) : 1, &c);
        set_rgb (cr, &c);
        cairo_fill (cr);
        if (g->cw >= theme->font_size * 2.6 && g->ch >= theme->font_size * 1.3)
          {
            g_autofree char *text = g_strdup_printf ("%.0f", 100 * acc);
            LrRgb ink = luminance (&c) < 0.5 ? (LrRgb) { 1, 1, 1 } : (LrRgb) { 0.1, 0.1, 0.1 };

            _lr_show_text (cr, theme, text, 0.75, FALSE, x + g->cw / 2, y + g->ch / 2, 0.5, 0.5, &ink, NULL);
          }
      }
  cairo_rectangle (cr, g->gx + 0.5, g->gy + 0.5, g->cw * s->n_lrs - 1, g->ch * s->n_batches - 1);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * theme->line_scale);
  cairo_stroke (cr);
}

/* A ring in the best cell of each batch size. */
static void
draw_best (cairo_t    *cr,
           const Grid *g)
{
  const LrBatchHeatmapSpec *s = g->spec;
  double r = MIN (g->cw, g->ch) * 0.38;

  if (s->best_lr == NULL)
    return;
  for (guint b = 0; b < s->n_batches; b++)
    {
      double x, y;

      if (!isfinite (s->best_lr[b]))
        continue;
      x = column_x (g, s->best_lr[b]);
      y = g->gy + (s->n_batches - 0.5 - b) * g->ch;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 3.2 * g->theme->line_scale);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.878, 0.106, 0.141);
      cairo_set_line_width (cr, 1.6 * g->theme->line_scale);
      cairo_stroke (cr);
    }
}

/* rate ∝ batch size through the best cell of the smallest batch size. */
static gboolean
draw_scaling_line (cairo_t    *cr,
                   const Grid *g)
{
  const LrBatchHeatmapSpec *s = g->spec;
  double lr0, b0 = s->batches[0];
  const guint steps = 64;

  if (s->best_lr == NULL || !isfinite (s->best_lr[0]) || s->n_batches < 2)
    return FALSE;
  lr0 = s->best_lr[0];

  cairo_save (cr);
  cairo_rectangle (cr, g->gx, g->gy, g->cw * s->n_lrs, g->ch * s->n_batches);
  cairo_clip (cr);
  /* from the bottom row's centre to the top row's, and half a row beyond */
  for (guint k = 0; k <= steps; k++)
    {
      double lb0 = log (b0), lb1 = log (s->batches[s->n_batches - 1]);
      double bb = exp (lb0 + (lb1 - lb0) * k / steps);
      double x = column_x (g, lr0 * bb / b0), y = row_y (g, bb);

      if (k == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  /* dark dashes on a light halo: visible on every colour of the map */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 4 * g->theme->line_scale);
  cairo_stroke_preserve (cr);
  {
    double dash[] = { 6 * g->theme->line_scale, 4 * g->theme->line_scale };

    cairo_set_dash (cr, dash, 2, 0);
  }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 2 * g->theme->line_scale);
  cairo_stroke (cr);
  cairo_restore (cr);
  return TRUE;
}

static void
draw_labels (cairo_t    *cr,
             const Grid *g)
{
  const LrBatchHeatmapSpec *s = g->spec;
  const LrRenderTheme *theme = g->theme;
  double ls = theme->line_scale, widest = 0;
  guint every;

  /* rate labels under the columns, as many as fit */
  for (guint i = 0; i < s->n_lrs; i++)
    {
      g_autofree char *t = _lr_format_value (s->lrs[i], 2);
      double w;

      _lr_show_text (cr, theme, t, 0.8, FALSE, 0, 0, 0, 0, NULL, &w);
      widest = MAX (widest, w);
    }
  every = (guint) MAX (1, ceil ((widest + 6 * ls) / g->cw));
  for (guint i = 0; i < s->n_lrs; i += every)
    {
      g_autofree char *t = _lr_format_value (s->lrs[i], 2);

      _lr_show_text (cr, theme, t, 0.8, FALSE, g->gx + (i + 0.5) * g->cw, g->gy + s->n_batches * g->ch + 4 * ls,
                     0.5, 0, &theme->foreground, NULL);
    }
  _lr_show_text (cr, theme, _("learning rate"), 0.85, FALSE, g->gx + s->n_lrs * g->cw / 2,
                 g->gy + s->n_batches * g->ch + theme->font_size * 1.5 + 4 * ls, 0.5, 0, &theme->muted, NULL);

  for (guint b = 0; b < s->n_batches; b++)
    {
      g_autofree char *t = g_strdup_printf ("%u", s->batches[b]);

      _lr_show_text (cr, theme, t, 0.8, FALSE, g->gx - 6 * ls, g->gy + (s->n_batches - 0.5 - b) * g->ch,
                     1, 0.5, &theme->foreground, NULL);
    }
  cairo_save (cr);
  cairo_translate (cr, g->gx - theme->font_size * 3.6, g->gy + s->n_batches * g->ch / 2);
  cairo_rotate (cr, -G_PI / 2);
  _lr_show_text (cr, theme, _("batch size"), 0.85, FALSE, 0, 0, 0.5, 0.5, &theme->muted, NULL);
  cairo_restore (cr);
}

/* A vertical colour key of the accuracy right of the grid. */
static void
draw_key (cairo_t    *cr,
          const Grid *g,
          double      x)
{
  const LrRenderTheme *theme = g->theme;
  double h = g->ch * g->spec->n_batches, w = 12 * theme->line_scale;
  const guint steps = 64;
  g_autofree char *top = g_strdup_printf ("%.0f%%", 100 * g->hi);
  g_autofree char *bottom = g_strdup_printf ("%.0f%%", 100 * g->lo);

  for (guint k = 0; k < steps; k++)
    {
      LrRgb c;

      lr_colormap_lookup (LR_COLORMAP_VIRIDIS, (k + 0.5) / steps, &c);
      set_rgb (cr, &c);
      cairo_rectangle (cr, x, g->gy + h * (1 - (k + 1.0) / steps), w, h / steps + 0.5);
      cairo_fill (cr);
    }
  _lr_show_text (cr, theme, top, 0.75, FALSE, x + w + 4 * theme->line_scale, g->gy, 0, 0, &theme->foreground, NULL);
  _lr_show_text (cr, theme, bottom, 0.75, FALSE, x + w + 4 * theme->line_scale, g->gy + h, 0, 1,
                 &theme->foreground, NULL);
  cairo_save (cr);
  cairo_translate (cr, x + w + theme->font_size * 2.2, g->gy + h / 2);
  cairo_rotate (cr, G_PI / 2);
  _lr_show_text (cr, theme, _("validation accuracy"), 0.8, FALSE, 0, 0, 0.5, 0.5, &theme->muted, NULL);
  cairo_restore (cr);
}

/* What the ring and the dashed line are, on one line above the grid. */
static void
draw_legend (cairo_t    *cr,
             const Grid *g,
             double      y,
             gboolean    line)
{
  const LrRenderTheme *theme = g->theme;
  double ls = theme->line_scale, x = g->gx, w;
  const char *ring = _("best rate per batch size");

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + 6 * ls, y, 5 * ls, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.878, 0.106, 0.141);
  cairo_set_line_width (cr, 1.6 * ls);
  cairo_stroke (cr);
  x += 16 * ls;
  _lr_show_text (cr, theme, ring, 0.8, FALSE, x, y, 0, 0.5, &theme->foreground, &w);
  x += w + 18 * ls;
  if (line)
    {
      double dash[] = { 6 * ls, 4 * ls };

      cairo_save (cr);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 26 * ls, y);
      set_rgb (cr, &theme->foreground);
      cairo_set_line_width (cr, 2 * ls);
      cairo_stroke (cr);
      cairo_restore (cr);
      _lr_show_text (cr, theme, _("rate ∝ batch size (linear scaling)"),
                     0.8, FALSE, x + 32 * ls, y, 0, 0.5, &theme->foreground, NULL);
    }
}

void
lr_render_batch_heatmap (cairo_t                  *cr,
                         double                    width,
                         double                    height,
                         const LrBatchHeatmapSpec *spec)
{
  LrRenderTheme fallback;
  Grid g = { 0 };
  double ls, top, left, right, bottom;
  gboolean any = FALSE;

  g_return_if_fail (cr != NULL && spec != NULL);

  g.spec = spec;
  g.theme = default_theme (spec->theme, &fallback);
  ls = g.theme->line_scale;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &g.theme->background);
  cairo_paint (cr);

  top = 6 * ls;
  if (spec->title != NULL && *spec->title)
    {
      _lr_show_text (cr, g.theme, spec->title, 1.0, TRUE, 8 * ls, top, 0, 0, &g.theme->foreground, NULL);
      top += g.theme->font_size * 1.6 + 4 * ls;
    }

  g.lo = INFINITY;
  g.hi = -INFINITY;
  for (guint i = 0; spec->val_acc != NULL && i < spec->n_lrs * spec->n_batches; i++)
    if (isfinite (spec->val_acc[i]) && !(spec->diverged != NULL && spec->diverged[i]))
      {
        g.lo = MIN (g.lo, spec->val_acc[i]);
        g.hi = MAX (g.hi, spec->val_acc[i]);
        any = TRUE;
      }
  if (spec->n_lrs == 0 || spec->n_batches < 1 || spec->lrs == NULL || spec->batches == NULL || !any)
    {
      _lr_show_text (cr, g.theme, _("Search with a batch-size grid to see the rate against the batch size"),
                     0.9, FALSE, width / 2, height / 2, 0.5, 0.5, &g.theme->muted, NULL);
      cairo_restore (cr);
      return;
    }

  /* room for the legend line above, labels left and below, the key right */
  top += g.theme->font_size * 1.5;
  left = g.theme->font_size * 4.6;
  right = g.theme->font_size * 4.2 + 16 * ls;
  bottom = g.theme->font_size * 3.2 + 8 * ls;
  g.cw = MAX (1, (width - left - right) / spec->n_lrs);
  g.ch = MAX (1, (height - top - bottom) / spec->n_batches);
  g.gx = left;
  g.gy = top;

  draw_cells (cr, &g);
  draw_labels (cr, &g);
  draw_key (cr, &g, g.gx + g.cw * spec->n_lrs + 8 * ls);
  draw_legend (cr, &g, top - g.theme->font_size * 0.75, draw_scaling_line (cr, &g));
  draw_best (cr, &g);
  cairo_restore (cr);
}
