/* lr-caption.c: the caption above a panel and the legend of overlaid runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-render-private.h"

char *
_lr_surface_title (const LrSurface *surface)
{
  g_autofree char *spec = lr_surface_to_spec (surface);
  const char *title = _(lr_surface_get_title (surface));
  const char *params = spec != NULL ? strchr (spec, ':') : NULL;

  /* a formula is shown beside it; other kinds keep their settings */
  if (params == NULL || params[1] == '\0' || g_str_equal (lr_surface_get_name (surface), "expr"))
    return g_strdup (title);
  return g_strdup_printf ("%s (%s)", title, params + 1);
}

static guint
shown_index (const LrRenderRun *run,
             guint              step)
{
  if (run->trajectory == NULL || run->trajectory->n_points == 0)
    return 0;
  return MIN (step, run->trajectory->n_points - 1);
}

/* One run: its swatch, label and schedule; below, the step, the loss there
 * and the verdict. */
static void
draw_run_caption (cairo_t           *cr,
                  LrText            *text,
                  double             avail,
                  const LrRect      *plot,
                  const LrPanelSpec *spec)
{
  const LrRenderTheme *theme = spec->theme;
  const LrRenderRun *run = &spec->runs[0];
  guint k = shown_index (run, spec->step);
  const LrTrajPoint *p = &run->trajectory->points[k];
  double pad = 2 * theme->line_scale, x = plot->x;
  double y1 = pad, y2 = pad + line_height (theme, 1.0);
  double sw = 18 * theme->line_scale;
  g_autofree char *muted = _lr_color_hex (&theme->muted);
  g_autofree char *loss = _lr_format_value (p->loss, 4);
  g_autofree char *label = g_markup_escape_text (spec->title ? spec->title
                                                 : run->label ? run->label : "", -1);
  g_autofree char *sched = g_markup_escape_text (schedule_is_constant (run->schedule)
                                                 ? _("constant lr") : run->schedule, -1);
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *vhex = NULL;
  LrRgb vc;

  vhex = _lr_color_hex (_lr_verdict_color (run->summary.verdict, theme, &vc));
  _lr_swatch (cr, x, y1 + line_height (theme, 1.0) / 2, sw, &run->color, theme);
  line1 = g_strdup_printf ("<b>%s</b>  <span foreground='%s'>%s</span>", label, muted, sched);
  _lr_text_set (text, line1, 1.0, FALSE, TRUE);
  _lr_text_ellipsize (text, avail - sw - 6 * theme->line_scale);
  _lr_text_draw (text, x + sw + 6 * theme->line_scale, y1, 0, 0, &theme->foreground, 1);

  /* Translators: keep the markup; the values are the step, the loss, a
   * colour and the verdict */
  line2 = g_strdup_printf (_("step %u   loss %s   <span foreground='%s'><b>%s</b></span>"),
                           k, loss, vhex, _lr_verdict_label (run->summary.verdict));
  _lr_text_set (text, line2, 0.92, FALSE, TRUE);
  _lr_text_ellipsize (text, avail);
  _lr_text_draw (text, x, y2, 0, 0, &theme->muted, 1);
}

/* Several runs (or none): the title or surface and the number of runs;
 * below, the step shown. */
