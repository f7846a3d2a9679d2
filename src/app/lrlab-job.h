/* lrlab-job.h: one piece of background work of the classifier — a
 * training, a range test or one rate of a search — run on a small pool of
 * threads with GTask (_async/_finish), cancellable
 *
 * The worker reads only the job's request (its own copy of the
 * configuration and a data set reference) and writes only its result; the
 * main thread reads the result after lrlab_job_run_finish().  Progress
 * arrives on the main thread as the job's "started" and "progress" signals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lr-dataset.h"
#include "lr-landscape.h"
#include "lr-train.h"

G_BEGIN_DECLS

typedef enum {
  LRLAB_JOB_TRAIN,     /* a full training, with the validation results */
  LRLAB_JOB_LR_FIND,   /* a range test */
  LRLAB_JOB_SEARCH,    /* a full training at one rate of a search */
  LRLAB_JOB_LANDSCAPE, /* several trainings and the loss on a plane through their start */
} LrlabJobKind;

typedef struct {
  LrlabJobKind   kind;
  LrDataset     *dataset;      /* a reference */
  LrTrainConfig  config;       /* owned */
  double         start_lr;     /* range test */
  double         end_lr;
  guint          iters;
  /* landscape: the runs (config above unused) and the plane */
  LrTrainConfig *runs;         /* owned, n_runs */
  char         **run_specs;    /* owned */
  guint          n_runs;
  LrLandscapeConfig landscape;
} LrlabJobRequest;

/* What a finished training leaves, for the results view. */
typedef struct {
  guint          n_classes;
  guint          rows;
  guint          cols;
  guint         *confusion;        /* n_classes² counts, true × predicted */
  float         *wrong_pixels;     /* n_wrong images, 0 … 1 */
  char         **wrong_captions;   /* "truth → predicted\nconfidence" */
  guint          n_wrong;
  float         *weights;          /* n_units images, the first layer's input weights */
  guint          n_units;
} LrlabJobAnalysis;

typedef struct {
  LrEpochRecord    *records;       /* also after a cancellation or an error */
  guint             n_records;
  gboolean          diverged;
  gboolean          started;       /* FALSE: cancelled before a thread took it */
  LrlabJobAnalysis *analysis;      /* LRLAB_JOB_TRAIN only, NULL otherwise */
  LrLrFindResult   *lr_find;       /* LRLAB_JOB_LR_FIND only */
  LrLandscape      *landscape;     /* LRLAB_JOB_LANDSCAPE only */
} LrlabJobResult;

#define LRLAB_TYPE_JOB (lrlab_job_get_type ())

G_DECLARE_FINAL_TYPE (LrlabJob, lrlab_job, LRLAB, JOB, GObject)

/* Takes a copy of @config (its optimizer, model, schedule, epochs …). */
LrlabJob              *lrlab_job_new              (LrlabJobKind           kind,
                                                   LrDataset             *dataset,
                                                   const LrTrainConfig   *config);
/* A landscape of @n_runs trainings (copies of @configs) labelled @specs. */
LrlabJob              *lrlab_job_new_landscape    (LrDataset             *dataset,
                                                   const LrTrainConfig   *configs,
                                                   const char * const    *specs,
                                                   guint                  n_runs,
                                                   const LrLandscapeConfig *landscape);
LrlabJobRequest       *lrlab_job_get_request      (LrlabJob              *self);
/* Valid after lrlab_job_run_finish(), also when it failed. */
const LrlabJobResult  *lrlab_job_get_result       (LrlabJob              *self);
/* Detaches the range test's result (NULL when there is none). */
LrLrFindResult        *lrlab_job_steal_lr_find    (LrlabJob              *self);
/* Detaches the landscape (NULL when there is none). */
LrLandscape           *lrlab_job_steal_landscape  (LrlabJob              *self);

/* A pool of @max_parallel threads; range tests run before trainings and
 * search rates that wait. */
GThreadPool           *lrlab_job_pool_new         (guint                  max_parallel);
/* Waiting jobs still finish (cancel them first); returns at once. */
void                   lrlab_job_pool_free        (GThreadPool           *pool);

/* Runs the job on @pool.  @callback runs on the calling thread's main
 * context; a job whose @cancellable fires before it starts finishes at once
 * with G_IO_ERROR_CANCELLED. */
void                   lrlab_job_run_async        (LrlabJob              *self,
                                                   GThreadPool           *pool,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean               lrlab_job_run_finish       (LrlabJob              *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);

/* Jobs and other worker threads started and not yet finished, over all
 * pools (tests wait for 0). */
guint                  lrlab_job_get_n_workers    (void);
void                   lrlab_job_hold_worker      (void);
void                   lrlab_job_release_worker   (void);

G_END_DECLS
