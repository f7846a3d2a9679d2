/* lr-panel.c: one surface panel, whole or layer by layer
 *
 * A panel is the heatmap with contours, minima and axes (its background),
 * and the trails, heads, start marker and caption drawn over it.  Widgets
 * draw the layers apart to cache the ones that do not change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

static double
caption_height (const LrRenderTheme *theme)
{
  return line_height (theme, 1.0) + line_height (theme, 0.92) + 6 * theme->line_scale;
}

void
lr_render_panel_layout (double               width,
                        double               height,
                        const LrRenderTheme *theme,
                        gboolean             show_axes,
                        LrRect              *plot_area)
{
  LrRenderTheme fallback;
  double left, right, top, bottom;

  g_return_if_fail (plot_area != NULL);

  theme = default_theme (theme, &fallback);
  top = caption_height (theme);
  if (show_axes)
    {
      left = ceil (theme->font_size * 3.6 + 8 * theme->line_scale);
      bottom = ceil (line_height (theme, 0.9) + 7 * theme->line_scale);
      right = ceil (10 * theme->line_scale);
    }
  else
    left = right = bottom = ceil (4 * theme->line_scale);

  plot_area->x = left;
  plot_area->y = top;
  plot_area->width = MAX (0, floor (width - left - right));
  plot_area->height = MAX (0, floor (height - top - bottom));
}

/* Device-pixel image of the heatmap for @plot, painted in place. */
static void
paint_heatmap (cairo_t           *cr,
               const LrRect      *plot,
               double             device_scale,
               const LrPanelSpec *spec)
{
  int pw = (int) ceil (plot->width * device_scale);
  int ph = (int) ceil (plot->height * device_scale);
  cairo_surface_t *image;

  if (pw <= 0 || ph <= 0 || pw > 16384 || ph > 16384)
    return;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return;
    }
  lr_render_heatmap (image, spec->surface, &spec->view, spec->colormap,
                     surface_scale (spec->surface));

  cairo_save (cr);
  clip_to (cr, plot);
  cairo_translate (cr, plot->x, plot->y);
  cairo_scale (cr, plot->width / pw, plot->height / ph);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
}

