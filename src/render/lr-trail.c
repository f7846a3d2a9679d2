/* lr-trail.c: the trail of a run over a surface, and its head
 *
 * A trail is a polyline with a dark rim and a white halo under the run's
 * colour, so it reads on every part of every colour map; older segments
 * fade, iterates show as dots while few, the head is a ringed disc and a
 * diverged run ends in a cross.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

#define FADE_BUCKETS 8

static void
contrast_of (const LrRgb *color,
             LrRgb       *outline)
{
  if (luminance (color) > 0.55)
    *outline = (LrRgb) { 0.05, 0.05, 0.05 };
  else
    *outline = (LrRgb) { 1, 1, 1 };
}

guint
lr_render_trail_split (guint step)
{
  if (step <= LR_RENDER_TRAIL_RECENT)
    return 0;
  return (step - LR_RENDER_TRAIL_RECENT) / LR_RENDER_TRAIL_CHUNK * LR_RENDER_TRAIL_CHUNK;
}

void
_lr_extent_add (LrRect *extent,
                double  x,
                double  y,
                double  r)
{
  double x0 = MIN (extent->x, x - r), y0 = MIN (extent->y, y - r);
  double x1 = MAX (extent->x + extent->width, x + r);
  double y1 = MAX (extent->y + extent->height, y + r);

  if (extent->width < 0)
    {
      *extent = (LrRect) { x - r, y - r, 2 * r, 2 * r };
      return;
    }
  *extent = (LrRect) { x0, y0, x1 - x0, y1 - y0 };
}

/* Older segments fade; the last LR_RENDER_TRAIL_RECENT stay brighter.
 * Every segment of the old part is in the faintest bucket. */
static int
fade_bucket (guint age)
{
  int b;

  if (age >= LR_RENDER_TRAIL_RECENT)
    return 0;
  b = (int) ((1.0 - (double) age / LR_RENDER_TRAIL_RECENT) * FADE_BUCKETS);
  return CLAMP (b, 0, FADE_BUCKETS - 1);
}

/* The points of one part of a trail in user units. */
typedef struct {
  const LrTrailSpec *spec;
  guint              last, split, first, end;
  double            *px, *py;
  gboolean          *ok;
  LrRect             bounds;    /* where segments are clipped analytically */
  double             ls, halo, min_step;
  LrRect            *extent;
} Trail;

static gboolean
trail_init (Trail             *t,
            cairo_t           *cr,
            const LrTrailSpec *spec,
            LrRect            *extent)
{
  const LrTrajectory *traj = spec->trajectory;
  const LrRect *plot = spec->plot;
  double fraction = spec->fraction;
  guint n_pts;

  *t = (Trail) { spec, 0, 0, 0, 0, NULL, NULL, NULL, { 0 }, 0, 0, 0, extent };
  if (traj == NULL || traj->n_points == 0 || traj->points == NULL ||
      !box_is_valid (spec->view) || plot->width <= 0 || plot->height <= 0)
    return FALSE;

  t->ls = spec->theme->line_scale;
  t->halo = 2.8 * t->ls;
  t->last = MIN (spec->upto_step, traj->n_points - 1);
  if (!(fraction > 0) || t->last + 1 >= traj->n_points)
    fraction = 0;
  fraction = MIN (fraction, 1);
  n_pts = t->last + 1 + (fraction > 0 ? 1 : 0);
  t->split = MIN (lr_render_trail_split (t->last), t->last);
  /* the old part's points are [0, split], the recent part's [split, end) */
  t->first = spec->part == LR_TRAIL_OLD ? 0 : t->split;
  t->end = spec->part == LR_TRAIL_OLD ? t->split + 1 : n_pts;
  if (spec->part == LR_TRAIL_OLD && t->split == 0)
    return FALSE;

  t->px = g_new (double, n_pts);
  t->py = g_new (double, n_pts);
  t->ok = g_new (gboolean, n_pts);
  for (guint i = t->first; i <= MIN (t->last, t->end - 1); i++)
    t->ok[i] = lr_render_map_point (plot, spec->view, traj->points[i].x, traj->points[i].y,
                                    &t->px[i], &t->py[i]);
  if (fraction > 0 && spec->part == LR_TRAIL_RECENT)
    {
      const LrTrajPoint *a = &traj->points[t->last], *b = &traj->points[t->last + 1];
      guint h = t->last + 1;

      t->ok[h] = lr_render_map_point (plot, spec->view, a->x + fraction * (b->x - a->x),
                                      a->y + fraction * (b->y - a->y), &t->px[h], &t->py[h]);
      if (!t->ok[h])
        t->end--;
    }

  /* Points far outside are clipped analytically first: cairo's fixed-point
   * coordinates cannot hold the 1e8 a diverging run reaches. */
  t->bounds = (LrRect) { plot->x - 20 * t->ls, plot->y - 20 * t->ls,
                         plot->width + 40 * t->ls, plot->height + 40 * t->ls };
  t->min_step = 0.5 / _lr_device_scale (cr);
  return TRUE;
}

