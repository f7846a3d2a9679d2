/* lr-figure.c: a whole figure: header, panels, colour bar, plots and the table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* Columns and rows for @n panels in w × h (gaps @gap): the shape whose plot
 * areas show the data largest at equal units. */
static void
grid_shape (guint                n,
            double               w,
            double               h,
            double               gap,
            double               aspect,
            const LrRenderTheme *theme,
            guint               *cols,
            guint               *rows)
{
  double best = -1;

  *cols = 1;
  *rows = 1;
  for (guint c = 1; c <= n; c++)
    {
      guint r = (n + c - 1) / c;
      LrRect plot;
      double score;

      if (r > 1 && (r - 1) * c >= n)
        continue;
      lr_render_panel_layout ((w - (c - 1) * gap) / c, (h - (r - 1) * gap) / r, theme, TRUE, &plot);
      score = MIN (plot.width, plot.height * aspect);
      if (score > best)
        {
          best = score;
          *cols = c;
          *rows = r;
        }
    }
}

/* When every panel of a figure lands on whole device pixels of an image,
 * their backgrounds (the same heatmap, contours, minima and axes) are
 * rendered once and copied: the pixels are those of drawing each.  Returns
 * the device scale, or 0 when the panels cannot share one. */
static double
shared_background_scale (cairo_t      *cr,
                         const double *px,
                         const double *py,
                         guint         n)
{
  cairo_matrix_t m;
  double s;

  if (n < 2 || cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return 0;
  cairo_get_matrix (cr, &m);
  s = m.xx;
  if (m.xy != 0 || m.yx != 0 || m.yy != s || !(s > 0) || s != floor (s))
    return 0;
  for (guint p = 0; p < n; p++)
    {
      double x = px[p], y = py[p];

      cairo_user_to_device (cr, &x, &y);
      if (x != floor (x) || y != floor (y))
        return 0;
    }
  return s;
}

/* The shared background without its axes' text, rendered on a thread while
 * the caller sets up its fonts and draws the header. */
typedef struct {
  double               width, height;
  LrPanelSpec          panel;      /* device_scale: the image's */
  cairo_surface_t     *image;
} SharedBackground;

static gpointer
shared_background_thread (gpointer data)
{
  SharedBackground *job = data;
  double scale = job->panel.device_scale;
  cairo_surface_t *image;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (job->width * scale),
                                      (int) ceil (job->height * scale));
  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  _lr_panel_background_base (cr, job->width, job->height, &job->panel);
  cairo_destroy (cr);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&image, cairo_surface_destroy);
  job->image = image;
  return NULL;
}


/* Panel sizes: equal units on both axes, but a view padded by at most a
 * quarter: beyond that the panels get narrower (or shorter) instead. */
static void
figure_panel_size (LrFigure *f,
                   double  aspect)
{
  f->cw = floor ((f->area.width - (f->cols - 1) * f->gap) / f->cols);
  f->ch = floor ((f->area.height - (f->rows - 1) * f->gap) / f->rows);

  lr_render_panel_layout (f->cw, f->ch, f->theme, TRUE, &f->plot);
  if (f->plot.width > f->plot.height * aspect * 1.25)
    f->cw -= floor (f->plot.width - f->plot.height * aspect * 1.25);
  else if (f->plot.height > f->plot.width / aspect * 1.25)
    f->ch -= floor (f->plot.height - f->plot.width / aspect * 1.25);
  f->ox = floor (f->area.x + (f->area.width - (f->cols * f->cw + (f->cols - 1) * f->gap)) / 2);
  /* height the panels leave unused goes to the plots below, and what the
   * plots cannot use back to the panels */
  if (f->bottom_h > 0)
    {
      double unused = f->area.height - (f->rows * f->ch + (f->rows - 1) * f->gap);
      double grow = MIN (unused, MAX (0, 0.5 * (f->height - f->header_h) - f->bottom_h));

      f->bottom_h += grow;
      f->ch += floor ((unused - grow) / f->rows);
    }
}

