/* lr-train.h: training the classifier, the LR range test, grid and random search
 *
 * The very same optimizers and schedules as the surfaces: schedules are
 * stepped once per update, plateau is fed the validation loss once per
 * epoch.  Runs are fully deterministic for a seed (and independent of the
 * number of threads).  Everything here may run in a worker thread: progress
 * is reported through a callback (called on the running thread) and a
 * GCancellable is checked before every batch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lr-dataset.h"
#include "lr-mlp.h"
#include "lr-optimizer.h"

G_BEGIN_DECLS

#define LR_TRAIN_DEFAULT_EPOCHS      10
#define LR_TRAIN_DEFAULT_BATCH_SIZE  32
#define LR_TRAIN_MAX_EPOCHS          100000
#define LR_TRAIN_MAX_BATCH_SIZE      65536
/* batch_size: every training image in one batch (full-batch gradient descent). */
#define LR_TRAIN_BATCH_FULL          G_MAXUINT
/* A run has diverged (and stops) when a batch loss is not finite or the
 * smoothed training loss (bias-corrected EMA, factor LR_LR_FIND_SMOOTHING)
 * exceeds this many times the first batch's loss. */
#define LR_TRAIN_DIVERGE_FACTOR      4.0

typedef struct {
  char              *model;          /* model spec; NULL: LR_MLP_DEFAULT_SPEC */
  LrOptimizerConfig  optimizer;
  char              *schedule;       /* schedule spec; NULL or "": constant */
  guint              epochs;         /* 1 … LR_TRAIN_MAX_EPOCHS */
  guint              batch_size;     /* 1 … LR_TRAIN_MAX_BATCH_SIZE, or LR_TRAIN_BATCH_FULL */
  guint64            seed;           /* weights, batch order, validation split */
  guint              n_threads;      /* matrix-product threads; 0: one per processor */
  guint              report_every;   /* batches between BATCH progress reports; 0: none */
  guint              sharpness_every; /* epochs between sharpness measurements; 0: none */
} LrTrainConfig;

/* Defaults: LR_MLP_DEFAULT_SPEC, adam (PyTorch's defaults), constant,
 * 10 epochs, batch 32, seed 0, all processors, no batch reports. */
void     lr_train_config_init  (LrTrainConfig       *config);
void     lr_train_config_copy  (LrTrainConfig       *dest,
                                const LrTrainConfig *src);
void     lr_train_config_clear (LrTrainConfig       *config);

/* One row of `lrlab-cli train`. */
typedef struct {
  guint    epoch;         /* 1-based */
  guint64  step;          /* updates made so far */
  double   lr;            /* learning rate of the epoch's last update */
  double   train_loss;    /* mean loss over the epoch's training batches */
  double   train_acc;     /* share of training samples classified right during the epoch */
  double   val_loss;      /* mean loss on the validation set after the epoch */
  double   val_acc;
  double   seconds;       /* wall time of the epoch's training pass */
  gboolean diverged;      /* the run diverged during this epoch (and stopped) */
  double   effective_lr;  /* the step of the epoch's last update (lr_optimizer_get_effective_lr) */
  double   sharpness;     /* λmax of the Hessian of the mean training loss after the
                           * epoch (every sharpness_every epochs), else NaN; adam and
                           * adamw: the preconditioned sharpness (lr_trainer_sharpness) */
} LrEpochRecord;

typedef enum {
  LR_TRAIN_PROGRESS_BATCH,   /* every report_every batches (and lr-find: every batch) */
  LR_TRAIN_PROGRESS_EPOCH,   /* after each epoch's validation */
} LrTrainProgressKind;

typedef struct {
  LrTrainProgressKind  kind;
  guint                epoch;        /* 1-based epoch in progress */
  guint                batch;        /* batches done in this epoch */
  guint                n_batches;    /* batches per epoch */
  guint64              step;         /* updates made so far */
  guint64              n_steps;      /* all updates of the run */
  double               lr;           /* learning rate of the last update */
  double               loss;         /* BATCH: mean loss over the batches since the last report */
  double               acc;          /* BATCH: accuracy over the same batches */
  const LrEpochRecord *record;       /* EPOCH: the epoch's record */
} LrTrainProgress;

typedef void (*LrTrainProgressFunc) (const LrTrainProgress *progress,
                                     gpointer               user_data);

typedef struct _LrTrainer LrTrainer;

/* Validates everything (model, schedule, sizes) before any work. */
LrTrainer       *lr_trainer_new        (LrDataset            *dataset,
                                        const LrTrainConfig  *config,
                                        GError              **error);
void             lr_trainer_free       (LrTrainer            *trainer);

/* Replaces the initial weights (before lr_trainer_run()); @n must be the
 * model's parameter count. */
gboolean         lr_trainer_set_params (LrTrainer            *trainer,
                                        const float          *params,
                                        gsize                 n,
                                        GError              **error);