static void
trail_clear (Trail *t)
{
  g_free (t->px);
  g_free (t->py);
  g_free (t->ok);
}

static void
trail_extent (Trail  *t,
              double  x,
              double  y,
              double  r)
{
  if (t->extent != NULL)
    _lr_extent_add (t->extent, x, y, r);
}

/* The path of the segments in fade bucket @bucket; FALSE when empty. */
static gboolean
trail_bucket_path (cairo_t *cr,
                   Trail   *t,
                   int      bucket)
{
  gboolean any = FALSE, pen = FALSE;
  double last_x = 0, last_y = 0;

  cairo_new_path (cr);
  for (guint i = t->first + 1; i < t->end; i++)
    {
      int b = t->spec->part == LR_TRAIL_OLD ? 0 : fade_bucket (t->last >= i ? t->last - i : 0);
      double x0 = t->px[i - 1], y0 = t->py[i - 1], x1 = t->px[i], y1 = t->py[i];

      if (b != bucket || !t->ok[i - 1] || !t->ok[i] ||
          !_lr_clip_segment (&t->bounds, &x0, &y0, &x1, &y1))
        {
          pen = FALSE;
          continue;
        }
      /* one polyline while the trail is unbroken; a vertex closer than half
       * a pixel to the last one drawn adds nothing but work for the stroker */
      if (!pen || x0 != t->px[i - 1] || y0 != t->py[i - 1])
        {
          cairo_move_to (cr, x0, y0);
          last_x = x0;
          last_y = y0;
          trail_extent (t, x0, y0, t->halo + 1);
        }
      pen = x1 == t->px[i] && y1 == t->py[i];
      any = TRUE;
      if (pen && i + 1 < t->end && fabs (x1 - last_x) < t->min_step &&
          fabs (y1 - last_y) < t->min_step)
        continue;
      cairo_line_to (cr, x1, y1);
      last_x = x1;
      last_y = y1;
      trail_extent (t, x1, y1, t->halo + 1);
    }
  return any;
}

/* The segments in three layers: a dark rim, a white halo, the colour. */
static void
trail_segments (cairo_t *cr,
                Trail   *t)
{
  const LrTrailSpec *spec = t->spec;

  for (int layer = 0; layer < 3; layer++)
    {
      /* The recent part's halo and white line leave out the old part's end
       * cap: drawn again on top of it they would cross its coloured line. */
      gboolean hole = spec->part == LR_TRAIL_RECENT && t->split > 0 && layer < 2 &&
                      t->ok[t->split];

      if (hole)
        {
          cairo_save (cr);
          cairo_rectangle (cr, spec->plot->x, spec->plot->y, spec->plot->width,
                           spec->plot->height);
          cairo_new_sub_path (cr);
          cairo_arc (cr, t->px[t->split], t->py[t->split], t->halo + 0.5, 0, 2 * G_PI);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
          cairo_clip (cr);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
        }
      for (int bucket = 0; bucket < FADE_BUCKETS; bucket++)
        {
          double alpha = 0.55 + 0.45 * (bucket + 1) / (double) FADE_BUCKETS;

          if (!trail_bucket_path (cr, t, bucket))
            continue;
          if (layer == 0)
            {
              cairo_set_source_rgba (cr, 0, 0, 0, 0.5 * alpha);
              cairo_set_line_width (cr, 2 * t->halo);
            }
          else if (layer == 1)
            {
              cairo_set_source_rgba (cr, 1, 1, 1, 0.9 * alpha);
              cairo_set_line_width (cr, 4.2 * t->ls);
            }
          else
            {
              set_rgba (cr, spec->color, alpha);
              cairo_set_line_width (cr, 2.4 * t->ls);
            }
          cairo_stroke (cr);
        }
      if (hole)
        cairo_restore (cr);
    }
}

/* Iterates as dots while they are few enough to tell apart: a dark disc
 * under each coloured one (filled polygons: stroking circles costs many
 * times more), a dot on top of the last one drawn left out.  The old part
 * has the dots before the split, the recent part the rest. */
