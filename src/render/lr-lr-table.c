/* lr-lr-table.c: the measured learning-rate table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-render-private.h"

#define COL_LR      LR_TABLE_COL_LR
#define COL_SCHED   LR_TABLE_COL_SCHEDULE
#define COL_OPT     LR_TABLE_COL_OPTIMIZER
#define COL_STEPS   LR_TABLE_COL_STEPS
#define COL_GAP     LR_TABLE_COL_GAP
#define COL_VERDICT LR_TABLE_COL_VERDICT
#define N_COLS      LR_TABLE_N_COLS

/* Short headers: the table sits beside two plots. */
static const char *col_titles[N_COLS] = {
  N_("Learning rate"), N_("Schedule"), N_("Optimizer"), N_("Steps"), N_("Final loss gap"), N_("Verdict")
};

static const gboolean numeric[N_COLS] = { TRUE, FALSE, FALSE, TRUE, TRUE, FALSE };

/* The full text size, the smallest it shrinks to, and the narrowest an
 * ellipsized name becomes. */
#define TABLE_SIZE     0.95
#define TABLE_MIN_SIZE (0.8 * TABLE_SIZE)
#define NAME_MIN_WIDTH 44

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
  return ceil ((n_rows + 1) * line_height (theme, TABLE_SIZE) * 1.35 + 6 * theme->line_scale);
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
      rows[i].optimizer = runs[i].title != NULL ? runs[i].title : runs[i].label;
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
      if (schedule_is_constant (row->schedule))
        return g_strdup (_("constant"));
      /* the name; its keys are in the run's spec */
      return g_strndup (row->schedule, strcspn (row->schedule, ":"));
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

/* The columns' natural widths at @size (widths = the wider of header and
 * cells); returns the table's width. */
static double
table_measure (LrText           *text,
               const LrTableRow *rows,
               guint             n_rows,
               double            size,
               LrTableLayout    *l)
{
  double ls = text->theme->line_scale;
  double total = (4 + 12 + 8) * ls, gap = 12 * ls;
  gboolean first = TRUE;
  gboolean noisy = rows_noisy (rows, n_rows);

  /* a schedule column only when some run has one */
  for (int c = 0; c < N_COLS; c++)
    l->shown[c] = c != COL_SCHED;
  for (guint r = 0; r < n_rows; r++)
    if (!schedule_is_constant (rows[r].schedule))
      l->shown[COL_SCHED] = TRUE;

  l->text_size = size;
  for (int c = 0; c < N_COLS; c++)
    {
      double w;

      l->title[c] = col_title (c, noisy);
      l->header_width[c] = l->widest[c] = l->column_width[c] = 0;
      if (!l->shown[c])
        continue;
      _lr_text_set (text, l->title[c], size, TRUE, FALSE);
      _lr_text_size (text, &w, NULL);
      l->header_width[c] = w;
      for (guint r = 0; r < n_rows; r++)
        {
          g_autofree char *s = table_cell (&rows[r], c);

          _lr_text_set (text, s, size, c == COL_VERDICT, FALSE);
          _lr_text_size (text, &w, NULL);
          l->widest[c] = MAX (l->widest[c], w);
        }
      l->column_width[c] = ceil (MAX (l->header_width[c], l->widest[c]));
      total += l->column_width[c] + (first ? 0 : gap);
      first = FALSE;
    }
  return total + 4 * ls;
}

/* The names that give way (ellipsized) and, when that is not enough, the
 * columns that go whole, least needed first: the optimizer (the captions
 * and legends name it), the schedule, the steps. */
static const int names[] = { COL_OPT, COL_SCHED };
static const int droppable[] = { COL_OPT, COL_SCHED, COL_STEPS };

/* Names give way down to their header's width or NAME_MIN_WIDTH. */
static double
table_squeeze (LrTableLayout *l,
               double         total,
               double         limit,
               double         ls)
{
  for (guint k = 0; k < G_N_ELEMENTS (names) && total > limit; k++)
    {
      int c = names[k];
      double floor_w = MAX (ceil (l->header_width[c]), NAME_MIN_WIDTH * ls);
      double give;

      if (!l->shown[c])
        continue;
      give = MIN (total - limit, MAX (l->column_width[c] - floor_w, 0));
      l->column_width[c] -= give;
      total -= give;
    }
  return total;
}

