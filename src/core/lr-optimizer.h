/* lr-optimizer.h: torch.optim update rules, and the learning-rate-free methods, on a flat
 * parameter vector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-spec.h"

G_BEGIN_DECLS

/* Largest accepted learning rate: far beyond anything useful, so that a range test or a
 * teacher typing 1e9 gets a (diverging) run rather than an error. */
#define LR_OPTIMIZER_MAX_LR 1e12

typedef enum {
  LR_RULE_SGD,
  LR_RULE_ADAGRAD,
  LR_RULE_RMSPROP,
  LR_RULE_ADADELTA,
  LR_RULE_ADAM,
  LR_RULE_ADAMW,
  LR_RULE_ADAMAX,
  LR_RULE_NADAM,
  LR_RULE_RADAM,
  /* the authors' reference implementations (lr-optimizer-lrfree.c) */
  LR_RULE_PRODIGY,
  LR_RULE_DADAPT_SGD,
  LR_RULE_DADAPT_ADAM,
  LR_RULE_DOG,
  LR_RULE_SGD_SCHEDULEFREE,
  LR_RULE_ADAMW_SCHEDULEFREE,
  LR_RULE_LION,
} LrRule;

/* Every hyper-parameter under its PyTorch name; only those of the rule matter. */
typedef struct {
  char     name[32];      /* spec name: "sgd", "momentum", "nesterov", "adam", … */
  LrRule   rule;
  double   lr;
  double   weight_decay;
  /* sgd */
  double   momentum;      /* also rmsprop's momentum */
  double   dampening;
  gboolean nesterov;
  /* adagrad */
  double   lr_decay;
  double   initial_accumulator_value;
  /* all adaptive rules */
  double   eps;
  /* rmsprop */
  double   alpha;
  gboolean centered;
  /* adadelta */
  double   rho;
  /* adam family */
  double   beta1;
  double   beta2;
  gboolean amsgrad;
  /* nadam */
  double   momentum_decay;
  /* prodigy, dadapt_sgd, dadapt_adam: the distance estimate d */
  double   beta3;         /* prodigy; 0 = auto (sqrt(beta2)) */
  gboolean decouple;      /* AdamW-style weight decay */
  gboolean use_bias_correction;
  gboolean safeguard_warmup; /* prodigy */
  double   d0;
  double   d_coef;        /* prodigy */
  double   growth_rate;   /* 0 = inf (unbounded) */
  /* dog */
  double   reps_rel;
  /* sgd_schedulefree, adamw_schedulefree */
  double   warmup_steps;
  double   r;
  double   weight_lr_power;
} LrOptimizerConfig;

typedef enum {
  LR_PRECISION_DOUBLE,
  LR_PRECISION_FLOAT,
} LrPrecision;

typedef struct _LrOptimizer LrOptimizer;

const LrKindInfo *lr_optimizer_kinds            (guint                    *n_kinds);

/* Parses "adam:lr=0.01,beta1=0.8"; unknown names/keys and bad values are errors. */
gboolean          lr_optimizer_config_parse     (const char               *spec,
                                                 LrOptimizerConfig        *config,
                                                 GError                  **error);
gboolean          lr_optimizer_config_from_spec (const LrSpec             *spec,
                                                 LrOptimizerConfig        *config,
                                                 GError                  **error);
/* Defaults of @name (as if parsed from "NAME"); FALSE if unknown. */
gboolean          lr_optimizer_config_init      (LrOptimizerConfig        *config,
                                                 const char               *name);
/* Canonical spec text: the name plus every key that differs from its default. */
char             *lr_optimizer_config_to_spec   (const LrOptimizerConfig  *config);
/* In words, for people (lr-optimizer-describe.c): "SGD, momentum 0.7" —
 * the optimizer's name and every key that differs from its default,
 * without the rate. */
char             *lr_optimizer_config_title     (const LrOptimizerConfig  *config);
/* A kind's name as a menu of methods lists it ("SGD", "Momentum",
 * "Schedule-Free AdamW"): without spec syntax; @name itself if unknown. */
const char       *lr_optimizer_kind_menu_title  (const char               *name);
/* The title, then the rate: "SGD, momentum 0.7, lr 0.035". */
char             *lr_optimizer_config_describe  (const LrOptimizerConfig  *config);
/* Value of a key by its spec name (for generated editors); FALSE if unknown. */
gboolean          lr_optimizer_config_get       (const LrOptimizerConfig  *config,
                                                 const char               *key,
                                                 double                   *value);
