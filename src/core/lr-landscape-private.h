/* lr-landscape-private.h: the loss landscape's grid evaluator, shared by
 * lr-landscape.c (the plane, the runs) and lr-landscape-grid.c (the
 * batched forward passes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-landscape.h"

G_BEGIN_DECLS

#define N_LAYERS_MAX   (LR_MLP_MAX_HIDDEN + 1)

/* The grid's evaluator: the architecture, the training images and the
 * plane, with the first layer's three products precomputed. */
typedef struct {
  guint          n_layers;
  guint          sizes[N_LAYERS_MAX + 1];
  gsize          w_offset[N_LAYERS_MAX];
  gsize          b_offset[N_LAYERS_MAX];
  gsize          n_params;
  guint          max_width;
  gboolean       relu;
  LrLoss         loss;

  guint          n_images;
  guint8        *labels;
  float         *z0, *z1, *z2;     /* n_images × sizes[1]: X·W1(θ0), X·D1, X·D2 (first layer) */

  const float   *theta0;
  const double  *d1, *d2;
} LrLandscapeGrid;

/* One thread's working memory for _lr_landscape_grid_loss(). */
typedef struct {
  float  *params;    /* the point's weights from the first layer's biases on */
  float  *h0, *h1;   /* block × widest layer */
  double *e;         /* block × classes */
} LrLandscapeGridScratch;

/* The architecture of @arch and the number of @images. */
void   _lr_landscape_grid_init          (LrLandscapeGrid        *grid,
                                         const LrMlp            *arch,
                                         const LrSubset         *images);
/* The images (pixels × @scale), labels and the first layer's products for
 * the plane θ0 + a·d1 + b·d2 (kept by reference). */
void   _lr_landscape_grid_prepare       (LrLandscapeGrid        *grid,
                                         const LrSubset         *images,
                                         float                   scale,
                                         const float            *theta0,
                                         const double           *d1,
                                         const double           *d2,
                                         guint                   n_threads);
void   _lr_landscape_grid_clear         (LrLandscapeGrid        *grid);
void   _lr_landscape_grid_scratch_init  (LrLandscapeGridScratch *scratch,
                                         const LrLandscapeGrid  *grid);
void   _lr_landscape_grid_scratch_clear (LrLandscapeGridScratch *scratch);
/* The mean training loss at θ0 + a·d1 + b·d2 (any thread, its own scratch). */
double _lr_landscape_grid_loss          (const LrLandscapeGrid  *grid,
                                         LrLandscapeGridScratch *scratch,
                                         double                  a,
                                         double                  b);

G_END_DECLS