/* Columns go whole, in droppable[]'s order, while the table is wider than
 * @limit (0: all of them); then the names squeezed before take back what
 * went.  Returns the new total width. */
static double
table_drop (LrTableLayout *l,
            double         total,
            double         limit,
            double         ls)
{
  for (guint k = 0; k < G_N_ELEMENTS (droppable) && total > limit + 0.5; k++)
    {
      int c = droppable[k];

      if (!l->shown[c])
        continue;
      l->shown[c] = FALSE;
      total -= l->column_width[c] + 12 * ls;
    }
  /* (in the table's order: the schedule before the optimizer) */
  for (guint k = G_N_ELEMENTS (names); k-- > 0 && total < limit;)
    {
      int c = names[k];
      double give = MIN (limit - total, ceil (MAX (l->widest[c], l->header_width[c])) - l->column_width[c]);

      if (l->shown[c] && give > 0)
        {
          l->column_width[c] += give;
          total += give;
        }
    }
  return total;
}

static void
table_place (LrTableLayout       *l,
             const LrRenderTheme *theme,
             double               height,
             guint                n_rows)
{
  double ls = theme->line_scale, x = (4 + 12 + 8) * ls;
  gboolean first = TRUE;
  guint fit;

  for (int c = 0; c < N_COLS; c++)
    {
      if (!l->shown[c])
        continue;
      if (!first)
        x += 12 * ls;
      first = FALSE;
      l->x[c] = x;
      x += l->column_width[c];
    }
  l->width = x;
  l->row_height = line_height (theme, l->text_size) * 1.35;
  fit = (guint) MAX (0, floor ((height - 2 * ls - l->row_height) / l->row_height));
  l->n_rows_shown = fit >= n_rows ? n_rows : fit > 0 ? fit - 1 : 0;
}

static gboolean
table_layout (LrText           *text,
              double            width,
              double            height,
              const LrTableRow *rows,
              guint             n_rows,
              LrTableLayout    *l)
{
  double ls = text->theme->line_scale, total;

  memset (l, 0, sizeof *l);
  total = table_measure (text, rows, n_rows, TABLE_SIZE, l);
  if (total > width)
    total = table_measure (text, rows, n_rows,
                           MAX (TABLE_MIN_SIZE, TABLE_SIZE * width / total), l);
  total = table_squeeze (l, total, width, ls);
  /* still too wide: whole columns go, so the verdict is never cut */
  total = table_drop (l, total, width, ls);
  table_place (l, text->theme, height, n_rows);
  return total <= width + 0.5;
}

gboolean
lr_render_lr_table_layout (cairo_t             *cr,
                           double               width,
                           double               height,
                           const LrTableRow    *rows,
                           guint                n_rows,
                           const LrRenderTheme *theme,
                           LrTableLayout       *layout)
{
  LrRenderTheme fallback;
  LrText text;
  gboolean fits;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  theme = default_theme (theme, &fallback);
  _lr_text_init (&text, cr, theme);
  fits = table_layout (&text, width, height, rows, n_rows, layout);
  _lr_text_clear (&text);
  return fits;
}

/* The table's width at its full text size, or (@narrowest) the least it
 * needs: the smallest text, names squeezed, every column that gives way gone. */
static double
table_width (cairo_t             *cr,
             const LrTableRow    *rows,
             guint                n_rows,
             const LrRenderTheme *theme,
             gboolean             narrowest)
{
  LrRenderTheme fallback;
  LrTableLayout l = { 0 };
  double total;
  LrText text;

  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (rows != NULL || n_rows == 0, 0);

  theme = default_theme (theme, &fallback);
  _lr_text_init (&text, cr, theme);
  total = table_measure (&text, rows, n_rows, narrowest ? TABLE_MIN_SIZE : TABLE_SIZE, &l);
  if (narrowest)
    {
      total = table_squeeze (&l, total, 0, theme->line_scale);
      total = table_drop (&l, total, 0, theme->line_scale);
    }
  _lr_text_clear (&text);
  return ceil (total);
}

