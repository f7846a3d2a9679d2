/* lr-lr-table.c: the measured learning-rate table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-render-private.h"

enum { COL_LR, COL_OPT, COL_SCHED, COL_STEPS, COL_GAP, COL_VERDICT, N_COLS };

static const char *col_titles[N_COLS] = {
  N_("Learning rate"), N_("Optimizer"), N_("Schedule"), N_("Steps to converge"), N_("Final loss gap"), N_("Verdict")
};

/* Noisy runs never converge and their last gap is one draw of the noise:
 * their table has the steps to the floor and the floor instead. */
static const char *
col_title (int      col,
           gboolean noisy)
{
  if (noisy && col == COL_STEPS)
    return _("Steps to floor");
  if (noisy && col == COL_GAP)
    return _("Noise floor");
  return _(col_titles[col]);
}

static gboolean
rows_noisy (const LrTableRow *rows,
            guint             n_rows)
{
  for (guint r = 0; r < n_rows; r++)
    if (rows[r].noisy)
      return TRUE;
  return FALSE;
}

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
      rows[i].noisy = t != NULL && t->noisy;
      /* a floor only once the run is at it */
      rows[i].steps_to_floor = runs[i].summary.verdict == LR_VERDICT_SETTLED
                               ? runs[i].summary.steps_to_floor : -1;
      rows[i].noise_floor = runs[i].summary.verdict == LR_VERDICT_SETTLED
                            ? runs[i].summary.noise_floor : NAN;
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
      if (row->noisy)
        return row->steps_to_floor < 0 ? g_strdup (EM_DASH)
                                       : g_strdup_printf ("%d", row->steps_to_floor);
      if (row->steps_to_converge < 0)
        return g_strdup (EM_DASH);
      return g_strdup_printf ("%d", row->steps_to_converge);
    case COL_GAP:
      if (row->noisy)
        return isfinite (row->noise_floor) ? _lr_format_value (row->noise_floor, 3)
                                           : g_strdup (EM_DASH);
      /* No known minimum (a formula, a surface unbounded below): no gap. */
      if (isnan (row->final_loss_gap))
        return g_strdup (EM_DASH);
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
      _lr_text_set (text, col_title (c, rows_noisy (rows, n_rows)), size, TRUE, FALSE);
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

static const gboolean numeric[N_COLS] = { TRUE, FALSE, FALSE, TRUE, TRUE, FALSE };

/* The table being drawn: text size and the shown columns' widths. */
typedef struct {
  cairo_t             *cr;
  const LrRenderTheme *theme;
  LrText               text;
  double               width, height, ls, size, row_h, sw, gap;
  double               widths[N_COLS];
  gboolean             show[N_COLS];
  gboolean             noisy;      /* the floor's columns */
} Table;

/* Sizes for @rows: too wide, the text shrinks (down to 80 %), then the
 * label columns give way (ellipsized). */
static void
table_fit (Table            *t,
           const LrTableRow *rows,
           guint             n_rows)
{
  double total, limit = t->width - 8 * t->ls;

  total = table_measure (&t->text, rows, n_rows, t->size, t->show, t->widths);
  if (total > limit)
    {
      t->size = MAX (0.8 * t->size, t->size * limit / total);
      total = table_measure (&t->text, rows, n_rows, t->size, t->show, t->widths);
    }
  if (total > limit)
    {
      double excess = total - limit;
      int shrink[] = { COL_OPT, COL_SCHED };

      for (guint k = 0; k < G_N_ELEMENTS (shrink) && excess > 0; k++)
        {
          int c = shrink[k];
          double give;

          if (!t->show[c])
            continue;
          give = MIN (excess, MAX (t->widths[c] - 60 * t->ls, 0));
          t->widths[c] -= give;
          excess -= give;
        }
    }
  t->row_h = line_height (t->theme, t->size) * 1.35;
}

/* A row of cells (the header when @row is NULL) centred on @y; returns the
 * right end of its last column. */
