/* lr-trajectory.h: optimizer runs on a surface, and their analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-noise.h"
#include "lr-optimizer.h"
#include "lr-schedule.h"
#include "lr-surface.h"

G_BEGIN_DECLS

/* Longest run accepted (updates). */
#define LR_MAX_STEPS 1000000
/* A point whose |x| or |y| exceeds this has left any sane range. */
#define LR_DIVERGENCE_BOUND 1e8

typedef enum {
  LR_VERDICT_CONVERGED,
  LR_VERDICT_SLOW,
  LR_VERDICT_OSCILLATING,
  LR_VERDICT_DIVERGED,
  LR_VERDICT_ESCAPED,           /* surfaces unbounded below: left the stationary point */
  LR_VERDICT_STUCK,             /* surfaces unbounded below: still near it at the end */
  LR_VERDICT_SETTLED,           /* noisy gradients: at its noise floor, not at the minimum */
} LrVerdict;

typedef struct {
  double lr;     /* lr used for the update that led here (row 0: the first update's) */
  double x, y;   /* Schedule-Free: the average x, where loss and gradient are evaluated */
  double loss;
  double gx, gy;
  double effective_lr; /* the step that update took (lr_optimizer_get_effective_lr(): d·lr,
                        * DoG's ηₜ, …; row 0: the first update's, or lr without updates) */
} LrTrajPoint;

/* Schedule-Free's other two sequences at a row: the point y where the next gradient is taken
 * and the base SGD/Adam sequence z (the row's x, y fields hold their average x). */
typedef struct {
  double yx, yy;
  double zx, zy;
} LrAveragedPoint;

typedef struct {
  guint        n_points;        /* updates done + 1 */
  guint        n_steps;         /* updates requested */
  LrTrajPoint *points;
  gboolean     diverged;        /* stopped early */
  guint        diverged_step;   /* the update that produced a non-finite/insane value */
  LrAveragedPoint *averaged;    /* n_points of them for Schedule-Free runs, else NULL */
  gboolean     noisy;           /* computed with gradient noise (sigma > 0) */
} LrTrajectory;

typedef struct {
  int       steps_to_converge;  /* first step from which the run stays converged; -1 if never */
  int       steps_to_escape;    /* surfaces unbounded below: first step below the escape level; -1 if never */
  double    final_loss;
  double    final_x, final_y;
  double    final_loss_gap;     /* loss − known minimum value; NAN when none is known */
  double    final_distance;     /* to the nearest known minimum; NAN when none known */
  double    final_grad_norm;
  double    final_sharpness;    /* λmax of the Hessian at the last point; NAN if not finite */
  LrVerdict verdict;
  double    noise_floor;        /* noisy runs with a known minimum: mean loss gap over the
                                 * second half; NAN otherwise */
  int       steps_to_floor;     /* the first step from which the gap, averaged over
                                 * LR_NOISE_FLOOR_WINDOW(n) steps, is below twice the
                                 * floor; -1 if never or not noisy */
} LrSummary;

typedef struct {
  double loss_tol;              /* loss gap to the known minimum; default 1e-6 */
  double grad_tol;              /* gradient norm when no minimum is known; default 1e-6 */
} LrConvergence;

/* Runs @steps updates from (x0, y0).  @schedule may be NULL (constant).
 * Fails only on a bad schedule spec or steps > LR_MAX_STEPS. */
LrTrajectory *lr_trajectory_compute   (const LrSurface          *surface,
                                       const LrOptimizerConfig  *optimizer,
                                       const char               *schedule,
                                       double                    x0,
                                       double                    y0,
                                       guint                     steps,
                                       GError                  **error);
/* The same with gradient noise: each update's gradient is the exact one plus
 * independent N(0, sigma²/batch) per coordinate from @noise's seed (lr-noise.h);
 * the rows keep the exact loss and gradient at each point.  @noise may be
 * NULL or have sigma 0: no noise, the same bytes as lr_trajectory_compute(). */
LrTrajectory *lr_trajectory_compute_noisy (const LrSurface      *surface,
                                       const LrOptimizerConfig  *optimizer,
                                       const char               *schedule,
                                       const LrNoiseConfig      *noise,
                                       double                    x0,
                                       double                    y0,
                                       guint                     steps,
                                       GError                  **error);
void          lr_trajectory_free      (LrTrajectory             *trajectory);
/* A copy that owns its points (for work that outlives the original). */
LrTrajectory *lr_trajectory_copy      (const LrTrajectory       *trajectory);

/* Summary of the first @upto points (G_MAXUINT: all). conv may be NULL. */
void          lr_trajectory_summarize (const LrTrajectory       *trajectory,
                                       const LrSurface          *surface,
                                       const LrConvergence      *conv,
                                       guint                     upto,
                                       LrSummary                *summary);
const char   *lr_verdict_to_string    (LrVerdict                 verdict);

/* Eigenvalues (ascending) of the Hessian at (x, y). */
void          lr_hessian_eigenvalues  (const LrSurface          *surface,
                                       double                    x,
                                       double                    y,
                                       double                    eig[2]);
/* The largest learning rate at which @optimizer is still stable near the
 * minimum nearest to (x, y) (or at (x, y) when none is known), from the
 * Hessian's largest eigenvalue: 2/λ for plain SGD, 2(1+β)/((1−d)λ) for
 * heavy-ball momentum β with dampening d, 2(1+β)/((1+2β)λ) for PyTorch's
 * Nesterov form.  NAN for adaptive rules or where λmax ≤ 0. */
double        lr_critical_lr          (const LrSurface          *surface,
                                       const LrOptimizerConfig  *optimizer,
                                       double                    x,
                                       double                    y);

/* The critical rate a run's effective step (LrTrajPoint.effective_lr) is seen against.  For
 * the torch.optim rules lr_critical_lr(), and *@exact TRUE.  For the methods that choose their
 * own step (lr_optimizer_config_is_lr_free()), plain gradient descent's 2/λ: *@exact TRUE for
 * DoG and D-Adapt SGD without momentum, whose update is a gradient step of their effective
 * size (L2 weight decay adds to λ), so a step above it diverges; FALSE for Prodigy, D-Adapt
 * Adam and D-Adapt SGD with momentum, for which it is a reference only (Adam's step is
 * normalised per coordinate).  NAN where neither applies.  @exact may be NULL. */
double        lr_critical_step        (const LrSurface          *surface,
                                       const LrOptimizerConfig  *optimizer,
                                       double                    x,
                                       double                    y,
                                       gboolean                 *exact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrTrajectory, lr_trajectory_free)

G_END_DECLS