static void
trail_dots (cairo_t *cr,
            Trail   *t)
{
  const double r_dot = 1.9 * t->ls, r_rim = 2.4 * t->ls;
  guint dot_end = t->spec->part == LR_TRAIL_OLD ? t->split : t->last + 1;
  double last_x = INFINITY, last_y = INFINITY;
  guint n_dots = 0;
  g_autofree guint *drawn = g_new (guint, t->last + 1);
  LrRgb outline;

  for (guint i = t->first; i < dot_end; i++)
    if (t->ok[i] && t->px[i] > t->bounds.x && t->px[i] < t->bounds.x + t->bounds.width &&
        t->py[i] > t->bounds.y && t->py[i] < t->bounds.y + t->bounds.height &&
        (fabs (t->px[i] - last_x) >= 0.75 * t->ls || fabs (t->py[i] - last_y) >= 0.75 * t->ls))
      {
        drawn[n_dots++] = i;
        last_x = t->px[i];
        last_y = t->py[i];
        trail_extent (t, t->px[i], t->py[i], r_rim + 1);
      }
  contrast_of (t->spec->color, &outline);
  for (int pass = 0; pass < 2; pass++)
    {
      double r = pass == 0 ? r_rim : r_dot;

      cairo_new_path (cr);
      for (guint k = 0; k < n_dots; k++)
        _lr_disc_path (cr, t->px[drawn[k]], t->py[drawn[k]], r);
      if (pass == 0)
        set_rgba (cr, &outline, 0.8);
      else
        set_rgb (cr, t->spec->color);
      cairo_fill (cr);
    }
}

/* The head: the last finite point drawn, pinned inside the plot when it
 * left it or the run diverged there. */
static void
trail_head (cairo_t *cr,
            Trail   *t)
{
  const LrTrailSpec *spec = t->spec;
  const LrRect *plot = spec->plot;
  double head_x = NAN, head_y = NAN, inset = 6 * t->ls;
  gboolean ended_diverged, inside;

  for (int i = (int) t->end - 1; i >= (int) t->first; i--)
    if (t->ok[i])
      {
        head_x = t->px[i];
        head_y = t->py[i];
        break;
      }
  if (!isfinite (head_x))
    return;
  ended_diverged = (spec->diverged || spec->trajectory->diverged) &&
                   t->last + 1 >= spec->trajectory->n_points;
  inside = head_x >= plot->x && head_x <= plot->x + plot->width &&
           head_y >= plot->y && head_y <= plot->y + plot->height;
  if (ended_diverged || !inside)
    {
      /* where it left: pinned to the border so the end stays visible */
      head_x = CLAMP (head_x, plot->x + inset, plot->x + plot->width - inset);
      head_y = CLAMP (head_y, plot->y + inset, plot->y + plot->height - inset);
    }
  trail_extent (t, head_x, head_y, 12 * t->ls * MAX (spec->head_scale, 1));
  if (ended_diverged)
    {
      _lr_draw_cross (cr, head_x, head_y, spec->color, spec->theme);
      return;
    }
  cairo_new_path (cr);
  if (spec->head_scale > 1)
    {
      /* under heads that coincide: a disc of the run's colour whose rim
       * shows around the heads drawn over it */
      cairo_arc (cr, head_x, head_y, 5.5 * t->ls * spec->head_scale, 0, 2 * G_PI);
      set_rgb (cr, spec->color);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 1.2 * t->ls);
      cairo_stroke (cr);
      return;
    }
  _lr_draw_head (cr, head_x, head_y, spec->color, spec->theme);
}

void
_lr_draw_head (cairo_t             *cr,
               double               px,
               double               py,
               const LrRgb         *color,
               const LrRenderTheme *theme)
{
  double ls = theme->line_scale;

  cairo_new_path (cr);
  cairo_arc (cr, px, py, 5.5 * ls, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 4.6 * ls);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.4 * ls);
  cairo_stroke_preserve (cr);
  set_rgb (cr, color);
  cairo_fill (cr);
}

void
_lr_draw_trail (cairo_t           *cr,
                const LrTrailSpec *spec,
                LrRect            *extent)
{
  Trail t;

  if (!trail_init (&t, cr, spec, extent))
    {
      trail_clear (&t);
      return;
    }
  cairo_save (cr);
  clip_to (cr, spec->plot);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  trail_segments (cr, &t);
  if (t.last < LR_RENDER_TRAIL_DOT_STEPS)
    trail_dots (cr, &t);
  if (spec->part == LR_TRAIL_RECENT)
    trail_head (cr, &t);
  cairo_restore (cr);
  trail_clear (&t);
}

void
lr_render_trajectory (cairo_t             *cr,
                      const LrRect        *plot,
                      const LrBox         *view,
                      const LrTrajectory  *trajectory,
                      guint                upto_step,
                      double               fraction,
                      const LrRgb         *color,
                      const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  LrTrailSpec trail = { plot, view, trajectory, upto_step, fraction, LR_TRAIL_OLD, color, FALSE,
                        NULL, 1 };

  g_return_if_fail (cr != NULL && plot != NULL && view != NULL && color != NULL);

  trail.theme = default_theme (theme, &fallback);
  _lr_draw_trail (cr, &trail, NULL);
  trail.part = LR_TRAIL_RECENT;
  _lr_draw_trail (cr, &trail, NULL);
}
