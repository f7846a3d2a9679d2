/* lr-trail-averaged.c: Schedule-Free's other two sequences beside its trail
 *
 * A Schedule-Free run's trail is the average x (where its loss is read).  The
 * method also keeps the base SGD/Adam sequence z, drawn faintly under the
 * trail, and takes each gradient at y = β·x + (1 − β)·z, a point on the
 * segment from x to z: the head shows that segment with y as a ring on it.
 * Like the trail, the faint line has an old part (static while the run plays)
 * and a recent part that moves with the head.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* z (or y) of row @i, moved @fraction of the way to row @i + 1 when there is one. */
static void
averaged_at (const LrTrajectory *traj,
             guint               i,
             double              fraction,
             gboolean            want_y,
             double             *x,
             double             *y)
{
  const LrAveragedPoint *a = &traj->averaged[i];
  double ax = want_y ? a->yx : a->zx, ay = want_y ? a->yy : a->zy;

  if (fraction > 0 && i + 1 < traj->n_points)
    {
      const LrAveragedPoint *b = &traj->averaged[i + 1];
      double bx = want_y ? b->yx : b->zx, by = want_y ? b->yy : b->zy;

      ax += fraction * (bx - ax);
      ay += fraction * (by - ay);
    }
  *x = ax;
  *y = ay;
}

static void
grow (LrRect *extent,
      double  x,
      double  y,
      double  r)
{
  if (extent != NULL)
    _lr_extent_add (extent, x, y, r);
}

/* The faint polyline of z through rows @first..@end-1; with a @fraction, row @end-1 is the
 * last row shown moved that far towards the next. */
static void
draw_base_line (cairo_t           *cr,
                const LrTrailSpec *spec,
                const LrRect      *bounds,
                guint              first,
                guint              end,
                double             fraction,
                LrRect            *extent)
{
  const LrTrajectory *traj = spec->trajectory;
  double ls = spec->theme->line_scale;
  gboolean any = FALSE;

  cairo_new_path (cr);
  for (guint i = first + 1; i < end; i++)
    {
      double ax, ay, bx, by, px0, py0, px1, py1;

      averaged_at (traj, i - 1, 0, FALSE, &ax, &ay);
      if (fraction > 0 && i == end - 1)
        averaged_at (traj, i - 1, fraction, FALSE, &bx, &by);
      else
        averaged_at (traj, i, 0, FALSE, &bx, &by);
      if (!lr_render_map_point (spec->plot, spec->view, ax, ay, &px0, &py0) ||
          !lr_render_map_point (spec->plot, spec->view, bx, by, &px1, &py1) ||
          !_lr_clip_segment (bounds, &px0, &py0, &px1, &py1))
        continue;
      cairo_move_to (cr, px0, py0);
      cairo_line_to (cr, px1, py1);
      grow (extent, px0, py0, 3 * ls);
      grow (extent, px1, py1, 3 * ls);
      any = TRUE;
    }
  if (!any)
    return;
  cairo_set_line_width (cr, 2.6 * ls);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 1.3 * ls);
  set_rgba (cr, spec->color, 0.55);
  cairo_stroke (cr);
}

/* At the head: the segment from x to z and z as a faint dot. */
static void
draw_head (cairo_t           *cr,
           const LrTrailSpec *spec,
           guint              last,
           double             fraction,
           LrRect            *extent)
{
  const LrTrajectory *traj = spec->trajectory;
  const LrTrajPoint *p = &traj->points[last];
  double ls = spec->theme->line_scale;
  double xx = p->x, xy = p->y, zx, zy;
  double pxx, pxy, pzx, pzy;

  if (fraction > 0 && last + 1 < traj->n_points)
    {
      xx += fraction * (traj->points[last + 1].x - xx);
      xy += fraction * (traj->points[last + 1].y - xy);
    }
  averaged_at (traj, last, fraction, FALSE, &zx, &zy);
  if (!lr_render_map_point (spec->plot, spec->view, xx, xy, &pxx, &pxy) ||
      !lr_render_map_point (spec->plot, spec->view, zx, zy, &pzx, &pzy))
    return;
  /* far outside (a run leaving the surface): nothing of it is to be seen */
  if (fabs (pzx) > 1e6 || fabs (pzy) > 1e6 || fabs (pxx) > 1e6 || fabs (pxy) > 1e6)
    return;

  cairo_new_path (cr);
  cairo_move_to (cr, pxx, pxy);
  cairo_line_to (cr, pzx, pzy);
  cairo_set_line_width (cr, 1.2 * ls);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_stroke (cr);

  cairo_new_path (cr);
  _lr_disc_path (cr, pzx, pzy, 3.2 * ls);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_fill (cr);
  _lr_disc_path (cr, pzx, pzy, 2.3 * ls);
  set_rgba (cr, spec->color, 0.6);
  cairo_fill (cr);

  grow (extent, pxx, pxy, 6 * ls);
  grow (extent, pzx, pzy, 6 * ls);
}