double
lr_render_lr_table_width (cairo_t             *cr,
                          const LrTableRow    *rows,
                          guint                n_rows,
                          const LrRenderTheme *theme)
{
  return table_width (cr, rows, n_rows, theme, FALSE);
}

double
lr_render_lr_table_min_width (cairo_t             *cr,
                              const LrTableRow    *rows,
                              guint                n_rows,
                              const LrRenderTheme *theme)
{
  return table_width (cr, rows, n_rows, theme, TRUE);
}

/* The table being drawn. */
typedef struct {
  cairo_t             *cr;
  const LrRenderTheme *theme;
  LrText               text;
  double               width, height, ls, sw;
  LrTableLayout        l;
} Table;

/* A row of cells (the header when @row is NULL) centred on @y. */
static void
table_cells (Table            *t,
             const LrTableRow *row,
             double            y)
{
  const LrTableLayout *l = &t->l;

  for (int c = 0; c < N_COLS; c++)
    {
      g_autofree char *s = NULL;
      const LrRgb *color = &t->theme->foreground;
      LrRgb vc;

      if (!l->shown[c])
        continue;
      if (row != NULL)
        {
          s = table_cell (row, c);
          if (c == COL_VERDICT)
            color = _lr_verdict_color (row->verdict, t->theme, &vc);
        }
      _lr_text_set (&t->text, row != NULL ? s : l->title[c], l->text_size,
                    row == NULL || c == COL_VERDICT, FALSE);
      _lr_text_ellipsize (&t->text, l->column_width[c] + 0.5);
      _lr_text_draw (&t->text, numeric[c] ? l->x[c] + l->column_width[c] : l->x[c], y,
                     numeric[c] ? 1 : 0, 0.5, color, 1);
    }
}

/* The rows that fit below @y, the last one saying how many more there are
 * when not all do. */
static void
table_rows (Table            *t,
            const LrTableRow *rows,
            guint             n_rows,
            double            y)
{
  cairo_t *cr = t->cr;
  double ls = t->ls, row_h = t->l.row_height;

  for (guint r = 0; r < n_rows; r++)
    {
      if (r >= t->l.n_rows_shown)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… %u more",
                                                                "… %u more", n_rows - r),
                                                   n_rows - r);

          _lr_text_set (&t->text, more, t->l.text_size, FALSE, FALSE);
          _lr_text_draw (&t->text, 4 * ls, y + row_h / 2, 0, 0.5, &t->theme->muted, 1);
          break;
        }
      if (r % 2 == 1)
        {
          cairo_rectangle (cr, 4 * ls, y, MIN (t->width - 8 * ls, t->l.width), row_h);
          set_rgba (cr, &t->theme->foreground, 0.045);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, 6 * ls, y + row_h / 2 - t->sw / 2 + 1 * ls, t->sw - 2 * ls,
                       t->sw - 2 * ls);
      set_rgb (cr, &rows[r].color);
      cairo_fill (cr);
      table_cells (t, &rows[r], y + row_h / 2);
      y += row_h;
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
  double y;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);

  t.cr = cr;
  t.theme = default_theme (theme, &fallback);
  t.width = width;
  t.height = height;
  t.ls = t.theme->line_scale;
  t.sw = 12 * t.ls;
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
      table_layout (&t.text, width, height, rows, n_rows, &t.l);
      y = 2 * t.ls;
      table_cells (&t, NULL, y + t.l.row_height / 2);
      y += t.l.row_height;
      cairo_move_to (cr, 4 * t.ls, round (y) + 0.5);
      cairo_line_to (cr, MIN (width - 4 * t.ls, t.l.width + 4 * t.ls), round (y) + 0.5);
      set_rgb (cr, &t.theme->panel_border);
      cairo_set_line_width (cr, 1 * t.ls);
      cairo_stroke (cr);
      table_rows (&t, rows, n_rows, y);
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
