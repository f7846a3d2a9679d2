/* lrlab-cli-train-options.h: the options every classifier command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-dataset.h"
#include "lr-train.h"

G_BEGIN_DECLS

/* The options every classifier command shares. */
typedef struct {
  char *dataset;
  char *model;
  char *optimizer;
  char *schedule;
  char *epochs;
  char *batch_size;
  char *seed;
  char *threads;
} TrainOptions;

static inline void
train_options_clear (TrainOptions *o)
{
  g_free (o->dataset);
  g_free (o->model);
  g_free (o->optimizer);
  g_free (o->schedule);
  g_free (o->epochs);
  g_free (o->batch_size);
  g_free (o->seed);
  g_free (o->threads);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrainOptions, train_options_clear)

#define TRAIN_ENTRIES(o) \
  { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &(o).dataset, "Data set: digits (built-in, default) or a directory of MNIST-format files", "digits|DIR" }, \
  { "model", 0, 0, G_OPTION_ARG_STRING, &(o).model, "Model spec (default " LR_MLP_DEFAULT_SPEC "), e.g. mlp:hidden=256/128,act=tanh", "M" }, \
  { "optimizer", 0, 0, G_OPTION_ARG_STRING, &(o).optimizer, "Optimizer spec, e.g. adam:lr=0.001 or sgd:lr=0.1,momentum=0.9", "O" }, \
  { "schedule", 0, 0, G_OPTION_ARG_STRING, &(o).schedule, "Schedule spec, stepped once per batch (default constant); plateau watches the validation loss", "C" }, \
  { "epochs", 0, 0, G_OPTION_ARG_STRING, &(o).epochs, "Passes over the training set (default 10)", "N" }, \
  { "batch-size", 0, 0, G_OPTION_ARG_STRING, &(o).batch_size, "Images per batch (default 32), or full: every training image in one batch", "B|full" }, \
  { "seed", 0, 0, G_OPTION_ARG_STRING, &(o).seed, "Seed of the weights, the batch order and the validation split (default 0)", "S" }, \
  { "threads", 0, 0, G_OPTION_ARG_STRING, &(o).threads, "Threads for the matrix products (default: one per processor; results do not depend on it)", "N" }

/* Fills @config from the options (@needs_lr: the optimizer spec's lr is
 * used); loads the data set.  FALSE after printing the error. */
gboolean lrlab_cli_train_setup (const char     *command,
                                TrainOptions   *o,
                                gboolean        needs_lr,
                                LrTrainConfig  *config,
                                LrDataset     **dataset);
/* A whole number option from @min to @max into @out (unchanged when @text
 * is NULL); FALSE after printing the error. */
gboolean lrlab_cli_parse_uint  (const char     *command,
                                const char     *option,
                                const char     *text,
                                guint64         min,
                                guint64         max,
                                guint64        *out);

G_END_DECLS
