/* lr-confusion.h: the confusion matrix of a classifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-theme.h"

G_BEGIN_DECLS

typedef struct {
  const guint         *counts;     /* n_classes², [true · n_classes + predicted];
                                    * NULL: none yet (a hint is shown) */
  guint                n_classes;
  const char * const  *names;      /* n_classes class names; NULL: "0", "1", … */
  const char          *title;      /* NULL: none */
  const LrRenderTheme *theme;      /* NULL: light, scale 1 */
} LrConfusionSpec;

/* The matrix filling @width × @height (background included): a cell's
 * colour is its share of the row, blue on the diagonal, red elsewhere. */
void     lr_render_confusion      (cairo_t               *cr,
                                   double                 width,
                                   double                 height,
                                   const LrConfusionSpec *spec);

G_END_DECLS
