/* lr-optimizer-private.h: the optimizer's state, shared by lr-optimizer.c (the torch.optim
 * rules, configuration and life cycle) and lr-optimizer-lrfree.c (the learning-rate-free
 * methods, Schedule-Free and Lion); not installed, not for other parts of the tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-optimizer.h"

G_BEGIN_DECLS

/* Indices into LrOptimizer.state; each rule uses its own subset. */
enum {
  /* sgd */
  STATE_SGD_BUF = 0,
  /* adagrad */
  STATE_ADAGRAD_SUM = 0,
  /* rmsprop */
  STATE_RMS_SQUARE_AVG = 0,
  STATE_RMS_GRAD_AVG = 1,
  STATE_RMS_BUF = 2,
  /* adadelta */
  STATE_ADADELTA_SQUARE_AVG = 0,
  STATE_ADADELTA_ACC_DELTA = 1,
  /* adam, adamw, nadam, radam; prodigy, dadapt_adam and lion use the first two */
  STATE_ADAM_EXP_AVG = 0,
  STATE_ADAM_EXP_AVG_SQ = 1,
  STATE_ADAM_MAX_EXP_AVG_SQ = 2,
  /* adamax */
  STATE_ADAMAX_EXP_AVG = 0,
  STATE_ADAMAX_EXP_INF = 1,
  /* the weight-decayed gradient (L2 rules) */
  STATE_SCRATCH = 3,
  /* prodigy, dadapt_adam, dadapt_sgd: the weighted gradient sum s; prodigy, dadapt_sgd, dog:
   * the starting point */
  STATE_S = 2,
  STATE_START = 3,
  /* schedule-free: adamw's exp_avg_sq, the base sequence z, the average x, the gradient point y */
  STATE_SF_EXP_AVG_SQ = 0,
  STATE_SF_Z = 1,
  STATE_SF_X = 2,
  STATE_SF_Y = 3,
  N_STATE = 4,
};

/* The scalars the learning-rate-free and Schedule-Free rules carry from step to step, in
 * double whatever the precision of the arrays (as the authors keep them in Python floats). */
typedef struct
{
  guint64  k;                     /* the method's own count of completed steps */
  double   d;                     /* prodigy, dadapt: the distance estimate */
  double   d_max;                 /* prodigy */
  double   numerator;             /* prodigy: d_numerator; dadapt: numerator_weighted */
  double   g0_norm;               /* dadapt_sgd: ‖g₀‖ */
  double   rbar;                  /* dog: max ‖xᵢ − x₀‖ */
  double   G;                     /* dog: Σ‖gᵢ‖² + eps */
  double   weight_sum;            /* schedule-free */
  double   lr_max;                /* schedule-free */
  gboolean eval_mode;             /* schedule-free: the parameters hold x, not y */
} LrLrfreeState;

struct _LrOptimizer
{
  LrOptimizerConfig config;       /* live: set_momentum writes momentum/beta1 here */
  LrOptimizerConfig initial;      /* as created; reset returns to it */
  gsize             n_params;
  LrPrecision       precision;
  guint64           step;
  gboolean          have_momentum_buffer; /* sgd */
  double            mu_product;   /* nadam */
  double            effective_lr; /* of the last update */
  LrLrfreeState     lrfree;       /* lr-optimizer-lrfree.c */
  gpointer          state[N_STATE]; /* arrays of n_params REALs, created on first use */
  gpointer          reserved[N_STATE]; /* lr_optimizer_reserve: arrays to create them in */
  guint             n_reserved;
};

