/* lr-lr-table.c: the measured learning-rate table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

enum { COL_LR, COL_OPT, COL_SCHED, COL_STEPS, COL_GAP, COL_VERDICT, N_COLS };

static const char *col_titles[N_COLS] = {
  N_("Learning rate"), N_("Optimizer"), N_("Schedule"), N_("Steps to converge"), N_("Final loss gap"), N_("Verdict")
};

double
lr_render_lr_table_height (guint                n_rows,
                           const LrRenderTheme *theme)
{
  LrRenderTheme fallback;

  theme = default_theme (theme, &fallback);
  return ceil ((n_rows + 1) * line_height (theme, 0.95) * 1.35 + 6 * theme->line_scale);
}

void
lr_render_table_rows_from_runs (const LrRenderRun *runs,
                                guint              n_runs,
                                LrTableRow        *rows)
{
  g_return_if_fail (runs != NULL || n_runs == 0);

  for (guint i = 0; i < n_runs; i++)
    {
      const LrTrajectory *t = runs[i].trajectory;

      rows[i].color = runs[i].color;
      rows[i].lr = runs[i].lr > 0 ? runs[i].lr
                   : t != NULL && t->n_points > 0 ? t->points[0].lr : NAN;
      rows[i].optimizer = runs[i].label;
      rows[i].schedule = runs[i].schedule;
      rows[i].steps_to_converge = runs[i].summary.steps_to_converge;
      rows[i].final_loss_gap = runs[i].summary.final_loss_gap;
      rows[i].verdict = runs[i].summary.verdict;
    }
}

static char *
table_cell (const LrTableRow *row,
            int               col)
{
  switch (col)
    {
    case COL_LR:
      return _lr_format_value (row->lr, 3);
    case COL_OPT:
      return g_strdup (row->optimizer ? row->optimizer : "");
    case COL_SCHED:
      return g_strdup (schedule_is_constant (row->schedule) ? _("constant") : row->schedule);
    case COL_STEPS:
      if (row->steps_to_converge < 0)
        return g_strdup (EM_DASH);
      return g_strdup_printf ("%d", row->steps_to_converge);
    case COL_GAP:
      return _lr_format_value (row->final_loss_gap, 3);
    case COL_VERDICT:
      return g_strdup (_lr_verdict_label (row->verdict));
    default:
      return g_strdup ("");
    }
}

/* Column widths at text @size; returns the table's total width. */
static double
table_measure (LrText           *text,
               const LrTableRow *rows,
               guint             n_rows,
               double            size,
               gboolean         *show,
               double           *widths)
{
  const LrRenderTheme *theme = text->theme;
  double total = 12 * theme->line_scale + 8 * theme->line_scale;

  /* a schedule column only when some run has one */
  show[COL_SCHED] = FALSE;
  for (guint r = 0; r < n_rows; r++)
    if (!schedule_is_constant (rows[r].schedule))
      show[COL_SCHED] = TRUE;

  for (int c = 0; c < N_COLS; c++)
    {
      double w;

      widths[c] = 0;
      if (!show[c])
        continue;
      _lr_text_set (text, _(col_titles[c]), size, TRUE, FALSE);
      _lr_text_size (text, &w, NULL);
      widths[c] = w;
      for (guint r = 0; r < n_rows; r++)
        {
          g_autofree char *s = table_cell (&rows[r], c);

          _lr_text_set (text, s, size, c == COL_VERDICT, FALSE);
          _lr_text_size (text, &w, NULL);
          widths[c] = MAX (widths[c], w);
        }
      total += widths[c] + 14 * theme->line_scale;
    }
  return total + 8 * theme->line_scale;
}

double
lr_render_lr_table_width (cairo_t             *cr,
                          const LrTableRow    *rows,
                          guint                n_rows,
                          const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  gboolean show[N_COLS] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  double widths[N_COLS], total;
  LrText text;

  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (rows != NULL || n_rows == 0, 0);

  theme = default_theme (theme, &fallback);
  _lr_text_init (&text, cr, theme);
  total = table_measure (&text, rows, n_rows, 0.95, show, widths);
  _lr_text_clear (&text);
  return ceil (total);
}

