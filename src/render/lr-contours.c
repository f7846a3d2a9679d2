/* lr-contours.c: contour lines of a surface by marching squares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* Levels for [lo, hi]: 1-2-5 spaced (LINEAR) or decades of f − fmin with 2×
 * and 5× when few decades are shown (LOG).  Returns the count. */
static guint
contour_levels (const LrHeatmapNorm *norm,
                double              *levels,
                gboolean            *major,
                guint                max_levels)
{
  guint n = 0;

  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double dlo = MAX (norm->eps, (norm->lo - norm->fmin) + norm->eps);
      double dhi = norm->hi - norm->fmin;
      int e0, e1;
      gboolean fine;

      if (!(dhi > dlo))
        return 0;
      e0 = (int) floor (log10 (dlo));
      e1 = (int) ceil (log10 (dhi));
      fine = e1 - e0 <= 6;
      for (int e = e0; e <= e1 && n < max_levels; e++)
        {
          static const double mult[] = { 1, 2, 5 };

          for (guint k = 0; k < G_N_ELEMENTS (mult) && n < max_levels; k++)
            {
              double d = mult[k] * pow (10, e);

              if (k > 0 && !fine)
                continue;
              if (d <= dlo || d >= dhi)
                continue;
              major[n] = k == 0;
              levels[n++] = norm->fmin + d;
            }
        }
    }
  else
    {
      double step, ticks[64];
      guint count = lr_render_nice_ticks (norm->lo, norm->hi, 12, ticks, G_N_ELEMENTS (ticks),
                                          &step);

      for (guint i = 0; i < count && n < max_levels; i++)
        {
          if (ticks[i] <= norm->lo || ticks[i] >= norm->hi)
            continue;
          major[n] = fabs (remainder (ticks[i], 5 * step)) < step * 1e-6;
          levels[n++] = ticks[i];
        }
    }
  return n;
}

static inline double
cross (double a,
       double b,
       double level)
{
  double t = (level - a) / (b - a);

  return CLAMP (t, 0, 1);
}

/* Marching squares over the grid of values @v (nx × ny, row 0 = ymax) for
 * one level.  Each crossing lies on a grid edge, named by an id (2 per grid
 * node: its rightward and downward edge); segments meeting on an edge are
 * chained, so each contour is one polyline, cheap to stroke and with clean
 * joins. */
/* Polyline simplification while emitting: a point is dropped when every
 * point since the last one kept stays within POLY_TOLERANCE of the straight
 * line that replaces them.  Contours have many nearly collinear pieces, and
 * cairo's stroker cost grows with the vertex count. */
#define POLY_TOLERANCE 0.2
#define POLY_PENDING 24

typedef struct {
  cairo_t *cr;
  double   tol;                 /* in user units */
  double   kx, ky;              /* last point kept */
  int      n;                   /* pending points (not yet kept) */
  double   px[POLY_PENDING], py[POLY_PENDING];
} Poly;

static void
poly_move (Poly   *p,
           double  x,
           double  y)
{
  cairo_move_to (p->cr, x, y);
  p->kx = x;
  p->ky = y;
  p->n = 0;
}

static gboolean
poly_fits (const Poly *p,
           double      x,
           double      y)
{
  double dx = x - p->kx, dy = y - p->ky;
  double len = hypot (dx, dy);

  for (int i = 0; i < p->n; i++)
    {
      double d = len > 0 ? fabs ((p->px[i] - p->kx) * dy - (p->py[i] - p->ky) * dx) / len
                         : hypot (p->px[i] - p->kx, p->py[i] - p->ky);

      if (d > p->tol)
        return FALSE;
    }
  return TRUE;
}

static void
poly_line (Poly   *p,
           double  x,
           double  y)
{
  if (p->n > 0 && (p->n == POLY_PENDING || !poly_fits (p, x, y)))
    {
      /* keep the last pending point, restart the corridor from it */
      double lx = p->px[p->n - 1], ly = p->py[p->n - 1];

      cairo_line_to (p->cr, lx, ly);
      p->kx = lx;
      p->ky = ly;
      p->n = 0;
    }
  p->px[p->n] = x;
  p->py[p->n] = y;
  p->n++;
}

static void
poly_end (Poly     *p,
          gboolean  close)
{
  if (p->n > 0)
    cairo_line_to (p->cr, p->px[p->n - 1], p->py[p->n - 1]);
  p->n = 0;
  if (close)
    cairo_close_path (p->cr);
}