static void
draw_runs_caption (LrText            *text,
                   double             avail,
                   const LrRect      *plot,
                   const LrPanelSpec *spec)
{
  const LrRenderTheme *theme = spec->theme;
  double pad = 2 * theme->line_scale, x = plot->x;
  double y1 = pad, y2 = pad + line_height (theme, 1.0);
  g_autofree char *muted = _lr_color_hex (&theme->muted);
  g_autofree char *line1 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  guint max_step = 0;

  if (spec->title != NULL)
    name = g_markup_escape_text (spec->title, -1);
  else if (spec->surface != NULL)
    {
      g_autofree char *title = _lr_surface_title (spec->surface);

      name = g_markup_escape_text (title, -1);
    }
  else
    name = g_strdup ("");
  for (guint i = 0; i < spec->n_runs; i++)
    max_step = MAX (max_step, shown_index (&spec->runs[i], spec->step));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", spec->n_runs),
                           spec->n_runs);
  line1 = g_strdup_printf ("<b>%s</b>  <span foreground='%s'>%s</span>", name, muted, count);
  _lr_text_set (text, line1, 1.0, FALSE, TRUE);
  _lr_text_ellipsize (text, avail);
  _lr_text_draw (text, x, y1, 0, 0, &theme->foreground, 1);
  if (spec->n_runs > 0)
    {
      g_autofree char *line2 = g_strdup_printf (_("step %u"), MIN (spec->step, max_step));

      _lr_text_set (text, line2, 0.92, FALSE, FALSE);
      _lr_text_draw (text, x, y2, 0, 0, &theme->muted, 1);
    }
}

void
_lr_draw_caption (cairo_t           *cr,
                  LrText            *text,
                  double             width,
                  const LrRect      *plot,
                  const LrPanelSpec *spec)
{
  double avail = width - plot->x - 4 * spec->theme->line_scale;

  if (spec->n_runs == 1 && spec->runs[0].trajectory != NULL &&
      spec->runs[0].trajectory->n_points > 0)
    draw_run_caption (cr, text, avail, plot, spec);
  else
    draw_runs_caption (text, avail, plot, spec);
}

/* Legend box inside the plot's top-right corner, for overlaid runs. */
void
_lr_draw_run_legend (cairo_t             *cr,
                     LrText              *text,
                     const LrRect        *plot,
                     const LrRenderRun   *runs,
                     guint                n_runs,
                     const LrRenderTheme *theme,
                     LrRect              *box)
{
  double ls = theme->line_scale;
  double pad = 6 * ls, sw = 16 * ls, row_h = line_height (theme, 0.9);
  double widest = 0, w, h, x, y;
  guint shown = n_runs;

  if (n_runs == 0)
    return;
  while (shown > 0 && (shown * row_h + 2 * pad > plot->height * 0.9))
    shown--;
  if (shown == 0)
    return;

  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *s = g_strdup_printf ("%s " EM_DASH " %s", runs[i].label ? runs[i].label : "",
                                            _lr_verdict_label (runs[i].summary.verdict));
      double tw;

      _lr_text_set (text, s, 0.9, FALSE, FALSE);
      _lr_text_size (text, &tw, NULL);
      widest = MAX (widest, tw);
    }
  w = MIN (pad * 2 + sw + 6 * ls + widest, plot->width - 8 * ls);
  h = pad * 2 + shown * row_h;
  x = plot->x + plot->width - w - 5 * ls;
  y = plot->y + 5 * ls;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  set_rgba (cr, &theme->background, 0.85);
  cairo_fill_preserve (cr);
  set_rgba (cr, &theme->panel_border, 0.6);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *label = g_markup_escape_text (runs[i].label ? runs[i].label : "", -1);
      LrRgb vc;
      g_autofree char *vhex = _lr_color_hex (_lr_verdict_color (runs[i].summary.verdict, theme, &vc));
      g_autofree char *s = g_strdup_printf ("%s <span foreground='%s'>" EM_DASH " %s</span>",
                                            label, vhex,
                                            _lr_verdict_label (runs[i].summary.verdict));
      double ry = y + pad + i * row_h;

      _lr_swatch (cr, x + pad, ry + row_h / 2, sw, &runs[i].color, theme);
      _lr_text_set (text, s, 0.9, FALSE, TRUE);
      _lr_text_ellipsize (text, w - 2 * pad - sw - 6 * ls);
      _lr_text_draw (text, x + pad + sw + 6 * ls, ry + row_h / 2, 0, 0.5, &theme->foreground, 1);
    }
  cairo_restore (cr);
  if (box != NULL)
    *box = (LrRect) { x - ls, y - ls, w + 2 * ls, h + 2 * ls };
}