void
_lr_figure_layout (LrFigure            *f,
                   double               width,
                   double               height,
                   const LrFigureSpec  *spec,
                   const LrRenderTheme *theme)
{
  double colorbar_w, panels_h, aspect;

  *f = (LrFigure) { 0 };
  f->spec = spec;
  f->theme = theme;
  f->width = width;
  f->height = height;
  f->ls = theme->line_scale;
  f->margin = 12 * f->ls;
  f->gap = 10 * f->ls;
  f->header_h = f->margin * 0.75 + line_height (theme, 1.15) + 6 * f->ls;
  if (spec->plots)
    {
      double table_h = lr_render_lr_table_height (spec->n_runs, theme);

      f->bottom_h = MAX (0.30 * (height - f->header_h), table_h);
      f->bottom_h = MIN (f->bottom_h, 0.45 * (height - f->header_h));
    }
  colorbar_w = 14 * f->ls + theme->font_size * 4.6;
  panels_h = height - f->header_h - f->margin - (f->bottom_h > 0 ? f->bottom_h + f->gap : 0);
  f->area = (LrRect) { f->margin, f->header_h, width - 2 * f->margin - colorbar_w, panels_h };

  f->n_panels = spec->overlay || spec->n_runs == 0 ? 1 : spec->n_runs;
  aspect = box_is_valid (&spec->view) ? box_width (&spec->view) / box_height (&spec->view) : 1;
  grid_shape (f->n_panels, f->area.width, f->area.height, f->gap, aspect, theme, &f->cols,
              &f->rows);
  f->panels = f->area.width > 40 && f->area.height > 40;
  if (!f->panels)
    return;

  figure_panel_size (f, aspect);
  /* every panel has this size, so they share one fitted view */
  lr_render_panel_layout (f->cw, f->ch, theme, TRUE, &f->plot);
  lr_render_fit_view (&f->plot, &spec->view, &f->view);
  f->origins_x = g_new (double, f->n_panels);
  f->origins_y = g_new (double, f->n_panels);
  for (guint p = 0; p < f->n_panels; p++)
    {
      f->origins_x[p] = floor (f->ox + (p % f->cols) * (f->cw + f->gap));
      f->origins_y[p] = floor (f->area.y + (p / f->cols) * (f->ch + f->gap));
    }
}

/* The spec of panel @p: all runs overlaid, or the p-th run alone. */
static void
figure_panel_spec (const LrFigure *f,
                   guint         p,
                   LrPanelSpec  *ps)
{
  const LrFigureSpec *spec = f->spec;

  *ps = (LrPanelSpec) { 0 };
  ps->surface = spec->surface;
  ps->view = f->view;
  ps->colormap = spec->colormap;
  ps->contours = spec->contours;
  ps->axes = TRUE;
  ps->runs = spec->overlay ? spec->runs : spec->runs + MIN (p, spec->n_runs);
  ps->n_runs = spec->overlay ? spec->n_runs : spec->n_runs > 0 ? 1 : 0;
  ps->step = spec->step;
  ps->x0 = spec->x0;
  ps->y0 = spec->y0;
  ps->show_start = TRUE;
  ps->theme = f->theme;
}

/* The surface and its formula across the top. */
static void
figure_header (LrText       *text,
               const LrFigure *f)
{
  const LrFigureSpec *spec = f->spec;
  g_autofree char *title = _lr_surface_title (spec->surface);
  const char *formula = lr_surface_get_formula (spec->surface);
  g_autofree char *a = g_markup_escape_text (title, -1);
  g_autofree char *b = g_markup_escape_text (formula ? formula : "", -1);
  g_autofree char *muted = _lr_color_hex (&f->theme->muted);
  g_autofree char *sx = _lr_format_value (spec->x0, 4);
  g_autofree char *sy = _lr_format_value (spec->y0, 4);
  g_autofree char *head = g_strdup_printf ("<b>%s</b>   <span foreground='%s'>f(x, y) = %s   "
                                           MIDDLE_DOT "   start (%s, %s)</span>",
                                           a, muted, b, sx, sy);

  _lr_text_set (text, head, 1.15, FALSE, TRUE);
  _lr_text_ellipsize (text, f->width - 2 * f->margin);
  _lr_text_draw (text, f->margin, f->margin * 0.75, 0, 0, &f->theme->foreground, 1);
}

/* The panels' backgrounds, each a copy of the @shared one (or drawn on
 * its own), and one colour bar for all, from the first row's plot top to
 * the last's bottom. */
static void
figure_panel_backgrounds (cairo_t         *cr,
                          LrText          *text,
                          const LrFigure  *f,
                          cairo_surface_t *shared)
{
  LrHeatmapNorm norm;
  LrRect bar = { f->ox + f->cols * f->cw + (f->cols - 1) * f->gap + 10 * f->ls,
                 f->area.y + f->plot.y, 12 * f->ls,
                 (f->rows - 1) * (f->ch + f->gap) + f->plot.height };

  for (guint p = 0; p < f->n_panels; p++)
    {
      LrPanelSpec ps;

      figure_panel_spec (f, p, &ps);
      cairo_save (cr);
      cairo_translate (cr, f->origins_x[p], f->origins_y[p]);
      if (shared != NULL)
        {
          /* whole pixels onto whole pixels: a copy */
          cairo_set_source_surface (cr, shared, 0, 0);
          cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
          cairo_rectangle (cr, 0, 0, f->cw, f->ch);
          cairo_fill (cr);
        }
      else
        lr_render_panel (cr, f->cw, f->ch, &ps, LR_PANEL_LAYER_BACKGROUND, NULL);
      cairo_restore (cr);
    }

  lr_render_heatmap_norm (f->spec->surface, &f->view, surface_scale (f->spec->surface), &norm);
  _lr_heatmap_norm_for_colormap (&norm, f->spec->colormap);
  if (bar.height > 30)
    _lr_draw_colorbar (cr, text, &bar, &norm, f->spec->colormap, f->theme);
}