typedef struct {
  int    e[2];         /* edge ids of the two ends */
  double x[2], y[2];
  gboolean used;
} Segment;

typedef struct {
  GArray *segments;    /* Segment */
  int    *owner;       /* edge id → 2 segment indices (−1: none) */
  GArray *touched;     /* edge ids with an owner, to reset */
} Marcher;

static void
add_segment (Marcher      *m,
             const int    *edge,
             const double *px,
             const double *py,
             int           a,
             int           b)
{
  Segment seg = { { edge[a], edge[b] }, { px[a], px[b] }, { py[a], py[b] }, FALSE };
  int index = (int) m->segments->len;

  g_array_append_val (m->segments, seg);
  for (int k = 0; k < 2; k++)
    {
      int *slot = &m->owner[2 * seg.e[k]];

      if (slot[0] < 0)
        {
          slot[0] = index;
          g_array_append_val (m->touched, seg.e[k]);
        }
      else if (slot[1] < 0)
        slot[1] = index;
    }
}

/* From segment @index's end @end, follows the chain adding line_tos. */
static void
follow_chain (Poly    *poly,
              Marcher *m,
              int      index,
              int      end)
{
  for (;;)
    {
      Segment *seg = &g_array_index (m->segments, Segment, index);
      int edge = seg->e[end];
      int *slot = &m->owner[2 * edge];
      int next = slot[0] == index ? slot[1] : slot[0];
      Segment *n;

      if (next < 0)
        return;
      n = &g_array_index (m->segments, Segment, next);
      if (n->used)
        return;
      n->used = TRUE;
      /* enter the next segment at the shared edge, leave at its other end */
      end = n->e[0] == edge ? 1 : 0;
      poly_line (poly, n->x[end], n->y[end]);
      index = next;
    }
}

/* The segments where @level crosses the cells of the grid. */
static void
march_cells (Marcher      *m,
             const double *v,
             int           nx,
             int           ny,
             const LrRect *plot,
             double        level)
{
  const double sx = plot->width / (nx - 1), sy = plot->height / (ny - 1);

  g_array_set_size (m->segments, 0);
  for (int j = 0; j < ny - 1; j++)
    for (int i = 0; i < nx - 1; i++)
      {
        double a = v[j * nx + i], b = v[j * nx + i + 1];
        double c = v[(j + 1) * nx + i + 1], d = v[(j + 1) * nx + i];
        int code;
        double px[4], py[4];
        int edge[4];
        double x0 = plot->x + i * sx, y0 = plot->y + j * sy;

        if (!isfinite (a) || !isfinite (b) || !isfinite (c) || !isfinite (d))
          continue;
        code = (a > level) | (b > level) << 1 | (c > level) << 2 | (d > level) << 3;
        if (code == 0 || code == 15)
          continue;

        /* edges: 0 top (a-b), 1 right (b-c), 2 bottom (d-c), 3 left (a-d) */
        px[0] = x0 + cross (a, b, level) * sx;  py[0] = y0;
        px[1] = x0 + sx;                        py[1] = y0 + cross (b, c, level) * sy;
        px[2] = x0 + cross (d, c, level) * sx;  py[2] = y0 + sy;
        px[3] = x0;                             py[3] = y0 + cross (a, d, level) * sy;
        edge[0] = 2 * (j * nx + i);
        edge[1] = 2 * (j * nx + i + 1) + 1;
        edge[2] = 2 * ((j + 1) * nx + i);
        edge[3] = 2 * (j * nx + i) + 1;

        switch (code)
          {
          case 1: case 14: add_segment (m, edge, px, py, 0, 3); break;
          case 2: case 13: add_segment (m, edge, px, py, 0, 1); break;
          case 3: case 12: add_segment (m, edge, px, py, 1, 3); break;
          case 4: case 11: add_segment (m, edge, px, py, 1, 2); break;
          case 6: case 9:  add_segment (m, edge, px, py, 0, 2); break;
          case 7: case 8:  add_segment (m, edge, px, py, 2, 3); break;
          case 5: case 10:
            {
              /* saddle cell: the centre value decides which corners connect */
              double centre = 0.25 * (a + b + c + d);

              if ((centre > level) == (code == 5))
                {
                  add_segment (m, edge, px, py, 0, 1);
                  add_segment (m, edge, px, py, 2, 3);
                }
              else
                {
                  add_segment (m, edge, px, py, 0, 3);
                  add_segment (m, edge, px, py, 1, 2);
                }
            }
            break;
          default:
            break;
          }
      }
}