/* The heatmap a widget rendered before, scaled onto @plot. */
static void
paint_cached_heatmap (cairo_t         *cr,
                      const LrRect    *plot,
                      cairo_surface_t *cached)
{
  cairo_save (cr);
  clip_to (cr, plot);
  cairo_translate (cr, plot->x, plot->y);
  if (cairo_surface_get_type (cached) == CAIRO_SURFACE_TYPE_IMAGE &&
      cairo_image_surface_get_width (cached) > 0 && cairo_image_surface_get_height (cached) > 0)
    cairo_scale (cr, plot->width / cairo_image_surface_get_width (cached),
                 plot->height / cairo_image_surface_get_height (cached));
  cairo_set_source_surface (cr, cached, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

void
_lr_panel_background_base (cairo_t           *cr,
                           double             width,
                           double             height,
                           const LrPanelSpec *spec)
{
  const LrRenderTheme *theme = spec->theme;
  double device_scale = spec->device_scale;
  LrRect plot;

  if (!(device_scale > 0) || !isfinite (device_scale))
    device_scale = _lr_heatmap_scale (cr);
  lr_render_panel_layout (width, height, theme, spec->axes, &plot);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);

  if (spec->surface == NULL || plot.width < 2 || plot.height < 2 || !box_is_valid (&spec->view))
    {
      cairo_restore (cr);
      return;
    }

  if (spec->heatmap != NULL)
    paint_cached_heatmap (cr, &plot, spec->heatmap);
  else
    paint_heatmap (cr, &plot, device_scale, spec);

  if (spec->contours)
    {
      LrHeatmapNorm norm;

      lr_render_heatmap_norm (spec->surface, &spec->view, surface_scale (spec->surface), &norm);
      _lr_draw_contours (cr, &plot, spec->surface, &spec->view, &norm, theme);
    }
  lr_render_minima (cr, &plot, spec->surface, &spec->view, theme);
  cairo_restore (cr);
}

void
_lr_panel_axes (cairo_t           *cr,
                double             width,
                double             height,
                const LrPanelSpec *spec)
{
  LrRect plot;
  LrText text;

  lr_render_panel_layout (width, height, spec->theme, TRUE, &plot);
  if (spec->surface == NULL || plot.width < 2 || plot.height < 2 || !box_is_valid (&spec->view))
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  _lr_text_init (&text, cr, spec->theme);
  _lr_draw_axes (cr, &text, &plot, &spec->view, spec->theme);
  _lr_text_clear (&text);
  cairo_restore (cr);
}

/* Where run @i's head is shown (the point at the panel's step), in user units. */
static gboolean
head_point (const LrPanelSpec *spec,
            const LrRect      *plot,
            guint              i,
            double            *x,
            double            *y)
{
  const LrTrajectory *t = spec->runs[i].trajectory;
  const LrTrajPoint *p;

  if (t == NULL || t->n_points == 0)
    return FALSE;
  p = &t->points[MIN (spec->step, t->n_points - 1)];
  return isfinite (p->x) && isfinite (p->y) && lr_render_map_point (plot, &spec->view, p->x, p->y, x, y);
}

/* Heads are drawn in the runs' order, each over the ones before: a head
 * that later heads come to rest on (within a few pixels) is drawn larger,
 * a rim of its colour around the heads above it, so runs that end at the same point — three
 * runs at Rosenbrock's minimum — stay told apart by their rings. */
static double
head_scale (const LrPanelSpec *spec,
            const LrRect      *plot,
            guint              i)
{
  double xi, yi, near = 4 * spec->theme->line_scale;
  guint above = 0;

  if (!head_point (spec, plot, i, &xi, &yi))
    return 1;
  for (guint j = i + 1; j < spec->n_runs; j++)
    {
      double xj, yj;

      if (head_point (spec, plot, j, &xj, &yj) && hypot (xj - xi, yj - yi) < near)
        above++;
    }
  return 1 + 1.0 * above;
}

/* The stars of the minima that a head has come to rest on, over the heads. */
static void
outline_covered_minima (cairo_t           *cr,
                        const LrPanelSpec *spec,
                        const LrRect      *plot,
                        LrRect            *extent)
{
  const LrPoint *minima = NULL;
  guint n = spec->surface != NULL ? lr_surface_get_minima (spec->surface, &minima) : 0;

  for (guint m = 0; m < n; m++)
    {
      double mx, my;

      if (!lr_render_map_point (plot, &spec->view, minima[m].x, minima[m].y, &mx, &my))
        continue;
      for (guint i = 0; i < spec->n_runs; i++)
        {
          double hx, hy;

          if (head_point (spec, plot, i, &hx, &hy) &&
              hypot (hx - mx, hy - my) < 14 * spec->theme->line_scale)
            {
              _lr_draw_minimum_outline (cr, mx, my, spec->theme, extent);
              break;
            }
        }
    }
}

/* One part of the trails of a panel: the old part with the start marker
 * (what stays as the runs play on), or the recent part with the heads (what
 * moves; @extent grows by it). */
static void
panel_trails (cairo_t           *cr,
              double             width,
              double             height,
              const LrPanelSpec *spec,
              LrTrailPart        part,
              LrRect            *extent)
{
  LrRect plot;

  lr_render_panel_layout (width, height, spec->theme, spec->axes, &plot);
  if (plot.width < 2 || plot.height < 2 || !box_is_valid (&spec->view))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (part == LR_TRAIL_OLD && spec->show_start)
    lr_render_start_marker (cr, &plot, &spec->view, spec->x0, spec->y0, spec->theme);
  for (guint i = 0; i < spec->n_runs; i++)
    {
      const LrRenderRun *run = &spec->runs[i];
      LrTrailSpec trail = {
        &plot, &spec->view, run->trajectory, spec->step,
        part == LR_TRAIL_OLD ? 0 : spec->fraction, part, &run->color,
        run->summary.verdict == LR_VERDICT_DIVERGED, spec->theme,
        /* only the recent part draws heads */
        part == LR_TRAIL_RECENT ? head_scale (spec, &plot, i) : 1
      };

      _lr_draw_averaged (cr, &trail, extent);
      if (part == LR_TRAIL_RECENT)
        _lr_draw_cloud (cr, &trail, extent);
      _lr_draw_trail (cr, &trail, extent);
      _lr_draw_averaged_point (cr, &trail, extent);
    }
  if (part == LR_TRAIL_RECENT)
    outline_covered_minima (cr, spec, &plot, extent);
  cairo_restore (cr);
}

/* The caption above the plot and, for several runs, the legend with their
 * verdicts so far; @extent: the box of both. */
static void
panel_caption (cairo_t           *cr,
               double             width,
               double             height,
               const LrPanelSpec *spec,
               LrRect            *extent)
{
  LrRect plot, legend = { 0, 0, -1, -1 }, key = { 0, 0, -1, -1 };
  LrText text;

  lr_render_panel_layout (width, height, spec->theme, spec->axes, &plot);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  _lr_text_init (&text, cr, spec->theme);
  _lr_draw_caption (cr, &text, width, &plot, spec);
  if (spec->n_runs > 1 && plot.width >= 2 && plot.height >= 2)
    _lr_draw_run_legend (cr, &text, &plot, spec->runs, spec->n_runs, spec->theme, &legend);
  if (_lr_runs_have_averaged (spec->runs, spec->n_runs) && plot.width >= 2 && plot.height >= 2)
    _lr_draw_averaged_key (cr, &text, &plot, spec->theme, &key);
  _lr_text_clear (&text);
  cairo_restore (cr);
  if (extent != NULL)
    {
      *extent = (LrRect) { 0, 0, width, MAX (plot.y, 0) };
      if (legend.width > 0)
        {
          _lr_extent_add (extent, legend.x, legend.y, 0);
          _lr_extent_add (extent, legend.x + legend.width, legend.y + legend.height, 0);
        }
      if (key.width > 0)
        {
          _lr_extent_add (extent, key.x, key.y, 0);
          _lr_extent_add (extent, key.x + key.width, key.y + key.height, 0);
        }
    }
}

static void
panel_overlay (cairo_t           *cr,
               double             width,
               double             height,
               const LrPanelSpec *spec)
{
  LrRect plot;

  lr_render_panel_layout (width, height, spec->theme, spec->axes, &plot);
  if (plot.width < 2 || plot.height < 2 || !box_is_valid (&spec->view))
    return;
  panel_trails (cr, width, height, spec, LR_TRAIL_OLD, NULL);
  panel_trails (cr, width, height, spec, LR_TRAIL_RECENT, NULL);
  panel_caption (cr, width, height, spec, NULL);
}

void
lr_render_panel (cairo_t           *cr,
                 double             width,
                 double             height,
                 const LrPanelSpec *spec,
                 LrPanelLayer       layer,
                 LrRect            *extent)
{
  LrRenderTheme fallback;
  LrPanelSpec s;
  LrRect drawn = { 0, 0, -1, -1 };

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->runs != NULL || spec->n_runs == 0);

  s = *spec;
  s.theme = default_theme (spec->theme, &fallback);
  switch (layer)
    {
    case LR_PANEL_LAYER_BACKGROUND:
      _lr_panel_background_base (cr, width, height, &s);
      if (s.axes)
        _lr_panel_axes (cr, width, height, &s);
      break;
    case LR_PANEL_LAYER_OVERLAY:
      panel_overlay (cr, width, height, &s);
      break;
    case LR_PANEL_LAYER_STATIC_TRAILS:
      panel_trails (cr, width, height, &s, LR_TRAIL_OLD, &drawn);
      break;
    case LR_PANEL_LAYER_MOVING_TRAILS:
      panel_trails (cr, width, height, &s, LR_TRAIL_RECENT, &drawn);
      break;
    case LR_PANEL_LAYER_CAPTION:
      panel_caption (cr, width, height, &s, &drawn);
      break;
    case LR_PANEL_LAYER_ALL:
    default:
      lr_render_panel (cr, width, height, &s, LR_PANEL_LAYER_BACKGROUND, NULL);
      panel_overlay (cr, width, height, &s);
      drawn = (LrRect) { 0, 0, width, height };
      break;
    }
  if (extent != NULL)
    *extent = layer == LR_PANEL_LAYER_BACKGROUND || layer == LR_PANEL_LAYER_OVERLAY
              ? (LrRect) { 0, 0, width, height } : drawn;
}
