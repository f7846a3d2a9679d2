/* lr-confusion.c: the confusion matrix of a classifier, counts and colour
 *
 * Rows are the true classes, columns the predicted ones.  A cell's colour is
 * its share of the row: blue on the diagonal (right), red elsewhere (wrong,
 * strengthened so that a few mistakes still show).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

static const LrRgb right_color = { 0.208, 0.518, 0.894 };   /* #3584e4 */
static const LrRgb wrong_color = { 0.878, 0.106, 0.141 };   /* #e01b24 */

/* Where the matrix goes. */
typedef struct {
  const LrConfusionSpec *spec;
  const LrRenderTheme   *theme;
  gboolean               short_names;   /* all names fit a column */
  double                 name_w;        /* widest row label */
  double                 cell, gx, gy;  /* cell side, the grid's corner */
} Matrix;

static gboolean
names_are_short (const char * const *names,
                 guint               n)
{
  for (guint i = 0; names != NULL && i < n; i++)
    if (g_utf8_strlen (names[i], -1) > 3)
      return FALSE;
  return TRUE;
}

/* Row labels: "3" or "3  Dress". */
static char *
row_label (const Matrix *m,
           guint         i)
{
  const char * const *names = m->spec->names;

  if (m->short_names)
    return names != NULL ? g_strdup (names[i]) : g_strdup_printf ("%u", i);
  return g_strdup_printf ("%u  %s", i, names[i]);
}

/* Column labels: the short name or the index. */
static char *
column_label (const Matrix *m,
              guint         i)
{
  return m->short_names && m->spec->names ? g_strdup (m->spec->names[i])
                                          : g_strdup_printf ("%u", i);
}

/* The grid's place below @top; FALSE when its cells would be too small. */
static gboolean
matrix_layout (cairo_t *cr,
               Matrix  *m,
               double   width,
               double   height,
               double   top)
{
  const LrRenderTheme *theme = m->theme;
  guint n = m->spec->n_classes;
  double ls = theme->line_scale, left, right, bottom;

  m->name_w = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = row_label (m, i);
      double w;

      _lr_show_text (cr, theme, label, 0.9, FALSE, 0, 0, 0, 0, NULL, &w);
      m->name_w = MAX (m->name_w, w);
    }
  /* "Predicted" above the columns, "True" rotated left of the rows */
  top += theme->font_size * 1.4 + theme->font_size * 1.4 + 2 * ls;
  left = theme->font_size * 1.6 + m->name_w + 10 * ls;
  right = 10 * ls;
  bottom = theme->font_size * 1.6 + 8 * ls;
  m->cell = MIN ((width - left - right) / n, (height - top - bottom) / n);
  if (m->cell < 4)
    return FALSE;
  m->gx = left + MAX (0, (width - left - right - m->cell * n) / 2);
  m->gy = top;
  return TRUE;
}

static void
matrix_labels (cairo_t      *cr,
               const Matrix *m)
{
  const LrRenderTheme *theme = m->theme;
  guint n = m->spec->n_classes;
  double ls = theme->line_scale;

  _lr_show_text (cr, theme, _("Predicted class"), 0.9, TRUE, m->gx + m->cell * n / 2,
                 m->gy - theme->font_size * 1.4 - 2 * ls, 0.5, 1, &theme->muted, NULL);
  cairo_save (cr);
  cairo_translate (cr, m->gx - m->name_w - 10 * ls - theme->font_size * 1.5,
                   m->gy + m->cell * n / 2);
  cairo_rotate (cr, -G_PI / 2);
  _lr_show_text (cr, theme, _("True class"), 0.9, TRUE, 0, 0, 0.5, 0, &theme->muted, NULL);
  cairo_restore (cr);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *col = column_label (m, i);
      g_autofree char *row = m->short_names ? g_strdup (col) : row_label (m, i);

      _lr_show_text (cr, theme, col, 0.9, FALSE, m->gx + (i + 0.5) * m->cell, m->gy - 3 * ls,
                     0.5, 1, &theme->foreground, NULL);
      _lr_show_text (cr, theme, row, 0.9, FALSE, m->gx - 6 * ls, m->gy + (i + 0.5) * m->cell,
                     1, 0.5, &theme->foreground, NULL);
    }
}

