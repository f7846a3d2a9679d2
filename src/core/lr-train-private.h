/* lr-train-private.h: the trainer's insides, shared by training, the LR
 * range test and the sweep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-mlp.h"
#include "lr-mlp-hvp.h"
#include "lr-optimizer.h"
#include "lr-random.h"
#include "lr-schedule.h"
#include "lr-train.h"

G_BEGIN_DECLS

/* Validation is evaluated in chunks of this many images. */
#define EVAL_CHUNK 256

struct _LrTrainer
{
  LrTrainConfig  config;
  LrDataset     *dataset;
  LrSplit       *split;
  LrMlp         *mlp;
  LrOptimizer   *opt;
  LrSchedule    *sched;
  LrMlpHvp      *hvp;            /* the training loss's Hessian, made on first use */

  guint          n_pixels;
  guint          n_classes;
  float          scale;          /* 1 / pixel maximum */
  guint          batch;          /* effective batch size */
  guint          n_batches;      /* per epoch */
  guint64        n_steps;
  guint64        step;
  gboolean       ran;
  gboolean       diverged;
  double         first_loss;     /* the loss of the first batch */
  double         loss_ema;       /* EMA of the batch losses (not bias-corrected) */
  GArray        *records;        /* LrEpochRecord */

  float         *x;              /* MAX (batch, EVAL_CHUNK) × n_pixels */
  guint8        *y;
  guint32       *order;          /* positions into split->train */

  gboolean       evaluated;
  double         val_loss;
  double         val_acc;
  float         *val_probs;
  guint8        *val_pred;
  guint         *confusion;
};

/* "WHAT: N is out of range; valid: MIN to MAX" unless min ≤ value ≤ max. */
gboolean lr_train_check_range   (const char     *what,
                                 guint           value,
                                 guint           min,
                                 guint           max,
                                 GError        **error);
/* A positive finite learning rate. */
gboolean lr_train_check_lr      (double          lr,
                                 GError        **error);
/* Scales @count images into t->x and their labels into t->y; positions
 * are order[start …] (or start … when @order is NULL) of @subset. */
void     lr_trainer_gather      (LrTrainer      *t,
                                 const LrSubset *subset,
                                 const guint32  *order,
                                 guint           start,
                                 guint           count);
/* order = 0 … n-1, shuffled by @rng. */
void     lr_train_shuffle_order (guint32        *order,
                                 guint           n,
                                 LrRandom       *rng);

G_END_DECLS