/* λmax of the Hessian of the mean training loss over all training images
 * at the current weights (Lanczos, seeded by the run's seed); for adam and
 * adamw the preconditioned sharpness λmax(P⁻¹H) with P from the optimizer's
 * state (lr-preconditioned-sharpness.h), NAN before the first update. */
double           lr_trainer_sharpness  (LrTrainer            *trainer);

/* Trains config->epochs epochs (call once).  Divergence (see
 * LR_TRAIN_DIVERGE_FACTOR) ends the run early, marked diverged, and is not
 * an error.  Returns FALSE
 * with G_IO_ERROR_CANCELLED when @cancellable fires; the records of the
 * epochs done so far stay readable. */
gboolean         lr_trainer_run        (LrTrainer            *trainer,
                                        LrTrainProgressFunc   progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

const LrTrainConfig *lr_trainer_get_config (const LrTrainer  *trainer);
const LrSplit   *lr_trainer_get_split  (const LrTrainer      *trainer);
LrMlp           *lr_trainer_get_model  (LrTrainer            *trainer);
guint            lr_trainer_get_n_batches (const LrTrainer   *trainer);
const LrEpochRecord *lr_trainer_get_records (const LrTrainer *trainer,
                                        guint                *n_records);
gboolean         lr_trainer_get_diverged (const LrTrainer    *trainer);

/* Results of the latest validation pass (after the last epoch run; before
 * any, of the initial model, computed on first use).  Indices are positions
 * in lr_trainer_get_split()->val. */
const guint     *lr_trainer_get_confusion   (LrTrainer       *trainer);  /* [true · C + predicted] */
const float     *lr_trainer_get_val_probs   (LrTrainer       *trainer);  /* n_val × C softmax */
const guint8    *lr_trainer_get_val_predicted (LrTrainer     *trainer);  /* n_val argmax */
/* Up to @max wrongly classified validation samples, most confident first
 * (ties: lower position first).  Returns how many were written. */
guint            lr_trainer_get_confidently_wrong (LrTrainer *trainer,
                                        guint                *positions,
                                        guint                 max);
/* The first layer's weights into hidden unit @unit, rows × cols floats. */
void             lr_trainer_get_input_weights (LrTrainer     *trainer,
                                        guint                 unit,
                                        float                *out);

/* A learning rate as text (a range's end, a start or end rate): a number
 * from DBL_MIN to LR_OPTIMIZER_MAX_LR.  The error names the text as given
 * and the range: below the smallest rate (1e-320), above the largest
 * (1e13, 1e400), not a positive number (0, -1), not a number. */
gboolean         lr_train_parse_lr     (const char           *text,
                                        double               *lr,
                                        GError              **error);

/* The memory one training of @config on @dataset needs beside the data
 * set itself: weights, gradients, the optimizer's state, the scratch of a
 * batch and of validation, the split.  0 and an error when the model spec
 * is not valid. */
guint64          lr_train_estimate_bytes (LrDataset          *dataset,
                                        const LrTrainConfig  *config,
                                        GError              **error);

/* ---- LR range test ------------------------------------------------------ */

#define LR_LR_FIND_SMOOTHING     0.98   /* EMA factor of the smoothed loss */
#define LR_LR_FIND_DIVERGE       4.0    /* stop when smoothed > 4 × its minimum */
#define LR_LR_FIND_SKIP_START    10     /* points left out of the steepest-slope rule */
#define LR_LR_FIND_SKIP_END      5

typedef struct {
  guint     n;              /* points recorded */
  double   *lr;             /* n learning rates (exponentially rising) */
  double   *loss;           /* n batch losses */
  double   *smoothed;       /* n bias-corrected EMAs of the loss */
  gboolean  stopped_early;  /* smoothed loss passed 4 × its minimum, or a loss was not finite */
  double    steepest_lr;    /* steepest descent of smoothed loss against log lr; NaN if too few points */
  double    min_lr;         /* lr at the smallest smoothed loss */
  double    min_div10_lr;   /* min_lr / 10 */
  double    suggested_lr;   /* the smaller of steepest_lr and min_div10_lr (either if one is NaN) */
} LrLrFindResult;

/* Raises the rate exponentially from @start_lr to @end_lr over @iters
 * batches (2 … 100000) on the trainer's model and optimizer kind; the
 * model is restored afterwards.  BATCH progress after every batch. */
LrLrFindResult  *lr_trainer_lr_find    (LrTrainer            *trainer,
                                        double                start_lr,
                                        double                end_lr,
                                        guint                 iters,
                                        LrTrainProgressFunc   progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
void             lr_lr_find_result_free (LrLrFindResult      *result);
/* The loss range worth showing, as learning-rate finders plot it: from a
 * little below the smoothed loss's minimum to LR_LR_FIND_PLOT_TOP times the
 * starting (smoothed) loss, so the descent fills the plot and the blow-up
 * leaves it at the top.  FALSE without finite points. */
#define LR_LR_FIND_PLOT_TOP 3.0
gboolean         lr_lr_find_plot_range  (const LrLrFindResult *result,
                                         double              *ymin,
                                         double              *ymax);

/* ---- grid and random search --------------------------------------------- */

#define LR_SWEEP_MAX_RUNS 1000

typedef struct {
  double   lr;
  double   train_loss;     /* last epoch's */
  double   train_acc;
  double   val_loss;
  double   val_acc;
  gboolean diverged;
  guint    epochs;         /* epochs run */
  double   seconds;        /* wall time of the run's training passes */
  guint    batch_size;     /* the run's batch size as asked for (LR_TRAIN_BATCH_FULL: full) */
} LrSweepRow;

/* The row of a run of @lr from its epoch records: the last epoch's losses
 * and accuracies, the sum of their seconds. */
void             lr_sweep_row_from_records (LrSweepRow          *row,
                                            double               lr,
                                            gboolean             diverged,
                                            const LrEpochRecord *records,
                                            guint                n_records);

/* "a:b:n": finite 0 < a < b and a whole 1 ≤ n ≤ LR_SWEEP_MAX_RUNS. */
gboolean         lr_sweep_parse_range  (const char           *text,
                                        double               *a,
                                        double               *b,
                                        guint                *n,
                                        GError              **error);
/* @n values from @a to @b inclusive, equally spaced in log lr. */
double          *lr_sweep_grid         (double                a,
                                        double                b,
                                        guint                 n);
/* @n values log-uniform in [@a, @b], seeded, sorted ascending. */
double          *lr_sweep_random       (double                a,
                                        double                b,
                                        guint                 n,
                                        guint64               seed);

/* Called (serialised, on whichever thread ran it, the calling one
 * included) when one run finishes. */
typedef void (*LrSweepProgressFunc) (const LrSweepRow *row,
                                     guint             done,
                                     guint             total,
                                     gpointer          user_data);

/* How many of @n_runs trainings of @config fit in memory at once, at
 * most @requested (0: one per processor): lr_train_estimate_bytes() per
 * run (and a thread's stack and allocator arena under an address-space
 * limit) against lr_memory_available().  At least 1.  @run_bytes and
 * @available (may be NULL) get the two sizes compared. */
guint            lr_sweep_fit_parallel (LrDataset            *dataset,
                                        const LrTrainConfig  *config,
                                        guint                 n_runs,
                                        guint                 requested,
                                        guint64              *run_bytes,
                                        guint64              *available);

/* "a:b:n": @n batch sizes from @a to @b (whole, 1 ≤ a < b ≤
 * LR_TRAIN_MAX_BATCH_SIZE, 2 ≤ n ≤ LR_SWEEP_MAX_BATCHES) equally spaced in
 * log size, rounded to whole numbers and deduplicated, ascending; their
 * count in @n_batches. */
#define LR_SWEEP_MAX_BATCHES 64
guint           *lr_sweep_parse_batch_grid (const char       *text,
                                        guint                *n_batches,
                                        GError              **error);
guint           *lr_sweep_batch_grid   (guint                 a,
                                        guint                 b,
                                        guint                 n,
                                        guint                *n_batches);

/* Every rate of @lrs at every batch size of @batches (NULL: the config's
 * own, @n_batches 1): @n_lrs × @n_batches trainings as lr_sweep_run()
 * does them.  Rows sorted by batch size, then lr. */
LrSweepRow      *lr_sweep_run_batches  (LrDataset            *dataset,
                                        const LrTrainConfig  *config,
                                        const double         *lrs,
                                        guint                 n_lrs,
                                        const guint          *batches,
                                        guint                 n_batches,
                                        guint                 n_parallel,
                                        LrSweepProgressFunc   progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* Of the rows of batch size @batch_size that did not diverge, the one of
 * the highest validation accuracy (the smaller rate on a tie); NULL when
 * none. */
const LrSweepRow *lr_sweep_best_for_batch (const LrSweepRow  *rows,
                                        guint                 n,
                                        guint                 batch_size);
/* The linear scaling rule (Goyal et al. 2017): the rate for batch size
 * @b when @lr0 suits batch size @b0 is lr0 · b / b0. */
double           lr_sweep_linear_scaling (double              lr0,
                                        guint                 b0,
                                        guint                 b);

/* One full training per rate, @n_parallel at a time (0: one per processor),
 * each single-threaded and exactly as lr_trainer_run() with that rate.
 * Returns @n rows sorted by lr. */
LrSweepRow      *lr_sweep_run          (LrDataset            *dataset,
                                        const LrTrainConfig  *config,
                                        const double         *lrs,
                                        guint                 n,
                                        guint                 n_parallel,
                                        LrSweepProgressFunc   progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrTrainer, lr_trainer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrLrFindResult, lr_lr_find_result_free)

G_END_DECLS
