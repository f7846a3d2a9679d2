/* lrlab-classifier-page.h: the classifier view — data, model, training runs,
 * LR range test, learning-rate search, results and exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-dataset.h"
#include "lr-train.h"
#include "lrlab-classifier-confusion.h"
#include "lrlab-classifier-images.h"
#include "lrlab-classifier-plot.h"
#include "lrlab-run.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_PAGE (lrlab_classifier_page_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierPage, lrlab_classifier_page, LRLAB, CLASSIFIER_PAGE, GtkWidget)

typedef enum {
  LRLAB_RUN_PHASE_IDLE,
  LRLAB_RUN_PHASE_QUEUED,
  LRLAB_RUN_PHASE_RUNNING,
  LRLAB_RUN_PHASE_DONE,
  LRLAB_RUN_PHASE_DIVERGED,
  LRLAB_RUN_PHASE_CANCELLED,
  LRLAB_RUN_PHASE_FAILED,
} LrlabRunPhase;

GtkWidget           *lrlab_classifier_page_new              (void);

/* ---- data and model ---- */

/* "digits" (ready at once) or an MNIST-format folder, loaded in a thread;
 * a defect of the data set shows in the page (see get_data_error). */
void                 lrlab_classifier_page_load_dataset     (LrlabClassifierPage  *self,
                                                             const char           *source);
LrDataset           *lrlab_classifier_page_get_dataset      (LrlabClassifierPage  *self);
gboolean             lrlab_classifier_page_get_loading      (LrlabClassifierPage  *self);
/* The text of the data set's error line, or NULL when it is hidden. */
const char          *lrlab_classifier_page_get_data_error   (LrlabClassifierPage  *self);
/* "mlp:hidden=64/32,act=tanh"; an invalid spec is an error and changes nothing. */
gboolean             lrlab_classifier_page_set_model        (LrlabClassifierPage  *self,
                                                             const char           *spec,
                                                             GError              **error);
const char          *lrlab_classifier_page_get_model        (LrlabClassifierPage  *self);
void                 lrlab_classifier_page_set_schedule     (LrlabClassifierPage  *self,
                                                             guint                 epochs,
                                                             guint                 batch_size,
                                                             guint                 seed);
/* "digits" or the folder last asked for (loaded or not). */
const char          *lrlab_classifier_page_get_dataset_source (LrlabClassifierPage *self);
guint                lrlab_classifier_page_get_epochs       (LrlabClassifierPage  *self);
guint                lrlab_classifier_page_get_batch_size   (LrlabClassifierPage  *self);
/* Epochs between measurements of the sharpness λmax (0: none), plotted
 * against each run's limit. */
void                 lrlab_classifier_page_set_sharpness_every (LrlabClassifierPage *self,
                                                                guint                epochs);
guint                lrlab_classifier_page_get_sharpness_every (LrlabClassifierPage *self);
guint                lrlab_classifier_page_get_seed         (LrlabClassifierPage  *self);

/* ---- training runs ---- */

GListModel          *lrlab_classifier_page_get_runs         (LrlabClassifierPage  *self);
/* FALSE when the page already has the most runs it shows. */
gboolean             lrlab_classifier_page_add_run          (LrlabClassifierPage  *self);
/* Replaces the runs by these optimizer[@schedule] texts. */
gboolean             lrlab_classifier_page_set_runs         (LrlabClassifierPage  *self,
                                                             const char * const   *runs,
                                                             GError              **error);
/* Trains every run in the background (restarting a training under way). */
void                 lrlab_classifier_page_train            (LrlabClassifierPage  *self);
/* Stops the training, the range test and the search. */
void                 lrlab_classifier_page_cancel           (LrlabClassifierPage  *self);
/* Any background work (loading, training, range test, search) under way. */
gboolean             lrlab_classifier_page_get_busy         (LrlabClassifierPage  *self);
LrlabRunPhase        lrlab_classifier_page_get_run_phase    (LrlabClassifierPage  *self,
                                                             LrlabRun             *run);
const LrEpochRecord *lrlab_classifier_page_get_run_records  (LrlabClassifierPage  *self,
                                                             LrlabRun             *run,
                                                             guint                *n_records);