static double
table_cells (Table            *t,
             const LrTableRow *row,
             double            y)
{
  double x = 4 * t->ls + t->sw + 8 * t->ls;

  for (int c = 0; c < N_COLS; c++)
    {
      g_autofree char *s = NULL;
      const LrRgb *color = &t->theme->foreground;
      LrRgb vc;

      if (!t->show[c])
        continue;
      if (row != NULL)
        {
          s = table_cell (row, c);
          if (c == COL_VERDICT)
            color = _lr_verdict_color (row->verdict, t->theme, &vc);
        }
      _lr_text_set (&t->text, row != NULL ? s : col_title (c, t->noisy), t->size,
                    row == NULL || c == COL_VERDICT, FALSE);
      _lr_text_ellipsize (&t->text, t->widths[c]);
      _lr_text_draw (&t->text, numeric[c] ? x + t->widths[c] : x, y, numeric[c] ? 1 : 0, 0.5,
                     color, 1);
      x += t->widths[c] + t->gap;
    }
  return x;
}

/* The rows that fit below @y, the last one saying how many more there are
 * when not all do. */
static void
table_rows (Table            *t,
            const LrTableRow *rows,
            guint             n_rows,
            double            y,
            double            end)
{
  cairo_t *cr = t->cr;
  double ls = t->ls;
  guint fit = (guint) MAX (0, floor ((t->height - y) / t->row_h));

  for (guint r = 0; r < n_rows; r++)
    {
      if (r >= fit || (r + 1 == fit && r + 1 < n_rows))
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… %u more",
                                                                "… %u more", n_rows - r),
                                                   n_rows - r);

          _lr_text_set (&t->text, more, t->size, FALSE, FALSE);
          _lr_text_draw (&t->text, 4 * ls, y + t->row_h / 2, 0, 0.5, &t->theme->muted, 1);
          break;
        }
      if (r % 2 == 1)
        {
          cairo_rectangle (cr, 4 * ls, y, MIN (t->width - 8 * ls, end - t->gap), t->row_h);
          set_rgba (cr, &t->theme->foreground, 0.045);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, 6 * ls, y + t->row_h / 2 - t->sw / 2 + 1 * ls, t->sw - 2 * ls,
                       t->sw - 2 * ls);
      set_rgb (cr, &rows[r].color);
      cairo_fill (cr);
      table_cells (t, &rows[r], y + t->row_h / 2);
      y += t->row_h;
    }
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
  Table t = { 0 };
  double y, end;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);

  t.cr = cr;
  t.theme = default_theme (theme, &fallback);
  t.width = width;
  t.height = height;
  t.ls = t.theme->line_scale;
  t.size = 0.95;
  t.sw = 12 * t.ls;
  t.gap = 14 * t.ls;
  for (int c = 0; c < N_COLS; c++)
    t.show[c] = TRUE;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &t.theme->background);
  cairo_paint (cr);
  _lr_text_init (&t.text, cr, t.theme);

  if (n_rows == 0)
    {
      _lr_text_set (&t.text, _("No runs"), 1.0, FALSE, FALSE);
      _lr_text_draw (&t.text, width / 2, height / 2, 0.5, 0.5, &t.theme->muted, 1);
    }
  else
    {
      t.noisy = rows_noisy (rows, n_rows);
      table_fit (&t, rows, n_rows);
      y = 2 * t.ls;
      end = table_cells (&t, NULL, y + t.row_h / 2);
      y += t.row_h;
      cairo_move_to (cr, 4 * t.ls, round (y) + 0.5);
      cairo_line_to (cr, MIN (width - 4 * t.ls, end - t.gap + 4 * t.ls), round (y) + 0.5);
      set_rgb (cr, &t.theme->panel_border);
      cairo_set_line_width (cr, 1 * t.ls);
      cairo_stroke (cr);
      table_rows (&t, rows, n_rows, y, end);
    }
  _lr_text_clear (&t.text);
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
  LrRenderTheme fallback;

  g_return_if_fail (runs != NULL || n_runs == 0);

  lr_render_table_rows_from_runs (runs, n_runs, rows);
  _lr_draw_table_and_words (cr, width, height, rows, n_runs, runs, n_runs,
                            default_theme (theme, &fallback));
}