/* Cell (t, p) coloured by its share of the row, with its count. */
static void
matrix_cell (cairo_t      *cr,
             const Matrix *m,
             guint         t,
             guint         p,
             guint         row_total)
{
  const LrRenderTheme *theme = m->theme;
  const LrRgb *bg = &theme->background;
  guint c = m->spec->counts[t * m->spec->n_classes + p];
  double share = row_total ? (double) c / row_total : 0;
  const LrRgb *hue = t == p ? &right_color : &wrong_color;
  double k = t == p ? share : MIN (1.0, sqrt (share) * 1.3);
  LrRgb fill = {
    bg->r + k * (hue->r - bg->r), bg->g + k * (hue->g - bg->g), bg->b + k * (hue->b - bg->b),
  };
  double x = m->gx + p * m->cell, y = m->gy + t * m->cell;

  cairo_rectangle (cr, x, y, m->cell, m->cell);
  set_rgb (cr, &fill);
  cairo_fill (cr);

  if (c > 0 && m->cell >= theme->font_size * 1.3)
    {
      g_autofree char *text = g_strdup_printf ("%u", c);
      LrRgb ink = luminance (&fill) < 0.5 ? (LrRgb) { 1, 1, 1 } : (LrRgb) { 0.1, 0.1, 0.1 };
      double size = MIN (0.9, m->cell / (theme->font_size * 2.4));

      _lr_show_text (cr, theme, text, MAX (size, 0.55), t == p, x + m->cell / 2,
                     y + m->cell / 2, 0.5, 0.5, &ink, NULL);
    }
}

/* The cells, the grid lines and the frame; returns the right and total
 * counts in @correct and @total. */
static void
matrix_cells (cairo_t      *cr,
              const Matrix *m,
              guint        *correct,
              guint        *total)
{
  const LrRenderTheme *theme = m->theme;
  guint n = m->spec->n_classes;
  double side = n * m->cell;

  *correct = *total = 0;
  for (guint t = 0; t < n; t++)
    {
      guint row_total = 0;

      for (guint p = 0; p < n; p++)
        row_total += m->spec->counts[t * n + p];
      *total += row_total;
      *correct += m->spec->counts[t * n + t];
      for (guint p = 0; p < n; p++)
        matrix_cell (cr, m, t, p, row_total);
    }

  set_rgba (cr, &theme->panel_border, 0.35);
  cairo_set_line_width (cr, 1 * theme->line_scale);
  for (guint i = 1; i < n; i++)
    {
      cairo_move_to (cr, m->gx + i * m->cell, m->gy);
      cairo_line_to (cr, m->gx + i * m->cell, m->gy + side);
      cairo_move_to (cr, m->gx, m->gy + i * m->cell);
      cairo_line_to (cr, m->gx + side, m->gy + i * m->cell);
    }
  cairo_stroke (cr);
  cairo_rectangle (cr, m->gx + 0.5, m->gy + 0.5, side - 1, side - 1);
  set_rgb (cr, &theme->panel_border);
  cairo_stroke (cr);
}

static void
draw_matrix (cairo_t      *cr,
             const Matrix *m)
{
  const LrRenderTheme *theme = m->theme;
  guint n = m->spec->n_classes, correct, total;
  g_autofree char *caption = NULL;

  matrix_labels (cr, m);
  matrix_cells (cr, m, &correct, &total);
  /* Translators: below the confusion matrix; %u are counts of images */
  caption = g_strdup_printf (_("%u of %u validation images right (%.1f %%) · colour: share of the row"),
                             correct, total, total ? 100.0 * correct / total : 0.0);
  _lr_show_text (cr, theme, caption, 0.85, FALSE, m->gx + m->cell * n / 2,
                 m->gy + n * m->cell + 6 * theme->line_scale, 0.5, 0, &theme->muted, NULL);
}

void
lr_render_confusion (cairo_t               *cr,
                     double                 width,
                     double                 height,
                     const LrConfusionSpec *spec)
{
  LrRenderTheme fallback;
  Matrix m = { 0 };
  double top;

  g_return_if_fail (cr != NULL && spec != NULL);

  m.spec = spec;
  m.theme = default_theme (spec->theme, &fallback);
  m.short_names = names_are_short (spec->names, spec->n_classes);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &m.theme->background);
  cairo_paint (cr);

  top = 6 * m.theme->line_scale;
  if (spec->title != NULL && *spec->title)
    {
      _lr_show_text (cr, m.theme, spec->title, 1.0, TRUE, 8 * m.theme->line_scale, top, 0, 0,
                     &m.theme->foreground, NULL);
      top += m.theme->font_size * 1.6 + 4 * m.theme->line_scale;
    }
  if (spec->counts == NULL || spec->n_classes == 0)
    _lr_show_text (cr, m.theme, _("Train a run to see which classes it confuses"), 1.0, FALSE,
                   width / 2, (top + height) / 2, 0.5, 0.5, &m.theme->muted, NULL);
  else if (matrix_layout (cr, &m, width, height, top))
    draw_matrix (cr, &m);
  cairo_restore (cr);
}