void
_lr_draw_averaged_point (cairo_t           *cr,
                         const LrTrailSpec *spec,
                         LrRect            *extent)
{
  const LrTrajectory *traj = spec->trajectory;
  double ls, fraction = spec->fraction, yx, yy, px, py;
  guint last;

  if (traj == NULL || traj->averaged == NULL || traj->n_points == 0 ||
      spec->part != LR_TRAIL_RECENT || !box_is_valid (spec->view))
    return;
  ls = spec->theme->line_scale;
  last = MIN (spec->upto_step, traj->n_points - 1);
  if (!(fraction > 0) || last + 1 >= traj->n_points)
    fraction = 0;
  averaged_at (traj, last, MIN (fraction, 1), TRUE, &yx, &yy);
  if (!lr_render_map_point (spec->plot, spec->view, yx, yy, &px, &py) ||
      px < spec->plot->x || px > spec->plot->x + spec->plot->width ||
      py < spec->plot->y || py > spec->plot->y + spec->plot->height)
    return;

  /* a white ring with a dark rim: it reads on the trail's head it usually sits near */
  cairo_save (cr);
  clip_to (cr, spec->plot);
  cairo_new_path (cr);
  cairo_arc (cr, px, py, 3.6 * ls, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_set_line_width (cr, 3.4 * ls);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.7 * ls);
  cairo_stroke (cr);
  cairo_restore (cr);
  grow (extent, px, py, 7 * ls);
}

void
_lr_draw_averaged (cairo_t           *cr,
                   const LrTrailSpec *spec,
                   LrRect            *extent)
{
  const LrTrajectory *traj = spec->trajectory;
  const LrRect *plot = spec->plot;
  double ls, fraction = spec->fraction;
  guint last, split, first, end;
  LrRect bounds;

  if (traj == NULL || traj->averaged == NULL || traj->n_points == 0 ||
      !box_is_valid (spec->view) || plot->width <= 0 || plot->height <= 0)
    return;

  ls = spec->theme->line_scale;
  last = MIN (spec->upto_step, traj->n_points - 1);
  if (!(fraction > 0) || last + 1 >= traj->n_points)
    fraction = 0;
  fraction = MIN (fraction, 1);
  split = MIN (lr_render_trail_split (last), last);
  if (spec->part == LR_TRAIL_OLD && split == 0)
    return;
  first = spec->part == LR_TRAIL_OLD ? 0 : split;
  end = spec->part == LR_TRAIL_OLD ? split + 1 : last + 1 + (fraction > 0 ? 1 : 0);
  /* cairo's fixed-point coordinates cannot hold what a diverging run reaches */
  bounds = (LrRect) { plot->x - 20 * ls, plot->y - 20 * ls, plot->width + 40 * ls,
                      plot->height + 40 * ls };

  cairo_save (cr);
  clip_to (cr, plot);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  draw_base_line (cr, spec, &bounds, first, end, fraction, extent);
  if (spec->part == LR_TRAIL_RECENT)
    draw_head (cr, spec, last, fraction, extent);
  cairo_restore (cr);
}

gboolean
_lr_runs_have_averaged (const LrRenderRun *runs,
                        guint              n_runs)
{
  for (guint i = 0; i < n_runs; i++)
    if (runs[i].trajectory != NULL && runs[i].trajectory->averaged != NULL)
      return TRUE;
  return FALSE;
}

/* The key in the plot's bottom-left corner: what the trail, the ring and the faint line are. */
void
_lr_draw_averaged_key (cairo_t             *cr,
                       LrText              *text,
                       const LrRect        *plot,
                       const LrRenderTheme *theme,
                       LrRect              *box)
{
  double ls = theme->line_scale;
  double pad = 5 * ls, sw = 16 * ls, row_h = line_height (theme, 0.85);
  const char *lines[3] = {
    _("x: the average, its trail"),
    _("y: where the gradient is taken"),
    _("z: the base sequence"),
  };
  double widest = 0, w, h, x, y;
  LrRgb grey = theme->foreground;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      double tw;

      _lr_text_set (text, lines[i], 0.85, FALSE, FALSE);
      _lr_text_size (text, &tw, NULL);
      widest = MAX (widest, tw);
    }
  w = MIN (2 * pad + sw + 5 * ls + widest, plot->width - 8 * ls);
  h = 2 * pad + G_N_ELEMENTS (lines) * row_h;
  if (w < sw + 2 * pad || h > plot->height * 0.6)
    return;
  x = plot->x + 5 * ls;
  y = plot->y + plot->height - h - 5 * ls;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  set_rgba (cr, &theme->background, 0.85);
  cairo_fill_preserve (cr);
  set_rgba (cr, &theme->panel_border, 0.6);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      double cy = y + pad + (i + 0.5) * row_h, sx = x + pad;

      cairo_new_path (cr);
      if (i == 0)
        {
          cairo_move_to (cr, sx, cy);
          cairo_line_to (cr, sx + sw, cy);
          set_rgb (cr, &grey);
          cairo_set_line_width (cr, 2.4 * ls);
          cairo_stroke (cr);
        }
      else if (i == 1)
        {
          cairo_arc (cr, sx + sw / 2, cy, 3.6 * ls, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
          cairo_set_line_width (cr, 3.4 * ls);
          cairo_stroke_preserve (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, 1.7 * ls);
          cairo_stroke (cr);
        }
      else
        {
          cairo_move_to (cr, sx, cy);
          cairo_line_to (cr, sx + sw, cy);
          set_rgba (cr, &grey, 0.55);
          cairo_set_line_width (cr, 1.3 * ls);
          cairo_stroke (cr);
        }
      _lr_text_set (text, lines[i], 0.85, FALSE, FALSE);
      _lr_text_ellipsize (text, w - 2 * pad - sw - 5 * ls);
      _lr_text_draw (text, sx + sw + 5 * ls, cy, 0, 0.5, &theme->foreground, 1);
    }
  cairo_restore (cr);
  if (box != NULL)
    *box = (LrRect) { x - ls, y - ls, w + 2 * ls, h + 2 * ls };
}
