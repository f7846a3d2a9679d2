/* lr-noise.h: gradient noise on the surfaces (PRODUCT.md §4.7)
 *
 * A noisy run adds to each step's exact gradient independent Gaussian noise
 * of variance sigma²/batch per coordinate, drawn from the core's seeded
 * generator (lr-random.h, stream LR_RANDOM_STREAM_NOISE): draw 2k is the x
 * noise and draw 2k + 1 the y noise of update k, so one seed gives the same
 * bytes on every machine.  The same mini-batch noise is what makes a high
 * learning rate "fast but poor": the iterate settles in a cloud around the
 * minimum whose mean loss gap, the noise floor, grows with the rate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-optimizer.h"
#include "lr-random.h"
#include "lr-surface.h"

G_BEGIN_DECLS

typedef struct {
  double  sigma;          /* standard deviation of one example's gradient noise */
  guint   batch;          /* examples per step: the variance is sigma²/batch */
  guint64 seed;
} LrNoiseConfig;

/* "sigma=S,batch=B,seed=N" (every key optional: sigma 0, batch 1, seed 0).
 * Negative or non-finite sigma, batch 0 and unknown keys are refused. */
gboolean lr_noise_config_parse  (const char          *text,
                                 LrNoiseConfig       *config,
                                 GError             **error);
/* The canonical spec text: "sigma=0.5,batch=8,seed=1". */
char    *lr_noise_config_to_spec (const LrNoiseConfig *config);
/* Standard deviation of the noise added to each gradient coordinate. */
double   lr_noise_config_scale  (const LrNoiseConfig *config);

typedef struct {
  LrRandom rng;
  double   scale;
} LrNoise;

void     lr_noise_init          (LrNoise             *noise,
                                 const LrNoiseConfig *config);
/* Adds the next step's noise to @grad[0], @grad[1]. */
void     lr_noise_add           (LrNoise             *noise,
                                 double              *grad);

/* The noise floor of plain SGD on a quadratic with Hessian eigenvalues
 * @eig[0], @eig[1]: E[f − f*] = Σᵢ lr·s² / (2(2 − lr·λᵢ)), s² = sigma²/batch.
 * +∞ at or above the critical rate 2/λmax. */
double   lr_noise_floor_sgd     (const LrNoiseConfig *config,
                                 double               lr,
                                 const double         eig[2]);

/* The minimum value a noisy run's loss gap is measured from: the surface's
 * known one, or for a quadratic with a positive definite Hessian (a formula
 * such as expr:x^2+10*y^2) its value at the one stationary point; FALSE when
 * there is neither. */
gboolean lr_noise_reference_minimum (const LrSurface      *surface,
                                     double               *fstar);

/* The floor of lr_noise_floor_sgd() for a run: the Hessian's eigenvalues of
 * @surface; NAN unless the optimizer is plain SGD (no momentum, no weight
 * decay) at a constant rate (@schedule NULL, "" or "constant"), the surface
 * a quadratic (the same Hessian everywhere, both eigenvalues positive) with
 * a reference minimum (lr_noise_reference_minimum()), sigma > 0, and the rate below the critical 2/λmax
 * (at or above it there is no floor). */
double   lr_noise_theory_floor  (const LrSurface          *surface,
                                 const LrOptimizerConfig  *optimizer,
                                 const char               *schedule,
                                 const LrNoiseConfig      *config);

/* The "short window" of lr_noise_measure_floor() for a run of @n points:
 * 1 % of it, at least 5 and at most 20 steps (short against a fast
 * descent, long enough to average the noise). */
#define LR_NOISE_FLOOR_WINDOW(n) ((guint) CLAMP ((n) / 100, 5, 20))

/* A noisy run's measured floor, from its loss gaps gap[0..n-1] (gap[k]
 * after k updates): the mean gap over the second half of the run, and the
 * first step from which the gap averaged over @window steps falls below
 * twice that floor (-1 if never). */
void     lr_noise_measure_floor (const double        *gap,
                                 guint                n,
                                 guint                window,
                                 double              *floor,
                                 int                 *steps_to_floor);

G_END_DECLS
