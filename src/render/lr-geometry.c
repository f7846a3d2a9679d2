/* lr-geometry.c: data to plot coordinates, fitted views, device scales, clipping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

gboolean
lr_render_map_point (const LrRect *plot,
                     const LrBox  *view,
                     double        x,
                     double        y,
                     double       *px,
                     double       *py)
{
  g_return_val_if_fail (plot != NULL && view != NULL, FALSE);

  *px = plot->x + (x - view->xmin) / box_width (view) * plot->width;
  *py = plot->y + (view->ymax - y) / box_height (view) * plot->height;
  return isfinite (*px) && isfinite (*py);
}

double
_lr_device_scale (cairo_t *cr)
{
  double dx = 1, dy = 0;

  cairo_user_to_device_distance (cr, &dx, &dy);
  dx = hypot (dx, dy);
  return isfinite (dx) && dx > 0 ? dx : 1;
}

/* Pixels per user unit for heatmap images: vector targets get 2× so the
 * heatmap stays sharp when the figure is zoomed. */
double
_lr_heatmap_scale (cairo_t *cr)
{
  double ds = _lr_device_scale (cr);
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  if (type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG ||
      type == CAIRO_SURFACE_TYPE_PS || type == CAIRO_SURFACE_TYPE_RECORDING)
    return MAX (ds, 2);
  return ds;
}

void
lr_render_fit_view (const LrRect *plot,
                    const LrBox  *view,
                    LrBox        *fitted)
{
  double w, h, cx, cy, want;

  g_return_if_fail (plot != NULL && view != NULL && fitted != NULL);

  *fitted = *view;
  if (!box_is_valid (view) || !(plot->width > 0) || !(plot->height > 0))
    return;
  w = box_width (view);
  h = box_height (view);
  cx = 0.5 * (view->xmin + view->xmax);
  cy = 0.5 * (view->ymin + view->ymax);
  want = plot->width / plot->height;   /* units of x per unit of y to show */
  if (w / h < want)
    w = h * want;
  else
    h = w / want;
  *fitted = (LrBox) { cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2 };
}

/* Liang–Barsky: clips the segment to @r; FALSE when nothing is left. */
gboolean
_lr_clip_segment (const LrRect *r,
                  double       *x0,
                  double       *y0,
                  double       *x1,
                  double       *y1)
{
  double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - r->x, r->x + r->width - *x0, *y0 - r->y, r->y + r->height - *y0 };

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
        }
      else
        {
          double t = q[i] / p[i];

          if (p[i] < 0)
            {
              if (t > t1)
                return FALSE;
              if (t > t0)
                t0 = t;
            }
          else
            {
              if (t < t0)
                return FALSE;
              if (t < t1)
                t1 = t;
            }
        }
    }
  if (t1 < 1)
    {
      *x1 = *x0 + t1 * dx;
      *y1 = *y0 + t1 * dy;
    }
  if (t0 > 0)
    {
      *x0 = *x0 + t0 * dx;
      *y0 = *y0 + t0 * dy;
    }
  return TRUE;
}
