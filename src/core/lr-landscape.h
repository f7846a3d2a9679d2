/* lr-landscape.h: the classifier's loss landscape on a plane through its
 * initial weights, with each run's path projected onto it
 *
 * Every run starts from the same weights θ0 (same model, same seed).  The
 * plane is θ(a, b) = θ0 + a·d1 + b·d2:
 *
 *   pca        d1, d2 the two leading principal directions of all runs'
 *              weight iterates (θ0 once, then every run's weights after each
 *              epoch), centred on their mean, as unit vectors.
 *   endpoints  two runs: d1 = θA − θ0, d2 = θB − θ0, so that run A ends at
 *              (1, 0) and run B at (0, 1), exactly.
 *   random     filter-normalised Gaussian directions (Li et al. 2018): each
 *              hidden or output unit's incoming weights scaled to the norm
 *              of that unit's weights in θ0, biases zero; seeded.
 *
 * Iterates are projected onto the plane by least squares in weight space
 * (θ0 is (0, 0)); each point's loss is the true mean training loss of the
 * weights themselves, which in general lie off the plane.  "explained" is
 * the share of the iterates' variance (about their mean) along d1 and along
 * the part of d2 orthogonal to d1: for pca, PCA's explained-variance ratios.
 *
 * The G × G grid of mean training losses is batched: the first layer's
 * pre-activations are linear in (a, b), so X·W1(a, b) = X·W1(θ0) + a·X·D1 +
 * b·X·D2 needs three matrix products for the whole grid; the later layers
 * are one product per grid point and image block, the grid's rows spread
 * over threads (lr-parallel.h).  Losses are summed in double in a fixed
 * order, so results do not depend on the number of threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lr-dataset.h"
#include "lr-train.h"

G_BEGIN_DECLS

typedef enum {
  LR_LANDSCAPE_PLANE_PCA,
  LR_LANDSCAPE_PLANE_ENDPOINTS,
  LR_LANDSCAPE_PLANE_RANDOM,
} LrLandscapePlane;

#define LR_LANDSCAPE_DEFAULT_GRID    41
#define LR_LANDSCAPE_MIN_GRID        3
#define LR_LANDSCAPE_MAX_GRID        301
#define LR_LANDSCAPE_MAX_RUNS        16
#define LR_LANDSCAPE_MAX_EPOCHS      1000
/* Without a span, the grid reaches this many times the farthest point. */
#define LR_LANDSCAPE_AUTO_MARGIN     1.25

typedef struct {
  LrLandscapePlane plane;
  guint            grid;        /* G: LR_LANDSCAPE_MIN_GRID … LR_LANDSCAPE_MAX_GRID */
  double           span;        /* a, b ∈ [−span, span]; 0: automatic */
  guint64          seed;        /* random plane */
  guint            n_threads;   /* 0: one per processor */
} LrLandscapeConfig;

/* pca, 41 points, automatic span, seed 0, all processors. */
void        lr_landscape_config_init (LrLandscapeConfig *config);

/* "pca", "endpoints", "random". */
gboolean    lr_landscape_plane_parse (const char        *text,
                                      LrLandscapePlane  *plane,
                                      GError           **error);
const char *lr_landscape_plane_name  (LrLandscapePlane   plane);

typedef struct {
  guint  epoch;      /* 0: the initial weights */
  double a, b;       /* the weights' projection onto the plane */
  double loss;       /* the mean training loss of the weights themselves */
} LrLandscapePoint;

/* @fraction of all the work (training, then the grid) done.  Called
 * serialised, from the calling thread or a worker. */
typedef void (*LrLandscapeProgressFunc) (double   fraction,
                                         gpointer user_data);

typedef struct _LrLandscape LrLandscape;

/* Trains the @n_runs configurations (each records its weights after every
 * epoch), makes the plane and evaluates the grid.  The runs must share the
 * model, seed and batch size (and so θ0 and the training images); @specs
 * are their labels ("adam:lr=0.001").  Fails with G_IO_ERROR_CANCELLED
 * when @cancellable fires. */
LrLandscape *lr_landscape_compute    (LrDataset               *dataset,
                                      const LrTrainConfig     *configs,
                                      const char *const       *specs,
                                      guint                    n_runs,
                                      const LrLandscapeConfig *config,
                                      LrLandscapeProgressFunc  progress,
                                      gpointer                 user_data,
                                      GCancellable            *cancellable,
                                      GError                 **error);
void         lr_landscape_free       (LrLandscape             *landscape);

const LrLandscapeConfig *lr_landscape_get_config (const LrLandscape *landscape);
/* G, and the grid's coordinates (G each, ascending). */
guint          lr_landscape_get_grid_size (const LrLandscape *landscape);
const double  *lr_landscape_get_a         (const LrLandscape *landscape);
const double  *lr_landscape_get_b         (const LrLandscape *landscape);
/* G × G mean training losses: [j · G + i] at (a[i], b[j]). */
const double  *lr_landscape_get_loss      (const LrLandscape *landscape);
double         lr_landscape_get_span      (const LrLandscape *landscape);
/* Wall time of the grid's evaluation (its first-layer products included). */
double         lr_landscape_get_grid_seconds (const LrLandscape *landscape);
/* The shares of the iterates' variance along the two directions. */
void           lr_landscape_get_explained (const LrLandscape *landscape,
                                           double            *explained);

guint          lr_landscape_get_n_runs    (const LrLandscape *landscape);
const char    *lr_landscape_get_run_spec  (const LrLandscape *landscape,
                                           guint              run);
/* epochs run + 1 points (epoch 0 first). */
const LrLandscapePoint *lr_landscape_get_points (const LrLandscape *landscape,
                                                 guint              run,
                                                 guint             *n_points);
gboolean       lr_landscape_get_diverged  (const LrLandscape *landscape,
                                           guint              run);
/* The run's own training records (lr-train.h). */
const LrEpochRecord *lr_landscape_get_records (const LrLandscape *landscape,
                                               guint              run,
                                               guint             *n_records);
/* The share of the run's own variance (about its mean) the plane holds. */
double         lr_landscape_get_run_explained (const LrLandscape *landscape,
                                               guint              run);

/* The mean training loss at θ(a, b), by the grid's evaluator. */
double         lr_landscape_loss_at       (LrLandscape       *landscape,
                                           double             a,
                                           double             b);

/* lr-landscape-format.c: the machine formats, C-locale numbers that read
 * back exactly.  JSON: {"grid": {"a": [G], "b": [G], "loss": [[G × G]]},
 * "runs": [{"spec", "points": [{"epoch", "a", "b", "loss"}]}],
 * "explained": [d1, d2]}, loss[j][i] at (a[i], b[j]).  CSV:
 * kind,run,epoch,a,b,value with kind grid (value: the loss), point (run:
 * its spec) and explained (run: d1 or d2). */
void           lr_landscape_format_json   (GString           *out,
                                           const LrLandscape *landscape);
void           lr_landscape_format_csv    (GString           *out,
                                           const LrLandscape *landscape);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrLandscape, lr_landscape_free)

G_END_DECLS