gboolean          lr_optimizer_config_set       (LrOptimizerConfig        *config,
                                                 const char               *key,
                                                 double                    value,
                                                 GError                  **error);
/* The momentum coefficient that a cyclic schedule would drive
 * (sgd/rmsprop momentum, beta1 of the Adam family), or -1 if none. */
double            lr_optimizer_config_get_momentum (const LrOptimizerConfig *config);

LrOptimizer      *lr_optimizer_new              (const LrOptimizerConfig  *config,
                                                 gsize                     n_params,
                                                 LrPrecision               precision);
void              lr_optimizer_free             (LrOptimizer              *optimizer);
/* How many arrays of one value per parameter @config's rule keeps. */
guint             lr_optimizer_config_count_state (const LrOptimizerConfig *config);
/* Sets aside the memory of those arrays now (they are otherwise created
 * at the first step), so that a large model's state is a clear error
 * here rather than an abort later. */
gboolean          lr_optimizer_reserve          (LrOptimizer              *optimizer,
                                                 GError                  **error);
void              lr_optimizer_reset            (LrOptimizer              *optimizer);
const LrOptimizerConfig *lr_optimizer_get_config (const LrOptimizer       *optimizer);
gsize             lr_optimizer_get_n_params     (const LrOptimizer        *optimizer);
guint64           lr_optimizer_get_step_count   (const LrOptimizer        *optimizer);

/* Overrides the momentum coefficient (see lr_optimizer_config_get_momentum),
 * used by schedules that cycle momentum. */
void              lr_optimizer_set_momentum     (LrOptimizer              *optimizer,
                                                 double                    momentum);

/* One update with learning rate @lr (the schedule's value), exactly as
 * torch.optim's step().  The double variant needs LR_PRECISION_DOUBLE, the
 * float one LR_PRECISION_FLOAT; both run the same rule code. */
void              lr_optimizer_step             (LrOptimizer              *optimizer,
                                                 double                   *params,
                                                 const double             *grad,
                                                 double                    lr);
void              lr_optimizer_step_float       (LrOptimizer              *optimizer,
                                                 float                    *params,
                                                 const float              *grad,
                                                 double                    lr);

/* The step the last update actually took, in units of the gradient's scale that the rule
 * normalises by: d·lr for Prodigy and D-Adapt Adam, d·lr/‖g₀‖ for D-Adapt SGD (its dlr, the
 * rate that multiplies the gradient), ηₜ for DoG, the warmed-up lr for Schedule-Free, and the
 * lr given to the update for every other rule.  NAN before the first update. */
double            lr_optimizer_get_effective_lr (const LrOptimizer        *optimizer);

/* TRUE for the rules that choose their own step from a distance estimate (prodigy,
 * dadapt_sgd, dadapt_adam, dog): their lr is a multiplier of that step, 1 by default. */
gboolean          lr_optimizer_config_is_lr_free (const LrOptimizerConfig *config);

/* Schedule-Free keeps three sequences: the gradient is taken at y (what the parameters hold
 * while training), z is the base SGD/Adam sequence and x, their running average, is the point
 * to evaluate and report.  As the authors' optimizer.eval()/.train(): eval() puts x into
 * @params, train() puts y back; the step functions need train mode.  For every other rule, and
 * before the first update, both leave @params alone. */
gboolean          lr_optimizer_config_is_schedule_free (const LrOptimizerConfig *config);
void              lr_optimizer_eval             (LrOptimizer              *optimizer,
                                                 double                   *params);
void              lr_optimizer_train            (LrOptimizer              *optimizer,
                                                 double                   *params);
void              lr_optimizer_eval_float       (LrOptimizer              *optimizer,
                                                 float                    *params);
void              lr_optimizer_train_float      (LrOptimizer              *optimizer,
                                                 float                    *params);
/* Schedule-Free: the base sequence z (NULL before the first update or for other rules);
 * @n_params values in the optimizer's precision. */
gconstpointer     lr_optimizer_get_base_sequence (const LrOptimizer       *optimizer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrOptimizer, lr_optimizer_free)

G_END_DECLS
