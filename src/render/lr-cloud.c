/* lr-cloud.c: the cloud a noisy run settles in
 *
 * With noisy gradients a run does not stop at the minimum: it keeps
 * jumping about in a cloud whose size grows with the learning rate.  The
 * last LR_RENDER_CLOUD_POINTS points before the head are drawn as dots in
 * the run's colour, the older the fainter, so the cloud — and so the noise
 * floor — is seen around the head.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

#define CLOUD_BUCKETS 6

void
_lr_draw_cloud (cairo_t           *cr,
                const LrTrailSpec *spec,
                LrRect            *extent)
{
  const LrTrajectory *traj = spec->trajectory;
  const LrRect *plot = spec->plot;
  double ls = spec->theme->line_scale, r = 2.6 * ls;
  guint last, first;

  if (traj == NULL || !traj->noisy || traj->n_points < 2 || !box_is_valid (spec->view) ||
      plot->width <= 0 || plot->height <= 0)
    return;

  last = MIN (spec->upto_step, traj->n_points - 1);
  first = last + 1 > LR_RENDER_CLOUD_POINTS ? last + 1 - LR_RENDER_CLOUD_POINTS : 0;

  cairo_save (cr);
  clip_to (cr, plot);
  /* oldest first, one path per bucket of age: each dot is one fill */
  for (int bucket = 0; bucket < CLOUD_BUCKETS; bucket++)
    {
      double alpha = 0.12 + 0.6 * (bucket + 1) / (double) CLOUD_BUCKETS;
      gboolean any = FALSE;

      cairo_new_path (cr);
      for (guint i = first; i <= last; i++)
        {
          guint age = last - i;
          int b = CLOUD_BUCKETS - 1 - (int) (age * CLOUD_BUCKETS / LR_RENDER_CLOUD_POINTS);
          double px, py;

          if (b != bucket || !lr_render_map_point (plot, spec->view, traj->points[i].x,
                                                    traj->points[i].y, &px, &py))
            continue;
          if (px < plot->x - r || px > plot->x + plot->width + r ||
              py < plot->y - r || py > plot->y + plot->height + r)
            continue;
          _lr_disc_path (cr, px, py, r);
          any = TRUE;
          if (extent != NULL)
            _lr_extent_add (extent, px, py, r + 1);
        }
      if (!any)
        continue;
      cairo_set_source_rgba (cr, 0, 0, 0, 0.35 * alpha);
      cairo_set_line_width (cr, 1.2 * ls);
      cairo_stroke_preserve (cr);
      set_rgba (cr, spec->color, alpha);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}
