/* lr-batch-heatmap.h: validation accuracy over learning rate × batch size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-theme.h"

G_BEGIN_DECLS

typedef struct {
  const double        *lrs;        /* n_lrs rates, ascending: the columns */
  guint                n_lrs;
  const guint         *batches;    /* n_batches sizes, ascending: the rows, smallest at the bottom */
  guint                n_batches;
  const double        *val_acc;    /* [b · n_lrs + i], 0..1; NaN: not trained yet */
  const gboolean      *diverged;   /* same layout; NULL: none */
  const double        *best_lr;    /* n_batches: the best rate of each batch size (NaN: none) */
  const char          *title;      /* NULL: none */
  const LrRenderTheme *theme;      /* NULL: light, scale 1 */
} LrBatchHeatmapSpec;

/* The grid filling @width × @height (background included): a cell per
 * (rate, batch size) coloured by its validation accuracy (viridis, with a
 * colour key), diverged runs crossed out, the best rate of each batch size
 * ringed, and the linear scaling rule (rate ∝ batch size, Goyal et al.
 * 2017) through the best cell of the smallest batch size as a dashed line. */
void     lr_render_batch_heatmap  (cairo_t                  *cr,
                                   double                    width,
                                   double                    height,
                                   const LrBatchHeatmapSpec *spec);

G_END_DECLS
