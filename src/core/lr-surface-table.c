/* lr-surface-table.c: a surface interpolated from a uniform grid of values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-surface-table.h"

struct _LrSurfaceTable
{
  LrBox    box;
  guint    nx, ny;
  gboolean log;        /* v holds log(value) */
  double  *v;          /* ny × nx, [j · nx + i] at (x_i, y_j) */
  double  *raw;        /* the values as given */
};

LrSurfaceTable *
_lr_surface_table_new (const LrBox  *box,
                       guint         nx,
                       guint         ny,
                       const double *values)
{
  LrSurfaceTable *t = g_new0 (LrSurfaceTable, 1);
  gsize n = (gsize) nx * ny;

  t->box = *box;
  t->nx = nx;
  t->ny = ny;
  t->raw = g_memdup2 (values, n * sizeof (double));
  t->v = g_new (double, n);
  t->log = TRUE;
  for (gsize k = 0; k < n; k++)
    if (isfinite (values[k]) && values[k] <= 0)
      t->log = FALSE;
  for (gsize k = 0; k < n; k++)
    t->v[k] = t->log ? log (values[k]) : values[k];
  return t;
}

LrSurfaceTable *
_lr_surface_table_copy (const LrSurfaceTable *table)
{
  LrSurfaceTable *t = g_memdup2 (table, sizeof *table);
  gsize n = (gsize) table->nx * table->ny;

  t->v = g_memdup2 (table->v, n * sizeof (double));
  t->raw = g_memdup2 (table->raw, n * sizeof (double));
  return t;
}

void
_lr_surface_table_free (LrSurfaceTable *table)
{
  if (table == NULL)
    return;
  g_free (table->v);
  g_free (table->raw);
  g_free (table);
}

/* Catmull-Rom weights of the nodes k−1 … k+2 at t ∈ [0, 1] past node k,
 * and their first and second derivatives in t. */
static void
weights (double  t,
         double *w,
         double *dw,
         double *ddw)
{
  double t2 = t * t, t3 = t2 * t;

  w[0] = 0.5 * (-t3 + 2 * t2 - t);
  w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  w[3] = 0.5 * (t3 - t2);
  dw[0] = 0.5 * (-3 * t2 + 4 * t - 1);
  dw[1] = 0.5 * (9 * t2 - 10 * t);
  dw[2] = 0.5 * (-9 * t2 + 8 * t + 1);
  dw[3] = 0.5 * (3 * t2 - 2 * t);
  ddw[0] = -3 * t + 2;
  ddw[1] = 9 * t - 5;
  ddw[2] = -9 * t + 4;
  ddw[3] = 3 * t - 1;
}

/* The cell of @x on an axis of @n nodes over [lo, hi]: node index, t, and
 * whether x was inside (outside, the derivative along it is zero). */
static gboolean
locate (double  x,
        double  lo,
        double  hi,
        guint   n,
        int    *k,
        double *t)
{
  double u = (x - lo) / (hi - lo) * (n - 1);
  gboolean inside = u >= 0 && u <= n - 1;

  if (!(u >= 0))
    u = 0;
  if (u > n - 1)
    u = n - 1;
  *k = MIN ((int) floor (u), (int) n - 2);
  *t = u - *k;
  return inside;
}

double
_lr_surface_table_eval (const LrSurfaceTable *t,
                        double                x,
                        double                y,
                        double               *grad,
                        double               *hess)
{
  double wx[4], dwx[4], ddwx[4], wy[4], dwy[4], ddwy[4];
  double g = 0, gx = 0, gy = 0, gxx = 0, gxy = 0, gyy = 0;
  double hx = (t->box.xmax - t->box.xmin) / (t->nx - 1);
  double hy = (t->box.ymax - t->box.ymin) / (t->ny - 1);
  double tx, ty, f;
  int kx, ky;
  gboolean in_x, in_y;

  if (isnan (x) || isnan (y))
    {
      if (grad)
        grad[0] = grad[1] = NAN;
      if (hess)
        hess[0] = hess[1] = hess[2] = NAN;
      return NAN;
    }

  in_x = locate (x, t->box.xmin, t->box.xmax, t->nx, &kx, &tx);
  in_y = locate (y, t->box.ymin, t->box.ymax, t->ny, &ky, &ty);
  weights (tx, wx, dwx, ddwx);
  weights (ty, wy, dwy, ddwy);

  for (int b = 0; b < 4; b++)
    {
      int j = CLAMP (ky - 1 + b, 0, (int) t->ny - 1);
      const double *row = t->v + (gsize) j * t->nx;
      double r = 0, rx = 0, rxx = 0;

      for (int a = 0; a < 4; a++)
        {
          double v = row[CLAMP (kx - 1 + a, 0, (int) t->nx - 1)];

          r += wx[a] * v;
          rx += dwx[a] * v;
          rxx += ddwx[a] * v;
        }
      g += wy[b] * r;
      gx += wy[b] * rx;
      gxx += wy[b] * rxx;
      gy += dwy[b] * r;
      gxy += dwy[b] * rx;
      gyy += ddwy[b] * r;
    }
  gx = in_x ? gx / hx : 0;
  gxx = in_x ? gxx / (hx * hx) : 0;
  gy = in_y ? gy / hy : 0;
  gyy = in_y ? gyy / (hy * hy) : 0;
  gxy = in_x && in_y ? gxy / (hx * hy) : 0;

  if (!t->log)
    {
      if (grad)
        {
          grad[0] = gx;
          grad[1] = gy;
        }
      if (hess)
        {
          hess[0] = gxx;
          hess[1] = gxy;
          hess[2] = gyy;
        }
      return g;
    }

  /* f = exp(g): ∇f = f ∇g, ∇²f = f (∇g ∇gᵀ + ∇²g). */
  f = exp (g);
  if (grad)
    {
      grad[0] = f * gx;
      grad[1] = f * gy;
    }
  if (hess)
    {
      hess[0] = f * (gx * gx + gxx);
      hess[1] = f * (gx * gy + gxy);
      hess[2] = f * (gy * gy + gyy);
    }
  return f;
}

gboolean
_lr_surface_table_min (const LrSurfaceTable *t,
                       LrPoint              *where,
                       double               *value)
{
  gsize best = G_MAXSIZE;

  for (gsize k = 0; k < (gsize) t->nx * t->ny; k++)
    if (isfinite (t->raw[k]) && (best == G_MAXSIZE || t->raw[k] < t->raw[best]))
      best = k;
  if (best == G_MAXSIZE)
    return FALSE;
  where->x = t->box.xmin + (t->box.xmax - t->box.xmin) * (best % t->nx) / (t->nx - 1);
  where->y = t->box.ymin + (t->box.ymax - t->box.ymin) * (best / t->nx) / (t->ny - 1);
  *value = t->raw[best];
  return TRUE;
}