void
_lr_figure_draw_panels (cairo_t        *cr,
                        const LrFigure *f,
                        LrPanelLayer    layer)
{
  if (!f->panels)
    return;
  for (guint p = 0; p < f->n_panels; p++)
    {
      LrPanelSpec ps;

      figure_panel_spec (f, p, &ps);
      cairo_save (cr);
      cairo_translate (cr, f->origins_x[p], f->origins_y[p]);
      lr_render_panel (cr, f->cw, f->ch, &ps, layer, NULL);
      cairo_restore (cr);
    }
}

/* Loss and learning-rate plots and the table, side by side at the bottom. */
void
_lr_figure_draw_bottom (cairo_t        *cr,
                        const LrFigure *f)
{
  const LrFigureSpec *spec = f->spec;
  double bw = f->width - 2 * f->margin, table_w, plot_w, ls = f->ls;
  double th = line_height (f->theme, 1.0) + 8 * ls;
  g_autofree LrTableRow *table = g_new0 (LrTableRow, MAX (spec->n_runs, 1));
  LrText text;

  if (!(f->bottom_h > 0))
    return;
  _lr_text_init (&text, cr, f->theme);

  lr_render_table_rows_from_runs (spec->runs, spec->n_runs, table);
  table_w = lr_render_lr_table_width (cr, table, spec->n_runs, f->theme);
  table_w = CLAMP (table_w, bw * 0.3, bw * 0.5);
  plot_w = floor ((bw - table_w - 2 * f->gap) / 2);

  cairo_save (cr);
  cairo_translate (cr, f->margin, f->height - f->margin - f->bottom_h);
  lr_render_run_plot (cr, plot_w, f->bottom_h, LR_RUN_PLOT_LOSS, spec->surface, spec->runs,
                      spec->n_runs, spec->step, f->theme);
  cairo_translate (cr, plot_w + f->gap, 0);
  lr_render_run_plot (cr, plot_w, f->bottom_h,
                      spec->sharpness ? LR_RUN_PLOT_SHARPNESS : LR_RUN_PLOT_LR,
                      spec->surface, spec->runs,
                      spec->n_runs, spec->step, f->theme);
  cairo_translate (cr, plot_w + f->gap, 0);
  _lr_text_set (&text, _("Measured learning-rate table"), 1.0, TRUE, FALSE);
  pango_cairo_update_layout (cr, text.layout);
  _lr_text_draw (&text, 4 * ls, 4 * ls, 0, 0, &f->theme->foreground, 1);
  cairo_translate (cr, 0, th);
  _lr_draw_table_and_words (cr, table_w, f->bottom_h - th, table, spec->n_runs, spec->runs,
                            spec->n_runs, f->theme);
  cairo_restore (cr);
  _lr_text_clear (&text);
}

void
_lr_figure_draw_base (cairo_t        *cr,
                      const LrFigure *f)
{
  SharedBackground job = { 0 };
  GThread *worker = NULL;
  LrText text;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, f->width, f->height);
  cairo_clip (cr);
  set_rgb (cr, &f->theme->background);
  cairo_paint (cr);
  if (f->panels)
    {
      double scale = shared_background_scale (cr, f->origins_x, f->origins_y, f->n_panels);

      if (scale > 0)
        {
          job.width = f->cw;
          job.height = f->ch;
          figure_panel_spec (f, 0, &job.panel);
          job.panel.device_scale = scale;
          worker = g_thread_try_new ("lr-figure", shared_background_thread, &job, NULL);
          if (worker == NULL)
            shared_background_thread (&job);
        }
    }

  _lr_text_init (&text, cr, f->theme);
  figure_header (&text, f);
  if (f->panels)
    {
      if (worker != NULL)
        g_thread_join (worker);
      if (job.image != NULL)
        {
          cairo_t *scr = cairo_create (job.image);

          _lr_panel_axes (scr, f->cw, f->ch, &job.panel);
          cairo_destroy (scr);
        }
      figure_panel_backgrounds (cr, &text, f, job.image);
      g_clear_pointer (&job.image, cairo_surface_destroy);
    }
  _lr_text_clear (&text);
  cairo_restore (cr);
}

void
_lr_figure_clear (LrFigure *f)
{
  g_clear_pointer (&f->origins_x, g_free);
  g_clear_pointer (&f->origins_y, g_free);
}

/* The figure is drawn as an animation's frame is: what stays, then the
 * panels' trails and captions, then the plots and the table below. */
void
lr_render_figure (cairo_t            *cr,
                  double              width,
                  double              height,
                  const LrFigureSpec *spec)
{
  LrRenderTheme fallback;
  const LrRenderTheme *theme;
  LrFigure f;

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->runs != NULL || spec->n_runs == 0);

  theme = default_theme (spec->theme, &fallback);
  if (spec->surface == NULL || width < 32 || height < 32)
    {
      cairo_save (cr);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_clip (cr);
      set_rgb (cr, &theme->background);
      cairo_paint (cr);
      cairo_restore (cr);
      return;
    }

  _lr_figure_layout (&f, width, height, spec, theme);
  _lr_figure_draw_base (cr, &f);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  _lr_figure_draw_panels (cr, &f, LR_PANEL_LAYER_OVERLAY);
  _lr_figure_draw_bottom (cr, &f);
  cairo_restore (cr);
  _lr_figure_clear (&f);
}
