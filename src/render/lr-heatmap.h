/* lr-heatmap.h: surface values as colour-mapped pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-colormap.h"
#include "lr-surface.h"

G_BEGIN_DECLS

/* How surface values map to 0..1: LINEAR maps [lo, hi] linearly;
 * LOG maps log(f − fmin + eps) between log(lo − fmin + eps) and
 * log(hi − fmin + eps).  lo/hi are robust percentiles of a coarse sample. */
typedef struct {
  LrColorScale scale;
  double       lo, hi;
  double       fmin;
  double       eps;
} LrHeatmapNorm;

void     lr_render_heatmap_norm   (const LrSurface *surface,
                                   const LrBox     *view,
                                   LrColorScale     scale,
                                   LrHeatmapNorm   *norm);
/* 0..1 for a surface value under @norm (NaN for non-finite f). */
double   lr_heatmap_norm_apply    (const LrHeatmapNorm *norm,
                                   double               f);

/* Fills @width_px × @height_px premultiplied ARGB32 pixels (cairo's native
 * layout, @stride in bytes) with the surface over @view, one value per device
 * pixel at its centre, rows top (ymax) to bottom (ymin).  Non-finite values
 * are drawn as the high end.  Large images are split over two threads. */
void     lr_render_heatmap_data   (guint8          *data,
                                   int              stride,
                                   int              width_px,
                                   int              height_px,
                                   const LrSurface *surface,
                                   const LrBox     *view,
                                   LrColormap       colormap,
                                   LrColorScale     scale);
/* Same into an ARGB32/RGB24 cairo image surface (its full size). */
void     lr_render_heatmap        (cairo_surface_t *target,
                                   const LrSurface *surface,
                                   const LrBox     *view,
                                   LrColormap       colormap,
                                   LrColorScale     scale);

G_END_DECLS