/* The segments chained into polylines: open ones first, from an end with a
 * single owner, then the closed loops. */
static void
march_chains (Poly    *poly,
              Marcher *m)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint k = 0; k < m->segments->len; k++)
      {
        Segment *seg = &g_array_index (m->segments, Segment, k);
        int start;

        if (seg->used)
          continue;
        if (pass == 0)
          {
            if (m->owner[2 * seg->e[0] + 1] < 0)
              start = 0;
            else if (m->owner[2 * seg->e[1] + 1] < 0)
              start = 1;
            else
              continue;
          }
        else
          start = 0;
        seg->used = TRUE;
        poly_move (poly, seg->x[start], seg->y[start]);
        poly_line (poly, seg->x[1 - start], seg->y[1 - start]);
        follow_chain (poly, m, (int) k, 1 - start);
        poly_end (poly, pass == 1);
      }
}

static void
march_level (cairo_t      *cr,
             Marcher      *m,
             const double *v,
             int           nx,
             int           ny,
             const LrRect *plot,
             double        level)
{
  Poly poly = { cr, POLY_TOLERANCE / _lr_device_scale (cr), 0, 0, 0, { 0 }, { 0 } };

  march_cells (m, v, nx, ny, plot, level);
  march_chains (&poly, m);
  for (guint k = 0; k < m->touched->len; k++)
    {
      int e = g_array_index (m->touched, int, k);

      m->owner[2 * e] = m->owner[2 * e + 1] = -1;
    }
  g_array_set_size (m->touched, 0);
}

void
_lr_draw_contours (cairo_t             *cr,
                   const LrRect        *plot,
                   const LrSurface     *surface,
                   const LrBox         *view,
                   const LrHeatmapNorm *norm,
                   const LrRenderTheme *theme)
{
  double ds = _lr_device_scale (cr);
  int nx, ny;
  g_autofree double *v = NULL;
  double levels[96];
  gboolean major[96];
  guint n_levels;
  Marcher marcher;

  if (plot->width < 4 || plot->height < 4 || !box_is_valid (view))
    return;

  n_levels = contour_levels (norm, levels, major, G_N_ELEMENTS (levels));
  if (n_levels == 0)
    return;

  /* about one cell per 6 device pixels: linear interpolation inside a
   * cell keeps the lines smooth, and stroking fewer pieces is much cheaper */
  nx = CLAMP ((int) ceil (plot->width * ds / 6) + 1, 8, 1200);
  ny = CLAMP ((int) ceil (plot->height * ds / 6) + 1, 8, 1200);
  v = g_new (double, (gsize) nx * ny);
  for (int j = 0; j < ny; j++)
    {
      double y = view->ymax - j * box_height (view) / (ny - 1);

      for (int i = 0; i < nx; i++)
        v[j * nx + i] = lr_surface_value (surface, view->xmin + i * box_width (view) / (nx - 1), y);
    }

  marcher.segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  marcher.touched = g_array_new (FALSE, FALSE, sizeof (int));
  marcher.owner = g_new (int, (gsize) 4 * nx * ny);
  memset (marcher.owner, 0xff, sizeof (int) * (gsize) 4 * nx * ny);   /* all −1 */

  cairo_save (cr);
  clip_to (cr, plot);
  /* thin lines of many short pieces: bevel joins look the same as round ones
   * and cost far less to stroke */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean want_major = pass == 1;

      cairo_new_path (cr);
      for (guint k = 0; k < n_levels; k++)
        if (major[k] == want_major)
          march_level (cr, &marcher, v, nx, ny, plot, levels[k]);
      cairo_set_source_rgba (cr, 1, 1, 1, want_major ? 0.55 : 0.30);
      cairo_set_line_width (cr, (want_major ? 0.9 : 0.6) * theme->line_scale);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  g_array_unref (marcher.segments);
  g_array_unref (marcher.touched);
  g_free (marcher.owner);
}

void
lr_render_contours (cairo_t             *cr,
                    const LrRect        *plot,
                    const LrSurface     *surface,
                    const LrBox         *view,
                    LrColorScale         scale,
                    const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  LrHeatmapNorm norm;

  g_return_if_fail (cr != NULL && plot != NULL && surface != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  lr_render_heatmap_norm (surface, view, scale, &norm);
  _lr_draw_contours (cr, plot, surface, view, &norm, theme);
}
