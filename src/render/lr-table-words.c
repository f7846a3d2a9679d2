/* lr-table-words.c: the seed's table in words, below the measured table
 *
 * For noisy runs at their floors the core ranks each rate by the steps to
 * its floor and by the floor (lr-rate-words.h); here that becomes one line
 * per run — "High rate 0.15: fast (at its floor from step 14), poor (floor
 * 0.044)" — and one saying whether the classic order holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-rate-words.h"
#include "lr-render-private.h"

static const char *
level_label (LrRateLevel level)
{
  switch (level)
    {
    case LR_RATE_HIGH:
      return _("High rate");
    case LR_RATE_LOW:
      return _("Low rate");
    case LR_RATE_MEDIUM:
    default:
      return _("Medium rate");
    }
}

static const char *
speed_label (LrRateSpeed speed)
{
  switch (speed)
    {
    case LR_RATE_SPEED_FAST:
      return _("fast");
    case LR_RATE_SPEED_MODERATE:
      return _("moderate");
    case LR_RATE_SPEED_SLOW:
    case LR_RATE_SPEED_NONE:
    default:
      return _("slow");
    }
}

static const char *
quality_label (LrRateQuality quality)
{
  switch (quality)
    {
    case LR_RATE_QUALITY_POOR:
      /* TRANSLATORS: how well a run converges: poor, good, excellent */
      return _("poor");
    case LR_RATE_QUALITY_GOOD:
      return _("good");
    case LR_RATE_QUALITY_EXCELLENT:
    case LR_RATE_QUALITY_NONE:
    default:
      return _("excellent");
    }
}

static double
run_lr (const LrRenderRun *run)
{
  const LrTrajectory *t = run->trajectory;

  if (run->lr > 0)
    return run->lr;
  return t != NULL && t->n_points > 0 ? t->points[0].lr : NAN;
}

/* The lines for @runs (NULL when there is no table in words). */
static GPtrArray *
words_lines (const LrRenderRun *runs,
             guint              n_runs)
{
  g_autofree LrSummary *summaries = g_new0 (LrSummary, MAX (n_runs, 1));
  g_autofree double *lrs = g_new0 (double, MAX (n_runs, 1));
  g_autofree LrRateWords *words = g_new0 (LrRateWords, MAX (n_runs, 1));
  GPtrArray *lines;

  for (guint i = 0; i < n_runs; i++)
    {
      if (runs[i].trajectory == NULL || !runs[i].trajectory->noisy)
        return NULL;
      summaries[i] = runs[i].summary;
      lrs[i] = run_lr (&runs[i]);
    }
  if (n_runs < 2 || !lr_rate_words_rank (summaries, lrs, n_runs, words))
    return NULL;

  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_runs; i++)
    {
      g_autofree char *lr = _lr_format_value (lrs[i], 3);

      if (words[i].speed == LR_RATE_SPEED_NONE)
        g_ptr_array_add (lines, g_strdup_printf (_("%s %s: not at a floor yet"),
                                                 level_label (words[i].level), lr));
      else
        {
          g_autofree char *fl = _lr_format_value (summaries[i].noise_floor, 2);

          /* TRANSLATORS: "High rate 0.15: fast (at its floor from step 14), poor (floor 0.044)" */
          g_ptr_array_add (lines, g_strdup_printf (_("%s %s: %s (at its floor from step %d), %s (floor %s)"),
                                                   level_label (words[i].level), lr,
                                                   speed_label (words[i].speed),
                                                   summaries[i].steps_to_floor,
                                                   quality_label (words[i].quality), fl));
        }
    }
  if (lr_rate_words_classic_order (summaries, lrs, n_runs))
    g_ptr_array_add (lines, g_strdup (_("As in the classic table: a higher rate settles sooner, "
                                        "and higher.")));
  else
    g_ptr_array_add (lines, g_strdup (_("Not the classic order: a higher rate does not always "
                                        "settle sooner and higher.")));
  return lines;
}

void
_lr_draw_table_and_words (cairo_t             *cr,
                          double               width,
                          double               height,
                          const LrTableRow    *rows,
                          guint                n_rows,
                          const LrRenderRun   *runs,
                          guint                n_runs,
                          const LrRenderTheme *theme)
{
  g_autoptr(GPtrArray) lines = words_lines (runs, n_runs);
  double table_h = lr_render_lr_table_height (n_rows, theme);
  double ls = theme->line_scale, line_h = line_height (theme, 0.9) * 1.2;
  double words_h, y;
  LrText text;

  words_h = lines != NULL ? lines->len * line_h + 8 * ls : 0;
  if (lines == NULL || table_h + words_h > height)
    {
      lr_render_lr_table (cr, width, height, rows, n_rows, theme);
      return;
    }
  lr_render_lr_table (cr, width, height - words_h, rows, n_rows, theme);

  cairo_save (cr);
  cairo_rectangle (cr, 0, height - words_h, width, words_h);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);
  _lr_text_init (&text, cr, theme);
  y = height - words_h + 4 * ls;
  for (guint i = 0; i < lines->len; i++)
    {
      gboolean last = i + 1 == lines->len;
      double x = 6 * ls;

      if (!last)
        {
          _lr_swatch (cr, x, y + line_h / 2, 12 * ls, &runs[i].color, theme);
          x += 20 * ls;
        }
      _lr_text_set (&text, g_ptr_array_index (lines, i), 0.9, FALSE, FALSE);
      _lr_text_ellipsize (&text, width - x - 4 * ls);
      _lr_text_draw (&text, x, y + line_h / 2, 0, 0.5,
                     last ? &theme->muted : &theme->foreground, 1);
      y += line_h;
    }
  _lr_text_clear (&text);
  cairo_restore (cr);
}