/* Per-step scalars, computed in double whatever the precision of the arrays. */
typedef struct
{
  double   lr;
  double   weight_decay;          /* L2 penalty added to the gradient (0 for adamw) */
  double   momentum;
  double   dampening;
  gboolean nesterov;
  double   initial_accumulator_value;
  double   clr;                   /* adagrad: decayed lr; adam: lr / bc1; adamax: lr / bc1 */
  double   eps;
  double   alpha;
  gboolean centered;
  double   rho;
  double   beta1;
  double   beta2;
  gboolean amsgrad;
  gboolean decoupled;             /* adamw */
  double   decay;                 /* adamw: 1 - lr * weight_decay; adam: 1 */
  double   bc1;
  double   bc2;
  double   bc2_sqrt;
  double   nadam_grad;            /* -lr (1 - mu) / (1 - mu_product) */
  double   nadam_avg;             /* -lr mu_next / (1 - mu_product_next) */
  gboolean rectified;             /* radam: rho_t > 5 */
  double   rect;
} LrStepScalars;

/* The state array @idx, created on first use in the optimizer's precision and filled with
 * @fill, or (lr_optimizer_state_copy) with a copy of @src. */
gpointer lr_optimizer_state      (LrOptimizer   *self,
                                  guint          idx,
                                  double         fill);
gpointer lr_optimizer_state_copy (LrOptimizer   *self,
                                  guint          idx,
                                  gconstpointer  src);


/* Parameter metadata shared by the tables of both files. */
#define P_LR(def) \
  { "lr", LR_PARAM_FLOAT, def, NULL, 0, LR_OPTIMIZER_MAX_LR, LR_PARAM_FLAG_LOG, NULL, \
    "learning rate (the step size)" }
#define P_WEIGHT_DECAY(def, blurb) \
  { "weight_decay", LR_PARAM_FLOAT, def, NULL, 0, 1e6, LR_PARAM_FLAG_LOG, NULL, blurb }
#define P_WD_L2 P_WEIGHT_DECAY (0, "L2 penalty: weight_decay·p is added to the gradient")
#define P_EPS(def) \
  { "eps", LR_PARAM_FLOAT, def, NULL, 0, 1e3, LR_PARAM_FLAG_LOG, NULL, \
    "term added to the denominator for numerical stability" }
#define P_BETA1 \
  { "beta1", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, \
    "decay rate of the running average of the gradient" }
#define P_BETA2 \
  { "beta2", LR_PARAM_FLOAT, 0.999, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, \
    "decay rate of the running average of the squared gradient" }
#define P_SGD(mom, nest) \
  P_LR (0.001), \
  { "momentum", LR_PARAM_FLOAT, mom, NULL, 0, 1, 0, NULL, \
    "momentum factor: the share of the previous step carried into the next" }, \
  { "dampening", LR_PARAM_FLOAT, 0, NULL, 0, 1, 0, NULL, \
    "dampening for momentum: the new gradient enters the buffer times (1 - dampening)" }, \
  P_WD_L2, \
  { "nesterov", LR_PARAM_BOOL, nest, NULL, 0, 1, 0, NULL, \
    "Nesterov momentum: look ahead along the buffer (needs momentum > 0 and dampening = 0)" }

/* lr-optimizer-lrfree.c */
extern const LrParamInfo lr_prodigy_params[12];
extern const LrParamInfo lr_dadapt_sgd_params[5];
extern const LrParamInfo lr_dadapt_adam_params[9];
extern const LrParamInfo lr_dog_params[4];
extern const LrParamInfo lr_sgd_schedulefree_params[6];
extern const LrParamInfo lr_adamw_schedulefree_params[8];
extern const LrParamInfo lr_lion_params[4];

void     lr_lrfree_reset       (LrOptimizer   *self);
void     lr_lrfree_step_double (LrOptimizer   *self,
                                double        *params,
                                const double  *grad,
                                double         lr);
void     lr_lrfree_step_float  (LrOptimizer   *self,
                                float         *params,
                                const float   *grad,
                                double         lr);
/* Schedule-Free: copies x (eval) or y (train) into @params, in the optimizer's precision. */
void     lr_lrfree_set_mode    (LrOptimizer   *self,
                                gpointer       params,
                                gboolean       eval);

G_END_DECLS