void
lr_render_lr_table (cairo_t             *cr,
                    double               width,
                    double               height,
                    const LrTableRow    *rows,
                    guint                n_rows,
                    const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  LrText text;
  double ls, row_h, widths[N_COLS] = { 0 }, total = 0, x, y, sw, gap, size = 0.95;
  gboolean numeric[N_COLS] = { TRUE, FALSE, FALSE, TRUE, TRUE, FALSE };
  gboolean show[N_COLS] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  guint fit;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);

  theme = default_theme (theme, &fallback);
  ls = theme->line_scale;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);
  _lr_text_init (&text, cr, theme);

  if (n_rows == 0)
    {
      _lr_text_set (&text, _("No runs"), 1.0, FALSE, FALSE);
      _lr_text_draw (&text, width / 2, height / 2, 0.5, 0.5, &theme->muted, 1);
      _lr_text_clear (&text);
      cairo_restore (cr);
      return;
    }

  sw = 12 * ls;
  gap = 14 * ls;
  total = table_measure (&text, rows, n_rows, size, show, widths);
  /* too wide: smaller text (down to 80 %), then the label columns give way
   * (ellipsized) */
  if (total > width - 8 * ls)
    {
      size = MAX (0.8 * size, size * (width - 8 * ls) / total);
      total = table_measure (&text, rows, n_rows, size, show, widths);
    }
  if (total > width - 8 * ls)
    {
      double excess = total - (width - 8 * ls);
      int shrink[] = { COL_OPT, COL_SCHED };

      for (guint k = 0; k < G_N_ELEMENTS (shrink) && excess > 0; k++)
        {
          int c = shrink[k];
          double give;

          if (!show[c])
            continue;
          give = MIN (excess, MAX (widths[c] - 60 * ls, 0));
          widths[c] -= give;
          excess -= give;
        }
    }
  row_h = line_height (theme, size) * 1.35;

  /* header */
  x = 4 * ls + sw + 8 * ls;
  y = 2 * ls;
  for (int c = 0; c < N_COLS; c++)
    {
      if (!show[c])
        continue;
      _lr_text_set (&text, _(col_titles[c]), size, TRUE, FALSE);
      _lr_text_ellipsize (&text, widths[c]);
      _lr_text_draw (&text, numeric[c] ? x + widths[c] : x, y + row_h / 2, numeric[c] ? 1 : 0, 0.5,
                     &theme->foreground, 1);
      x += widths[c] + gap;
    }
  y += row_h;
  cairo_move_to (cr, 4 * ls, round (y) + 0.5);
  cairo_line_to (cr, MIN (width - 4 * ls, x - gap + 4 * ls), round (y) + 0.5);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);

  fit = (guint) MAX (0, floor ((height - y) / row_h));
  for (guint r = 0; r < n_rows; r++)
    {
      LrRgb vc;

      if (r >= fit || (r + 1 == fit && r + 1 < n_rows))
        {
          g_autofree char *more = g_strdup_printf ("… %u more", n_rows - r);

          _lr_text_set (&text, more, size, FALSE, FALSE);
          _lr_text_draw (&text, 4 * ls, y + row_h / 2, 0, 0.5, &theme->muted, 1);
          break;
        }
      if (r % 2 == 1)
        {
          cairo_rectangle (cr, 4 * ls, y, MIN (width - 8 * ls, x - gap), row_h);
          set_rgba (cr, &theme->foreground, 0.045);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, 6 * ls, y + row_h / 2 - sw / 2 + 1 * ls, sw - 2 * ls, sw - 2 * ls);
      set_rgb (cr, &rows[r].color);
      cairo_fill (cr);

      x = 4 * ls + sw + 8 * ls;
      for (int c = 0; c < N_COLS; c++)
        {
          g_autofree char *s = NULL;
          const LrRgb *color = &theme->foreground;

          if (!show[c])
            continue;
          s = table_cell (&rows[r], c);
          if (c == COL_VERDICT)
            color = _lr_verdict_color (rows[r].verdict, theme, &vc);
          _lr_text_set (&text, s, size, c == COL_VERDICT, FALSE);
          _lr_text_ellipsize (&text, widths[c]);
          _lr_text_draw (&text, numeric[c] ? x + widths[c] : x, y + row_h / 2,
                         numeric[c] ? 1 : 0, 0.5, color, 1);
          x += widths[c] + gap;
        }
      y += row_h;
    }

  _lr_text_clear (&text);
  cairo_restore (cr);
}

void
lr_render_run_table (cairo_t             *cr,
                     double               width,
                     double               height,
                     const LrRenderRun   *runs,
                     guint                n_runs,
                     const LrRenderTheme *theme)
{
  g_autofree LrTableRow *rows = g_new0 (LrTableRow, MAX (n_runs, 1));

  g_return_if_fail (runs != NULL || n_runs == 0);

  lr_render_table_rows_from_runs (runs, n_runs, rows);
  lr_render_lr_table (cr, width, height, rows, n_runs, theme);
}
