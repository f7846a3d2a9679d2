/* lr-optimizer.h: torch.optim update rules on a flat parameter vector
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
} LrRule;

/* Every hyper-parameter under its PyTorch name; only those of the rule matter. */
typedef struct {
  char     name[16];      /* spec name: "sgd", "momentum", "nesterov", "adam", … */
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
/* "sgd:momentum=0.7, lr 0.035": the canonical spec without lr, then lr. */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrOptimizer, lr_optimizer_free)

G_END_DECLS