/* The run's status line under its editor ("Diverged in epoch 1 …"). */
const char          *lrlab_classifier_page_get_run_status   (LrlabClassifierPage  *self,
                                                             LrlabRun             *run);

/* ---- LR range test and search ---- */

/* Runs the range test for the selected run (else the first). */
void                 lrlab_classifier_page_lr_find          (LrlabClassifierPage  *self);
/* The latest test's suggestion, NaN before any. */
double               lrlab_classifier_page_get_suggested_lr (LrlabClassifierPage  *self);
/* Sets the suggestion (3 significant digits) on the run it was found for. */
gboolean             lrlab_classifier_page_use_suggested_lr (LrlabClassifierPage  *self);
/* Trains @count rates from @from to @to (log-spaced or log-uniform at
 * random, seeded) with the first run's optimizer and schedule. */
gboolean             lrlab_classifier_page_search           (LrlabClassifierPage  *self,
                                                             double                from,
                                                             double                to,
                                                             guint                 count,
                                                             gboolean              random,
                                                             GError              **error);
/* The same at each of @n_batches batch sizes (NULL: the first run's):
 * every rate at every size, a job each. */
gboolean             lrlab_classifier_page_search_batches   (LrlabClassifierPage  *self,
                                                             double                from,
                                                             double                to,
                                                             guint                 count,
                                                             gboolean              random,
                                                             const guint          *batches,
                                                             guint                 n_batches,
                                                             GError              **error);
/* LrlabClassifierResult items, in the order they finished. */
GListModel          *lrlab_classifier_page_get_search_results (LrlabClassifierPage *self);
/* The best rate of the search (highest validation accuracy), NaN before any. */
double               lrlab_classifier_page_get_best_lr      (LrlabClassifierPage  *self);
gboolean             lrlab_classifier_page_use_best_lr      (LrlabClassifierPage  *self);
/* The learning-rate table in words: row 0 low, 1 middle, 2 high third;
 * column 0 the range, 1 training time, 2 convergence quality.  NULL when
 * the search has no result in that third. */
const char          *lrlab_classifier_page_get_words        (LrlabClassifierPage  *self,
                                                             guint                 row,
                                                             guint                 column);

/* ---- views ---- */

/* "training", "lr-find", "search", "landscape" or "results". */
void                 lrlab_classifier_page_set_view         (LrlabClassifierPage  *self,
                                                             const char           *name);
const char          *lrlab_classifier_page_get_view         (LrlabClassifierPage  *self);
/* "loss", "accuracy", "lr-find", "search-accuracy" or "search-loss". */
/* The landscape view (the page's "landscape" view). */
struct _LrlabClassifierLandscapeView *lrlab_classifier_page_get_landscape_view (LrlabClassifierPage *self);
LrlabClassifierPlot *lrlab_classifier_page_get_plot         (LrlabClassifierPage  *self,
                                                             const char           *name);
LrlabClassifierConfusion *lrlab_classifier_page_get_confusion (LrlabClassifierPage *self);
/* "samples", "wrong" or "weights". */
LrlabClassifierImages *lrlab_classifier_page_get_images     (LrlabClassifierPage  *self,
                                                             const char           *name);

/* ---- export ---- */

/* The figure of view @view (NULL: the one shown) as PNG, SVG or PDF. */
gboolean             lrlab_classifier_page_write_figure     (LrlabClassifierPage  *self,
                                                             const char           *view,
                                                             const char           *path,
                                                             int                   width,
                                                             int                   height,
                                                             GError              **error);
/* The table of view @view (NULL: the one shown) as CSV. */
gboolean             lrlab_classifier_page_write_csv        (LrlabClassifierPage  *self,
                                                             const char           *view,
                                                             const char           *path,
                                                             GError              **error);
void                 lrlab_classifier_page_export_figure    (LrlabClassifierPage  *self);
void                 lrlab_classifier_page_export_csv       (LrlabClassifierPage  *self);
/* One "lrlab-cli train …" line per run. */
char                *lrlab_classifier_page_runs_to_text     (LrlabClassifierPage  *self);

/* Worker threads of all classifier pages running right now (tests). */
guint                lrlab_classifier_page_get_n_workers    (void);

G_END_DECLS
